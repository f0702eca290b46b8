"""``diplokg eval GOLD``: read the gold table and the store's predictions, and score."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from diplokg.evaluate.anchors import evidence_agreement, read_anchors, read_texts
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

    With an anchor table and the articles' texts, also check the evidence of the
    leniently matched facts against the sentences the gold facts are anchored to.
    """
    hierarchy = hierarchy_from_turtle(ontology_path)
    gold = read_gold(gold_path, hierarchy)
    ev = evaluate(gold, read_predictions(store, gold.articles, hierarchy), hierarchy)
    if anchors_path is not None:
        ev.evidence = evidence_agreement(
            ev.results["lenient"].pairs, read_anchors(anchors_path), read_texts(text_paths or [])
        )
    return ev
