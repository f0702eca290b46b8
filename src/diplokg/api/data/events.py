"""Details of event and relation nodes: type, date, place, participants, sources."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal

from diplokg.api.runner import QueryRunner
from diplokg.rdf.vocab import DIP, RDF, ROLES
from diplokg.sparql.templates import iri_list, read_template, values

PARTICIPANT = DIP + "participant"
#: What an event or relation is about or goes through, shown beside its participants.
DETAIL_PROPERTIES = (DIP + "topic", DIP + "commodity", DIP + "via")
ROLE_IRIS = tuple(DIP + r for r in ROLES)
_BATCH = 200


@dataclass
class Source:
    """One article an event was derived from, with the sentences that support it."""

    article: str
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    language: str | None = None
    evidence: list[Literal] = field(default_factory=list)


@dataclass
class EventInfo:
    """What the pages show of one event or relation node."""

    iri: str
    types: list[str] = field(default_factory=list)
    dates: list[Literal] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    #: participant IRI → its specific roles (``dip:participant`` itself left out)
    participants: dict[str, list[str]] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    #: property of :data:`DETAIL_PROPERTIES` → its values (topic, commodity, route)
    details: dict[str, list[str]] = field(default_factory=dict)

    @property
    def date_text(self) -> str:
        """The (first) date as written (``2026-02-04``, ``2026-02``, ``2026``), or ''."""
        return min((d.value for d in self.dates), default="")

    def iris(self) -> set[str]:
        """Every IRI this info mentions (for label look-up)."""
        out = {self.iri, *self.types, *self.places, *self.statuses, *self.participants}
        for roles in self.participants.values():
            out.update(roles)
        out.update(s.article for s in self.sources)
        for prop, objects in self.details.items():
            out.add(prop)
            out.update(objects)
        return out


_DETAILS = read_template(__file__, "event-details")
_ROLE_LIST = iri_list(ROLE_IRIS)


def _add_fact(info: EventInfo, predicate: str, obj: object) -> None:
    value = getattr(obj, "value", str(obj))
    if predicate == RDF + "type":
        info.types.append(value)
    elif predicate == DIP + "date" and isinstance(obj, Literal):
        info.dates.append(obj)
    elif predicate == DIP + "place":
        info.places.append(value)
    elif predicate == DIP + "status":
        info.statuses.append(value)
    elif predicate in DETAIL_PROPERTIES:
        objects = info.details.setdefault(predicate, [])
        if value not in objects:
            objects.append(value)
    else:
        roles = info.participants.setdefault(value, [])
        if predicate != PARTICIPANT and predicate not in roles:
            roles.append(predicate)


async def event_details(runner: QueryRunner, event_iris: Iterable[str]) -> dict[str, EventInfo]:
    """IRI → :class:`EventInfo` for each of ``event_iris`` (one query per
    :data:`_BATCH` events: facts and sources together)."""
    wanted = list(dict.fromkeys(event_iris))
    infos = {e: EventInfo(e) for e in wanted}
    for start in range(0, len(wanted), _BATCH):
        block = values("e", wanted[start : start + _BATCH])
        query = _DETAILS.fill(events=block, roles=_ROLE_LIST)
        sources: dict[tuple[str, str], Source] = {}
        for row in await runner.select(query, bounded=True):
            info = infos[row["e"].value]
            if "p" in row:
                _add_fact(info, row["p"].value, row["o"])
            elif "a" in row:
                _add_source(info, row, sources)
    for info in infos.values():
        info.types.sort()
        info.dates.sort(key=lambda d: d.value)
    return infos


def _add_source(info: EventInfo, row: dict, sources: dict[tuple[str, str], Source]) -> None:
    """Add the article (and evidence sentence) of one source row to ``info``."""
    key = (info.iri, row["a"].value)
    if key not in sources:
        sources[key] = Source(
            article=key[1],
            url=row["url"].value if "url" in row else None,
            published=row["pub"].value if "pub" in row else None,
            outlet=row["outlet"].value if "outlet" in row else None,
            language=row["lang"].value if "lang" in row else None,
        )
        info.sources.append(sources[key])
    ev = row.get("ev")
    if isinstance(ev, Literal) and ev not in sources[key].evidence:
        sources[key].evidence.append(ev)
