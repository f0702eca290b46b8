"""In-article merging of event mentions, and deterministic IRIs."""

from __future__ import annotations

from diplokg.extract.merge import merge_events, merge_relations, merged_type, noisy_or
from diplokg.model import (
    DatePrecision,
    DateValue,
    Event,
    EventStatus,
    Evidence,
    Participant,
    Relation,
)
from diplokg.rdf.iris import Iris

DAY = DateValue("2026-02-04", DatePrecision.DAY, "el miércoles")
OTHER_DAY = DateValue("2025-01-21", DatePrecision.DAY, "el martes")
LEADS = {"person/xi": "country/chn", "person/putin": "country/rus"}


def side(key: str) -> str:
    return LEADS.get(key, key)


def ev(type_, keys, date=None, sentence="s", conf=0.5, status=EventStatus.HAPPENED):
    return Event(
        type_,
        [Participant(k) for k in keys],
        [Evidence(sentence, "es")],
        conf,
        date=date,
        status=status,
    )


def test_vague_contact_is_refined_by_specific_type_and_dated():
    merged = merge_events(
        [
            ev("Contact", ["person/xi", "person/putin"], DAY, "a"),
            ev("VideoCall", ["person/putin", "person/xi"], None, "b"),
        ],
        side,
    )
    assert len(merged) == 1
    assert merged[0].type == "VideoCall" and merged[0].date == DAY
    assert [e.sentence for e in merged[0].evidence] == ["a", "b"]
    assert merged[0].confidence == noisy_or(0.5, 0.5) == 0.75


def test_leaders_and_their_countries_are_the_same_sides():
    merged = merge_events(
        [
            ev("VideoCall", ["country/rus", "country/chn"], None, "headline"),
            ev("VideoCall", ["person/putin", "person/xi"], DAY, "body"),
        ],
        side,
    )
    assert len(merged) == 1
    assert merged[0].sides == ("country/chn", "country/rus")


def test_different_dates_stay_different_events():
    merged = merge_events(
        [
            ev("VideoCall", ["person/xi", "person/putin"], DAY),
            ev("VideoCall", ["person/xi", "person/putin"], OTHER_DAY),
        ],
        side,
    )
    assert len(merged) == 2


def test_incompatible_types_and_lone_vague_contacts():
    assert merged_type("PhoneCall", "VideoCall") is None
    assert merged_type("Call", "PhoneCall") == "PhoneCall"
    # vague talks of two states alone say nothing of how they were held
    assert merge_events([ev("Contact", ["country/chn", "country/rus"], DAY)], side) == []
    # the leaders of two states "discussed", and the article tells of no call: they met
    met = merge_events([ev("Contact", ["person/xi", "person/putin"], DAY)], side)
    assert [e.type for e in met] == ["Meeting"]
    # with a call of others in the article, the talks may have been a call: dropped
    call = ev("PhoneCall", ["person/xi", "country/fra"], OTHER_DAY)
    talks = ev("Contact", ["person/xi", "person/putin"], DAY)
    assert [e.type for e in merge_events([call, talks], side)] == ["PhoneCall"]


def test_statements_are_never_merged():
    merged = merge_events(
        [ev("Statement", ["person/putin"], DAY, "x"), ev("Statement", ["person/putin"], DAY, "y")],
        side,
    )
    assert len(merged) == 2


def test_relations_merge_on_type_roles_topic_commodity():
    def rel(sentence, via=None):
        return Relation(
            "Supply",
            [Participant("country/rus", "supplier"), Participant("country/chn", "recipient")],
            [Evidence(sentence, "es")],
            0.6,
            commodity="commodity/natural-gas",
            via=via,
        )

    merged = merge_relations([rel("a"), rel("b", via="pipeline/power-of-siberia")])
    assert len(merged) == 1 and merged[0].via == "pipeline/power-of-siberia"


def test_event_iris_are_deterministic_and_identify_type_date_sides():
    iris = Iris("https://w3id.org/diplokg/resource/")
    a = merge_events([ev("VideoCall", ["person/xi", "person/putin"], DAY)], side)[0]
    b = merge_events([ev("VideoCall", ["country/chn", "person/putin"], DAY)], side)[0]
    c = merge_events([ev("VideoCall", ["person/xi", "person/putin"], OTHER_DAY)], side)[0]
    d = merge_events([ev("PhoneCall", ["person/xi", "person/putin"], DAY)], side)[0]
    assert iris.event(a) == iris.event(b)
    assert len({iris.event(a), iris.event(c), iris.event(d)}) == 3
    assert iris.event(a).startswith("https://w3id.org/diplokg/resource/event/")


def test_entity_article_graph_iris():
    iris = Iris("https://example.org/kg")
    assert iris.entity("country/chn") == "https://example.org/kg/country/chn"
    assert iris.article("Seed 003.txt") == "https://example.org/kg/article/seed-003-txt"
    assert iris.graph("Seed 003.txt") == "https://example.org/kg/graph/seed-003-txt"


def test_office_holdings_of_named_people_are_written_with_their_source():
    from datetime import date

    from pyoxigraph import NamedNode

    from diplokg.model import Article, ArticleFacts, OfficeHolding, Passage
    from diplokg.rdf.mapping import Mapper
    from diplokg.rdf.vocab import DCTERMS_SOURCE, dip

    iris = Iris("https://example.org/r/")
    held = OfficeHolding(
        "person/xi", "head_of_state", "country/chn", {"en": "head of state"},
        date(2013, 3, 14), None, "a table",
    )  # fmt: skip
    facts = ArticleFacts(Article("a", (Passage("x"),), "a"), holdings=[held])
    quads = Mapper(iris).quads(facts)
    node = NamedNode(iris.holding(held))
    by_pred = {q.predicate: q.object for q in quads if q.subject == node}
    assert by_pred[dip("holder")] == NamedNode(iris.entity("person/xi"))
    assert by_pred[dip("startDate")].value == "2013-03-14"
    assert dip("endDate") not in by_pred
    assert by_pred[DCTERMS_SOURCE].value == "a table"


def test_core_sides_leave_out_blocs_places_and_mediators():
    from diplokg.extract.merge import sides_of
    from diplokg.model import Evidence, Participant

    def ev(*parts: tuple[str, str]) -> Event:
        return Event("Meeting", [Participant(k, r) for k, r in parts], [Evidence("s", "en")], 0.8)

    leader_of = {"person/xi-jinping": "country/chn"}
    side = lambda k: leader_of.get(k, k)  # noqa: E731
    two = ev(("person/xi-jinping", "participant"), ("country/rus", "participant"))
    more = ev(
        ("person/xi-jinping", "participant"),
        ("country/rus", "participant"),
        ("org/q7159", "participant"),
        ("place/beijing", "participant"),
        ("country/kaz", "mediator"),
    )
    assert sides_of(two, side) == sides_of(more, side) == ("country/chn", "country/rus")
    blocs_only = ev(("org/q7159", "participant"), ("place/addis-ababa", "participant"))
    assert sides_of(blocs_only, side) == ("org/q7159",)


def test_an_assumed_date_does_not_split_an_event():
    from dataclasses import replace

    from diplokg.model import DatePrecision, DateValue, Evidence, Participant

    ev = Event(
        "Meeting",
        [Participant("country/chn", "participant"), Participant("country/rus", "participant")],
        [Evidence("s", "en")],
        0.8,
    )
    iris = Iris("https://example.org/")
    monday = replace(ev, date=DateValue("2025-03-03", DatePrecision.DAY), date_assumed=True)
    tuesday = replace(ev, date=DateValue("2025-03-04", DatePrecision.DAY), date_assumed=True)
    named = replace(ev, date=DateValue("2025-03-03", DatePrecision.DAY))
    later = replace(ev, date=DateValue("2025-07-01", DatePrecision.DAY), date_assumed=True)
    assert iris.event(monday) == iris.event(tuesday)
    assert iris.event(later) != iris.event(monday)  # reported months apart: not one event
    assert iris.event(named) not in {iris.event(ev), iris.event(monday)}


def test_directed_events_of_opposite_direction_stay_apart_and_get_two_iris():
    def policy(issuer, target):
        return Event(
            "PolicyAnnouncement",
            [Participant(issuer, "issuer"), Participant(target, "appliesTo")],
            [Evidence(f"{issuer} on {target}", "es")],
            0.5,
        )

    merged = merge_events(
        [policy("person/xi", "country/rus"), policy("person/putin", "country/chn")], side
    )
    assert len(merged) == 2
    assert [e.acting for e in merged] == [("country/chn",), ("country/rus",)]
    assert merged[0].sides == merged[1].sides
    iris = Iris("https://example.org/")
    assert iris.event(merged[0]) != iris.event(merged[1])
    # the same direction reported twice is one policy
    again = merge_events(
        [policy("person/xi", "country/rus"), policy("country/chn", "country/rus")], side
    )
    assert len(again) == 1


def test_a_person_is_written_with_the_other_names_the_gazetteer_knows():
    from diplokg.config import DATA_DIR
    from diplokg.knowledge.gazetteer import load_gazetteer
    from diplokg.link.linker import _other_names
    from diplokg.model import Article, ArticleFacts, Entity, EntityType, Passage
    from diplokg.rdf.mapping import Mapper
    from diplokg.rdf.vocab import SKOS_ALT_LABEL

    gz = load_gazetteer(DATA_DIR)
    aliases = _other_names(gz.get("person/joseph-boakai"))
    assert "Joseph Nyumah Boakai" in aliases
    assert all(a.casefold() != "joseph boakai" for a in aliases)
    assert _other_names(gz.get("country/chn")) == ()  # countries: their labels suffice
    ent = Entity(
        "person/joseph-boakai", EntityType.PERSON, {"en": "Joseph Boakai"}, None, (), aliases
    )
    facts = ArticleFacts(Article("a", (Passage("x"),), "a"), entities={ent.key: ent})
    names = {q.object.value for q in Mapper(Iris("https://example.org/r/")).quads(facts)
             if q.predicate == SKOS_ALT_LABEL}  # fmt: skip
    assert "Joseph Nyumah Boakai" in names


def test_fold_keeps_a_bounded_number_of_long_texts_and_folds_them_as_short_ones():
    """Sentences are folded through a small cache (issue 12: a long build must not
    keep every sentence it has seen); short and long texts fold alike."""
    from diplokg.knowledge import text
    from diplokg.knowledge.text import fold

    assert fold("  Vladímir   PUTIN ") == "vladimir putin"
    sentence = "El presidente  Lula da Silva se reunió con Xi Jinping en Pekín, según Itamaraty."
    assert len(sentence) > text.SHORT_TEXT
    assert (
        fold(sentence)
        == "el presidente lula da silva se reunio con xi jinping en pekin, segun itamaraty."
    )
    limit = text._fold_long.cache_info().maxsize
    for i in range(limit + 500):
        fold(f"La reunión número {i} de los cancilleres terminó sin acuerdo.")
    assert text._fold_long.cache_info().currsize == limit


def test_a_statement_printed_twice_is_one_statement():
    told = "his appreciation for the long friendship between China and Russia in energy and trade"
    first = f"President Xi expressed {told}."
    again = f"The president expressed {told}, which has grown."
    other = "Xi said the talks on energy and trade between China and Russia were long and warm."
    merged = merge_events(
        [ev("Statement", ["person/xi"], DAY, s) for s in (first, again, other)], side
    )
    assert [len(e.evidence) for e in merged] == [2, 1]


def test_two_people_of_one_state_make_two_meetings_leader_or_not():
    """Xi meeting the Russian side, and Putin meeting China's foreign minister: Wang Yi
    leads nothing, but acts for China, so China's people differ and the meetings too."""
    serves = {**LEADS, "person/wang-yi": "country/chn"}
    events = [
        ev("Meeting", ["person/xi", "country/rus", "country/chn"], None, "a"),
        ev("Meeting", ["person/putin", "person/wang-yi", "country/rus", "country/chn"], None, "b"),
    ]
    assert len(merge_events(events, side, serves=lambda k: serves.get(k, k))) == 2
    # by the leaders alone, nothing tells them apart
    events = [
        ev("Meeting", ["person/xi", "country/rus", "country/chn"], None, "a"),
        ev("Meeting", ["person/putin", "person/wang-yi", "country/rus", "country/chn"], None, "b"),
    ]
    assert len(merge_events(events, side)) == 1


def test_the_legs_of_a_tour_stay_two_visits():
    # a minister and her state visit two states: sides share the visitors, not the host
    def visit(host, extra=()):
        return Event(
            "Visit",
            [
                Participant("country/deu", "visitor"),
                Participant("person/baerbock", "visitor"),
                Participant(host, "host"),
                *extra,
            ],
            [Evidence(f"visit to {host}", "es")],
            0.5,
        )

    merged = merge_events([visit("country/sen"), visit("country/civ")], side)
    assert sorted(p.entity for e in merged for p in e.participants if p.role == "host") == [
        "country/civ",
        "country/sen",
    ]
    assert len(merged) == 2
    # a palace or a city named as host is no other state: one visit
    palace = visit("place/palacio", [Participant("country/sen", "host")])
    assert len(merge_events([visit("country/sen"), palace], side)) == 1
    lone_palace = visit("place/palacio")
    assert len(merge_events([visit("country/sen"), lone_palace], side)) == 1
