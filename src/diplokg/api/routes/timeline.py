"""``/timeline`` and ``/api/timeline``: the events between chosen actors over a period.

``GET /api/timeline`` is a paged JSON API (for the page and for notebooks):

* ``actor``: repeatable; an entity IRI or a name (a label or alias that names exactly
  one entity, case and accents ignored); every actor given must take part;
* ``from`` / ``to``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; an event dated to a month
  or a year is in the period when that month or year overlaps it;
* ``type``: repeatable event class (``Visit``, ``Call``: its subclasses too);
* ``outlet``: repeatable publisher IRI or name; ``lang``: repeatable language code;
* ``order``: ``desc`` (newest first, the default) or ``asc``; ``page`` (from 1), ``size``.

``GET /api/timeline/facets`` lists the event types, outlets and languages to filter by.
``GET /timeline`` is the page: the same filters in a form (actors picked by name with
suggestions), a vis-timeline chart (``static/timeline.js``) and the paged list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from diplokg.api.data.event_json import event_json
from diplokg.api.data.timeline import TimelineFilter, load_facets, load_timeline, period_bound
from diplokg.api.errors import ApiError
from diplokg.api.state import AppState
from diplokg.api.terms import TermRenderer
from diplokg.rdf.iris import Iris

Many = Annotated[list[str] | None, Query()]


@dataclass(frozen=True)
class TimelineQuery:
    """The filters and paging both timeline routes take from the query string."""

    actor: list[str] | None
    start: str | None
    end: str | None
    types: list[str] | None
    outlets: list[str] | None
    langs: list[str] | None
    order: str
    page: int
    size: int | None


def timeline_query(
    actor: Many = None,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    type: Many = None,
    outlet: Many = None,
    lang: Many = None,
    order: Literal["desc", "asc"] = "desc",
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int | None, Query(ge=1)] = None,
) -> TimelineQuery:
    """The timeline's query parameters (a FastAPI dependency)."""
    return TimelineQuery(actor, start, end, type, outlet, lang, order, page, size)


def make_router(state: AppState) -> APIRouter:
    """The timeline page and its JSON API over ``state``."""
    router = APIRouter(tags=["Timeline"])
    settings = state.settings
    iris = Iris(settings.base_iri)
    max_size = settings.timeline_max_page_size

    def page_size(size: int | None) -> int:
        if size is not None and size > max_size:
            raise ApiError(400, f"size must be at most {max_size}")
        return size or settings.timeline_page_size

    async def actor_iri(text: str) -> str:
        if text.startswith(("http://", "https://", "urn:")):
            return text
        index = await state.names.get()
        found = index.resolve(text)
        if found is None:
            near = [h.label for h in index.search(text, limit=5)]
            hint = f"; did you mean: {', '.join(near)}?" if near else ""
            raise ApiError(400, f"no single entity is called {text!r}{hint}")
        return found

    async def filters_of(
        actor: list[str] | None,
        start: str | None,
        end: str | None,
        types: list[str] | None,
        outlets: list[str] | None,
        langs: list[str] | None,
        order: str,
    ) -> TimelineFilter:
        try:
            return TimelineFilter(
                actors=tuple([await actor_iri(a.strip()) for a in actor or () if a.strip()]),
                start=period_bound(start, end=False) if start else None,
                end=period_bound(end, end=True) if end else None,
                types=tuple(t for t in types or () if t),
                outlets=tuple(
                    o if o.startswith(("http://", "https://")) else iris.publisher(o)
                    for o in outlets or ()
                    if o.strip()
                ),
                languages=tuple(lang.strip().lower() for lang in langs or () if lang.strip()),
                newest_first=order == "desc",
            )
        except ValueError as exc:
            raise ApiError(400, str(exc)) from exc

    async def page_of(q: TimelineQuery, actors: list[str] | None):
        """The filters, page size and events of one page of the timeline."""
        filters = await filters_of(actors, q.start, q.end, q.types, q.outlets, q.langs, q.order)
        size = page_size(q.size)
        offset = (q.page - 1) * size
        found = await load_timeline(state.runner, filters, limit=size, offset=offset)
        return filters, size, found

    @router.get("/api/timeline", name="timeline_api")
    async def timeline_api(q: Annotated[TimelineQuery, Depends(timeline_query)]) -> dict[str, Any]:
        """A page of the events that match every filter, with type, date and its
        precision, place, participants and roles, and every source with its evidence."""
        filters, size, found = await page_of(q, q.actor)
        labels = found.labels
        return {
            "page": q.page,
            "size": size,
            "total": found.total,
            "pages": max(1, -(-found.total // size)),
            "filters": {
                "actors": [
                    {"iri": a, "label": labels.get(a, a.rsplit("/", 1)[-1])} for a in filters.actors
                ],
                "from": filters.start,
                "to": filters.end,
                "types": list(filters.types),
                "outlets": list(filters.outlets),
                "languages": list(filters.languages),
                "order": q.order,
            },
            "events": [event_json(e, labels, settings.base_iri) for e in found.events],
        }

    @router.get("/api/timeline/facets", name="timeline_facets")
    async def timeline_facets() -> dict[str, list]:
        """The event types, outlets and languages the timeline can be filtered by."""
        return await load_facets(state.runner)

    @router.get("/timeline", name="timeline", response_class=HTMLResponse)
    async def timeline(
        request: Request,
        q: Annotated[TimelineQuery, Depends(timeline_query)],
        entity: Annotated[str | None, Query(description="Old name of actor=.")] = None,
    ) -> HTMLResponse:
        """The timeline page: filters, chart and the paged list of events."""
        actors = [*(q.actor or ()), *([entity] if entity else [])]
        filters, size, found = await page_of(q, actors)
        page = q.page
        html = state.templates.get_template("timeline.html").render(
            events=found.events,
            total=found.total,
            filters=filters,
            form={"from": q.start or "", "to": q.end or "", "order": q.order},
            facets=await load_facets(state.runner),
            r=TermRenderer(settings.base_iri, found.labels),
            page=page,
            size=size,
            more=found.more_after((page - 1) * size),
            keep=urlencode(
                [
                    ("actor" if k == "entity" else k, v)
                    for k, v in request.query_params.multi_items()
                    if k != "page" and v
                ]
            ),
        )
        return HTMLResponse(html)

    return router
