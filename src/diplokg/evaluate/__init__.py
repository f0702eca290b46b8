"""`diplokg evaluate`: gold tables, matching, predictions read from the store, reports.

The gold format and the matching rules are documented in ``docs/eval.md``.

* :mod:`.hierarchy`: the ``dip:`` class hierarchy that types are checked against.
* :mod:`.gold`: the gold table (TSV) parsed into facts.
* :mod:`.matching`: pairing predictions with gold facts under the strict and lenient
  rules, and counting.
* :mod:`.predictions`: the facts the store derives from the articles (``queries/*.rq``).
* :mod:`.anchors`: sentence anchors of gold facts, and whether matched facts cite them.
* :mod:`.report`: JSON and text reports.
* :mod:`.run`: :func:`evaluate_store`, the whole of ``diplokg eval``.
"""

from diplokg.evaluate.gold import GoldError
from diplokg.evaluate.report import dumps, to_text
from diplokg.evaluate.run import evaluate_store

__all__ = ["GoldError", "dumps", "evaluate_store", "to_text"]
