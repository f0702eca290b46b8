"""The nesting and depth measure that keeps too-deep texts away from the parser."""

from __future__ import annotations

import subprocess
import sys

import pytest

from diplokg.config import Settings
from diplokg.sparql.lexer import tokenize
from diplokg.sparql.structure import TooComplex, check_structure, measure


def shape(text: str) -> tuple[int, int]:
    found = measure(tokenize(text))
    return found.nesting, found.depth


def test_brackets_in_strings_iris_and_comments_do_not_count():
    text = 'SELECT * WHERE { ?s ?p "{{{((([[[" . ?s <urn:x> ?o } # {{{{(((('
    assert shape(text)[0] == 1


@pytest.mark.parametrize(
    "text, nesting",
    [
        ("SELECT * WHERE { { { } } }", 3),
        ("SELECT * WHERE { FILTER(((1))) }", 4),
        ("SELECT * WHERE { ?s ?p [ ?q [ ?r 1 ] ] }", 3),
        ("SELECT * WHERE { ?s ?p (((1))) }", 4),
        ("SELECT * WHERE { << << ?a ?b ?c >> ?d ?e >> ?f ?g }", 3),
    ],
)
def test_nesting_counts_every_kind_of_bracket(text, nesting):
    assert shape(text)[0] == nesting


def test_chains_count_one_level_per_link():
    base = shape("SELECT * WHERE { FILTER(1) }")[1]
    assert shape("SELECT * WHERE { FILTER(1+1+1+1) }")[1] == base + 3
    assert shape("SELECT * WHERE { FILTER(true || true || true) }")[1] == base + 2
    unions = shape("SELECT * WHERE { {} UNION {} UNION {} }")[1]
    assert unions > shape("SELECT * WHERE { {} UNION {} }")[1]


def test_data_blocks_are_flat_lists():
    rows = " ".join(f"-{i}" for i in range(5000))
    assert shape(f"SELECT * WHERE {{ VALUES ?x {{ {rows} }} }}")[1] < 10
    objects = ", ".join(f"-{i}" for i in range(5000))
    assert shape(f"INSERT DATA {{ <urn:s> <urn:p> {objects} }}")[1] < 10
    # ... but only the data block: an expression after it is measured again
    chain = "+".join(["1"] * 50)
    assert shape(f"SELECT * WHERE {{ VALUES ?x {{ 1 }} BIND({chain} AS ?y) }}")[1] > 50


def test_the_operations_of_an_update_are_a_flat_list():
    ops = " ;\n".join("INSERT DATA { <urn:s> <urn:p> 1 }" for _ in range(3000))
    assert shape(ops)[1] < 10


def test_over_the_limits_is_refused_with_where_and_how_much():
    with pytest.raises(TooComplex, match=r"nests brackets 65 deep .*at most 64"):
        check_structure(tokenize("SELECT * WHERE " + "{" * 65 + "}" * 65), 64, 1000)
    with pytest.raises(TooComplex, match=r"about \d+ levels .*at most 1000.*IN \(\.\.\.\)"):
        check_structure(tokenize("ASK { FILTER(" + "||".join(["true"] * 1200) + ") }"), 64, 1000)
    check_structure(tokenize("SELECT * WHERE " + "{" * 64 + "}" * 64), 64, 1000)
    check_structure(tokenize("SELECT * WHERE " + "{" * 99 + "}" * 99), 0, 0)  # off


def _at_limit(make, nesting: int, depth: int) -> str:
    """The largest text ``make(n)`` within both limits."""
    n = 1
    while True:
        found = measure(tokenize(make(n + 1)))
        if found.nesting > nesting or found.depth > depth:
            return make(n)
        n += 1 if n < 64 else max(1, n // 20)


#: Shapes that overflow Oxigraph's stack when repeated a few thousand times.
DEEP = {
    "braces": lambda n: "SELECT * WHERE " + "{" * n + "}" * n,
    "parentheses": lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "subqueries": lambda n: "SELECT * WHERE " + "{ SELECT * WHERE " * n + "{}" + "}" * n,
    "exists": lambda n: "SELECT * WHERE { " + "FILTER EXISTS { " * n + "}" * n + " }",
    "plus": lambda n: "SELECT * WHERE { BIND(" + "+".join(["1"] * n) + " AS ?x) }",
    "or": lambda n: "SELECT * WHERE { FILTER(" + "||".join(["true"] * n) + ") }",
    "union": lambda n: "SELECT * WHERE { " + " UNION ".join(["{}"] * n) + " }",
    "optional": lambda n: "SELECT * WHERE { " + "OPTIONAL {} " * n + "}",
    "minus": lambda n: "SELECT * WHERE { " + "MINUS {} " * n + "}",
    "bind": lambda n: "SELECT * WHERE { " + "".join(f"BIND(1 AS ?x{i}) " for i in range(n)) + "}",
    "graph": lambda n: "SELECT * WHERE { " + "".join(f"GRAPH ?g{i} {{}} " for i in range(n)) + "}",
    "paths": lambda n: "SELECT * WHERE { ?s " + "|".join(["<urn:p>"] * n) + " ?o }",
    "nested chains": lambda n: (
        "SELECT * WHERE { FILTER(" + "(true || " * n + "true" + ")" * n + ") }"
    ),
    "update": lambda n: "INSERT { GRAPH <urn:x> { ?s <urn:p> ?o } } WHERE " + "{" * n + "}" * n,
}
_RUN = """
import sys, pyoxigraph
store = pyoxigraph.Store()
for text in sys.stdin.read().split("\\x00"):
    try:
        if text.startswith("INSERT"):
            store.update(text)
        else:
            result = store.query(text)
            if not isinstance(result, pyoxigraph.QueryBoolean):
                list(result)
    except (SyntaxError, ValueError, OSError):
        pass
print("survived")
"""


def test_texts_at_the_default_limits_do_not_overflow_the_engine():
    """Every deep shape, as deep as the default limits let it be, runs in a plain
    process (8 MB main-thread stack) without crashing it: the limits leave room."""
    settings = Settings()
    texts = [_at_limit(make, settings.max_query_nesting, settings.max_query_depth)
             for make in DEEP.values()]  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-c", _RUN], input="\x00".join(texts), capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0 and "survived" in proc.stdout, proc.stderr[-2000:]
