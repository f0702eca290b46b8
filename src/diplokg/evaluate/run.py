"""``diplokg eval GOLD``: read the gold table and the store's predictions, and score."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from diplokg.evaluate.gold import read_gold
from diplokg.evaluate.hierarchy import hierarchy_from_turtle
from diplokg.evaluate.matching import Evaluation, evaluate
from diplokg.evaluate.predictions import read_predictions

if TYPE_CHECKING:
    from diplokg.store import Store


def evaluate_store(store: Store, gold_path: Path, ontology_path: Path) -> Evaluation:
    """Read the gold table and the store's predictions, and score them."""
    hierarchy = hierarchy_from_turtle(ontology_path)
    gold = read_gold(gold_path, hierarchy)
    return evaluate(gold, read_predictions(store, gold.articles, hierarchy), hierarchy)
