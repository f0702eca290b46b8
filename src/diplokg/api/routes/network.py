"""``/network`` and ``/api/network``: an actor's neighbourhood as a graph.

``GET /api/network?actor=<IRI or name>&limit=`` gives the actor and its neighbours
(Cytoscape.js elements: nodes with label, class and page; edges weighted by the number
of distinct source articles, with the count of shared events/relations and their
classes). ``GET /network?actor=`` draws it with Cytoscape.js (``static/network.js``):
a click on a node adds its own neighbourhood; a double click opens its page.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from diplokg.api.data.network import load_neighbourhood
from diplokg.api.errors import ApiError
from diplokg.api.state import AppState
from diplokg.api.terms import link_for


def make_router(state: AppState) -> APIRouter:
    """The network page and its JSON API over ``state``."""
    router = APIRouter(tags=["Network"])
    base_iri = state.settings.base_iri

    async def actor_iri(text: str) -> str:
        if text.startswith(("http://", "https://")):
            return text
        found = (await state.names.get()).resolve(text)
        if found is None:
            raise ApiError(400, f"no single entity is called {text!r}")
        return found

    def node(iri: str, labels: dict[str, str], kind: str) -> dict[str, Any]:
        return {"data": {"id": iri, "label": labels.get(iri, iri.rsplit("/", 1)[-1]),
                         "kind": kind, "page": link_for(iri, base_iri)}}  # fmt: skip

    @router.get("/api/network", name="network_api")
    async def network_api(
        actor: Annotated[str, Query(min_length=1, description="An entity IRI or name.")],
        limit: Annotated[int, Query(ge=1, le=200)] = 40,
    ) -> dict[str, Any]:
        """The actor and its strongest neighbours, as Cytoscape.js elements."""
        iri = await actor_iri(actor.strip())
        try:
            edges, labels = await load_neighbourhood(state.runner, iri, limit)
        except ValueError as exc:
            raise ApiError(400, str(exc)) from exc
        me = (await state.names.get()).by_iri.get(iri)
        nodes = [node(iri, labels, me.type if me else "")]
        nodes += [node(e.other, labels, e.kind) for e in edges]
        links = [
            {
                "data": {
                    "id": " ".join(sorted((iri, e.other))),  # one edge per pair
                    "source": iri,
                    "target": e.other,
                    "weight": len(e.sources),
                    "facts": len(e.facts),
                    "types": dict(e.types.most_common()),
                }
            }
            for e in edges
        ]
        return {"actor": iri, "nodes": nodes, "edges": links}

    @router.get("/network", name="network", response_class=HTMLResponse)
    async def network(actor: Annotated[str, Query(max_length=500)] = "") -> HTMLResponse:
        """The network page (an empty actor: the picker alone)."""
        iri = await actor_iri(actor.strip()) if actor.strip() else None
        me = (await state.names.get()).by_iri.get(iri or "")
        html = state.templates.get_template("network.html").render(
            actor=iri, name=me.label if me else (iri or "")
        )
        return HTMLResponse(html)

    return router
