"""A sample of the W3C SPARQL 1.1 query-evaluation suite, run through ``/sparql``.

For every ``mf:QueryEvaluationTest`` / ``mf:CSVResultFormatTest`` of the sampled
manifests (``SAMPLE``), the test's data is loaded through the Graph Store Protocol
(with the token), its query is sent to the live endpoint asking for the expected
result's serialisation (JSON, XML, CSV, TSV; for graphs each of Turtle, N-Triples,
RDF/XML, JSON-LD and TriG in turn), through GET, form POST or direct POST in turn,
and the answer is compared with the expected result: as a multiset of solutions up to
blank-node renaming (in order when the query has ``ORDER BY``), a boolean, or an
isomorphic graph.

Datasets: ``qt:data`` goes into the store's default graph (``PUT /store?default``)
when the test has no named graphs. With ``qt:graphData``, the named graphs are
``PUT`` under their W3C IRIs and the query is sent with ``named-graph-uri`` for each
and a ``default-graph-uri`` naming a graph that holds ``qt:data`` (or no graph at all,
for an empty default graph): this endpoint's own default graph is the merge of every
named graph by design (docs/graph-shape.md), which the W3C datasets do not expect.

Tests that cannot pass are listed in ``XFAIL`` with the reason (strict: one that
starts passing fails the run, so the list stays true).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    RdfFormat,
    parse,
    parse_query_results,
)
from rdflib import RDF, Graph
from rdflib.compare import isomorphic

from tests.w3c.conftest import LiveServer
from tests.w3c.manifest import DATA, DAWGT, MF, QT, entries, file_of, local_name

pytestmark = pytest.mark.server

#: The sampled manifests (copied under tests/data/w3c/sparql11, see its README).
SAMPLE = (
    "json-res",
    "csv-tsv-res",
    "construct",
    "grouping",
    "exists",
    "bind",
    "project-expression",
    "negation",
    "subquery",
    "bindings",
    "aggregates",
    "property-path",
    "functions",
)
#: Where the W3C publishes the suite: the base of the tests' IRIs and graph names.
W3C_BASE = "https://w3c.github.io/rdf-tests/sparql/sparql11/"
EVAL_TYPES = {MF.QueryEvaluationTest, MF.CSVResultFormatTest}
EMPTY_GRAPH = "urn:x-diplokg-w3c:empty"
DEFAULT_DATA_GRAPH = "urn:x-diplokg-w3c:default-data"

_OX = "Oxigraph 0.5 (the embedded engine) "
_EMPTY_PATH = _OX + "gives no solution for a zero-length path from a constant absent from the data"
#: test id → why it cannot pass here. Each was checked to fail the same way when the
#: query runs directly on a pyoxigraph Store holding the W3C dataset (no endpoint in
#: between), i.e. these are engine results, not protocol or serialisation errors.
XFAIL: dict[str, str] = {
    "csv-tsv-res/tsv03": _OX + "stores xsd:negativeInteger literals as xsd:integer",
    "negation/graph-minus": _OX + "lets the outer GRAPH variable affect MINUS disjointness",
    "bindings/graph": _OX + "leaves ?g unbound for a VALUES row with UNDEF inside GRAPH ?g",
    "aggregates/agg-groupconcat-04": _OX + "drops the common language tag in GROUP_CONCAT",
    "aggregates/agg-groupconcat-06": _OX + "drops the language tag in GROUP_CONCAT",
    "aggregates/agg-empty-group-count-graph": _OX
    + "omits the empty group (COUNT 0) of a graph inside GRAPH ?g",
    "property-path/zero_or_more_set_start": _EMPTY_PATH,
    "property-path/zero_or_more_set_end": _EMPTY_PATH,
    "property-path/zero_or_one_set_start": _EMPTY_PATH,
    "property-path/zero_or_one_set_end": _EMPTY_PATH,
    "functions/bnode01": _OX + "returns the same BNODE(str) across solutions",
}

RESULT_TYPES = {
    ".srj": "application/sparql-results+json",
    ".srx": "application/sparql-results+xml",
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
}
GRAPH_TYPES = (
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
    "application/ld+json",
    "application/trig",
)
_RDFLIB = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/trig": "trig",
}
_FILE_FORMATS = {
    ".ttl": RdfFormat.TURTLE,
    ".nt": RdfFormat.N_TRIPLES,
    ".rdf": RdfFormat.RDF_XML,
}
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_FROM = re.compile(r"\bFROM\b", re.IGNORECASE)


def _collect() -> list[tuple]:
    found = []
    for name in SAMPLE:
        for g, test in entries(DATA / name / "manifest.ttl"):
            if g.value(test, DAWGT.approval) == DAWGT.Withdrawn:
                continue
            if not set(g.objects(test, RDF.type)) & EVAL_TYPES:
                continue
            test_id = f"{name}/{local_name(test)}"
            reason = XFAIL.get(test_id)
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            found.append(pytest.param(g, test, id=test_id, marks=marks))
    return found


TESTS = _collect()


def w3c_iri(path: Path) -> str:
    """The IRI the W3C publishes a suite file under (graph names, base IRIs)."""
    return W3C_BASE + path.resolve().relative_to(DATA.resolve()).as_posix()


def to_ntriples(paths: list[Path]) -> bytes:
    """The triples of RDF files as one N-Triples document (blank nodes kept apart)."""
    out = []
    for k, path in enumerate(paths):
        fmt = _FILE_FORMATS[path.suffix]
        for t in parse(path=str(path), format=fmt, base_iri=w3c_iri(path)):
            s, o = (
                BlankNode(f"f{k}x{x.value}") if isinstance(x, BlankNode) else x
                for x in (t.subject, t.object)
            )
            out.append(f"{s} {t.predicate} {o} .")
    return ("\n".join(out) + "\n").encode()


# -- solutions ------------------------------------------------------------------------
Row = dict[str, tuple]


XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float")}


def _number(text: str) -> str | None:
    """A canonical spelling of a numeric lexical form (None if it is not one)."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return str(value.normalize()) if value.is_finite() else str(value)


def _term(t) -> tuple:
    """A comparable form of a term; numbers compare by value, not by spelling
    (Oxigraph stores ``"1.0E6"^^xsd:double`` as the number and writes ``1000000``)."""
    if isinstance(t, NamedNode):
        return ("iri", t.value)
    if isinstance(t, BlankNode):
        return ("bnode", t.value)
    if isinstance(t, Literal):
        value = t.value
        if t.datatype.value in _NUMERIC:
            value = _number(value) or value
        return ("literal", value, t.datatype.value, t.language or "")
    return ("other", str(t))


def _rows(results) -> list[Row]:
    names = [v.value for v in results.variables]
    return [{n: _term(sol[n]) for n in names if sol[n] is not None} for sol in results]


def _csv_rows(text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    rows = []
    for record in reader:
        row = {}
        for name, value in zip(header, record, strict=False):
            if value.startswith("_:"):
                row[name] = ("bnode", value[2:])
            elif value != "":
                row[name] = ("text", _number(value) or value)
        rows.append(row)
    return rows


def _compatible(exp: Row, act: Row, bnodes: dict[str, str]) -> dict[str, str] | None:
    if exp.keys() != act.keys():
        return None
    mapping = dict(bnodes)
    for name, e in exp.items():
        a = act[name]
        if e[0] == "bnode" and a[0] == "bnode":
            if mapping.get(e[1], a[1]) != a[1] or (
                e[1] not in mapping and a[1] in mapping.values()
            ):
                return None
            mapping[e[1]] = a[1]
        elif e != a:
            return None
    return mapping


def same_solutions(expected: list[Row], actual: list[Row], ordered: bool) -> bool:
    """Equal as multisets of rows (as lists if ``ordered``), up to blank-node renaming."""
    if len(expected) != len(actual):
        return False
    has_bnodes = any(v[0] == "bnode" for row in expected + actual for v in row.values())
    if not has_bnodes:
        if ordered:
            return expected == actual
        freeze = lambda rows: Counter(frozenset(r.items()) for r in rows)  # noqa: E731
        return freeze(expected) == freeze(actual)

    used = [False] * len(actual)

    def search(i: int, bnodes: dict[str, str]) -> bool:
        if i == len(expected):
            return True
        candidates = [i] if ordered else range(len(actual))
        for j in candidates:
            if used[j]:
                continue
            mapping = _compatible(expected[i], actual[j], bnodes)
            if mapping is not None:
                used[j] = True
                if search(i + 1, mapping):
                    return True
                used[j] = False
        return False

    return search(0, {})


# -- running one test ----------------------------------------------------------------
def _send(live: LiveServer, n: int, query: str, params: list, accept: str):
    """GET, form POST or direct POST (in turn, by test number ``n``)."""
    headers = {"Accept": accept}
    shape = n % 3
    if shape == 0:
        return live.client.get(live.url("/sparql"), params=[("query", query), *params],
                               headers=headers)  # fmt: skip
    if shape == 1:
        return live.client.post(live.url("/sparql"), data={"query": query}, params=params,
                                headers=headers)  # fmt: skip
    return live.client.post(
        live.url("/sparql"),
        params=params,
        content=query.encode(),
        headers={**headers, "Content-Type": "application/sparql-query"},
    )


def _load(live: LiveServer, g, action) -> list:
    """Load the test's dataset; the protocol parameters that select it."""
    data = [file_of(d) for d in g.objects(action, QT.data)]
    named = [file_of(d) for d in g.objects(action, QT.graphData)]
    live.reset()
    if not named:
        if data:
            live.put_graph(None, to_ntriples(data), "application/n-triples")
        return []
    params = []
    for path in named:
        live.put_graph(w3c_iri(path), to_ntriples([path]), "application/n-triples")
        params.append(("named-graph-uri", w3c_iri(path)))
    if data:
        live.put_graph(DEFAULT_DATA_GRAPH, to_ntriples(data), "application/n-triples")
        params.append(("default-graph-uri", DEFAULT_DATA_GRAPH))
    else:
        params.append(("default-graph-uri", EMPTY_GRAPH))
    return params


@pytest.mark.parametrize(("g", "test"), TESTS)
def test_query_evaluation(live: LiveServer, g, test, request):
    action = g.value(test, MF.action)
    query_file = file_of(g.value(action, QT.query))
    result_file = file_of(g.value(test, MF.result))
    query_text = query_file.read_text(encoding="utf-8")
    # relative IRIs (and FROM <data.ttl>) resolve against the query file's W3C IRI
    query = f"BASE <{w3c_iri(query_file)}>\n{query_text}"
    dataset = _load(live, g, action)
    if _FROM.search(query_text):
        dataset = []  # the query names its own dataset (graphs loaded under W3C IRIs)
    n = [p.id for p in TESTS].index(request.node.callspec.id)
    suffix = result_file.suffix
    # a .ttl result of a SELECT is a result set in the rs: vocabulary, not a graph
    select = suffix not in RESULT_TYPES and RS in result_file.read_text(encoding="utf-8")
    accept = RESULT_TYPES.get(suffix) or (
        RESULT_TYPES[".srj"] if select else GRAPH_TYPES[n % len(GRAPH_TYPES)]
    )
    r = _send(live, n, query, dataset, accept)
    assert r.status_code == 200, f"{r.status_code}: {r.text[:1000]}"
    got_type = r.headers["content-type"].split(";")[0].strip()
    assert got_type == accept, f"asked for {accept}, got {got_type}"
    if suffix in RESULT_TYPES or select:
        _compare_results(result_file, r.content, accept, ordered=bool(_ORDER_BY.search(query)))
    else:
        expected = Graph().parse(result_file, format=_RDFLIB_BY_SUFFIX[suffix])
        actual = Graph().parse(data=r.content, format=_RDFLIB[accept])
        assert isomorphic(expected, actual), r.text[:2000]


_RDFLIB_BY_SUFFIX = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}


def _compare_results(result_file: Path, body: bytes, media: str, *, ordered: bool) -> None:
    if result_file.suffix == ".csv":
        expected_rows = _csv_rows(result_file.read_text(encoding="utf-8"))
        actual_rows = _csv_rows(body.decode("utf-8"))
        assert same_solutions(expected_rows, actual_rows, ordered), body.decode()[:2000]
        return
    fmt = QueryResultsFormat.from_media_type(media)
    actual = parse_query_results(body, format=fmt)
    if result_file.suffix in RESULT_TYPES:
        expected = parse_query_results(path=str(result_file), format=fmt)
        if isinstance(expected, QueryBoolean):
            assert isinstance(actual, QueryBoolean) and bool(actual) == bool(expected)
            return
        expected_rows = _rows(expected)
    else:
        expected_rows = result_set_rows(result_file)
    assert not isinstance(actual, QueryBoolean), "a boolean where solutions were expected"
    actual_rows = _rows(actual)
    assert same_solutions(expected_rows, actual_rows, ordered), (
        f"expected:\n{serialize_rows(expected_rows)}\ngot:\n{serialize_rows(actual_rows)}"
    )


RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"


def result_set_rows(path: Path) -> list[Row]:
    """Solutions written in RDF with the DAWG ``rs:`` result-set vocabulary."""
    quads = list(parse(path=str(path), format=_FILE_FORMATS[path.suffix], base_iri=w3c_iri(path)))
    by_subject: dict = {}
    for q in quads:
        by_subject.setdefault(q.subject, []).append((q.predicate.value, q.object))
    rows = []
    for pairs in by_subject.values():
        if not any(p == RS + "binding" for p, _ in pairs):
            continue
        row = {}
        for p, binding in pairs:
            if p != RS + "binding":
                continue
            props = dict(by_subject.get(binding, []))
            row[props[RS + "variable"].value] = _term(props[RS + "value"])
        rows.append(row)
    return rows


def serialize_rows(rows: list[Row]) -> str:
    """A readable dump of rows for failure messages."""
    return "\n".join(str(sorted(r.items())) for r in rows[:30])
