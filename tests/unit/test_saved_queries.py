"""Saved queries: headers, parameters, and answers on the hand-built sample graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Store, Variable

from diplokg.config import Settings
from diplokg.rdf.vocab import XSD_DATE
from diplokg.sparql.saved_queries import (
    SavedQuery,
    bind_params,
    load_saved_queries,
    parse_saved_query,
)
from tests.unit.test_validate import sample_store

RES = "https://w3id.org/diplokg/resource/"

#: One saved query per question of analyst-questions.md (question number → file stem).
QUESTIONS = {
    1: "contacts-of-leader",
    2: "russia-china-timeline",
    3: "multi-source-events",
    4: "statements-by-person",
    5: "energy-supply",
    6: "support-opposition",
    7: "china-policies-towards-russia",
    8: "ukraine-peace-talks",
    9: "visits-to-country",
    10: "entity-profile",
    11: "facts-from-article",
    12: "conflicting-reports",
}


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="module")
def queries(settings) -> dict[str, SavedQuery]:
    return load_saved_queries(settings.queries_dir)


@pytest.fixture(scope="module")
def store(settings):
    return sample_store(settings)


def run(store, query: SavedQuery, **values: str) -> list[dict[str, str]]:
    """Run a saved query with parameter values; rows as {variable: lexical value}."""
    rows = store.solutions(query.sparql, substitutions=bind_params(query, values))
    return [{k: v.value for k, v in row.items()} for row in rows]


# -- the files ----------------------------------------------------------------------


def test_every_question_has_a_query(queries):
    missing = [stem for stem in QUESTIONS.values() if stem not in queries]
    assert not missing
    assert "entities-without-wikidata" in queries


def test_headers(queries):
    for query in queries.values():
        assert query.title and query.description, query.name
        assert query.sparql.startswith("#+ title: ")
        for param in query.params:
            assert param.type in ("iri", "string", "date", "integer")


@pytest.mark.parametrize("name", [*sorted(QUESTIONS.values()), "entities-without-wikidata"])
def test_query_parses_and_runs_bound_and_unbound(queries, store, name):
    query = queries[name]
    Store().query(query.sparql)  # parses
    bindings = bind_params(query, {})
    # Every parameter must be in the SELECT clause for substitution to work.
    bound = store.solutions(query.sparql, substitutions=bindings)
    unbound = store.solutions(query.sparql)
    # the sample answers every query, with its defaults and without them ...
    assert bound and unbound
    # ... and the bound answer is the one for the defaults
    for row in bound:
        assert {var.value: row.get(var.value) for var in bindings} == {
            var.value: term for var, term in bindings.items()
        }


# -- answers on the sample ------------------------------------------------------------


def test_q1_contacts_of_leader(queries, store):
    rows = run(store, queries["contacts-of-leader"])
    assert [(r["date"], r["channel"], r["contactLabel"]) for r in rows] == [
        ("2025-01-21", "video", "Vladimir Putin"),
        ("2026-02-04", "video", "Vladimir Putin"),
        ("2026-02-05", "video", "Vladimir Putin"),
    ]
    assert sorted(rows[1]["sources"].split(", ")) == ["Gestión", "Reuters"]
    assert run(store, queries["contacts-of-leader"], to="2025-12-31")[0]["date"] == "2025-01-21"
    assert len(run(store, queries["contacts-of-leader"], to="2025-12-31")) == 1


def test_q2_timeline(queries, store):
    rows = run(store, queries["russia-china-timeline"])
    assert [r["date"] for r in rows] == ["2025-01-21", "2025-05", "2026-02-04", "2026-02-05"]
    assert rows[1]["typeLabel"] == "visit" and rows[1]["status"] == "planned"


def test_q3_multi_source(queries, store):
    all_rows = run(store, queries["multi-source-events"])
    assert len(all_rows) == 7
    multi = run(store, queries["multi-source-events"], min_outlets="2")
    assert [(r["event"], r["outlets"], r["coverage"]) for r in multi] == [
        (RES + "event/vc-2026", "2", "multi-source")
    ]


def test_q4_statements(queries, store):
    rows = run(store, queries["statements-by-person"])
    assert [(r["quote"], r["outlet"], r["articleId"]) for r in rows] == [
        ("Nuestras relaciones son un modelo.", "Gestión", "seed-003")
    ]


def test_q5_energy_supply(queries, store):
    rows = run(store, queries["energy-supply"])
    assert [(r["recipientLabel"], r["commodityLabel"], r["via"], r["sinceDate"]) for r in rows] == [
        ("China", "natural gas", "Power of Siberia", "2019")
    ]
    assert run(store, queries["energy-supply"], commodity=RES + "commodity/oil") == []


def test_q6_support_opposition(queries, store):
    rows = run(store, queries["support-opposition"])
    assert [(r["who"], r["stance"], r["whom"], r["topics"]) for r in rows] == [
        ("Russia", "supports", "China", "Taiwan")
    ]
    assert len(run(store, queries["support-opposition"], topic=RES + "topic/taiwan")) == 1
    assert run(store, queries["support-opposition"], topic=RES + "topic/ukraine") == []
    assert run(store, queries["support-opposition"], actor=RES + "country/ukr") == []


def test_q7_policies(queries, store):
    rows = run(store, queries["china-policies-towards-russia"])
    assert [(r["policy"], r["topics"]) for r in rows] == [(RES + "event/visa-policy", "visas")]
    swapped = {"issuer": RES + "country/rus", "target": RES + "country/chn"}
    assert run(store, queries["china-policies-towards-russia"], **swapped) == []


def test_q8_peace_talks(queries, store):
    rows = run(store, queries["ukraine-peace-talks"])
    assert len(rows) == 1
    assert rows[0]["places"] == "Istanbul"
    assert set(rows[0]["attendees"].split(", ")) == {"Russia", "Ukraine", "Yuri Ushakov"}
    none = {"country": RES + "country/chn", "topic": RES + "topic/taiwan"}
    assert run(store, queries["ukraine-peace-talks"], **none) == []


def test_q9_visits(queries, store):
    rows = run(store, queries["visits-to-country"])
    assert [(r["visitorLabel"], r["leaderOf"], r["onlyPlanned"]) for r in rows] == [
        ("Vladimir Putin", "Russia", "true")
    ]
    assert len(run(store, queries["visits-to-country"], month="2025-05")) == 1
    assert run(store, queries["visits-to-country"], month="2025-06") == []


def test_q10_entity_profile_and_missing_links(queries, store):
    rows = run(store, queries["entity-profile"])
    assert {r["qid"] for r in rows} == {"Q15031"}
    assert {"out", "in"} == {r["direction"] for r in rows}
    missing = {r["entity"] for r in run(store, queries["entities-without-wikidata"])}
    assert RES + "person/yuri-ushakov" in missing
    assert RES + "person/xi-jinping" not in missing
    people = run(
        store,
        queries["entities-without-wikidata"],
        **{"class": "https://w3id.org/diplokg/ontology#Person"},
    )
    assert [r["entity"] for r in people] == [RES + "person/yuri-ushakov"]


def test_q11_facts_from_article(queries, store):
    rows = run(store, queries["facts-from-article"])
    assert {r["fact"].rsplit("/", 1)[1] for r in rows} == {
        "vc-2026",
        "statement-putin",
        "visa-policy",
    }
    statement = next(r for r in rows if r["fact"].endswith("statement-putin"))
    assert "speaker: Vladimir Putin" in statement["participants"]
    assert all(r["evidence"] and r["confidence"] for r in rows)


def test_q12_conflicting_reports(queries, store):
    rows = run(store, queries["conflicting-reports"])
    assert [(r["kind"], r["value1"], r["value2"]) for r in rows] == [
        ("date", "2026-02-04", "2026-02-05")
    ]
    assert run(store, queries["conflicting-reports"], window_days="0") == []


# -- bind_params ------------------------------------------------------------------------


def test_bind_params_defaults_values_and_unbinding(queries):
    query = queries["contacts-of-leader"]
    bound = bind_params(query, {"to": "2025-06-30"})
    assert bound[Variable("person")] == NamedNode(RES + "person/xi-jinping")
    assert bound[Variable("from")] == Literal("2025-01-01", datatype=XSD_DATE)
    assert bound[Variable("to")] == Literal("2025-06-30", datatype=XSD_DATE)
    assert Variable("person") not in bind_params(query, {"person": ""})


@pytest.mark.parametrize(
    "value",
    [
        "xi-jinping",
        "/resource/person/xi",
        "ftp://example.org/x",
        "mailto:someone@example.org",
        "http://exa mple.org/x",
        "http://example.org/<x>",
        'http://example.org/x"',
        "http:///nohost",
    ],
)
def test_bind_params_rejects_bad_iris(queries, value):
    with pytest.raises(ValueError, match="person"):
        bind_params(queries["contacts-of-leader"], {"person": value})


@pytest.mark.parametrize("value", ["2025-13-01", "2025-02-30", "2025-1-1", "yesterday", "2025"])
def test_bind_params_rejects_bad_dates(queries, value):
    with pytest.raises(ValueError, match="from"):
        bind_params(queries["contacts-of-leader"], {"from": value})


@pytest.mark.parametrize("value", ["1.5", "two", "1e3"])
def test_bind_params_rejects_bad_integers(queries, value):
    with pytest.raises(ValueError, match="min_outlets"):
        bind_params(queries["multi-source-events"], {"min_outlets": value})


def test_bind_params_rejects_unknown_parameters(queries):
    with pytest.raises(ValueError, match="no parameter 'persona'"):
        bind_params(queries["contacts-of-leader"], {"persona": RES + "person/x"})


def test_string_and_integer_terms(queries):
    bound = bind_params(queries["multi-source-events"], {"min_outlets": "+3"})
    assert bound[Variable("min_outlets")].value == "3"
    bound = bind_params(queries["facts-from-article"], {"article_id": "seed-000"})
    assert bound[Variable("article_id")] == Literal("seed-000")


# -- malformed headers ------------------------------------------------------------------

GOOD = """#+ title: T
#+ description: D
#+ params:
#+   - name: x
#+     type: iri
#+     default: https://example.org/x
#+     description: an x
SELECT ?x WHERE { ?x ?p ?o }
"""


def test_parse_good_header():
    query = parse_saved_query("good", GOOD)
    assert query.title == "T" and query.description == "D"
    assert [(p.name, p.type, p.default, p.description) for p in query.params] == [
        ("x", "iri", "https://example.org/x", "an x")
    ]


def test_header_values_are_yaml_text():
    """Quoted defaults stay text; block scalars and quoting work as YAML says."""
    text = (
        "#+ title: 'Contacts: who and when'\n"
        "#+ description: >-\n#+   one\n#+   line\n"
        "#+ params:\n"
        '#+   - {name: d, type: date, default: "2025-01-01"}\n'
        "#+   - name: n\n#+     type: integer\n#+     default: '7'\n"
        "SELECT ?d ?n {}"
    )
    query = parse_saved_query("q", text)
    assert query.title == "Contacts: who and when" and query.description == "one line"
    assert [p.default for p in query.params] == ["2025-01-01", "7"]


def _param(*lines: str) -> str:
    """A header with one parameter item of the given field lines."""
    return "#+ title: T\n#+ params:\n#+   - " + "\n#+     ".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "no '#\\+' header"),
        ("#+ description: D\nSELECT ?x {}", "no 'title:'"),
        ("#+ title: T\n#+ colour: red\nSELECT ?x {}", ":2: unknown key 'colour' .*expected one of"),
        ("#+ title: T\n#+ title: U\nSELECT ?x {}", ":2: key 'title' given twice"),
        ("#+ title: T\n#+ - name: x\n#+   type: iri\nSELECT ?x {}", ":2: .* not valid YAML"),
        ("#+ - title\nSELECT ?x {}", "not a YAML mapping"),
        ("#+ title: T\n#+ params: x\nSELECT ?x {}", ":2: 'params' must be a list"),
        (_param("name: x y", "type: iri") + "SELECT ?x {}", ":3: .*not a SPARQL"),
        (_param("name: x", "type: uri") + "SELECT ?x {}", ":3: .*has type 'uri'"),
        (_param("name: x", "type: iri", "colour: red") + "SELECT ?x {}", ":5: unknown parameter"),
        (_param("name: y", "type: iri") + "SELECT ?x {}", "not a variable"),
        (_param("name: d", "type: date", 'default: "2025-02-30"') + "SELECT ?d {}", "bad default"),
        # unquoted, YAML reads a date (or an impossible one) and not the text
        (_param("name: d", "type: date", "default: 2025-02-03") + "SELECT ?d {}", ":5: .*quotes"),
        (_param("name: d", "type: date", "default: 2025-02-30") + "SELECT ?d {}", "quote dates"),
        (_param("name: n", "type: integer", "default: 7") + "SELECT ?n {}", ":5: .*as int"),
        (
            _param("name: x", "type: iri") + "#+   - name: x\n#+     type: iri\nSELECT ?x {}",
            "declared twice",
        ),
    ],
)
def test_malformed_headers_name_the_file(tmp_path: Path, text, error):
    (tmp_path / "broken-query.rq").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=error) as info:
        load_saved_queries(tmp_path)
    assert "broken-query.rq" in str(info.value)
