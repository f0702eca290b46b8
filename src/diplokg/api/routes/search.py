"""``/api/search`` and ``/search``: entities by any label or alias (es/en), with case
and accents ignored. The search box of every page asks the JSON route as one types
(``static/search.js``) and opens the entity page picked; without JavaScript the box
submits to the HTML page, which lists the same hits (one exact hit: straight to it).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from diplokg.api.data.search import ENTITY_CLASSES, Hit
from diplokg.api.state import AppState
from diplokg.api.terms import link_for, resource_href

_TYPE_HELP = f"Only entities of these classes: {', '.join(ENTITY_CLASSES)}."


def hit_json(hit: Hit, base_iri: str) -> dict[str, Any]:
    """A hit as the JSON API gives it."""
    return {
        "iri": hit.iri,
        "label": hit.label,
        "type": hit.type,
        "matched": hit.matched,
        "page": link_for(hit.iri, base_iri),
    }


def make_router(state: AppState) -> APIRouter:
    """The search routes over ``state``."""
    router = APIRouter(tags=["Search"])
    base_iri = state.settings.base_iri

    @router.get("/api/search", name="search_api")
    async def search_api(
        q: str = Query(..., min_length=1, max_length=200, description="A name, or its start."),
        type: Annotated[list[str] | None, Query(description=_TYPE_HELP)] = None,
        limit: int = Query(10, ge=1, le=100),
    ) -> dict[str, Any]:
        """Entities whose label or alias matches ``q`` (case and accents ignored): exact
        names first, then names starting with it, then words starting with it, then
        names containing it."""
        index = await state.names.get()
        hits = index.search(q, limit=limit, types=set(type or ()) or None)
        return {"query": q, "results": [hit_json(h, base_iri) for h in hits]}

    @router.get("/search", name="search_page", response_class=HTMLResponse)
    async def search_page(q: str = Query("", max_length=200)) -> Response:
        """The hits of ``q`` as a page; a single exact hit opens its entity page."""
        hits = (await state.names.get()).search(q, limit=50) if q.strip() else []
        exact = [h for h in hits if h.score == 0]
        if len(exact) == 1 and (page := resource_href(exact[0].iri, base_iri)):
            return RedirectResponse(page, status_code=303)
        html = state.templates.get_template("search.html").render(
            q=q, hits=[hit_json(h, base_iri) for h in hits]
        )
        return HTMLResponse(html)

    return router
