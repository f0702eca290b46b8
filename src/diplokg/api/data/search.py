"""Finding entities by name: every label in the store and every gazetteer alias.

The index is built from one query (the ``rdfs:label`` of each person, country,
organisation, place, pipeline, commodity and topic) plus the aliases the offline
gazetteer knows for those IRIs ("Lula", "Putin", "EE.UU.", "Pekín"), and matched on
the folded form (case and accents ignored: "pekin" finds "Pekín"). It is rebuilt at
most every ``Settings.search_index_ttl_s`` seconds, so a build shows up without a
restart.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

from diplokg.api.runner import QueryRunner
from diplokg.knowledge.gazetteer import load_gazetteer
from diplokg.knowledge.text import fold
from diplokg.rdf.vocab import DIP
from diplokg.sparql.templates import read_template, values

#: The classes whose members the search finds (local names under ``dip:``).
ENTITY_CLASSES = ("Person", "Country", "Organization", "Place", "Pipeline", "Commodity", "Topic")
_NAMES = read_template(__file__, "search-names")
_TYPES = values("type", (DIP + c for c in ENTITY_CLASSES))


@dataclass
class Named:
    """One entity and the names it is found by."""

    iri: str
    type: str
    #: the display label (English first, then Spanish, then any)
    label: str = ""
    #: (name as written, language or "*") of every label and alias
    names: list[tuple[str, str]] = field(default_factory=list)
    folded: list[str] = field(default_factory=list)

    def add(self, name: str, lang: str) -> None:
        key = fold(name)
        if key and key not in self.folded:
            self.names.append((name, lang))
            self.folded.append(key)


@dataclass(frozen=True)
class Hit:
    """A search result: the entity, its label and type, and the name that matched."""

    iri: str
    label: str
    type: str
    matched: str
    score: int


def _score(query: str, folded: str) -> int | None:
    """0 exact, 1 prefix, 2 a word's prefix, 3 anywhere; None when it does not match."""
    if folded == query:
        return 0
    if folded.startswith(query):
        return 1
    if any(word.startswith(query) for word in folded.split()[1:]):
        return 2
    if query in folded:
        return 3
    return None


_LABEL_RANK = {"en": 0, "es": 1}


class NameIndex:
    """Entities by every name, for :meth:`search`."""

    def __init__(self, entities: list[Named]) -> None:
        self.entities = entities
        self.by_iri = {e.iri: e for e in entities}

    def search(self, text: str, *, limit: int = 10, types: set[str] | None = None) -> list[Hit]:
        """The entities a name matches best first (exact, prefix, word prefix, inside)."""
        query = fold(text)
        if not query:
            return []
        hits: list[Hit] = []
        for ent in self.entities:
            if types and ent.type not in types:
                continue
            best: tuple[int, str] | None = None
            for (name, _), key in zip(ent.names, ent.folded, strict=True):
                score = _score(query, key)
                if score is not None and (best is None or score < best[0]):
                    best = (score, name)
            if best is not None:
                hits.append(Hit(ent.iri, ent.label, ent.type, best[1], best[0]))
        hits.sort(key=lambda h: (h.score, len(h.label), h.label.casefold(), h.iri))
        return hits[:limit]

    def resolve(self, text: str, types: set[str] | None = None) -> str | None:
        """The one entity a name denotes exactly (None when none or several do)."""
        exact = [h for h in self.search(text, limit=2, types=types) if h.score == 0]
        return exact[0].iri if len(exact) == 1 else None


async def build_index(runner: QueryRunner, base_iri: str, data_dir: Path) -> NameIndex:
    """The index of every entity in the store, with the gazetteer's aliases."""
    by_iri: dict[str, Named] = {}
    ranks: dict[str, int] = {}
    for row in await runner.select(_NAMES.fill(types=_TYPES)):
        iri, label = row["x"].value, row["l"]
        lang = getattr(label, "language", None) or "*"
        ent = by_iri.setdefault(iri, Named(iri, row["type"].value[len(DIP) :]))
        ent.add(label.value, lang)
        rank = _LABEL_RANK.get(lang, 2)
        if rank < ranks.get(iri, 99) or (rank == ranks[iri] and label.value < ent.label):
            ent.label, ranks[iri] = label.value, rank
    gazetteer = load_gazetteer(data_dir)
    for entry, alias in gazetteer.iter_aliases():
        ent = by_iri.get(base_iri + entry.key)
        if ent is not None:
            ent.add(alias.form, alias.lang)
    return NameIndex(sorted(by_iri.values(), key=lambda e: e.iri))


class CachedIndex:
    """The :class:`NameIndex` of a store, rebuilt when older than ``ttl_s`` seconds."""

    def __init__(self, runner: QueryRunner, base_iri: str, data_dir: Path, ttl_s: float) -> None:
        self._args = (runner, base_iri, data_dir)
        self._ttl_s = ttl_s
        self._index: NameIndex | None = None
        self._built_at = 0.0
        self._lock = asyncio.Lock()

    async def get(self) -> NameIndex:
        """The index, rebuilt first when it is missing or stale."""
        async with self._lock:
            if self._index is None or time.monotonic() - self._built_at > self._ttl_s:
                self._index = await build_index(*self._args)
                self._built_at = time.monotonic()
            return self._index
