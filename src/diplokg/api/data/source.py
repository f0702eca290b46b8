"""What the source view of an article shows: its text as the machine read it.

The passages stored with the article (docs/graph-shape.md, "The source text") are cut
into pieces at the marked stretches: every recognised mention (linked to its entity)
and every extracted fact (its trigger word, or its sentence, linked to the event or
relation). Marks nest; one that crosses the end of an enclosing one is cut there. The
page chrome the reader dropped comes apart, to be shown greyed out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from diplokg.api.data.labels import fetch_labels
from diplokg.api.runner import QueryRunner
from diplokg.rdf.vocab import DIP, EVENT_TYPES, PASSAGE_CLASSES, RELATION_TYPES
from diplokg.sparql.templates import iri as sparql_iri
from diplokg.sparql.templates import read_template, values

_ARTICLE = read_template(__file__, "source-article")
_PASSAGES = read_template(__file__, "source-passages")
_MARKS = read_template(__file__, "source-marks")
_KIND_OF = {DIP + cls: kind for kind, cls in PASSAGE_CLASSES.items()}
_KINDS = values("kind", _KIND_OF)
_FACT_CLASSES = frozenset((*EVENT_TYPES, *RELATION_TYPES))


@dataclass(frozen=True)
class Mark:
    """A marked stretch: what it points to and how it looks."""

    start: int
    end: int
    target: str
    #: "fact" (an event or relation) or "mention" (an entity)
    role: str
    #: the target's class (local name), shown as the mark's tag
    tag: str
    label: str


@dataclass(frozen=True)
class Piece:
    """Plain text, or the opening or closing of a mark (``text`` empty)."""

    text: str = ""
    open: Mark | None = None
    close: Mark | None = None


@dataclass
class Passage:
    position: int
    kind: str
    text: str
    lang: str | None
    marks: list[Mark] = field(default_factory=list)

    @property
    def pieces(self) -> list[Piece]:
        return pieces(self.text, self.marks)


@dataclass
class SourcePage:
    iri: str
    id: str
    headline: str | None = None
    url: str | None = None
    published: str | None = None
    publisher: str | None = None
    passages: list[Passage] = field(default_factory=list)
    chrome: list[Passage] = field(default_factory=list)

    def count(self, role: str) -> int:
        return len({(p.position, m.start, m.end, m.target)
                    for p in self.passages for m in p.marks if m.role == role})  # fmt: skip


def pieces(text: str, marks: list[Mark]) -> list[Piece]:
    """``text`` cut at the marks, longest first where two start together; a mark that
    runs past the end of the one it opens inside is cut at that end."""
    out: list[Piece] = []
    stack: list[tuple[int, Mark]] = []  # the open marks and where each ends
    pos = 0

    def upto(end: int) -> None:
        nonlocal pos
        if end > pos:
            out.append(Piece(text[pos:end]))
            pos = end

    def close() -> None:
        end, mark = stack.pop()
        upto(end)
        out.append(Piece(close=mark))

    for m in sorted(marks, key=lambda m: (m.start, -m.end, m.role != "fact", m.target)):
        if m.start >= len(text) or m.end <= m.start:
            continue
        while stack and stack[-1][0] <= m.start:
            close()
        upto(m.start)
        end = min(m.end, stack[-1][0] if stack else len(text))
        out.append(Piece(open=m))
        stack.append((end, m))
    while stack:
        close()
    upto(len(text))
    return out


async def load_source(runner: QueryRunner, iri: str) -> SourcePage | None:
    """The source view of the article ``iri`` (None when there is no such article)."""
    article = sparql_iri(iri)
    rows = await runner.select(_ARTICLE.fill(article=article))
    if not rows:
        return None
    row = rows[0]
    page = SourcePage(iri, row["id"].value)
    for name in ("headline", "url", "published", "publisher"):
        if name in row:
            setattr(page, name, row[name].value)
    by_iri: dict[str, Passage] = {}
    for r in await runner.select(_PASSAGES.fill(article=article, kinds=_KINDS)):
        text = r["text"]
        passage = Passage(
            int(r["position"].value), _KIND_OF[r["kind"].value], text.value, text.language
        )
        by_iri[r["p"].value] = passage
    found: dict[tuple[str, int, int, str], set[str]] = {}
    for r in await runner.select(_MARKS.fill(article=article)):
        key = (r["p"].value, int(r["begin"].value), int(r["end"].value), r["target"].value)
        types = found.setdefault(key, set())
        if "type" in r:
            types.add(r["type"].value[len(DIP) :])
    labels = await fetch_labels(runner, {key[3] for key in found})
    for (p, start, end, target), types in found.items():
        passage = by_iri.get(p)
        if passage is None:
            continue
        facts = sorted(types & _FACT_CLASSES)
        tag = (facts or sorted(types) or [""])[0]
        role = "fact" if facts else "mention"
        label = labels.get(target, target.rsplit("/", 1)[-1])
        passage.marks.append(Mark(start, end, target, role, tag, label))
    for passage in sorted(by_iri.values(), key=lambda p: p.position):
        (page.chrome if passage.kind == "chrome" else page.passages).append(passage)
    return page
