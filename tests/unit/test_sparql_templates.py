"""The project's own queries (API pages, service description, evaluation): ``.rq``
templates completed only with validated fragments."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Store

import diplokg
from diplokg.rdf.vocab import sparql_prefixes
from diplokg.sparql import templates
from diplokg.sparql.templates import QueryTemplate, integer, iri, iri_list, literals, values

PACKAGE = Path(diplokg.__file__).parent
RQ_FILES = sorted(PACKAGE.glob("**/queries/*.rq"))
#: A valid fragment for each placeholder the templates use.
SAMPLE = {
    "entity": iri("https://example.org/e"),
    "limit": integer(10),
    "offset": integer(0),
    "events": values("e", ["https://example.org/e"]),
    "iris": values("x", ["https://example.org/x"]),
    "types": values("type", ["https://example.org/T"]),
    "roles": iri_list(["https://example.org/r1", "https://example.org/r2"]),
    "participant": templates.EMPTY,
    "articles": literals(["seed-000", 'an "odd" id']),
    "graphs": values("g", ["https://example.org/graph/x"]),
    # the join of undated reports (build/reports.py): EMPTY, or VALUES of ?e, ?g, ?p, ?side
    "scope": values("e", ["https://example.org/e"]),
    "changed": iri_list(["https://example.org/graph/x"]),
    # the timeline's and the network's pieces (api/data/timeline.py, network.py)
    "actor": iri("https://example.org/a"),
    "actors": templates.EMPTY,
    "classes": values("otype", ["https://example.org/C"]),
    "kinds": values("kind", ["https://example.org/K"]),
    "outlets": values("outlet", ["https://example.org/publisher/p"]),
    "languages": literals(["es", "en"]),
    "sources": templates.EMPTY,
    "outlet_pattern": templates.Fragment("?art <https://example.org/p> ?outlet ."),
    "language_pattern": templates.EMPTY,
    "period": templates.EMPTY,
    "dates": templates.EMPTY,
    "start": literals(["2024-01-01"]),
    "end": literals(["2026-12-31"]),
    "match": templates.Fragment("?e a ?type ."),
    "order": templates.Fragment("DESC"),
    # the source view's (api/data/source.py)
    "article": iri("https://example.org/article/a"),
    # the entity page's (api/data/entity.py)
    "refs_limit": integer(26),
    "refs_offset": integer(25),
    "event_rows": templates.Fragment("SELECT ?e WHERE { ?e ?r <https://example.org/e> }"),
}
#: Files holding a graph pattern that other templates take in, not a whole query.
PATTERNS = {
    "timeline-participant",
    "timeline-actor",
    "timeline-kinds",
    "timeline-languages",
    "timeline-match",
    "timeline-dated",
    "timeline-window",
    "timeline-outlets",
    "timeline-period",
    "timeline-sources",
}


def test_the_query_files_are_found():
    assert {p.parent.relative_to(PACKAGE).as_posix() for p in RQ_FILES} == {
        "api/queries",
        "api/data/queries",
        "build/queries",
        "evaluate/queries",
    }
    assert len(RQ_FILES) >= 16


@pytest.mark.parametrize("path", RQ_FILES, ids=lambda p: p.stem)
def test_every_query_file_fills_and_parses(path: Path):
    module_beside_queries = path.parent.parent / "module.py"
    template = templates.read_template(str(module_beside_queries), path.stem)
    text = template.fill(**{name: SAMPLE[name] for name in template.placeholders})
    if path.stem in PATTERNS:  # a pattern put into another query
        text = f"SELECT * WHERE {{ ?art ?p ?date . {text} }}"
    Store().query(sparql_prefixes() + text)  # parses (the evaluation's need the prefixes)
    assert not any(line.lstrip().startswith("#") for line in text.splitlines())


def test_fill_takes_only_fragments():
    template = QueryTemplate("t", "SELECT * WHERE { {entity} ?p ?o } LIMIT {limit}")
    assert template.placeholders == {"entity", "limit"}
    with pytest.raises(TypeError, match="Fragment"):
        template.fill(entity="<https://example.org/e> } ; DROP ALL ; {", limit=integer(1))
    with pytest.raises(ValueError, match="takes"):
        template.fill(entity=iri("https://example.org/e"))
    filled = template.fill(entity=iri("https://example.org/e"), limit=integer(5))
    assert filled == "SELECT * WHERE { <https://example.org/e> ?p ?o } LIMIT 5"


@pytest.mark.parametrize(
    "make",
    [
        lambda: iri("not an iri"),
        lambda: iri("https://example.org/a> . <b"),
        lambda: values("x y", ["https://example.org/e"]),
        lambda: integer(-1),
        lambda: integer(True),
        lambda: integer("5"),  # type: ignore[arg-type]
    ],
)
def test_fragments_refuse_what_is_not_valid(make):
    with pytest.raises(ValueError):
        make()


def test_literals_are_escaped_strings():
    text = literals(['a "b" } ; DROP ALL', "line\nbreak"])
    assert isinstance(text, templates.Fragment)
    found = Store().query(f"SELECT ?x WHERE {{ VALUES ?x {{ {text} }} }}")
    assert [row["x"].value for row in found] == ['a "b" } ; DROP ALL', "line\nbreak"]
