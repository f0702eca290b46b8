"""The gold table: its TSV format, parsed into :class:`Fact` values (``docs/eval.md``).

A gold table lists, per article, the facts an analyst expects (events, relations,
entities). :class:`Fact` and :class:`Participant` are also the shape of predictions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from diplokg.evaluate.hierarchy import Hierarchy

KINDS = ("event", "relation", "entity")
ARTICLE_KIND = "article"  # a gold row that only declares an annotated article
MODES = ("strict", "lenient")
STATUSES = ("happened", "planned", "expected")
COLUMNS = ("article", "kind", "type", "participants", "date", "status", "topic", "note")
REQUIRED_COLUMNS = ("article", "kind", "type", "participants")

_QID = re.compile(r"Q[1-9][0-9]*")
_ITEM = re.compile(r"^(?P<label>.*?)\s*(?:\[(?P<qid>[^\]]*)\])?\s*$")
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")


class GoldError(ValueError):
    """The gold table is malformed; ``str()`` is ``file:line: message``."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
        self.path, self.line, self.message = path, line, message


# --------------------------------------------------------------------------- values


def normalise(text: str) -> str:
    """A label folded for comparison: no accents, case or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", bare.casefold()).split())


@dataclass(frozen=True)
class Participant:
    """An actor of a fact: a Wikidata QID and/or labels.

    ``leads`` holds the keys (QIDs or normalised labels) of what this person leads,
    from ``dip:leaderOf``; lenient matching lets a leader stand for the country.
    """

    display: str
    qid: str | None = None
    labels: frozenset[str] = frozenset()
    leads: frozenset[str] = frozenset()

    def ids(self) -> frozenset[str]:
        """QID and normalised labels: what other participants are compared with."""
        return self.labels | ({self.qid} if self.qid else set())


@dataclass(frozen=True)
class Fact:
    """One expected (gold) or predicted fact of one article."""

    article: str
    kind: str  # event | relation | entity
    type: str  # local name of the dip: class
    alternatives: tuple[str, ...] = ()  # gold only: other classes the annotator accepts
    participants: tuple[Participant, ...] = ()
    date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    status: str | None = None
    topics: tuple[str, ...] = ()
    evidence: str = ""  # gold: the annotator's hint; predicted: the source sentence
    ref: str = ""  # gold: file:line; predicted: the node IRI


@dataclass
class Gold:
    """A parsed gold table: its facts and every article it annotates."""

    facts: list[Fact] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- gold


def parse_participants(text: str) -> tuple[Participant, ...]:
    """``Xi Jinping [Q15031]|Rusia|[Q159]`` → participants (label and/or QID)."""
    out = []
    for raw in text.split("|"):
        raw = raw.strip()
        if not raw:
            continue
        m = _ITEM.match(raw)
        label, qid = (m.group("label") or "").strip(), m.group("qid")
        if qid is None and _QID.fullmatch(label):
            label, qid = "", label
        if qid is not None:
            qid = qid.strip()
            if not _QID.fullmatch(qid):
                raise ValueError(f"not a Wikidata QID: {qid!r}")
        if not label and not qid:
            raise ValueError(f"empty participant in {text!r}")
        labels = frozenset({normalise(label)}) if label else frozenset()
        out.append(Participant(display=label or qid or "", qid=qid, labels=labels))
    return tuple(out)


def _valid_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    parts = [int(p) for p in text.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def parse_gold(text: str, hierarchy: Hierarchy, path: str = "<gold>") -> Gold:
    """Parse a gold table (TSV with a header row); raise :class:`GoldError` on bad rows."""
    gold = Gold()
    header: list[str] | None = None
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = [c.lower() for c in cells]
            unknown = [c for c in header if c not in COLUMNS]
            if unknown:
                raise GoldError(path, lineno, f"unknown column {unknown[0]!r} (known: {COLUMNS})")
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                raise GoldError(path, lineno, f"header lacks column {missing[0]!r}")
            continue
        if len(cells) > len(header):
            raise GoldError(path, lineno, f"{len(cells)} cells but {len(header)} columns")
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        gold_fact = _gold_row(row, hierarchy, path, lineno)
        if row["article"] not in gold.articles:
            gold.articles.append(row["article"])
        if gold_fact is not None:
            gold.facts.append(gold_fact)
    if header is None:
        raise GoldError(path, 1, f"no header row (expected: {chr(9).join(COLUMNS)})")
    return gold


def _gold_row(row: dict[str, str], hierarchy: Hierarchy, path: str, line: int) -> Fact | None:
    def fail(msg: str) -> GoldError:
        return GoldError(path, line, msg)

    article, kind = row["article"], row["kind"].lower()
    cls, *alternatives = [c.strip() for c in row["type"].split("/")]
    if not article:
        raise fail("empty article id")
    if kind == ARTICLE_KIND:
        return None
    if kind not in KINDS:
        raise fail(f"kind must be one of {', '.join((*KINDS, ARTICLE_KIND))}, not {kind!r}")
    for c in (cls, *alternatives):
        if hierarchy.kind_of(c) != kind:
            known = sorted(k for k in hierarchy.classes if hierarchy.kind_of(k) == kind)
            raise fail(f"{c!r} is not a {kind} class of the ontology (known: {', '.join(known)})")
    try:
        participants = parse_participants(row["participants"])
    except ValueError as exc:
        raise fail(str(exc)) from None
    if kind == "entity" and len(participants) != 1:
        raise fail("an entity row names exactly one entity in 'participants'")
    if kind != "entity" and not participants:
        raise fail(f"a {kind} needs at least one participant")
    when = row.get("date", "") or None
    if when and not _valid_date(when):
        raise fail(f"date must be YYYY, YYYY-MM or YYYY-MM-DD, not {when!r}")
    status = (row.get("status", "") or "").lower() or None
    if status and status not in STATUSES:
        raise fail(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    topic = row.get("topic", "")
    return Fact(
        article=article,
        kind=kind,
        type=cls,
        alternatives=tuple(alternatives),
        participants=participants,
        date=when,
        status=status,
        topics=(topic,) if topic else (),
        evidence=row.get("note", ""),
        ref=f"{path}:{line}",
    )


def read_gold(path: Path, hierarchy: Hierarchy) -> Gold:
    """Read a gold table file (see :func:`parse_gold`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(str(path), 0, f"cannot read: {exc}") from None
    return parse_gold(text, hierarchy, str(path))
