"""Entity IRIs and the documents about them (Linked Data "303 URIs").

``/resource/{path}`` stands for the thing itself (a person, a country, an event), which
is not a web document, so it answers ``303 See Other`` to a document about it, chosen
by content negotiation:

* ``/page/{path}``: the HTML page (label, types, Wikidata link, events and relations
  with dates, sources and evidence, other statements) for browsers;
* ``/data/{path}?format=ttl|jsonld|nt|rdf|trig``: its description in RDF for clients
  (Turtle, JSON-LD, N-Triples, RDF/XML, TriG; ``/data/{path}`` negotiates by Accept).

The IRI ``base_iri + path`` is what the three paths describe.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pyoxigraph import NamedNode

from diplokg.api.data.entity import describe_query, load_entity
from diplokg.api.data.sparql_text import iri as sparql_iri
from diplokg.api.errors import ApiError
from diplokg.api.negotiation import HTML, content_type_header, graph_type
from diplokg.api.state import get_state
from diplokg.api.terms import TermRenderer

router = APIRouter(tags=["Pages"])

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


def _iri_of(request: Request, path: str) -> str:
    """``base_iri + path``, or 404 when that is not a valid IRI."""
    iri = get_state(request).settings.base_iri + path
    try:
        NamedNode(iri)
    except ValueError:
        raise ApiError(404, f"not a valid resource IRI: {iri}") from None
    return iri


def _describes(iri: str) -> str:
    """A ``Link`` header naming the thing a document describes (ASCII, as headers are)."""
    return f'<{quote(iri, safe=_IRI_SAFE)}>; rel="describes"'


@router.get("/resource/{path:path}", name="resource", status_code=303)
async def resource(path: str, request: Request) -> Response:
    """The thing ``base_iri + path``: 303 See Other to its HTML page (``/page/...``)
    for browsers, or to its RDF description (``/data/...?format=``) by Accept or
    ``format=``. 406 when no offered type is acceptable."""
    _iri_of(request, path)
    media = graph_type(request.headers.get("accept"), request.query_params.get("format"), html=True)
    local = quote(path, safe=_PATH_SAFE)
    target = f"/page/{local}" if media == HTML else f"/data/{local}?format={FORMAT_OF[media]}"
    return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})


@router.get("/page/{path:path}", name="entity_page", response_class=HTMLResponse)
async def entity_page(path: str, request: Request) -> HTMLResponse:
    """The HTML page about ``base_iri + path`` (404 when nothing is known about it)."""
    state = get_state(request)
    iri = _iri_of(request, path)
    page = await load_entity(state.runner, iri)
    if page is None:
        raise ApiError(404, f"nothing is known about <{iri}>")
    html = state.templates.get_template("resource.html").render(
        page=page,
        r=TermRenderer(state.settings.base_iri, page.labels_of),
        data_url="/data/" + quote(path, safe=_PATH_SAFE),
    )
    return HTMLResponse(html, headers={"Link": _describes(iri)})


@router.get(
    "/data/{path:path}",
    name="entity_data",
    responses={200: {"content": {t: {} for t in FORMAT_OF}}},
)
async def entity_data(path: str, request: Request) -> Response:
    """The RDF description of ``base_iri + path``: its triples and the triples that point
    to it, in Turtle, JSON-LD, N-Triples, RDF/XML or TriG by Accept or ``format=``."""
    state = get_state(request)
    iri = _iri_of(request, path)
    media = graph_type(request.headers.get("accept"), request.query_params.get("format"))
    node = sparql_iri(iri)
    if not await state.runner.ask(f"ASK {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }}"):
        raise ApiError(404, f"nothing is known about <{iri}>")
    result = await state.runner.query(describe_query(iri), media)
    return Response(
        result.body,
        media_type=content_type_header(media),
        headers={"Vary": "Accept", "Link": _describes(iri)},
    )
