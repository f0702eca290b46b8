"""The one internal model: plain dataclasses that flow from ``read`` to ``rdf``.

``read`` produces :class:`Article`; ``nlp``/``link``/``extract`` produce
:class:`ArticleFacts`; ``rdf`` maps those onto the ontology. No stage after ``read``
touches files, and no stage before ``rdf`` knows about RDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class PassageKind(StrEnum):
    """Where a passage sits in the page; chrome never reaches the model."""

    TITLE = "title"
    BODY = "body"
    CAPTION = "caption"


@dataclass(frozen=True)
class Passage:
    """A paragraph-sized piece of article text, with its own language."""

    text: str
    kind: PassageKind = PassageKind.BODY
    lang: str | None = None


@dataclass(frozen=True)
class Article:
    """One input article after reading and cleaning."""

    id: str
    passages: tuple[Passage, ...]
    source: str
    published: date | None = None
    lang: str | None = None
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    dropped_chrome: tuple[str, ...] = ()
    #: problems repaired while reading (reported as warnings, never silently)
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The cleaned text, passages separated by blank lines."""
        return "\n\n".join(p.text for p in self.passages)


class EntityType(StrEnum):
    """Ontology classes for actors and things (local names in ``dip:``)."""

    PERSON = "Person"
    COUNTRY = "Country"
    ORGANIZATION = "Organization"
    PLACE = "Place"
    PIPELINE = "Pipeline"


@dataclass
class Entity:
    """A canonical real-world entity (one per thing across all articles).

    ``key`` is stable across articles and builds, e.g. ``country/chn`` or
    ``person/xi-jinping``; the RDF IRI is derived from it.
    """

    key: str
    type: EntityType
    labels: dict[str, str]
    qid: str | None = None
    leader_of: tuple[str, ...] = ()
    #: other names it goes by (a person's full name, an acronym), as ``skos:altLabel``
    aliases: tuple[str, ...] = ()


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class DateValue:
    """A resolved date at the precision the text gives (ISO lexical form)."""

    value: str
    precision: DatePrecision
    text: str = ""

    @property
    def year(self) -> int:
        return int(self.value[:4])


class EventStatus(StrEnum):
    HAPPENED = "happened"
    PLANNED = "planned"
    EXPECTED = "expected"


@dataclass(frozen=True)
class TextSpan:
    """Characters ``start:end`` of passage ``passage`` (an index into
    ``Article.passages``): where the source view marks a mention or a fact."""

    passage: int
    start: int
    end: int


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from."""

    sentence: str
    lang: str
    passage_kind: PassageKind = PassageKind.BODY


@dataclass(frozen=True)
class Participant:
    """An entity taking part in an event or relation, with its role.

    ``role`` is the local name of a ``dip:`` sub-property of ``dip:participant``
    (``participant`` itself when nothing more specific applies).
    """

    entity: str
    role: str = "participant"


@dataclass
class Event:
    """An event (``dip:Event`` subclass named by ``type``)."""

    type: str
    participants: list[Participant]
    evidence: list[Evidence]
    confidence: float
    date: DateValue | None = None
    date_text: str | None = None
    place: str | None = None
    status: EventStatus = EventStatus.HAPPENED
    quote: str | None = None
    topic: str | None = None
    trigger: str = ""
    #: the sides taking part (a leader counts as the country they lead); two reports
    #: of one event share type, date and sides, so these identify it across articles
    sides: tuple[str, ...] = ()
    #: of a directed event (a policy, a visit), the sides that act: the issuer, the
    #: visitor. Tariffs of A on B and of B on A share their sides, not this.
    acting: tuple[str, ...] = ()
    #: a definite mention with no date of its own ("el encuentro", "the talks"): it
    #: names an event the article has already reported, and adds to it
    refers_back: bool = False
    #: a statement that goes on with the previous one ("añadió", "Además, señaló",
    #: "he added"): the same speech act when the speaker is the same
    continues: bool = False
    #: told as before the news ("had met in June", "their previous meeting", "la
    #: última vez que se reunieron"): another event than the one the article reports,
    #: never merged with it nor dated by the report's day
    earlier: bool = False
    #: read from the headline or the lede (up to the first body paragraph): what the
    #: report is about, so of its own days when the text gives no other
    lede: bool = False
    #: the date is the report's publication day, assumed for want of a time word: it
    #: never tells this event apart from a dated report of it (``rdf.iris``)
    date_assumed: bool = False
    #: where the article reports it (its trigger word in each evidence sentence)
    spans: list[TextSpan] = field(default_factory=list)
    #: made with no one named as its subject ("se acordó", "it was agreed", "the joint
    #: statement stressed"): the role the sides of the occasion the article reports
    #: take in it once they are known (``extract.occasion``); empty for other facts
    unnamed: str = ""

    def entity_keys(self) -> set[str]:
        return {p.entity for p in self.participants}


@dataclass
class Relation:
    """A relation between actors (``dip:Relation`` subclass named by ``type``)."""

    type: str
    participants: list[Participant]
    evidence: list[Evidence]
    confidence: float
    topic: str | None = None
    commodity: str | None = None
    via: str | None = None
    trigger: str = ""
    #: where the article reports it (its trigger word in each evidence sentence)
    spans: list[TextSpan] = field(default_factory=list)
    #: held by no one named ("el documento respalda la candidatura"): the role the
    #: occasion's sides take in it (``extract.occasion``); empty for other relations
    unnamed: str = ""

    def entity_keys(self) -> set[str]:
        return {p.entity for p in self.participants}


@dataclass(frozen=True)
class OfficeHolding:
    """A person's term in an office, from the dated table of office holders (reference
    data with its source, not something the article said)."""

    person: str
    office: str
    of: str
    names: dict[str, str]  # the office's name per language
    start: date | None = None
    end: date | None = None
    source: str = ""


@dataclass
class ArticleFacts:
    """Everything extracted from one article."""

    article: Article
    entities: dict[str, Entity] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: the known terms in office of the people the article names
    holdings: list[OfficeHolding] = field(default_factory=list)
    #: every recognised mention: where it is and the key of the entity it names
    mentions: list[tuple[TextSpan, str]] = field(default_factory=list)
    #: ``(phrase, reason)`` of each date phrase that dates no event (build summary)
    unresolved_dates: list[tuple[str, str]] = field(default_factory=list)
