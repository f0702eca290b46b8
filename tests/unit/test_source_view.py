"""The source view (issue 11): an article's text stored with its passages, the page
chrome the reader dropped, and where each mention and each fact is; ``/article/{slug}``
shows it with the marks linked to their pages."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import NamedNode

from diplokg.api.app import create_app
from diplokg.api.data.source import Mark, pieces
from diplokg.build.article import ArticleProcessor
from diplokg.config import Settings
from diplokg.rdf.iris import Iris
from diplokg.rdf.mapping import Mapper
from diplokg.rdf.vocab import ITSRDF, NIF, SCHEMA
from diplokg.read import build_article
from diplokg.read.base import RawDocument
from diplokg.store.embedded import EmbeddedStore

TEXT = """Xi y Putin conversan por videollamada

LEA TAMBIÉN: El G20 se reúne en Johannesburgo

El presidente de China, Xi Jinping, y el presidente de Rusia, Vladímir Putin, \
mantuvieron el martes una videollamada sobre energía & comercio.

Síguenos en nuestro canal de WhatsApp para más noticias
"""
RES = "https://w3id.org/diplokg/resource/"


def mark(start: int, end: int, target: str = "t", role: str = "mention") -> Mark:
    return Mark(start, end, target, role, "Person", target)


def render(text: str, marks: list[Mark]) -> str:
    out = []
    for p in pieces(text, marks):
        out.append("[" if p.open else "]" if p.close else p.text)
    return "".join(out)


def test_pieces_nest_and_cut_crossing_marks() -> None:
    text = "Xi y Putin hablaron"
    assert render(text, [mark(0, 2), mark(5, 10)]) == "[Xi] y [Putin] hablaron"
    # a sentence-wide fact holds the mentions inside it
    assert render(text, [mark(0, 19, "e", "fact"), mark(5, 10)]) == "[Xi y [Putin] hablaron]"
    # a mark crossing the end of the one it opens in is cut there
    assert render(text, [mark(0, 7), mark(5, 10)]) == "[Xi y [Pu]]tin hablaron"
    # two marks on one stretch both show; out-of-range marks are left out
    both = [mark(0, 2, "a"), mark(0, 2, "b"), mark(40, 50)]
    assert render(text, both) == "[[Xi]] y Putin hablaron"


@pytest.fixture(scope="module")
def built() -> tuple[EmbeddedStore, object]:
    settings = Settings()
    raw = RawDocument(source="nota.md", id="Nota Uno", text=TEXT, lang="es",
                      published=date(2026, 2, 4))  # fmt: skip
    article = build_article(raw)
    facts = ArticleProcessor(settings).process(article)
    mapper = Mapper(Iris(settings.base_iri))
    store = EmbeddedStore(None)
    store.replace_graph(mapper.graph_of(facts), mapper.quads(facts))
    return store, facts


def rows(store: EmbeddedStore, query: str) -> list[dict[str, str]]:
    prefixes = f"PREFIX schema: <{SCHEMA}> PREFIX nif: <{NIF}> PREFIX itsrdf: <{ITSRDF}>\n"
    return [{k: v.value for k, v in r.items()} for r in store.solutions(prefixes + query)]


def test_passages_and_dropped_chrome_are_stored_in_order(built) -> None:
    store, facts = built
    assert facts.article.dropped_chrome  # the reader dropped the related link and prompt
    found = rows(
        store,
        """SELECT ?pos ?kind ?text WHERE {
        ?a schema:hasPart ?p . ?p schema:position ?pos ; a ?kind ; nif:isString ?text }
        ORDER BY ?pos""",
    )
    kinds = [r["kind"].rsplit("#", 1)[-1] for r in found]
    assert kinds[0] == "TitlePassage" and "BodyPassage" in kinds
    assert kinds[-len(facts.article.dropped_chrome) :] == ["DroppedChrome"] * len(
        facts.article.dropped_chrome
    )
    texts = [r["text"] for r in found]
    assert texts[: len(facts.article.passages)] == [p.text for p in facts.article.passages]
    assert any(t.startswith("LEA TAMBIÉN") for t in texts)
    assert [int(r["pos"]) for r in found] == list(range(1, len(found) + 1))


def test_marks_hold_the_offsets_of_mentions_and_facts(built) -> None:
    store, _ = built
    found = rows(
        store,
        """SELECT ?m ?text ?b ?e ?target WHERE {
        ?m nif:referenceContext ?p ; nif:beginIndex ?b ; nif:endIndex ?e ;
           itsrdf:taIdentRef ?target . ?p nif:isString ?text }""",
    )
    by_target: dict[str, set[str]] = {}
    for r in found:
        b, e = int(r["b"]), int(r["e"])
        assert r["m"].endswith(f"#char={b},{e}")  # RFC 5147 fragment
        by_target.setdefault(r["target"], set()).add(r["text"][b:e])
    assert "Xi Jinping" in by_target[RES + "person/xi-jinping"]
    assert "Vladímir Putin" in by_target[RES + "person/vladimir-putin"]
    call = [t for t in by_target if t.startswith(RES + "event/")]
    assert call, by_target
    assert any("videollamada" in s or "conversan" in s for t in call for s in by_target[t])


@pytest.fixture(scope="module")
def client(built) -> TestClient:
    store, _ = built
    return TestClient(create_app(Settings(), store=store))


def test_source_view_marks_facts_and_mentions_with_links(client) -> None:
    res = client.get("/article/nota-uno")
    assert res.status_code == 200
    html = res.text
    assert '<mark class="mark fact tag-' in html
    assert '<mark class="mark mention tag-Person"' in html
    assert 'href="/resource/person/xi-jinping"' in html
    assert 'href="/resource/event/' in html
    assert "energía &amp; comercio" in html  # text is escaped
    assert '<section class="chrome">' in html
    assert "Síguenos en nuestro canal" in html.split('<section class="chrome">', 1)[1]


def test_source_view_is_linked_and_404s(client) -> None:
    assert client.get("/article/no-such-article").status_code == 404
    page = client.get("/resource/article/nota-uno", follow_redirects=True)
    assert 'href="/article/nota-uno"' in page.text
    call = page.text.split('href="/resource/event/', 1)[1].split('"', 1)[0]
    event = client.get(f"/page/event/{call}")
    assert 'class="source-view" href="/article/nota-uno"' in event.text


def test_stored_text_keeps_the_graph_small(built) -> None:
    store, facts = built
    n = len(rows(store, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"))
    passages = len(facts.article.passages) + len(facts.article.dropped_chrome)
    marks = len(rows(store, "SELECT DISTINCT ?m WHERE { ?m nif:referenceContext ?p }"))
    text = 4 * passages + 4 * marks  # at most: plus one itsrdf:taIdentRef per extra target
    assert n <= 120 + text + marks, n
    assert NamedNode(RES + "article/nota-uno")
