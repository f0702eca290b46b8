"""A tiny stop-word language guesser for Spanish and English passages.

Good enough to tell an English photo caption inside a Spanish article; it answers
``None`` when the evidence is thin rather than guessing. The word lists are data:
``data/lexicon/stopwords.yaml``. The reader tags each passage with it; the pipeline
uses it again for passages built without a reader.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from diplokg.config import DATA_DIR


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set."""
    return frozenset(text.split())


@cache
def _stopwords(path: Path) -> dict[str, frozenset[str]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {lang: frozenset(words) for lang, words in raw.items()}


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def guess_language(text: str, *, min_hits: int = 3, ratio: float = 2.0) -> str | None:
    """Return ``"es"`` or ``"en"`` when the stop words clearly favour one, else None.

    ``min_hits`` stop words of the winning language are needed, and the winner must
    have ``ratio`` times as many hits as the runner-up.
    """
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return None
    lists = _stopwords(DATA_DIR / "lexicon" / "stopwords.yaml")
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in lists.items()}
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best_score < min_hits:
        return None
    if best_score < ratio * second_score:
        return None
    return best
