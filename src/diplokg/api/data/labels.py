"""Best display label of IRIs, in one query."""

from __future__ import annotations

from collections.abc import Iterable

from diplokg.api.runner import QueryRunner
from diplokg.sparql.templates import read_template, values

#: Preferred label languages, best first; untagged and other languages come after.
LANG_ORDER = ("en", "es", "")
_BATCH = 500
_LABELS = read_template(__file__, "labels")


def _rank(lang: str) -> int:
    return LANG_ORDER.index(lang) if lang in LANG_ORDER else len(LANG_ORDER)


async def fetch_labels(runner: QueryRunner, iris: Iterable[str]) -> dict[str, str]:
    """IRI → label: ``rdfs:label``, else ``schema:name``/``headline``, else
    ``schema:identifier``; the preferred language first."""
    wanted = sorted(set(iris))
    best: dict[str, tuple[int, int, str]] = {}
    for start in range(0, len(wanted), _BATCH):
        batch = wanted[start : start + _BATCH]
        rows = await runner.select(_LABELS.fill(iris=values("x", batch)), bounded=True)
        for row in rows:
            label = row["l"]
            key = (int(row["k"].value), _rank(getattr(label, "language", None) or ""), label.value)
            x = row["x"].value
            if x not in best or key < best[x]:
                best[x] = key
    return {x: key[2] for x, key in best.items()}
