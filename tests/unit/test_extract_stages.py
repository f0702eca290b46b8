"""Each extraction stage on its own: frame, roles, filters, attachment, refinement,
and the function words they read (real spaCy models, the shipped lexicon)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from diplokg.config import Settings
from diplokg.extract.attach import Attacher
from diplokg.extract.filters import Filters
from diplokg.extract.frame import FrameReader
from diplokg.extract.phrases import phrase_spans
from diplokg.extract.refine import Refiner
from diplokg.extract.roles import assign_roles
from diplokg.extract.words import load_words
from diplokg.link.linker import ArticleState
from diplokg.model import EventStatus


@pytest.fixture(scope="module")
def processor():
    from diplokg.build.article import ArticleProcessor

    return ArticleProcessor(Settings())


@pytest.fixture(scope="module")
def reader(processor) -> FrameReader:
    return processor.extractor.reader


def frames(processor, text: str, lang: str = "es"):
    """The frames of every trigger of the first sentence of ``text``."""
    doc = processor.pipelines.parse([text], lang)[0]
    state = ArticleState(published=date(2025, 8, 29))
    mentions = processor.linker.link(doc, lang, state)
    sent = next(iter(doc.sents))
    reader = processor.extractor.reader
    triggers = processor.extractor.lex.match(sent, lang)
    sc = reader.sentence(sent, mentions, triggers, carried=[])
    out = [reader.read(sc, t, state) for t in triggers]
    return out, state, mentions, sc.attributed


def test_frame_splits_subject_side_and_others(processor):
    (frame,), _state, _, _ = frames(processor, "Lula se reunió con Xi Jinping en Pekín.")
    assert [m.key for m in frame.subject_side] == ["person/luiz-inacio-lula-da-silva"]
    assert [m.key for m in frame.others] == ["person/xi-jinping"]
    assert not frame.nominal and frame.verb.lemma_ == "reunir"


def test_frame_sets_aside_mediators_and_roles_give_them_their_role(processor, reader):
    found, state, _, _ = frames(
        processor, "El acuerdo, mediado por Noruega, fue firmado por Colombia y Venezuela."
    )
    (frame,) = [f for f in found if not f.nominal]  # "firmado"
    assert [m.key for m in frame.mediators] == ["country/nor"]
    roles = {(p.entity, p.role) for p in assign_roles(frame, reader, state)}
    assert roles == {
        ("country/col", "signatory"),
        ("country/ven", "signatory"),
        ("country/nor", "mediator"),
    }


def test_filters_reject_a_negated_trigger_and_keep_the_plain_one(processor, reader):
    filters = Filters(reader)
    (negated,), _, _, attributed = frames(processor, "Lula no se reunió con Xi Jinping.")
    assert filters.rejects_frame(negated, attributed)
    (plain,), state, _, attributed = frames(processor, "Lula se reunió con Xi Jinping.")
    assert not filters.rejects_frame(plain, attributed)
    assert not filters.rejects_fact(plain, assign_roles(plain, reader, state), state)


def test_attacher_finds_place_and_planned_status(processor, reader):
    (frame,), state, mentions, _ = frames(processor, "Lula se reunirá con Xi Jinping en Pekín.")
    attacher = Attacher(reader)
    participants = assign_roles(frame, reader, state)
    assert attacher.place(frame, mentions, participants, state) == "place/beijing"
    assert attacher.status(frame) is EventStatus.PLANNED


def test_refiner_marks_a_continued_statement(processor, reader):
    found, *_ = frames(processor, "Lula añadió que el plan fue bueno.")
    (frame,) = [f for f in found if f.type.speech]
    assert Refiner(reader).continues(frame)
    found, *_ = frames(processor, "Lula dijo que el plan fue bueno.")
    (frame,) = [f for f in found if f.type.speech]
    assert not Refiner(reader).continues(frame)


def test_phrase_spans_cover_a_list_of_names(processor, reader):
    doc = processor.pipelines.parse(["El pacto, mediado por Qatar, Egipto y Turquía, rige."], "es")[
        0
    ]
    sent = next(iter(doc.sents))
    (span,) = phrase_spans(doc, sent, ("mediado por",), reader.words, lists=True)
    assert doc[span.start : span.stop].text == "mediado por Qatar, Egipto y Turquía"


def test_function_words_come_from_one_file_per_language(tmp_path: Path):
    words_dir = tmp_path / "lexicon" / "words"
    words_dir.mkdir(parents=True)
    (words_dir / "es.yaml").write_text("genitive: [de]\n", encoding="utf-8")
    (words_dir / "en.yaml").write_text("genitive: [of]\n", encoding="utf-8")
    assert load_words(tmp_path).genitive == {"de", "of"}
    (words_dir / "fr.yaml").write_text("genitif: [du]\n", encoding="utf-8")
    load_words.cache_clear()
    with pytest.raises(ValueError, match="unknown word list 'genitif'"):
        load_words(tmp_path)
    load_words.cache_clear()
