"""``/timeline``: events by date, newest first."""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from pyoxigraph import NamedNode

from diplokg.api.data.timeline import load_timeline
from diplokg.api.errors import ApiError
from diplokg.api.state import AppState
from diplokg.api.terms import TermRenderer


def make_router(state: AppState) -> APIRouter:
    """The ``/timeline`` page over ``state``."""
    router = APIRouter(tags=["Pages"])

    @router.get("/timeline", name="timeline", response_class=HTMLResponse)
    async def timeline(
        entity: str | None = Query(None, description="Only events with this participant (IRI)."),
        limit: int = Query(100, ge=1, le=1000),
        offset: int = Query(0, ge=0),
    ) -> HTMLResponse:
        """HTML list of events (date, type, participants, sources), newest first."""
        if entity:
            try:
                NamedNode(entity)
            except ValueError as exc:
                raise ApiError(400, f"entity must be an IRI: {exc}") from exc
        events, labels, more = await load_timeline(
            state.runner, entity=entity or None, limit=limit, offset=offset
        )
        html = state.templates.get_template("timeline.html").render(
            events=events,
            entity=entity or None,
            r=TermRenderer(state.settings.base_iri, labels),
            limit=limit,
            offset=offset,
            more=more,
        )
        return HTMLResponse(html)

    return router
