"""Each article is parsed in a spaCy memory zone (issue 12, memory): the words it brings
to the vocabulary are freed once its facts are made, and the facts are those made
without zones, whichever articles came before. Real spaCy models."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date

import pytest

from diplokg.build.article import ArticleProcessor
from diplokg.config import Settings
from diplokg.model import Article, ArticleFacts, Passage
from diplokg.nlp.pipelines import Pipelines
from diplokg.rdf.iris import Iris
from diplokg.rdf.mapping import Mapper

PUBLISHED = date(2025, 6, 12)
CALL = Article(
    "zone-call",
    (
        Passage("Lula y Xi conversan"),
        Passage(
            "El presidente de Brasil, Luiz Inácio Lula da Silva, mantuvo el martes una "
            "videollamada con el presidente chino, Xi Jinping, sobre el comercio de soja."
        ),
    ),
    "test",
    PUBLISHED,
    "es",
)
#: names and words no model or gazetteer knows: new to the vocabulary
ENVOY = Article(
    "zone-envoy",
    (
        Passage(
            "El canciller Rufus Zapruvelka, enviado del gobierno de Krontibia, se reunió "
            "el lunes en Lima con el presidente de Perú para hablar de los krontiblatos."
        ),
    ),
    "test",
    PUBLISHED,
    "es",
)
MEETING = Article(
    "zone-meeting",
    (
        Passage(
            "Narendra Modi met Vladimir Putin in Moscow on Monday to discuss oil, and "
            "the Zorvathian envoy Quillon Brask joined them."
        ),
    ),
    "test",
    PUBLISHED,
    "en",
)


@pytest.fixture(scope="module")
def processor() -> ArticleProcessor:
    return ArticleProcessor(Settings())


def quads(processor: ArticleProcessor, facts: ArticleFacts) -> list[str]:
    mapper = Mapper(Iris(Settings().base_iri), processor.value_labels())
    return sorted(str(q) for q in mapper.quads(facts))


def lexemes(processor: ArticleProcessor, lang: str) -> int:
    # len(vocab) counts every lexeme ever made; the ones a zone frees leave the index
    return sum(1 for _ in processor.pipelines.get(lang).vocab)


def test_words_new_to_the_vocabulary_are_freed_after_each_article(processor):
    processor.process(CALL)  # the pipeline is loaded and has seen common words
    nlp = processor.pipelines.get("es")
    strings, known = len(nlp.vocab.strings), lexemes(processor, "es")
    facts = processor.process(ENVOY)
    assert "person/rufus-zapruvelka" in facts.entities  # a name only this article has
    assert "Rufus Zapruvelka" in facts.entities["person/rufus-zapruvelka"].labels.values()
    assert "Zapruvelka" not in nlp.vocab.strings and "krontiblatos" not in nlp.vocab.strings
    assert (len(nlp.vocab.strings), lexemes(processor, "es")) == (strings, known)


def test_facts_across_zones_are_those_made_without_zones(processor, monkeypatch):
    order = (ENVOY, CALL, MEETING, ENVOY, CALL)
    zoned = [quads(processor, processor.process(a)) for a in order]
    monkeypatch.setattr(Pipelines, "memory_zone", lambda self, langs: nullcontext())
    plain = [quads(processor, processor.process(a)) for a in order]
    assert zoned == plain
    assert zoned[0] == zoned[3] and zoned[1] == zoned[4]
    assert all(zoned)
