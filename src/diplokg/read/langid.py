"""Which of our languages (Spanish, English) a passage is written in.

Lingua, restricted to the languages we have pipelines for, tells even a short
English photo caption inside a Spanish page ("Merz visits Beijing"); restricted like
this it needs a few MB, not the ~1 GB of all its languages. When Lingua is unsure,
a stop-word count (``data/lexicon/stopwords.yaml``, which also lists the languages)
decides, and with thin evidence the answer is ``None`` rather than a guess. The
reader tags each passage with it; the pipeline uses it again for passages built
without a reader.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

from diplokg.config import DATA_DIR

#: below this Lingua confidence (0.5 = a coin toss between two languages) the
#: stop-word count decides
MIN_CONFIDENCE = 0.6


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set."""
    return frozenset(text.split())


@cache
def _stopwords(path: Path) -> dict[str, frozenset[str]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {lang: frozenset(words) for lang, words in raw.items()}


def function_words(data_dir: Path = DATA_DIR) -> frozenset[str]:
    """The stop words of every language (lower case): words that are never names."""
    return frozenset().union(*_stopwords(data_dir / "lexicon" / "stopwords.yaml").values())


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@cache
def _detector(languages: tuple[str, ...]) -> LanguageDetector:
    codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def guess_language(text: str) -> str | None:
    """``"es"`` or ``"en"`` (the languages of the stop-word lists), or None if unsure."""
    if not any(w[0].islower() and len(w) > 1 for w in _WORD.findall(text)):
        return None  # names and upper-case labels carry no language ("Xi Jinping", "TAGS")
    languages = tuple(sorted(_stopwords(DATA_DIR / "lexicon" / "stopwords.yaml")))
    ranked = _detector(languages).compute_language_confidence_values(text)
    if ranked and ranked[0].value >= MIN_CONFIDENCE:
        return ranked[0].language.iso_code_639_1.name.lower()
    return guess_by_stopwords(text)


def guess_by_stopwords(text: str, *, min_hits: int = 3, ratio: float = 2.0) -> str | None:
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
