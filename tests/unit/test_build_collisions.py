"""Two article ids, one graph: reported (naming both), never built over each other."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from diplokg.build.collisions import split_batch, split_stored
from diplokg.model import Article
from diplokg.rdf.iris import Iris
from diplokg.rdf.vocab import SCHEMA
from diplokg.store.embedded import EmbeddedStore

IRIS = Iris("https://example.org/r/")


def article(ident: str, source: str) -> Article:
    return Article(id=ident, passages=(), source=source)


def test_ids_with_one_slug_share_a_graph():
    # the documented rule: case, accents and runs of other characters fold away
    assert IRIS.graph("../../etc") == IRIS.graph("etc") == IRIS.graph("ÉTC")
    assert IRIS.graph("etc") == "https://example.org/r/graph/etc"


def test_the_first_article_of_a_graph_is_kept_and_the_other_named():
    kept, errors = split_batch(
        [article("../../etc", "a.jsonl:1"), article("etc", "a.jsonl:2"),
         article("other", "a.jsonl:3")],
        IRIS,
    )  # fmt: skip
    assert [a.id for a in kept] == ["../../etc", "other"]
    (error,) = errors
    assert error.startswith("a.jsonl:2: article id 'etc' ")
    assert "'../../etc' (a.jsonl:1)" in error and "<https://example.org/r/graph/etc>" in error


def test_the_same_id_from_two_sources_is_reported_and_the_same_source_is_not():
    kept, errors = split_batch([article("x", "a.txt"), article("x", "b/a.txt")], IRIS)
    assert [a.source for a in kept] == ["a.txt"] and len(errors) == 1
    kept, errors = split_batch([article("x", "a.txt"), article("x", "a.txt")], IRIS)
    assert len(kept) == 1 and errors == []


def test_a_graph_holding_another_id_in_the_store_is_not_overwritten():
    store = EmbeddedStore(None)
    graph = NamedNode(IRIS.graph("../../etc"))
    node = NamedNode(IRIS.article("../../etc"))
    store.replace_graph(graph, [
        Quad(node, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
             NamedNode(SCHEMA + "NewsArticle"), graph),
        Quad(node, NamedNode(SCHEMA + "identifier"), Literal("../../etc"), graph),
    ])  # fmt: skip
    batch = [article("etc", "b.jsonl:1"), article("../../etc", "c.jsonl:1"),
             article("new", "b.jsonl:2")]  # fmt: skip
    kept, errors = split_stored(batch, IRIS, store)
    assert [a.id for a in kept] == ["../../etc", "new"]  # a rebuild of itself is fine
    (error,) = errors
    assert "'etc'" in error and "'../../etc' (already in the store)" in error


def test_a_streaming_build_reports_the_clash_and_builds_the_rest(tmp_path):
    import json

    from diplokg.build.batch import build
    from diplokg.config import Settings

    lines = [
        {"id": "../../etc", "text": "Lula se reunió con Xi Jinping en Pekín.", "lang": "es"},
        {"id": "etc", "text": "Petro se reunió con Maduro en Caracas.", "lang": "es"},
        {"id": "other", "text": "Modi se reunió con Albanese en Sídney.", "lang": "es"},
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    store = EmbeddedStore(None)
    report = build([batch], Settings(), store)
    assert report.articles == 2
    (error,) = report.errors
    assert "'etc'" in error and "'../../etc'" in error
