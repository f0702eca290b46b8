"""Extraction on sentences unlike the seeds: other leaders, countries, languages.

Real spaCy models and the shipped gazetteer; each case checks the facts an analyst
would underline, not the exact output.
"""

from __future__ import annotations

from datetime import date

import pytest

from diplokg.config import Settings
from diplokg.model import Article, ArticleFacts, EventStatus, Passage


@pytest.fixture(scope="module")
def processor():
    from diplokg.build.article import ArticleProcessor

    return ArticleProcessor(Settings())


def run(processor, text: str, published: date | None, lang: str = "es") -> ArticleFacts:
    passages = tuple(Passage(p) for p in text.split("\n\n"))
    return processor.process(Article("t", passages, "test", published, lang))


def events(facts: ArticleFacts, type_: str):
    return [e for e in facts.events if e.type == type_]


def keys(fact) -> set[str]:
    return {p.entity for p in fact.participants}


def role(fact, name: str) -> set[str]:
    return {p.entity for p in fact.participants if p.role == name}


def test_meeting_with_names_titles_date_and_place(processor):
    facts = run(
        processor,
        "El presidente francés, Emmanuel Macron, se reunió el lunes en Berlín "
        "con el canciller alemán, Friedrich Merz.",
        date(2025, 9, 10),
    )
    (meeting,) = events(facts, "Meeting")
    assert {"person/emmanuel-macron", "person/friedrich-merz"} <= keys(meeting)
    assert meeting.date.value == "2025-09-08"
    assert meeting.place == "place/berlin"
    assert "country/deu" in facts.entities["person/friedrich-merz"].leader_of


def test_planned_visit(processor):
    facts = run(
        processor,
        "El primer ministro indio, Narendra Modi, visitará Moscú en julio.",
        date(2025, 5, 1),
    )
    (visit,) = events(facts, "Visit")
    assert role(visit, "visitor") == {"person/narendra-modi"}
    # the city is where; its country the host (not "Moscow (host)")
    assert role(visit, "host") == {"country/rus"}
    assert visit.place == "place/moscow"
    assert visit.date.value == "2025-07"
    assert visit.status is EventStatus.PLANNED


def test_negated_meeting_is_not_an_event(processor):
    facts = run(processor, "Putin y Xi no se reunieron el martes en Pekín.", date(2025, 3, 5))
    assert events(facts, "Meeting") == []


def test_without_publication_date_relative_dates_stay_text(processor):
    facts = run(
        processor,
        "El presidente ruso, Vladimir Putin, y el presidente chino, Xi Jinping, "
        "mantuvieron una videollamada el martes.",
        None,
    )
    (call,) = events(facts, "VideoCall")
    assert call.date is None and call.date_text == "el martes"
    assert {"person/vladimir-putin", "person/xi-jinping"} <= keys(call)


def test_titles_without_names_resolve_to_office_holders_on_the_article_date(processor):
    text = "El presidente chino habló por teléfono con su homólogo estadounidense el viernes."
    (call_2025,) = events(run(processor, text, date(2025, 3, 5)), "PhoneCall")
    assert {"person/xi-jinping", "person/donald-trump"} <= keys(call_2025)
    assert call_2025.date.value == "2025-02-28"
    (call_2022,) = events(run(processor, text, date(2022, 3, 9)), "PhoneCall")
    assert "person/joe-biden" in keys(call_2022)  # the holder on that date, not today's


def test_english_phone_call(processor):
    facts = run(
        processor,
        "Turkish President Recep Tayyip Erdogan spoke by phone with Ukrainian "
        "President Volodymyr Zelensky on Monday.",
        date(2025, 3, 12),
        "en",
    )
    (call,) = events(facts, "PhoneCall")
    assert {"country/tur", "country/ukr"} <= set(call.sides)
    assert call.date.value == "2025-03-10"


def test_supply_with_commodity(processor):
    facts = run(
        processor,
        "Arabia Saudí se ha convertido en el principal proveedor de petróleo de la India.",
        date(2025, 6, 1),
    )
    (supply,) = [r for r in facts.relations if r.type == "Supply"]
    assert role(supply, "supplier") == {"country/sau"}
    assert role(supply, "recipient") == {"country/ind"}
    assert supply.commodity == "commodity/oil"


def test_policy_issuer_and_target(processor):
    facts = run(
        processor,
        "China anunció la exención de visado para los ciudadanos franceses.",
        date(2025, 6, 1),
    )
    (policy,) = events(facts, "PolicyAnnouncement")
    assert role(policy, "issuer") == {"country/chn"}
    assert role(policy, "appliesTo") == {"country/fra"}


def test_opposing_a_policy_is_not_announcing_it(processor):
    facts = run(processor, "Hungría se opone a las sanciones contra Rusia.", date(2025, 6, 1))
    assert events(facts, "PolicyAnnouncement") == []
    (opp,) = [r for r in facts.relations if r.type == "Opposition"]
    assert role(opp, "opposer") == {"country/hun"}


def test_agreement_between_countries(processor):
    facts = run(
        processor,
        "Japón y Corea del Sur firmaron el jueves un acuerdo de defensa.",
        date(2025, 6, 6),
    )
    (agreement,) = events(facts, "Agreement")
    assert {"country/jpn", "country/kor"} <= keys(agreement)
    assert agreement.date.value == "2025-06-05"


def test_statement_speaker_and_quote(processor):
    facts = run(
        processor,
        "«Queremos una paz justa y duradera», dijo el presidente ucraniano, Volodímir Zelenski.",
        date(2025, 6, 1),
    )
    (stmt,) = events(facts, "Statement")
    assert role(stmt, "speaker") == {"person/volodymyr-zelenskyy"}
    assert stmt.quote == "Queremos una paz justa y duradera"


def test_news_agencies_are_sources_not_participants(processor):
    facts = run(
        processor,
        "Según la agencia Reuters, Rusia y Ucrania iniciaron negociaciones en Ginebra.",
        date(2025, 6, 1),
    )
    (talks,) = events(facts, "Negotiation")
    assert {"country/rus", "country/ukr"} <= keys(talks)
    assert not any("reuters" in k for k in keys(talks))
    assert talks.place == "place/geneva"


def test_every_fact_carries_its_evidence_and_a_confidence(processor):
    facts = run(
        processor,
        "Xi Jinping y Vladimir Putin celebraron una cumbre en Kazán.\n\n"
        "Rusia es el principal proveedor de gas natural de China.",
        date(2024, 10, 23),
    )
    assert facts.events and facts.relations
    for fact in [*facts.events, *facts.relations]:
        assert fact.evidence and all(e.sentence for e in fact.evidence)
        assert 0 < fact.confidence <= 1


def test_the_two_countries_are_the_sides_just_named_not_earlier_ones(processor):
    # the previous sentence names China and the US; "the two countries" here are
    # China and Russia, whose leaders this sentence names
    facts = run(
        processor,
        "China's leader Xi Jinping held a phone call with US President Donald Trump on "
        "February 4, 2026.\n\nThe call came just after Xi spoke to Russian leader Vladimir "
        'Putin in a video call, where the two countries hailed their "stabilising" ties.',
        date(2026, 2, 4),
        "en",
    )
    (video,) = events(facts, "VideoCall")
    assert set(video.sides) == {"country/chn", "country/rus"}
    assert "country/usa" not in keys(video)


# -- parse robustness and general rules (each fails without its rule) -----------------


@pytest.mark.parametrize(
    "text",
    [
        # rare names the small model reads as verbs, and a name with "da" in it
        "Macron y Merz se reunieron el lunes en París.",
        "Luiz Inácio Lula da Silva y Cyril Ramaphosa se reunieron ayer en Pretoria.",
    ],
)
def test_meetings_survive_names_the_parser_misreads(processor, text):
    (meeting,) = events(run(processor, text, date(2026, 2, 5)), "Meeting")
    assert len([k for k in keys(meeting) if k.startswith("person/")]) == 2


def test_regional_title_resolves_to_the_articles_one_leader_there(processor):
    facts = run(
        processor,
        "Lula recibió el martes en Brasilia a Xi Jinping.\n\n"
        "El mandatario asiático firmó un acuerdo comercial con Brasil.",
        date(2026, 2, 5),
    )
    (agreement,) = events(facts, "Agreement")
    assert "person/xi-jinping" in keys(agreement)


def test_regional_title_with_two_candidates_resolves_to_nobody(processor):
    facts = run(
        processor,
        "Macron y Merz se reunieron el lunes en París.\n\n"
        "El mandatario europeo firmó un acuerdo con Brasil y Argentina.",
        date(2026, 2, 5),
    )
    # two other signatories, so that the agreement stands without the title's holder
    (agreement,) = events(facts, "Agreement")
    assert not keys(agreement) & {"person/emmanuel-macron", "person/friedrich-merz"}
    assert keys(agreement) == {"country/bra", "country/arg"}


def test_future_verb_resolves_its_date_ahead_and_the_past_verb_back(processor):
    facts = run(
        processor,
        "El canciller brasileño anunció el martes que Brasil y Argentina negociarán "
        "en diciembre un acuerdo sobre transporte fluvial.",
        date(2025, 11, 20),
    )
    (talks,) = events(facts, "Negotiation")
    assert talks.date.value == "2025-12" and talks.status is EventStatus.PLANNED
    assert not events(facts, "Agreement")  # the agreement is what is negotiated


def test_summit_named_only_to_date_a_call_adds_no_participant(processor):
    facts = run(
        processor,
        "Macron y Zelenski hablan por teléfono antes de la cumbre de la OTAN",
        date(2025, 6, 20),
    )
    (call,) = events(facts, "PhoneCall")
    assert not any(k.startswith("org/") for k in keys(call))


def test_surname_first_names_are_found_by_their_first_word(processor):
    facts = run(
        processor,
        "South Korean President Lee Jae-myung arrived in Tokyo on Monday.\n\n"
        "Lee said South Korea supports Japan's bid to host a regional energy forum.",
        date(2026, 1, 15),
        lang="en",
    )
    (statement,) = events(facts, "Statement")
    assert role(statement, "speaker") == {"person/lee-jae-myung"}
    (visit,) = events(facts, "Visit")
    assert "person/lee-jae-myung" in role(visit, "visitor")


def test_supply_from_two_suppliers_is_two_relations(processor):
    facts = run(
        processor,
        "India imports a large share of its crude oil from Iraq and Saudi Arabia.",
        date(2026, 3, 5),
        lang="en",
    )
    pairs = {
        (next(iter(role(r, "supplier"))), next(iter(role(r, "recipient"))))
        for r in facts.relations
        if r.type == "Supply"
    }
    assert pairs == {("country/irq", "country/ind"), ("country/sau", "country/ind")}


def test_verbs_keep_their_lemmas_with_countries_around(processor):
    facts = run(processor, "Rusia y Catar suministran gas natural a China.", date(2026, 2, 5))
    suppliers = {next(iter(role(r, "supplier"))) for r in facts.relations if r.type == "Supply"}
    assert suppliers == {"country/rus", "country/qat"}


def test_a_demonym_on_a_state_institution_is_the_state(processor):
    facts = run(
        processor,
        "El Gobierno chino anunció que permitirá la entrada sin visado a los ciudadanos rusos.",
        date(2026, 2, 25),
    )
    (policy,) = events(facts, "PolicyAnnouncement")
    assert role(policy, "issuer") == {"country/chn"}
    assert not any(k.startswith("place/") for k in facts.entities)


def test_a_denied_meeting_is_no_meeting(processor):
    facts = run(
        processor,
        "La Presidencia egipcia desmintió el martes cualquier reunión prevista con "
        "Benjamin Netanyahu.",
        date(2026, 2, 25),
    )
    assert not events(facts, "Meeting")
    (statement,) = events(facts, "Statement")
    assert role(statement, "speaker") == {"country/egy"}


# Trigger classes added after measuring on the real development set (eval/real/): each
# sentence is written here, with other actors than the articles that showed the gap.


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        ("El presidente de Colombia, Gustavo Petro, reveló que habló con Lula.", "es", "gustavo"),
        ("Narendra Modi explained that the new deal would help Indian farmers.", "en", "modi"),
        ("Lula da Silva confirmó que viajará a Tokio en marzo.", "es", "lula"),
    ],
)
def test_reporting_verbs_make_statements(processor, text: str, lang: str, speaker: str):
    facts = run(processor, text, date(2025, 8, 29), lang)
    statements = events(facts, "Statement")
    assert len(statements) == 1, [e.type for e in facts.events]
    (speaker_key,) = keys(statements[0])
    assert speaker in speaker_key


@pytest.mark.parametrize(
    ("text", "lang", "sides"),
    [
        ("La rivalidad entre Irán y Arabia Saudí se extiende a Yemen.", "es", {"irn", "sau"}),
        ("The rivalry between India and Pakistan dominated the talks.", "en", {"ind", "pak"}),
    ],
)
def test_rivalry_is_opposition_between_both_sides(processor, text, lang, sides):
    facts = run(processor, text, date(2025, 8, 29), lang)
    opposed = [r for r in facts.relations if r.type == "Opposition"]
    assert len(opposed) == 1, [r.type for r in facts.relations]
    assert keys(opposed[0]) == {f"country/{s}" for s in sides}


def test_breaking_off_relations_is_a_policy_not_cooperation(processor):
    facts = run(
        processor, "México anunció la ruptura de relaciones diplomáticas con Ecuador.", None
    )
    (policy,) = events(facts, "PolicyAnnouncement")
    assert keys(policy) == {"country/mex", "country/ecu"}
    assert not [r for r in facts.relations if r.type == "Cooperation"]
