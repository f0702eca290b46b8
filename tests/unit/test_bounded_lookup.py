"""Which queries the endpoint may evaluate in its own process (cannot run long)."""

from __future__ import annotations

import pytest

from diplokg.sparql.policy import inspect_operation, is_bounded_lookup

BOUNDED = [
    "SELECT ?p ?o WHERE { <http://x/s> ?p ?o }",
    "PREFIX r: <http://x/> SELECT * { r:s a ?t . } LIMIT 5",
    'SELECT ?p WHERE { <http://x/s> ?p "x"@en }',
    "SELECT ?o WHERE { <http://x/s> <http://x/p> ?o }\nLIMIT 10000\n",
    "BASE <http://x/> SELECT $p $o WHERE { <s> $p $o }",
]
UNBOUNDED = [
    "SELECT ?p ?o WHERE { <http://x/s> ?p ?p }",  # a repeated variable filters
    "SELECT DISTINCT ?p WHERE { <http://x/s> ?p ?o }",
    "SELECT ?p WHERE { ?s ?p ?o }",  # no constant subject
    "SELECT ?p WHERE { <http://x/s> ?p ?o } ORDER BY ?p",
    "SELECT ?p WHERE { <http://x/s> ?p ?o } LIMIT 5 OFFSET 9",
    "SELECT ?p WHERE { <http://x/s> <http://x/a>/<http://x/b> ?o }",
    "SELECT ?p WHERE { <http://x/s> <http://x/a>* ?o }",
    "SELECT ?p WHERE { <http://x/s> ?p ?o . ?o ?q ?r }",
    "SELECT ?p WHERE { <http://x/s> ?p ?o FILTER(REGEX(?o, 'a')) }",
    "SELECT ?p FROM <http://x/g> WHERE { <http://x/s> ?p ?o }",
    "SELECT ?p WHERE { <http://x/s> ?p ?o } VALUES ?p { <http://x/a> }",
    "SELECT (COUNT(*) AS ?n) WHERE { <http://x/s> ?p ?o }",
    "SELECT ?p WHERE { <http://x/s> ?p ?o SERVICE <http://evil/> { ?a ?b ?c } }",
    "SELECT ?p WHERE { GRAPH ?g { <http://x/s> ?p ?o } }",
    "SELECT ?p WHERE { { SELECT * WHERE { ?a ?b ?c } } }",
    "ASK { <http://x/s> ?p ?o }",
    "CONSTRUCT WHERE { <http://x/s> ?p ?o }",
    "INSERT DATA { <http://x/s> <http://x/p> 1 }",
    "SELECT ?p WHERE { <http://x/s> ?p ?o }}",
]


@pytest.mark.parametrize("text", BOUNDED)
def test_bounded(text):
    assert is_bounded_lookup(inspect_operation(text))


@pytest.mark.parametrize("text", UNBOUNDED)
def test_not_bounded(text):
    assert not is_bounded_lookup(inspect_operation(text))
