"""Find date expressions in a sentence and resolve them against the article date.

Dates keep the precision the text gives (day, month or year). Relative expressions
("el martes", "el mes pasado", "hace cinco años") need the publication date; without
one they are returned unresolved (``value is None``), never guessed from today.
A day and month without a year ("el 3 de septiembre") is the occurrence nearest the
publication date in the direction of the governing verb's tense, unless the other
occurrence lies within ``near_days`` of the article (then that one: a future verb
reporting on a meeting two weeks earlier still dates it two weeks earlier).
The words, patterns and that window are data: ``data/lexicon/dates.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml

from diplokg.config import DATA_DIR
from diplokg.model import DatePrecision, DateValue


@dataclass(frozen=True)
class DateConstraint:
    """What an unresolved date expression still says: "el martes" is a Tuesday,
    "4 de febrero" a 4 February, "en mayo" a May. Empty for purely relative
    expressions ("el mes pasado"), which say nothing without a publication date."""

    weekday: int | None = None  # ISO: Monday = 1
    day: int | None = None
    month: int | None = None
    year: int | None = None

    @property
    def empty(self) -> bool:
        return self == DateConstraint()

    def admits(self, value: str) -> bool:
        """Whether an ISO date at any precision (YYYY, YYYY-MM, YYYY-MM-DD) can meet it."""
        parts = [int(x) for x in value.split("-")]
        if self.year is not None and parts[0] != self.year:
            return False
        if len(parts) > 1 and self.month is not None and parts[1] != self.month:
            return False
        if len(parts) > 2:
            if self.day is not None and parts[2] != self.day:
                return False
            if self.weekday is not None:
                try:
                    if date(*parts).isoweekday() != self.weekday:
                        return False
                except ValueError:
                    return False
        return True


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text; ``value`` is None when it cannot be resolved."""

    start: int
    end: int
    text: str
    value: DateValue | None
    #: introduced by a bound word ("desde", "until"): when something started or
    #: stops, not when an event took place
    bound: bool = False


def _alternation(items: list) -> tuple[str, dict[str, int]]:
    """Regex alternation of the words in ``items`` (nested lists are synonyms)."""
    index: dict[str, int] = {}
    for i, item in enumerate(items, start=1):
        for word in item if isinstance(item, list) else [item]:
            index[word.lower()] = i
    words = sorted(index, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in words) + ")", index


@dataclass(frozen=True)
class _Lang:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    last: frozenset[str]
    next: frozenset[str]
    this: frozenset[str]
    future: re.Pattern[str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    near_days: int
    bound_opens: re.Pattern[str]  # a bound word at the start of the expression
    bound_ends: re.Pattern[str]  # ... or ending the text just before it
    bound_words: frozenset[str]  # the one-word bounds ("desde", "since")
    recent: re.Pattern[str]  # words that mark an event as just done


@cache
def _lexicon(path: Path) -> dict[str, _Lang]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    langs: dict[str, _Lang] = {}
    near_days = int(raw["resolution"]["near_days"])
    for lang, pats in raw["patterns"].items():
        lex = raw[lang]
        month_re, months = _alternation(lex["months"])
        wd_re, weekdays = _alternation(lex["weekdays"])
        numbers = {k.lower(): int(v) for k, v in lex["numbers"].items()}
        num_re = "(?:\\d{1,3}|" + "|".join(sorted(map(re.escape, numbers), key=len)[::-1]) + ")"
        compiled = []
        for p in pats:
            rx = (
                p["regex"]
                .replace("{M}", month_re)
                .replace("{W}", wd_re)
                .replace("{N}", num_re)
                .replace("{Y}", r"(?:1[89]|20)\d{2}")
                .replace("{YREL}", lex.get("relative_year", "(?!)"))
            )
            compiled.append((p["kind"], re.compile(r"(?<!\w)" + rx + r"(?!\w)", re.IGNORECASE)))
        future = re.compile(
            r"(?<!\w)(?:"
            + "|".join(re.escape(m) for m in sorted(lex["future_markers"], key=len, reverse=True))
            + r")(?!\w)",
            re.IGNORECASE,
        )
        langs[lang] = _Lang(
            months=months,
            weekdays=weekdays,
            numbers=numbers,
            last=frozenset(w.lower() for w in lex["last"]),
            next=frozenset(w.lower() for w in lex["next"]),
            this=frozenset(w.lower() for w in lex["this"]),
            future=future,
            patterns=tuple(compiled),
            near_days=near_days,
            bound_opens=_words(lex.get("bounds", []), r"(?!\w)"),
            bound_ends=_words(lex.get("bounds", []), r"\s*$"),
            bound_words=frozenset(w.lower() for w in lex.get("bounds", []) if " " not in w),
            recent=_words(lex.get("recent", []), r"(?!\w)"),
        )
    return langs


def _words(words: list[str], after: str) -> re.Pattern[str]:
    """Any of ``words`` as whole words followed by ``after`` (never matches if empty)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives or '(?!)'}){after}", re.IGNORECASE)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + delta
    return total // 12, total % 12 + 1


def _direction(mods: list[str], lex: _Lang, forward: bool) -> str:
    """'last', 'next', 'this' or the sentence's default ('future'/'past')."""
    for mod in mods:
        words = set(mod.lower().split())
        if words & lex.last:
            return "last"
        if words & lex.next or mod.lower() in lex.next:
            return "next"
        if words & lex.this:
            return "this"
    return "future" if forward else "past"


class DateResolver:
    """Resolves date expressions for one language against a publication date."""

    def __init__(self, lang: str, published: date | None, data_dir: Path = DATA_DIR) -> None:
        langs = _lexicon(data_dir / "lexicon" / "dates.yaml")
        self.lex = langs.get(lang) or langs["en"]
        self.published = published
        self._last: tuple[str, list[tuple[int, int, str, re.Match[str]]]] | None = None

    def is_forward_looking(self, sentence: str) -> bool:
        """Whether the sentence speaks of something still to come."""
        return bool(self.lex.future.search(sentence))

    def find(self, sentence: str, forward: bool | None = None) -> list[DateMention]:
        """All date expressions in ``sentence``, longest first where they overlap.

        ``forward``: the tense of the verb that governs them (True future, False
        past); None lets the sentence's markers say, and without any a day and month
        is the nearest occurrence and other relative dates look back.
        """
        if forward is None:
            forward = True if self.is_forward_looking(sentence) else None
        mentions: list[DateMention] = []
        for start, end, kind, m in self._expressions(sentence):
            text = sentence[start:end].strip()
            value = self._resolve(kind, m, text, forward)
            mentions.append(DateMention(start, end, text, value, self._is_bound(sentence, start)))
        mentions.sort(key=lambda d: d.start)
        return mentions

    def _expressions(self, sentence: str) -> list[tuple[int, int, str, re.Match[str]]]:
        """The date expressions of ``sentence``, longest first where they overlap.

        The last sentence's are kept: a sentence whose dates have a tense is read
        three times in a row (as it stands, ahead and back), and the scan with every
        pattern is the costly part."""
        if self._last is not None and self._last[0] == sentence:
            return self._last[1]
        found: list[tuple[int, int, str, re.Match[str]]] = []
        for kind, rx in self.lex.patterns:
            for m in rx.finditer(sentence):
                found.append((m.start(), m.end(), kind, m))
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        taken: list[tuple[int, int, str, re.Match[str]]] = []
        for f in found:
            if not any(f[0] < e and s < f[1] for s, e, _, _ in taken):
                taken.append(f)
        self._last = (sentence, taken)
        return taken

    def _is_bound(self, sentence: str, start: int) -> bool:
        """Whether the expression at ``start`` opens with, or follows, a bound word."""
        opens = self.lex.bound_opens.match(sentence, start)
        return bool(opens or self.lex.bound_ends.search(sentence[:start]))

    def constraint(self, text: str) -> DateConstraint:
        """The absolute parts (weekday, day, month, year) of a date expression.

        Used for dates that could not be resolved: they still rule out dates on
        another weekday or in another month.
        """
        best: re.Match[str] | None = None
        for _kind, rx in self.lex.patterns:
            for m in rx.finditer(text):
                if best is None or m.end() - m.start() > best.end() - best.start():
                    best = m
        if best is None:
            return DateConstraint()
        g = {k: v for k, v in best.groupdict().items() if v}
        return DateConstraint(
            weekday=self.lex.weekdays[g["wd"].lower()] if "wd" in g else None,
            day=int(g["day"]) if "day" in g else None,
            month=self.lex.months[g["month"].lower()] if "month" in g else None,
            year=int(g["year"]) if "year" in g else None,
        )

    # -- resolution ---------------------------------------------------------------
    def _resolve(
        self, kind: str, m: re.Match[str], text: str, forward: bool | None
    ) -> DateValue | None:
        g = m.groupdict()
        try:
            if kind == "dmy":
                return self._dmy(g, text, forward)
            if kind == "my":
                return self._my(g, text, bool(forward))
            if kind == "y":
                return DateValue(g["year"], DatePrecision.YEAR, text)
            if self.published is None:
                return None
            if kind == "wd":
                return self._weekday(g, text, forward)
            if kind == "rel":
                return self._relative(g, text, bool(forward))
            if kind == "ago":
                return self._ago(g, text)
            if kind == "dthis":
                return self._day_of_month(g, text, forward)
            if kind == "today":
                return DateValue(self.published.isoformat(), DatePrecision.DAY, text)
            if kind in {"yesterday", "tomorrow"}:
                day = self.published + timedelta(days=-1 if kind == "yesterday" else 1)
                return DateValue(day.isoformat(), DatePrecision.DAY, text)
        except (ValueError, OverflowError):  # "31 de febrero"; beyond year 1 or 9999
            return None
        return None

    def _day_of_month(self, g: dict, text: str, forward: bool | None) -> DateValue:
        """A day of the publication month, or of the month before or after it ("el 23
        del mes pasado", "the 23rd of last month"). Without a month word, the tense
        decides: "met on the 30th" in an article of 29 August is 30 July, "will meet on
        the 2nd" is 2 September."""
        assert self.published is not None
        mod = (g.get("mod") or "").lower()
        shift = -1 if mod in self.lex.last else 1 if mod in self.lex.next else 0
        day = int(g["day"])
        if not mod and forward is False and day > self.published.day:
            shift = -1
        elif not mod and forward is True and day < self.published.day:
            shift = 1
        index = self.published.year * 12 + self.published.month - 1 + shift
        year, month = divmod(index, 12)
        return DateValue(date(year, month + 1, day).isoformat(), DatePrecision.DAY, text)

    def _dmy(self, g: dict, text: str, forward: bool | None) -> DateValue | None:
        month = self.lex.months[g["month"].lower()]
        day = int(g["day"])
        year = int(g["year"]) if g.get("year") else self._relative_year(g)
        if year is not None:
            return DateValue(date(year, month, day).isoformat(), DatePrecision.DAY, text)
        if self.published is None:
            return None
        day_of = nearest_day(self.published, month, day, forward, self.lex.near_days)
        return DateValue(day_of.isoformat(), DatePrecision.DAY, text)

    def _my(self, g: dict, text: str, forward: bool) -> DateValue | None:
        month = self.lex.months[g["month"].lower()]
        year = int(g["year"]) if g.get("year") else self._relative_year(g)
        if year is not None:
            return DateValue(f"{year:04d}-{month:02d}", DatePrecision.MONTH, text)
        if self.published is None:
            return None
        pub = self.published
        year = pub.year
        if forward and month < pub.month:
            year += 1
        elif not forward and month > pub.month:
            year -= 1
        return DateValue(f"{year:04d}-{month:02d}", DatePrecision.MONTH, text)

    def _relative_year(self, g: dict) -> int | None:
        """The year a month or day is told in relative to the publication's ("in March
        last year", "el 3 de marzo del año pasado"), or None (none told, or no date)."""
        if not g.get("yrel") or self.published is None:
            return None
        direction = _direction([g["yrel"]], self.lex, forward=False)
        return self.published.year + {"last": -1, "next": 1}.get(direction, 0)

    def _weekday(self, g: dict, text: str, forward: bool | None) -> DateValue:
        assert self.published is not None
        pub = self.published
        target = self.lex.weekdays[g["wd"].lower()] - 1
        mods = [x for x in (g.get("mod"), g.get("mod2")) if x]
        direction = _direction(mods, self.lex, bool(forward))
        if direction == "this":
            day = pub + timedelta(days=target - pub.weekday())
            # "aseguró este domingo" on a Monday is the day before, "visitará este
            # lunes" on a Friday the one after: the tense picks the nearest one
            if forward is False and day > pub:
                day -= timedelta(days=7)
            elif forward is True and day < pub:
                day += timedelta(days=7)
        elif direction in ("last", "past"):
            back = (pub.weekday() - target) % 7
            if direction == "last" and back == 0:
                back = 7
            day = pub - timedelta(days=back)
        else:
            ahead = (target - pub.weekday()) % 7
            if direction == "next" and ahead == 0:
                ahead = 7
            day = pub + timedelta(days=ahead)
        return DateValue(day.isoformat(), DatePrecision.DAY, text)

    def _relative(self, g: dict, text: str, forward: bool) -> DateValue | None:
        assert self.published is not None
        unit = g["unit"].lower()
        mod = (g.get("mod") or "").lower()
        direction = _direction([mod] if mod else [], self.lex, forward=False)
        delta = {"last": -1, "next": 1}.get(direction, 0)
        pub = self.published
        if unit in ("mes", "month"):
            y, mth = _shift_month(pub.year, pub.month, delta)
            return DateValue(f"{y:04d}-{mth:02d}", DatePrecision.MONTH, text)
        if unit in ("año", "year"):
            return DateValue(f"{pub.year + delta:04d}", DatePrecision.YEAR, text)
        # weeks: xsd has no week precision; a week (Monday to Sunday) that lies in one
        # month is dated by that month ("la semana pasada" of 29 August: August),
        # else it stays text
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=delta)
        sunday = monday + timedelta(days=6)
        if (monday.year, monday.month) != (sunday.year, sunday.month):
            return None
        return DateValue(f"{monday.year:04d}-{monday.month:02d}", DatePrecision.MONTH, text)

    def _ago(self, g: dict, text: str) -> DateValue | None:
        assert self.published is not None
        raw = g["n"].lower()
        n = int(raw) if raw.isdigit() else self.lex.numbers.get(raw)
        if n is None:
            return None
        unit = g["unit"].lower()
        pub = self.published
        if unit.startswith(("año", "year")):
            return DateValue(f"{pub.year - n:04d}", DatePrecision.YEAR, text)
        if unit.startswith(("mes", "month")):
            y, mth = _shift_month(pub.year, pub.month, -n)
            return DateValue(f"{y:04d}-{mth:02d}", DatePrecision.MONTH, text)
        return DateValue((pub - timedelta(days=n)).isoformat(), DatePrecision.DAY, text)


def years_before(value: DateValue, years: int) -> DateValue | None:
    """The same date ``years`` years earlier, at its precision (29 February becomes the
    28th), or None before year 1."""
    year = int(value.value[:4]) - years
    if year < 1:
        return None
    rest = value.value[4:]
    if rest == "-02-29":
        rest = "-02-28"
    return replace(value, value=f"{year:04d}{rest}")


def nearest_day(
    published: date, month: int, day: int, forward: bool | None, near_days: int
) -> date:
    """The ``day``/``month`` occurrence for an article of ``published``.

    ``forward`` True (future tense): the next occurrence on or after the article,
    unless the previous one is at most ``near_days`` before it; False (past): the
    last one on or before, unless the next is at most ``near_days`` after; None: the
    nearest. Raises ValueError for a day the month never has.
    """
    past = future = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            cand = date(year, month, day)
        except ValueError:  # 29 February outside a leap year
            continue
        if cand <= published:
            past = cand
        if cand >= published and future is None:
            future = cand
    if past is None or future is None:
        found = past or future
        if found is None:
            raise ValueError(f"no day {day} in month {month}")
        return found
    back, ahead = (published - past).days, (future - published).days
    if forward is True:
        return past if back <= near_days and back < ahead else future
    if forward is False:
        return future if ahead <= near_days and ahead < back else past
    return past if back <= ahead else future


def date_span(value: str) -> tuple[date, date]:
    """First and last day of an ISO date at year, month or day precision ("2025",
    "2025-06", "2025-06-23"). Raises ValueError on a date the calendar lacks."""
    parts = [int(x) for x in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        following = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return first, following - timedelta(days=1)
    day = date(parts[0], parts[1], parts[2])
    return day, day


def compatible(a: DateValue | None, b: DateValue | None) -> bool:
    """Whether two dates can denote the same day (one may be less precise)."""
    if a is None or b is None:
        return True
    shorter, longer = sorted((a.value, b.value), key=len)
    return longer.startswith(shorter)


def most_precise(a: DateValue | None, b: DateValue | None) -> DateValue | None:
    """The more precise of two compatible dates."""
    if a is None:
        return b
    if b is None:
        return a
    return a if len(a.value) >= len(b.value) else b
