"""Which date dates which fact (issue 14): the tree decides, not the sentence.

Sentences written for these tests, with real spaCy models and the shipped gazetteer.
"""

from __future__ import annotations

from datetime import date

import pytest

from diplokg.config import Settings
from diplokg.extract.clauses import clause_head, clause_tokens
from diplokg.extract.date_attachment import attach_date, date_mentions
from diplokg.extract.dates import DateResolver
from diplokg.model import Article, ArticleFacts, Passage

FRI = date(2025, 8, 29)  # a Friday
WED = date(2026, 2, 4)  # a Wednesday


@pytest.fixture(scope="module")
def processor():
    from diplokg.build.article import ArticleProcessor

    return ArticleProcessor(Settings())


def run(processor, text: str, published: date | None, lang: str) -> ArticleFacts:
    return processor.process(Article("t", (Passage(text),), "test", published, lang))


def dated(facts: ArticleFacts, type_: str) -> list[str | None]:
    return [e.date.value if e.date else None for e in facts.events if e.type == type_]


# -- 1. day and month without a year ------------------------------------------------
def test_a_planned_summit_days_ahead_is_this_years(processor):
    facts = run(
        processor, "La cumbre entre Lula y Milei está prevista para el 3 de septiembre.", FRI, "es"
    )
    assert dated(facts, "Meeting") == ["2025-09-03"]


def test_a_meeting_two_weeks_back_under_a_future_verb_is_two_weeks_back(processor):
    facts = run(
        processor,
        "Petro le informará a Boric de los resultados de su reunión con Lula el 14 de agosto.",
        FRI,
        "es",
    )
    assert dated(facts, "Meeting") == ["2025-08-14"]


def test_a_month_under_a_future_copula_is_ahead(processor):
    # published on 29 August 2025: "será sede ... en marzo" is next March, not last
    facts = run(processor, "Chile será sede de la cumbre del Mercosur en marzo.", FRI, "es")
    assert dated(facts, "Meeting") == ["2026-03"]


def test_a_month_under_a_present_subjunctive_is_ahead(processor):
    # "agradeció que Boric visite Brasilia en marzo": a visit still to come
    facts = run(processor, "Lula agradeció que Boric visite Brasilia en marzo.", FRI, "es")
    assert dated(facts, "Visit") == ["2026-03"]
    (visit,) = [e for e in facts.events if e.type == "Visit"]
    assert visit.status.value == "planned"


# -- 2. a date of another clause or phrase ------------------------------------------
def test_a_year_in_the_speakers_apposition_does_not_date_the_statement(processor):
    facts = run(
        processor,
        "El presidente Gustavo Petro, debilitado desde las elecciones de octubre de 2023, "
        "afirmó que Colombia seguirá negociando con Venezuela.",
        FRI,
        "es",
    )
    assert dated(facts, "Statement") == ["2025-08-29"]


def test_an_english_subject_with_a_year_of_its_own(processor):
    facts = run(
        processor,
        "Macron, under pressure since the elections of June 2024, said France would stay.",
        WED,
        "en",
    )
    assert dated(facts, "Statement") == ["2026-02-04"]


def test_a_date_in_what_was_said_does_not_date_the_saying(processor):
    facts = run(
        processor,
        "La Comisión Europea aseguró que seguirá negociando con China hasta el 9 de septiembre.",
        FRI,
        "es",
    )
    assert dated(facts, "Statement") == ["2025-08-29"]
    assert "2025-09-09" not in dated(facts, "Negotiation")  # "hasta": a bound


def test_since_when_is_not_when(processor):
    facts = run(
        processor,
        "Es la segunda visita de Estado de Lula a la India desde febrero de 2019.",
        FRI,
        "es",
    )
    # not February 2019; as the lede's news, the visit is of the publication day
    assert dated(facts, "Visit") == [FRI.isoformat()]


def test_a_future_complement_does_not_take_the_announcement_day(processor):
    facts = run(
        processor,
        "Boric anunció el martes que Chile y Perú firmarán un acuerdo comercial.",
        FRI,
        "es",
    )
    assert dated(facts, "Agreement") == [None]


# -- 3. bare weekdays ------------------------------------------------------------------
def test_said_friday_without_on_is_last_friday(processor):
    facts = run(
        processor, "Meloni said Friday that the talks with India were productive.", WED, "en"
    )
    assert dated(facts, "Statement") == ["2026-01-30"]


def test_el_viernes_is_last_friday(processor):
    facts = run(processor, "Lula dijo el viernes que Brasil apoya el acuerdo.", WED, "es")
    assert dated(facts, "Statement") == ["2026-01-30"]


# -- 4. statements without a time word ---------------------------------------------------
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Erdogan said that Turkey will host the talks.", "en"),
        ("Petro afirmó que Colombia no romperá relaciones con Israel.", "es"),
    ],
)
def test_an_undated_statement_is_dated_by_the_report(processor, text, lang):
    assert dated(run(processor, text, WED, lang), "Statement") == ["2026-02-04"]


def test_without_a_publication_date_an_undated_statement_stays_undated(processor):
    facts = run(processor, "Erdogan said that Turkey will host the talks.", None, "en")
    assert dated(facts, "Statement") == [None]


# -- 5. an event just done, reported in a dated statement ----------------------------------
def test_an_agreement_just_reached_takes_the_announcement_day(processor):
    facts = run(
        processor,
        "Trump announced on Monday that Israel and Iran have reached a ceasefire agreement.",
        WED,
        "en",
    )
    assert dated(facts, "Agreement") == ["2026-02-02"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Meloni said Friday that her just-finished call with Modi was productive.", "2026-01-30"),
        ("Meloni said Friday that her call with Modi was productive.", None),
    ],
)
def test_a_just_finished_call_takes_the_date_of_the_statement(processor, text, expected):
    (doc,) = processor.pipelines.parse([text], "en")
    sent = next(iter(doc.sents))
    trigger = next(t for t in doc if t.lower_ == "call")
    verb = clause_head(trigger)
    dates = date_mentions(sent, DateResolver("en", WED))
    found = attach_date(
        sent,
        dates,
        trigger=trigger,
        verb=verb,
        clause=clause_tokens(verb, keep=trigger),
        speech=False,
    )
    assert (found.value.value if found else None) == expected


# -- dates a nested clause shares with the clause it hangs from ----------------------------
def test_a_coordinated_verb_shares_the_date_placed_before_the_first(processor):
    facts = run(
        processor,
        "Este lunes 2 de febrero, los presidentes de Chile y Perú tuvieron una conversación "
        "y llegaron a un acuerdo comercial.",
        WED,
        "es",
    )
    assert dated(facts, "Agreement") == ["2026-02-02"]


def test_a_date_ahead_of_the_report_belongs_to_the_expected_event(processor):
    facts = run(
        processor,
        "El mes que viene se espera que el primer ministro japonés visite la India.",
        WED,
        "es",
    )
    assert dated(facts, "Visit") == ["2026-03"]


def test_a_finite_clause_of_its_own_keeps_its_date(processor):
    # "y que asumirá …" is another clause, even when parsed as a coordinated verb
    facts = run(
        processor,
        "Boric tiene previsto reunirse por la tarde con el presidente electo Kast, del "
        "Partido Republicano y que asumirá el cargo el 11 de marzo próximo.",
        WED,
        "es",
    )
    assert dated(facts, "Meeting") == [None]


def test_a_relative_clause_of_a_nominal_trigger_dates_it(processor):
    facts = run(processor, "Petro recordó una llamada que tuvo con Lula el viernes.", WED, "es")
    assert dated(facts, "Call") == ["2026-01-30"]
