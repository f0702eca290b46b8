"""Per-passage language identification (Spanish / English).

Counts distinctive function words from ``data/lexicon/stopwords.yaml``. Passages in
this domain are one language each (a Spanish body, an English photo caption), so a
word-count vote is reliable on anything longer than a few words; ties and very short
passages fall back to the article's language.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from diplokg.config import DATA_DIR

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@cache
def _stopwords(path: Path) -> dict[str, frozenset[str]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {lang: frozenset(words) for lang, words in raw.items()}


def detect_language(text: str, default: str, data_dir: Path = DATA_DIR) -> str:
    """The language of ``text`` among those with stopword lists, else ``default``."""
    lists = _stopwords(data_dir / "lexicon" / "stopwords.yaml")
    words = [w.lower() for w in WORD.findall(text)]
    if len(words) < 4:
        return default
    scores = {lang: sum(w in sw for w in words) for lang, sw in lists.items()}
    best = max(scores.values())
    winners = [lang for lang, s in scores.items() if s == best]
    if best == 0 or len(winners) > 1:
        return default
    return winners[0]
