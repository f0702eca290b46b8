"""extract/hosts.py: a visit to a city is hosted by its country, at that city."""

from __future__ import annotations

from diplokg.config import Settings
from diplokg.extract.hosts import country_hosts
from diplokg.knowledge.gazetteer import load_gazetteer
from diplokg.link.linker import ArticleState
from diplokg.model import Entity, EntityType, Participant

GZ = load_gazetteer(Settings().data_dir)


def _state(*entities: Entity) -> ArticleState:
    return ArticleState(published=None, entities={e.key: e for e in entities})


ISHIBA = Entity("person/shigeru-ishiba", EntityType.PERSON, {"en": "Shigeru Ishiba"},
                leader_of=("country/jpn",))  # fmt: skip
PUTIN = Entity("person/vladimir-putin", EntityType.PERSON, {"en": "Vladimir Putin"},
               leader_of=("country/rus",))  # fmt: skip


def test_a_city_visited_is_the_place_and_its_country_the_host():
    parts = [Participant(ISHIBA.key, "visitor"), Participant("place/washington", "host")]
    out, place = country_hosts(parts, None, GZ, _state(ISHIBA))
    assert out == [Participant(ISHIBA.key, "visitor"), Participant("country/usa", "host")]
    assert place == "place/washington"


def test_a_place_named_by_the_text_is_kept():
    parts = [Participant(ISHIBA.key, "visitor"), Participant("place/washington", "host")]
    _, place = country_hosts(parts, "place/new-york", GZ, _state(ISHIBA))
    assert place == "place/new-york"


def test_the_country_is_not_listed_twice():
    parts = [
        Participant(ISHIBA.key, "visitor"),
        Participant("country/usa", "participant"),
        Participant("place/washington", "host"),
    ]
    out, _ = country_hosts(parts, None, GZ, _state(ISHIBA))
    assert out == [Participant(ISHIBA.key, "visitor"), Participant("country/usa", "host")]


def test_a_city_of_the_visitors_own_country_stays_the_host():
    parts = [Participant(PUTIN.key, "visitor"), Participant("place/moscow", "host")]
    assert country_hosts(parts, None, GZ, _state(PUTIN)) == (parts, None)


def test_a_country_host_is_left_alone():
    parts = [Participant(ISHIBA.key, "visitor"), Participant("country/usa", "host")]
    assert country_hosts(parts, None, GZ, _state(ISHIBA)) == (parts, None)


def test_a_trip_to_a_city_of_the_visitors_own_country_goes_home():
    from diplokg.extract.hosts import goes_home

    tokyo = [Participant(ISHIBA.key, "visitor"), Participant("place/tokyo", "host")]
    moscow = [Participant(ISHIBA.key, "visitor"), Participant("place/moscow", "host")]
    assert goes_home(tokyo, _state(ISHIBA), GZ)
    assert not goes_home(moscow, _state(ISHIBA), GZ)
    # without the gazetteer a city is no country: the old reading, kept for away_hosts
    assert not goes_home(tokyo, _state(ISHIBA))


def test_a_leaders_trip_at_home_is_no_visit():
    from diplokg.build.article import ArticleProcessor
    from diplokg.model import Article, Passage

    processor = ArticleProcessor(Settings())
    text = "El presidente Lula viajó a São Paulo para inaugurar una fábrica."
    facts = processor.process(Article("t", (Passage(text),), "test", None, "es"))
    assert [e for e in facts.events if e.type == "Visit"] == []
