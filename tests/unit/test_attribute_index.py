"""The indexed attribute ruler finds spaCy's matches, in spaCy's order."""

from __future__ import annotations

import pytest
from spacy.pipeline import AttributeRuler

from diplokg.config import Settings
from diplokg.knowledge.gazetteer import load_gazetteer
from diplokg.nlp.attribute_index import IndexedAttributeRuler, _Index, one_token_tests
from diplokg.nlp.pipelines import Pipelines, load_model

SENTENCES = {
    "es": [
        "El canciller de Perú viajó ayer a Quito para reunirse con su homóloga.",
        "  Ambos gobiernos firmaron un memorando;  no habrá   aranceles nuevos.",
        "¿Quién lo dijo? «Nosotros no vamos a ceder», respondió la ministra.",
    ],
    "en": [
        "The minister ain't gonna sign it, and she wouldn't meet them either.",
        "We're going to Lima next week; they've said the talks can't wait.",
        "Y'all know the deal isn't done  --  it's 'cause of the tariffs, innit?",
        "Our delegation will arrive at 9 a.m. and won't leave before Friday.",
    ],
}


def test_only_one_token_equality_patterns_are_looked_up():
    assert one_token_tests([{"TAG": "NN"}]) == {"TAG": frozenset({"NN"})}
    assert one_token_tests([{"lower": {"IN": ["a", "b"]}, "TAG": "DT"}]) == {
        "LOWER": frozenset({"a", "b"}),
        "TAG": frozenset({"DT"}),
    }
    assert one_token_tests([{"LOWER": {"REGEX": "^n't$"}}]) is None
    assert one_token_tests([{"LOWER": "gon"}, {"LOWER": "na"}]) is None
    assert one_token_tests([{"ORTH": "x"}]) is None
    assert one_token_tests([{"TAG": "NN", "OP": "?"}]) is None
    assert one_token_tests([{}]) is None


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_matches_are_the_stock_rulers(lang: str):
    nlp = load_model(Settings().spacy_models[lang])
    stock = nlp.get_pipe("attribute_ruler")
    assert type(stock) is AttributeRuler
    index = _Index(stock)
    later = [n for n in nlp.pipe_names if n in {"attribute_ruler", "lemmatizer", "ner"}]
    with nlp.select_pipes(disable=later):
        docs = list(nlp.pipe(SENTENCES[lang]))
    for doc in docs:
        expected = stock.match(doc)
        assert expected  # the tag map matches every token
        assert index.match(doc) == expected


@pytest.mark.parametrize("lang", ["es", "en"])
def test_diplokg_pipelines_set_the_stock_attributes(lang: str):
    settings = Settings()
    nlp = Pipelines(settings, load_gazetteer(settings.data_dir)).get(lang)
    stock = load_model(settings.spacy_models[lang])
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, IndexedAttributeRuler)
    assert ruler.patterns == stock.get_pipe("attribute_ruler").patterns
    for text in SENTENCES[lang]:
        with nlp.select_pipes(disable=["gazetteer_ruler", "merge_known_names", "ner"]):
            ours = nlp(text)
        theirs = stock(text)
        assert [(t.tag_, t.pos_, str(t.morph), t.lemma_) for t in ours] == [
            (t.tag_, t.pos_, str(t.morph), t.lemma_) for t in theirs
        ]
