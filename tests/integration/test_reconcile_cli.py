"""Undated reports join their dated twin through the CLI, whatever the build order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

UNDATED = """# Lula y Xi conversan por videollamada

El presidente de Brasil, Luiz Inácio Lula da Silva, y el presidente chino, Xi Jinping,
mantuvieron el jueves una videollamada sobre comercio y el clima.

El mandatario brasileño dijo que ambos países ampliarán su cooperación.
"""

DATED = {
    "id": "dated-call",
    "published": "2025-06-13",
    "lang": "es",
    "title": "Lula y Xi hablan por videollamada",
    "text": "Luiz Inácio Lula da Silva y Xi Jinping mantuvieron ayer una videollamada "
    "en la que repasaron la agenda comercial entre Brasil y China.",
}
OTHER = {
    "id": "other-call",
    "published": "2025-03-04",
    "lang": "es",
    "text": "Luiz Inácio Lula da Silva y Xi Jinping mantuvieron ayer una videollamada "
    "sobre la cumbre del G20.",
}

QUERY = """PREFIX dip: <https://w3id.org/diplokg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <http://schema.org/>
SELECT ?call ?date ?id WHERE {
  ?call a dip:VideoCall ; prov:wasDerivedFrom ?art .
  ?art schema:identifier ?id .
  OPTIONAL { ?call dip:date ?date }
} ORDER BY ?id"""


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    undated = tmp_path / "undated-call.md"
    undated.write_text(UNDATED, encoding="utf-8")
    dated = tmp_path / "dated.jsonl"
    dated.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in (DATED, OTHER)) + "\n",
        encoding="utf-8",
    )
    return undated, dated


def calls(store: Path) -> list[tuple[str, str | None, str]]:
    res = run_cli("query", "--store", str(store), "--format", "json", QUERY)
    assert res.returncode == 0, res.stderr
    rows = json.loads(res.stdout)["results"]["bindings"]
    return sorted(
        {(r["call"]["value"], r.get("date", {}).get("value"), r["id"]["value"]) for r in rows}
    )


def test_undated_report_joins_the_thursday_call_in_either_order(tmp_path, inputs):
    undated, dated = inputs
    first, second = tmp_path / "a", tmp_path / "b"
    for store, order in ((first, (undated, dated)), (second, (dated, undated))):
        for path in order:  # two separate builds into one store
            res = run_cli("build", str(path), "--store", str(store))
            assert res.returncode == 0, res.stderr
    rows = calls(first)
    assert rows == calls(second)
    by_article = {art: (call, day) for call, day, art in rows}
    # 2025-06-12 was a Thursday ("el jueves"); 2025-03-03 a Monday
    assert by_article["dated-call"][1] == "2025-06-12"
    assert by_article["undated-call"][0] == by_article["dated-call"][0]
    assert by_article["other-call"][0] != by_article["dated-call"][0]


def test_rebuilding_the_undated_article_joins_it_again(tmp_path, inputs):
    undated, dated = inputs
    store = tmp_path / "s"
    for path in (dated, undated, undated):
        res = run_cli("build", str(path), "--store", str(store))
        assert res.returncode == 0, res.stderr
    nodes = {call for call, _, art in calls(store) if art in ("dated-call", "undated-call")}
    assert len(nodes) == 1
