"""`diplokg build` and `query` against a real Oxigraph server selected by URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.integration.test_remote_store import start_oxigraph, stop

pytestmark = pytest.mark.server

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_build_and_query_a_remote_store(tmp_path):
    proc, url = start_oxigraph(tmp_path / "oxigraph")
    try:
        res = run_cli("build", str(EXAMPLES), "--store", url)
        assert res.returncode == 0, res.stderr
        assert "built 5 articles" in res.stdout
        q = (
            "PREFIX dip: <https://w3id.org/diplokg/ontology#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a/rdfs:subClassOf* dip:Event }"
        )
        res = run_cli("query", "--store", url, "--format", "json", q)
        assert res.returncode == 0, res.stderr
        n = int(json.loads(res.stdout)["results"]["bindings"][0]["n"]["value"])
        assert n >= 5
        # rebuilding replaces each article's graph: the count does not grow
        run_cli("build", str(EXAMPLES), "--store", url)
        res = run_cli("query", "--store", url, "--format", "json", q)
        assert int(json.loads(res.stdout)["results"]["bindings"][0]["n"]["value"]) == n
    finally:
        stop(proc)


def test_unreachable_remote_store_is_a_one_line_error():
    res = run_cli("query", "--store", "http://127.0.0.1:9", "SELECT * WHERE { ?s ?p ?o }")
    assert res.returncode != 0
    assert len(res.stderr.strip().splitlines()) == 1
