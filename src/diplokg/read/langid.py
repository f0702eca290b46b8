"""A tiny stop-word language guesser for Spanish and English passages.

Good enough to tell an English photo caption inside a Spanish article; it answers
``None`` when the evidence is thin rather than guessing.
"""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set."""
    return frozenset(text.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "es": word_set(
        """
        el la los las un una unos unas de del al y e o u que en por para con sin sobre
        entre se su sus es son fue fueron ha han había este esta estos estas ese esa
        como más pero también ya muy no lo le les nos tras según durante desde hasta
        cuando donde porque aunque mientras ambos ambas dijo afirmó señaló hoy ayer
        """
    ),
    "en": word_set(
        """
        the an of and or in on at to for with without from by about as is are was
        were be been has have had this that these those it its his her their they he
        she we which who when where while after before during said says not but also
        than into over between
        """
    ),
}

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def guess_language(text: str, *, min_hits: int = 3, ratio: float = 2.0) -> str | None:
    """Return ``"es"`` or ``"en"`` when the stop words clearly favour one, else None.

    ``min_hits`` stop words of the winning language are needed, and the winner must
    have ``ratio`` times as many hits as the runner-up.
    """
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return None
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best_score < min_hits:
        return None
    if best_score < ratio * second_score:
        return None
    return best
