"""Where in the article text each mention and each fact is (the source view).

A mention's tokens become character offsets of its passage. A fact is found through
its evidence: the sentence is looked up in the passages of its kind, and its trigger
word inside the sentence (the whole sentence when the trigger is not there as a
word, e.g. a statement whose evidence joins a quote to its attribution). Offsets are
Python string indices (code points) into ``Passage.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc

from diplokg.link.linker import Mention
from diplokg.model import Event, Passage, Relation, TextSpan


def mention_spans(
    doc: Doc, mentions: Iterable[Mention], passage: int, keys: set[str]
) -> list[tuple[TextSpan, str]]:
    """``(span, entity key)`` of each mention of a known entity in one passage."""
    out = []
    for m in mentions:
        if m.key not in keys or m.end <= m.start:
            continue
        first, last = doc[m.start], doc[m.end - 1]
        out.append((TextSpan(passage, first.idx, last.idx + len(last.text)), m.key))
    return out


def locate_facts(facts: Iterable[Event | Relation], passages: Sequence[Passage]) -> None:
    """Set ``spans`` of every fact: its trigger in each evidence sentence found."""
    for fact in facts:
        spans: list[TextSpan] = []
        for ev in fact.evidence:
            span = _locate(ev.sentence, fact.trigger, ev.passage_kind, passages)
            if span is not None and span not in spans:
                spans.append(span)
        fact.spans = spans


def _locate(sentence: str, trigger: str, kind, passages: Sequence[Passage]) -> TextSpan | None:
    for index, passage in enumerate(passages):
        if passage.kind is not kind:
            continue
        at = passage.text.find(sentence)
        if at < 0:
            continue
        if trigger:
            word = re.search(rf"(?<!\w){re.escape(trigger)}(?!\w)", sentence, re.IGNORECASE)
            if word is not None:
                return TextSpan(index, at + word.start(), at + word.end())
        return TextSpan(index, at, at + len(sentence))
    return None
