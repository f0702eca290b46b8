"""Entity IRIs and the documents about them (Linked Data "303 URIs").

``/resource/{path}`` stands for the thing itself (a person, a country, an event), which
is not a web document, so it answers ``303 See Other`` to a document about it, chosen
by content negotiation:

* ``/page/{path}``: the HTML page (label, types, Wikidata link, events and relations
  with dates, sources and evidence, other statements) for browsers; paged:
  ``?page=N`` the events (newest first, ``settings.entity_page_size`` a page),
  ``?refs=N`` the triples pointing to it;
* ``/data/{path}?format=ttl|jsonld|nt|rdf|trig``: its description in RDF for clients
  (Turtle, JSON-LD, N-Triples, RDF/XML, TriG; ``/data/{path}`` negotiates by Accept).

The IRI ``base_iri + path`` is what the three paths describe.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pyoxigraph import NamedNode

from diplokg.api.data.entity import describe_query, entity_exists, load_entity
from diplokg.api.errors import ApiError
from diplokg.api.negotiation import HTML, content_type_header, graph_type
from diplokg.api.state import AppState
from diplokg.api.terms import TermRenderer

#: The ``format=`` value naming each RDF type in a ``/data/`` URL.
FORMAT_OF = {
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
    "application/trig": "trig",
}
_PATH_SAFE = "/-._~!$&'()*+,;=:@"
_IRI_SAFE = _PATH_SAFE + "?#[]%"


def _iri_of(base_iri: str, path: str) -> str:
    """``base_iri + path``, or 404 when that is not a valid IRI."""
    iri = base_iri + path
    try:
        NamedNode(iri)
    except ValueError:
        raise ApiError(404, f"not a valid resource IRI: {iri}") from None
    return iri


def _describes(iri: str) -> str:
    """A ``Link`` header naming the thing a document describes (ASCII, as headers are)."""
    return f'<{quote(iri, safe=_IRI_SAFE)}>; rel="describes"'


def make_router(state: AppState) -> APIRouter:
    """The ``/resource/``, ``/page/`` and ``/data/`` routes over ``state``."""
    router = APIRouter(tags=["Pages"])

    @router.get("/resource/{path:path}", name="resource", status_code=303)
    async def resource(path: str, request: Request) -> Response:
        """The thing ``base_iri + path``: 303 See Other to its HTML page (``/page/...``)
        for browsers, or to its RDF description (``/data/...?format=``) by Accept or
        ``format=``. 406 when no offered type is acceptable."""
        _iri_of(state.settings.base_iri, path)
        media = graph_type(
            request.headers.get("accept"), request.query_params.get("format"), html=True
        )
        local = quote(path, safe=_PATH_SAFE)
        target = f"/page/{local}" if media == HTML else f"/data/{local}?format={FORMAT_OF[media]}"
        return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})

    @router.get("/page/{path:path}", name="entity_page", response_class=HTMLResponse)
    async def entity_page(
        path: str,
        page: Annotated[int, Query(ge=1, description="Page of the events, newest first.")] = 1,
        refs: Annotated[int, Query(ge=1, description="Page of the triples pointing to it.")] = 1,
    ) -> HTMLResponse:
        """The HTML page about ``base_iri + path`` (404 when nothing is known about it):
        one page of its events (``page``) and of the triples pointing to it (``refs``)."""
        iri = _iri_of(state.settings.base_iri, path)
        runner = state.runner
        version = runner.version  # read before the queries: a write meanwhile is missed
        key = ("entity-page", iri, page, refs)
        html = runner.cache.get(key, version)
        if html is None:
            size = state.settings.entity_page_size
            found = await load_entity(runner, iri, page=page, size=size, refs_page=refs)
            if found is None:
                raise ApiError(404, f"nothing is known about <{iri}>")
            local = quote(path, safe=_PATH_SAFE)
            html = state.templates.get_template("resource.html").render(
                page=found,
                r=TermRenderer(state.settings.base_iri, found.labels_of),
                data_url="/data/" + local,
                page_url="/page/" + local,
            )
            runner.cache.put(key, version, html)
        return HTMLResponse(html, headers={"Link": _describes(iri)})

    @router.get(
        "/data/{path:path}",
        name="entity_data",
        responses={200: {"content": {t: {} for t in FORMAT_OF}}},
    )
    async def entity_data(path: str, request: Request) -> Response:
        """The RDF description of ``base_iri + path``: its triples and the triples that point
        to it, in Turtle, JSON-LD, N-Triples, RDF/XML or TriG by Accept or ``format=``."""
        iri = _iri_of(state.settings.base_iri, path)
        media = graph_type(request.headers.get("accept"), request.query_params.get("format"))
        if not await entity_exists(state.runner, iri):
            raise ApiError(404, f"nothing is known about <{iri}>")
        result = await state.runner.query(describe_query(iri), media)
        return Response(
            result.body,
            media_type=content_type_header(media),
            headers={"Vary": "Accept", "Link": _describes(iri)},
        )

    return router
