"""``diplokg eval GOLD``: read the gold table and the store's predictions, and score."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from diplokg.evaluate.anchors import Anchors, evidence_agreement, read_anchors, read_texts
from diplokg.evaluate.gold import read_gold
from diplokg.evaluate.hierarchy import hierarchy_from_turtle
from diplokg.evaluate.matching import Evaluation, evaluate
from diplokg.evaluate.predictions import read_predictions

if TYPE_CHECKING:
    from diplokg.store import Store


def evaluate_store(
    store: Store,
    gold_path: Path,
    ontology_path: Path,
    anchors_path: Path | None = None,
    text_paths: list[Path] | None = None,
) -> Evaluation:
    """Read the gold table and the store's predictions, and score them.

    With an anchor table and the articles' texts, a gold fact's candidates that cite a
    sentence it is anchored to pair first, and the evidence of the leniently matched
    facts is checked against those sentences.
    """
    hierarchy = hierarchy_from_turtle(ontology_path)
    gold = read_gold(gold_path, hierarchy)
    anchors = None
    if anchors_path is not None:
        anchors = Anchors(read_anchors(anchors_path), read_texts(text_paths or []))
    predictions = read_predictions(store, gold.articles, hierarchy)
    ev = evaluate(gold, predictions, hierarchy, anchors.cited if anchors else None)
    if anchors is not None:
        ev.evidence = evidence_agreement(ev.results["lenient"].pairs, anchors)
    return ev
