"""Sentence anchors of gold facts, and whether matched facts cite those sentences.

An anchor table (``eval/gold/anchors/*.tsv``, columns ``ref article how spans``) says
where in an article's text each gold event or relation is stated: character spans of
the stating sentences, and ``how`` (``stated`` by one sentence, ``inferred`` from
several or from context, ``absent``). With the texts, a matched prediction's evidence
can be checked against those sentences: the graph promises the source sentence behind
every fact, and this measures whether it is the right one.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from diplokg.evaluate.gold import Fact, GoldError

HOWS = ("stated", "inferred", "absent")
_SPAN = re.compile(r"(\d+)-(\d+)")
#: characters of an anchored sentence (normalised) that must be found in the evidence
PREFIX = 60
#: below this (normalised) length, a sentence or an evidence must match whole
WHOLE = 20


@dataclass(frozen=True)
class Anchor:
    """Where one gold fact is stated: ``how`` and character spans of the text."""

    article: str
    how: str
    spans: tuple[tuple[int, int], ...]


def anchor_key(ref: str) -> tuple[str, int]:
    """``eval/gold/real-tune.tsv:12`` → ``("real-tune.tsv", 12)``: gold rows are known by
    file name and line, whatever folder the gold table was read from."""
    path, _, line = ref.rpartition(":")
    return Path(path).name, int(line)


def read_anchors(path: Path) -> dict[tuple[str, int], Anchor]:
    """Parse an anchor table; :class:`GoldError` with file:line on a malformed row."""
    out: dict[tuple[str, int], Anchor] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [
            (n, line) for n, line in enumerate(fh, 1) if line.strip() and not line.startswith("#")
        ]
    rows = csv.DictReader((line for _, line in lines), delimiter="\t", quoting=csv.QUOTE_NONE)
    if rows.fieldnames is None or not {"ref", "article", "how", "spans"} <= set(rows.fieldnames):
        raise GoldError(str(path), 1, "header must name ref, article, how and spans")
    for (n, _), row in zip(lines[1:], rows, strict=True):
        how = (row.get("how") or "").strip()
        if how not in HOWS:
            raise GoldError(str(path), n, f"how must be one of {', '.join(HOWS)}: {how!r}")
        spans = []
        for item in filter(None, (row.get("spans") or "").split(",")):
            m = _SPAN.fullmatch(item.strip())
            if m is None or int(m.group(1)) >= int(m.group(2)):
                raise GoldError(str(path), n, f"not a span start-end: {item!r}")
            spans.append((int(m.group(1)), int(m.group(2))))
        if bool(spans) == (how == "absent"):
            raise GoldError(str(path), n, "spans are given exactly when the fact is not absent")
        try:
            key = anchor_key(row["ref"])
        except ValueError:
            raise GoldError(str(path), n, f"not a gold ref file:line: {row['ref']!r}") from None
        out[key] = Anchor(row["article"], how, tuple(spans))
    return out


def read_texts(paths: list[Path]) -> dict[str, str]:
    """Article id → text, from JSON Lines files of articles (``id`` and ``text``)."""
    out = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                out[str(record["id"])] = str(record["text"])
    return out


def _norm(text: str) -> str:
    return " ".join(re.sub(r"\W+", " ", text.casefold()).split())


def cites(evidence: str, sentence: str) -> bool:
    """Whether one of the evidence sentences (joined by `` | ``) is ``sentence``, up to
    case, punctuation, spacing and what cleaning cut from either end."""
    target = _norm(sentence)
    if not target:
        return False
    for part in evidence.split(" | "):
        cited = _norm(part)
        if cited == target:
            return True
        if len(target) >= WHOLE and target[:PREFIX] in cited:
            return True
        if len(cited) >= WHOLE and cited[:PREFIX] in target:
            return True
    return False


@dataclass
class EvidenceAgreement:
    """Of the matched events and relations with an anchor: how many cite an anchored
    sentence, by how the gold fact is stated."""

    cited: dict[str, int] = field(default_factory=lambda: dict.fromkeys(HOWS, 0))
    matched: dict[str, int] = field(default_factory=lambda: dict.fromkeys(HOWS, 0))
    #: matched gold facts the anchor table or the texts do not cover
    unanchored: int = 0


class Anchors:
    """An anchor table with the texts its spans point into."""

    def __init__(self, anchors: dict[tuple[str, int], Anchor], texts: dict[str, str]) -> None:
        self.anchors, self.texts = anchors, texts

    def of(self, gold: Fact) -> Anchor | None:
        """The anchor of a gold event or relation whose text is known, if any."""
        if gold.kind == "entity" or gold.article not in self.texts:
            return None
        try:
            return self.anchors.get(anchor_key(gold.ref))
        except ValueError:
            return None

    def cited(self, gold: Fact, pred: Fact) -> bool:
        """Whether ``pred``'s evidence is one of the sentences ``gold`` is anchored to."""
        anchor = self.of(gold)
        text = self.texts.get(gold.article, "")
        return anchor is not None and any(cites(pred.evidence, text[s:e]) for s, e in anchor.spans)


def evidence_agreement(pairs: list[tuple[Fact, Fact]], anchors: Anchors) -> EvidenceAgreement:
    """Count, over matched (gold, predicted) pairs, predictions whose evidence is one of
    the sentences the gold fact is anchored to."""
    out = EvidenceAgreement()
    for gold, pred in pairs:
        if gold.kind == "entity":
            continue
        anchor = anchors.of(gold)
        if anchor is None:
            out.unanchored += 1
            continue
        out.matched[anchor.how] += 1
        out.cited[anchor.how] += anchors.cited(gold, pred)
    return out
