"""Text helpers shared by every stage: the folded lookup form and IRI slugs."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=262_144)
def fold(text: str) -> str:
    """Case- and accent-insensitive form used for lookups (cached: called per token)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip()


def slugify(text: str) -> str:
    """A stable ASCII slug for IRIs (``Vladímir Putin`` → ``vladimir-putin``)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"
