"""Phrase finders shared by the extraction stages: multi-word phrases with the noun
phrase they introduce, gazetteer aliases in running text, whole-word patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span

from diplokg.extract.words import FunctionWords
from diplokg.knowledge.gazetteer import GazetteerEntry
from diplokg.knowledge.text import fold
from diplokg.nlp.text import span_text


@cache
def _first_words(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(phrase.split()[0] for phrase in phrases)


def phrase_spans(
    doc: Doc,
    sent: Span,
    phrases: tuple[str, ...],
    words: FunctionWords,
    *,
    lists: bool = False,
) -> list[range]:
    """Each occurrence of one of ``phrases`` with the noun phrase it introduces, as a
    token range. The noun phrase runs over a name however the parser split it, and,
    with ``lists``, over a list of names ("Qatar, Egypt and Turkey")."""
    out: list[range] = []
    starts = _first_words(phrases)
    folded = fold(span_text(sent))
    if not any(phrase in folded for phrase in phrases):
        return out  # a run of tokens folds to a part of its sentence's folded text
    for tok in sent:
        if fold(tok.text) not in starts:
            continue
        for phrase in phrases:
            n = len(phrase.split())
            if fold(doc[tok.i : tok.i + n].text) != phrase:
                continue
            j = tok.i + n
            while j < sent.end and doc[j].pos_ not in {"NOUN", "PROPN", "PRON"}:
                j += 1
            if j >= sent.end:
                continue
            root = doc[j]
            while root.dep_ in {"compound", "flat", "amod"} and root.head.i > root.i:
                root = root.head  # "White House Press Secretary Ann Kelly"
            end = root.right_edge.i
            k = j  # and the run of name words
            while k + 1 < sent.end and (
                doc[k + 1].pos_ in {"PROPN", "NOUN", "ADJ"}
                or (
                    doc[k + 1].lower_ in words.genitive
                    and k + 2 < sent.end
                    and doc[k + 2].pos_ in {"PROPN", "NOUN", "DET"}
                )
                or (
                    lists
                    and doc[k + 1].lower_ in words.list_joiners
                    and k + 2 < sent.end
                    and doc[k + 2].pos_ in {"PROPN", "DET"}
                )
            ):
                k += 1
            end = min(max(end, k), sent.end - 1)
            for k in range(j, end + 1):
                if doc[k].text in {";", ":"} or (
                    doc[k].text == ","
                    and (
                        not lists or k + 1 > end or doc[k + 1].pos_ not in {"PROPN", "DET", "NOUN"}
                    )
                ):
                    end = k - 1
                    break
            out.append(range(tok.i, end + 1))
    return out


@dataclass(frozen=True)
class AliasIndex:
    """One whole-word regex over every alias of a gazetteer table, longest first."""

    pattern: re.Pattern[str]
    keys: dict[str, str]

    @classmethod
    def of(cls, entries: dict[str, GazetteerEntry]) -> AliasIndex:
        keys: dict[str, str] = {}
        for key, entry in entries.items():
            for alias in entry.aliases:
                keys.setdefault(fold(alias.form), key)
        forms = sorted(keys, key=len, reverse=True)
        body = "|".join(map(re.escape, forms)) if keys else "(?!)"
        return cls(re.compile(r"(?<!\w)(?:" + body + r")(?!\w)"), keys)

    def longest(self, text: str) -> str | None:
        """Key of the entry with the longest alias found in ``text``."""
        best: tuple[int, str] | None = None
        for m in self.pattern.finditer(fold(text)):
            form = m.group(0)
            if best is None or len(form) > best[0]:
                best = (len(form), self.keys[form])
        return best[1] if best else None


def words_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern matching any of ``words`` as whole words (never matches if empty)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives or '(?!)'})(?!\w)")


def is_fragment(sent: Span) -> bool:
    """Verbless headlines and caption fragments ("Alianza China-Rusia", "Sanciones de la
    UE contra Rusia"): no clause to read roles from."""
    return not any(t.pos_ in {"VERB", "AUX"} for t in sent)
