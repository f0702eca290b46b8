"""Turn raw article text into passages: drop page chrome, mark captions and titles.

The rules are data (``diplokg/data/chrome.yaml``); this module only applies them:

1. normalise Unicode (NFC) and whitespace, repair empty name slots (``chino, , y``);
2. strip machine metadata glued to the start (``date 2026-02-04``), keeping the date;
3. split into paragraphs (blank lines, or one paragraph per line, re-joining lines
   that were hard-wrapped mid-sentence);
4. walk the paragraphs: tail markers (``TAGS``, reader notices) end the article,
   related-link blocks (``TE PUEDE INTERESAR`` + headlines) and single related links
   (``LEA TAMBIÉN: ...``) go, as do social/newsletter prompts, bylines, copyright
   notices and upper-case teaser headlines; photo captions (credit removed) become
   :attr:`PassageKind.CAPTION`; the headline and short section subheads become
   :attr:`PassageKind.TITLE`; long unpunctuated lines inside the body (related-story
   teasers) and lists of short headline-like lines go;
5. keep each passage once (the same caption printed twice).

Everything removed is reported, so a user can audit the rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from re import Pattern
from typing import Any

import yaml

from ..config import DATA_DIR
from ..model import Passage, PassageKind
from .langid import guess_language, word_set

CHROME_FILE = DATA_DIR / "chrome.yaml"

_SECTIONS = ("line", "inline_related", "block_related", "tail", "notice", "caption", "credit")


@dataclass(frozen=True)
class ChromeRules:
    """Compiled chrome rules (see ``chrome.yaml`` for what each section means)."""

    patterns: dict[str, dict[str, tuple[Pattern[str], ...]]]
    dateline: tuple[Pattern[str], ...]
    #: a wire dateline opening the lede ("New Delhi:", "WASHINGTON —")
    place_dateline: tuple[Pattern[str], ...] = ()
    upper_min_ratio: float = 0.7
    upper_min_words: int = 3
    subhead_max_words: int = 12
    list_min: int = 2
    teaser_max_words: int = 30
    standfirst_min_words: int = 22
    cut_min_words: int = 7
    foreign_caption_min_words: int = 6

    def get(
        self, section: str, lang: str | None, *, all_languages: bool = False
    ) -> list[Pattern[str]]:
        """Patterns of ``section`` for ``lang`` (all languages when unknown or asked)."""
        by_lang = self.patterns.get(section, {})
        out = list(by_lang.get("any", ()))
        for key, pats in by_lang.items():
            if key == "any":
                continue
            if all_languages or lang is None or key == lang:
                out.extend(pats)
        return out


def _compile(items: Any, where: str) -> tuple[Pattern[str], ...]:
    if not items:
        return ()
    if not isinstance(items, list):
        raise ValueError(f"{where}: expected a list of regular expressions")
    try:
        return tuple(re.compile(str(p), re.IGNORECASE) for p in items)
    except re.error as exc:
        raise ValueError(f"{where}: bad regular expression ({exc})") from None


def load_rules(path: Path | None = None) -> ChromeRules:
    """Load and compile the chrome rules (``chrome.yaml`` of the package by default)."""
    return _load_rules_cached(str(path or CHROME_FILE))


@lru_cache(maxsize=8)
def _load_rules_cached(path: str) -> ChromeRules:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    patterns: dict[str, dict[str, tuple[Pattern[str], ...]]] = {}
    for section in _SECTIONS:
        by_lang = data.get(section) or {}
        patterns[section] = {
            lang: _compile(items, f"{path}: {section}.{lang}") for lang, items in by_lang.items()
        }
    dateline: list[Pattern[str]] = []
    for items in (data.get("dateline") or {}).values():
        dateline.extend(_compile(items, f"{path}: dateline"))
    place_dateline: list[Pattern[str]] = []
    for items in (data.get("place_dateline") or {}).values():
        place_dateline.extend(_compile(items, f"{path}: place_dateline"))
    upper = data.get("upper_teaser") or {}
    head = data.get("headline") or {}
    return ChromeRules(
        patterns=patterns,
        dateline=tuple(dateline),
        place_dateline=tuple(place_dateline),
        upper_min_ratio=float(upper.get("min_upper_ratio", 0.7)),
        upper_min_words=int(upper.get("min_words", 3)),
        subhead_max_words=int(head.get("subhead_max_words", 12)),
        list_min=int(head.get("list_min", 2)),
        teaser_max_words=int(head.get("teaser_max_words", 30)),
        standfirst_min_words=int(head.get("standfirst_min_words", 22)),
        cut_min_words=int(head.get("cut_min_words", 7)),
        foreign_caption_min_words=int(data.get("foreign_caption_min_words", 6)),
    )


def opens_with_place_dateline(text: str, rules: ChromeRules | None = None) -> bool:
    """Whether a paragraph opens with a wire dateline ("New Delhi: ...", "KYIV — ...",
    "Ciudad de México.- ..."): the start of the report proper, its lede."""
    return place_dateline_end(text, rules) is not None


def place_dateline_end(text: str, rules: ChromeRules | None = None) -> int | None:
    """Where the wire dateline opening a paragraph ends ("Washington DC [US], October
    21 : " is 30 characters), or None without one. A date in it is when the report was
    filed, not when anything it reports happened."""
    rules = rules or load_rules()
    for pattern in rules.place_dateline:
        match = pattern.match(text)
        if match is not None:
            return match.end() - 1  # the pattern ends on the report's first letter
    return None


# --------------------------------------------------------------------------- text


_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_EMPTY_SLOT = re.compile(r",(?:\s*,)+")
_SPACE_BEFORE_COMMA = re.compile(r"(?<=\w)\s+,(?=\s)")


def normalize_text(text: str) -> str:
    """NFC, unified line breaks, single spaces, no invisible characters.

    Also repairs empty name slots left by a broken page ("El presidente chino, , y
    ...") by collapsing the repeated comma; no name is invented.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").replace("\x0c", "\n\n")
    text = _INVISIBLE.sub("", text)
    lines = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        line = _EMPTY_SLOT.sub(",", line)
        line = _SPACE_BEFORE_COMMA.sub(",", line)
        lines.append(line)
    return "\n".join(lines)


_CLOSERS = "\"'”’»)]›"
_SENTENCE_END = ".!?…:;"
_CONNECTORS = word_set(
    """
    a al ante con contra de del desde e en entre hacia hasta o para por según sin
    sobre tras u y el la los las un una unos unas su sus que
    the a an of and or to in on at by for with from as that its his her their
    """
)


#: a sentence ending inside a paragraph: ". " and a capital (not "EE.UU." or "Dr.")
INNER_SENTENCE_END = re.compile(r"[a-záéíóúñü]{2,}[.!?][\"”»)]?\s+[¿¡\"“«]?[A-ZÁÉÍÓÚÑ]")


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends like a sentence (final punctuation, maybe quoted)."""
    stripped = text.rstrip()
    while stripped and stripped[-1] in _CLOSERS:
        stripped = stripped[:-1].rstrip()
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def word_count(text: str) -> int:
    """Number of whitespace-separated words."""
    return len(text.split())


def upper_ratio(text: str) -> float:
    """Share of letters in ``text`` that are upper case (0 when it has no letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isupper()) / len(letters)


#: punctuation that closes a sentence or clause: a line starting with it goes on the
#: line before
_CLOSING = frozenset(".,;:)»”")


def _continues(prev: str, nxt: str) -> bool:
    """Whether line ``nxt`` continues a paragraph hard-wrapped after ``prev``."""
    if ends_sentence(prev):
        return False
    first = nxt[0]
    if first in _CLOSING:
        return True  # "... con grandes países emergentes" / ".": the page broke the line
    if first.islower() or (first.isdigit() and not nxt[:4].isdigit()):
        return True
    if prev.endswith((",", "-", "–", "—")):
        return True
    last = prev.split()[-1].lower() if prev.split() else ""
    return last in _CONNECTORS


def split_paragraphs(text: str, *, is_marker: Any = None) -> list[str]:
    """Split text into paragraphs.

    Blank lines separate paragraphs; inside a block each line is a paragraph of its
    own unless it continues a hard-wrapped sentence. ``is_marker(line)`` may veto
    joining (chrome lines are never glued to their neighbours).
    """
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        current: str | None = None
        for raw in block.split("\n"):
            line = raw.strip()
            if not line:
                continue
            if current is not None and not line.strip("".join(_CLOSING)):
                current += line  # a sentence's full stop alone on the next line
            elif (
                current is not None
                and _continues(current, line)
                and not (is_marker and (is_marker(current) or is_marker(line)))
            ):
                if current.endswith("-") and line[0].islower() and not current.endswith(" -"):
                    current = current[:-1] + line
                elif line[0] in _CLOSING:
                    current += line
                else:
                    current = f"{current} {line}"
            else:
                if current:
                    out.append(current)
                current = line
        if current:
            out.append(current)
    return out


def _key(text: str) -> str:
    """Comparison key: case-folded, single spaces, no surrounding punctuation."""
    text = re.sub(r"\s+", " ", text.casefold())
    return text.strip(" .,;:!?¡¿\"'«»“”‘’()[]-–—")


# --------------------------------------------------------------------------- cleaning


@dataclass
class CleanResult:
    """Passages of one article plus what was removed and why."""

    passages: list[Passage]
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (rule, text)
    stated_date: date | None = None
    title: str | None = None
    lang: str | None = None

    @property
    def dropped_texts(self) -> tuple[str, ...]:
        """The removed texts, in order (``Article.dropped_chrome``)."""
        return tuple(text for _, text in self.dropped)


@dataclass
class _Item:
    text: str
    kind: PassageKind
    subhead: bool = False
    lang: str | None = None


def _any(patterns: list[Pattern[str]], text: str) -> bool:
    return any(p.search(text) for p in patterns)


class _Cleaner:
    """One cleaning run (keeps the compiled pattern lists for the article language)."""

    def __init__(self, rules: ChromeRules, lang: str | None) -> None:
        self.rules = rules
        self.lang = lang
        self.line = rules.get("line", lang)
        self.inline = rules.get("inline_related", lang)
        self.block = rules.get("block_related", lang)
        self.tail = rules.get("tail", lang)
        self.notice = rules.get("notice", lang)
        self.caption = rules.get("caption", lang, all_languages=True)
        self.credit = rules.get("credit", lang, all_languages=True)

    def is_marker(self, text: str) -> bool:
        """A line that is chrome, a caption or a teaser (never joined to others)."""
        if self.is_upper_teaser(text):
            return True
        return any(
            _any(pats, text)
            for pats in (self.line, self.inline, self.block, self.tail, self.notice, self.caption)
        )

    def is_upper_teaser(self, text: str) -> bool:
        return (
            word_count(text) >= self.rules.upper_min_words
            and upper_ratio(text) >= self.rules.upper_min_ratio
        )

    def headline_like(self, text: str) -> bool:
        """No sentence-final punctuation, and no complete sentence inside either (a
        paragraph the page cut off mid-sentence is still body text)."""
        return not ends_sentence(text) and not INNER_SENTENCE_END.search(text)

    def strip_credit(self, text: str) -> tuple[str, str | None]:
        for pat in self.credit:
            match = pat.search(text)
            if match and match.start() > 0:
                return text[: match.start()].rstrip(), match.group(0).strip()
        return text, None

    def is_caption(self, text: str, passage_lang: str | None) -> bool:
        if _any(self.caption, text):
            return True
        return (
            self.lang is not None
            and passage_lang is not None
            and passage_lang != self.lang
            and word_count(text) >= self.rules.foreign_caption_min_words
        )


def _same(a: str, b: str) -> bool:
    return _key(a) == _key(b)


def clean_text(
    text: str,
    *,
    lang: str | None = None,
    title: str | None = None,
    rules: ChromeRules | None = None,
) -> CleanResult:
    """Clean one article's text into passages.

    ``lang`` is the article language (guessed from the text when None); ``title`` a
    headline known from metadata (the matching paragraph becomes the TITLE passage,
    or the title is added in front when the text lacks it).
    """
    rules = rules or load_rules()
    text = normalize_text(text)
    result = CleanResult(passages=[])

    # 2. machine metadata at the very start ("date 2026-02-04 ...")
    for pat in rules.dateline:
        match = pat.match(text)
        if match:
            try:
                result.stated_date = date.fromisoformat(match.group("date"))
            except (IndexError, ValueError):
                result.stated_date = None
            result.dropped.append(("dateline", match.group(0).strip()))
            text = text[match.end() :]
            break

    if lang is None:
        lang = guess_language(text)
    result.lang = lang
    cleaner = _Cleaner(rules, lang)
    paragraphs = split_paragraphs(text, is_marker=cleaner.is_marker)

    items: list[_Item] = []
    mode = "body"  # body | related | tail
    title_seen = False
    for para in paragraphs:
        if mode == "tail":
            result.dropped.append(("tail", para))
            continue
        if _any(cleaner.tail, para):
            mode = "tail"
            result.dropped.append(("tail", para))
            continue
        if _any(cleaner.notice, para):
            result.dropped.append(("notice", para))
            continue
        if _any(cleaner.line, para):
            result.dropped.append(("line", para))
            continue
        if _any(cleaner.inline, para):
            result.dropped.append(("related-link", para))
            continue
        if _any(cleaner.block, para):
            mode = "related"
            result.dropped.append(("related-block", para))
            continue
        if mode == "related":
            if cleaner.headline_like(para) or cleaner.is_upper_teaser(para):
                result.dropped.append(("related-block", para))
                continue
            mode = "body"

        passage_lang = guess_language(para)
        if cleaner.is_caption(para, passage_lang):
            caption, credit = cleaner.strip_credit(para)
            if credit:
                result.dropped.append(("photo-credit", credit))
            if word_count(caption) >= 2:
                items.append(_Item(caption, PassageKind.CAPTION, lang=passage_lang or lang))
            else:
                result.dropped.append(("photo-credit", caption))
            continue

        first_content = not title_seen and not any(i.kind is not PassageKind.CAPTION for i in items)
        if first_content:
            title_seen = True
            if title is not None and _same(para, title):
                items.append(_Item(para, PassageKind.TITLE, lang=passage_lang or lang))
                continue
            if (
                title is None
                and cleaner.headline_like(para)
                and word_count(para) <= 2 * rules.teaser_max_words
            ):
                items.append(_Item(para, PassageKind.TITLE, lang=passage_lang or lang))
                continue
        elif title is not None and _same(para, title):
            items.append(_Item(para, PassageKind.TITLE, lang=passage_lang or lang))
            continue

        if cleaner.is_upper_teaser(para):
            result.dropped.append(("upper-case-teaser", para))
            continue
        if cleaner.headline_like(para):
            words = word_count(para)
            # the last paragraph of a text that stops mid-sentence (an excerpt, a feed)
            # is a sentence cut off, not a subhead or a teaser
            cut = para is paragraphs[-1] and words >= rules.cut_min_words
            if words <= rules.subhead_max_words and not cut:
                items.append(
                    _Item(para, PassageKind.TITLE, subhead=True, lang=passage_lang or lang)
                )
                continue
            standfirst = words >= rules.standfirst_min_words and _after_headline(items)
            if words <= rules.teaser_max_words and not standfirst and not cut:
                result.dropped.append(("teaser-headline", para))
                continue
        items.append(_Item(para, PassageKind.BODY, lang=passage_lang or lang))

    items = _drop_headline_lists(items, rules, result)
    items = _dedupe(items, result)

    # the headline
    if title is not None:
        result.title = title
        if not any(i.kind is PassageKind.TITLE and _same(i.text, title) for i in items):
            items.insert(0, _Item(normalize_text(title), PassageKind.TITLE, lang=lang))
    else:
        first = next((i for i in items if i.kind is not PassageKind.CAPTION), None)
        if first is not None and first.kind is PassageKind.TITLE and not first.subhead:
            result.title = first.text

    result.passages = [Passage(text=i.text, kind=i.kind, lang=i.lang) for i in items]
    return result


def _after_headline(items: list[_Item]) -> bool:
    """Whether a paragraph comes right after the headline, before any body text:
    where a long one is the standfirst that sums up the article ("Con la intención de
    ..., los mandatarios se reunirán este sábado"), not a teaser for another one."""
    kept = [i for i in items if i.kind is not PassageKind.CAPTION]
    return len(kept) == 1 and kept[0].kind is PassageKind.TITLE and not kept[0].subhead


def _drop_headline_lists(
    items: list[_Item], rules: ChromeRules, result: CleanResult
) -> list[_Item]:
    """Drop runs of >= ``list_min`` subheads (link lists) and trailing subheads."""
    keep = [True] * len(items)
    i = 0
    while i < len(items):
        if items[i].subhead:
            j = i
            while j < len(items) and items[j].subhead:
                j += 1
            if j - i >= rules.list_min:
                for k in range(i, j):
                    keep[k] = False
                    result.dropped.append(("headline-list", items[k].text))
            i = j
        else:
            i += 1
    # a subhead with no body text after it heads nothing
    for k in range(len(items) - 1, -1, -1):
        if not keep[k]:
            continue
        if items[k].kind is PassageKind.BODY:
            break
        if items[k].subhead:
            keep[k] = False
            result.dropped.append(("trailing-headline", items[k].text))
    return [item for item, ok in zip(items, keep, strict=True) if ok]


def _dedupe(items: list[_Item], result: CleanResult) -> list[_Item]:
    """Keep each passage once; a long passage contained in another counts as a copy."""
    out: list[_Item] = []
    keys: list[str] = []
    for item in items:
        key = _key(item.text)
        replace_at: int | None = None
        skip = False
        for n, seen in enumerate(keys):
            if key == seen or (len(key) >= 60 and key in seen):
                skip = True
                break
            if len(seen) >= 60 and seen in key and out[n].kind is item.kind:
                replace_at = n  # the earlier copy was truncated: keep the fuller text
                break
        if skip:
            result.dropped.append(("duplicate", item.text))
        elif replace_at is not None:
            result.dropped.append(("duplicate", out[replace_at].text))
            out[replace_at] = item
            keys[replace_at] = key
        else:
            out.append(item)
            keys.append(key)
    return out
