"""Text helpers shared by every stage: the folded lookup form and IRI slugs."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: texts up to this many characters (tokens, names, ids) share the large cache;
#: longer ones (sentences, clauses: folded again within their article) the small one
SHORT_TEXT = 32


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for lookups (cached: called per token).

    Short texts go to a cache of many entries, long ones (sentences and clauses,
    folded again while their article is read) to one of few, so that a long build
    does not keep every sentence it has seen (issue 12: memory flat in the batch)."""
    return _fold_short(text) if len(text) <= SHORT_TEXT else _fold_long(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip()


_fold_short = lru_cache(maxsize=65_536)(_fold)
_fold_long = lru_cache(maxsize=2_048)(_fold)


def slugify(text: str) -> str:
    """A stable ASCII slug for IRIs (``Vladímir Putin`` → ``vladimir-putin``)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"
