"""``/resource/{path}``: entity pages (HTML) and their RDF description."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pyoxigraph import NamedNode

from diplokg.api.data.entity import describe_query, load_entity
from diplokg.api.data.sparql_text import iri as sparql_iri
from diplokg.api.errors import ApiError
from diplokg.api.negotiation import HTML, content_type_header, graph_type
from diplokg.api.state import get_state
from diplokg.api.terms import TermRenderer

router = APIRouter(tags=["Pages"])


@router.get("/resource/{path:path}", name="resource", response_class=HTMLResponse)
async def resource(path: str, request: Request) -> Response:
    """The entity (or event, article...) ``base_iri + path``: an HTML page for
    browsers; Turtle, N-Triples, RDF/XML, JSON-LD or TriG by Accept (or ``format=``)."""
    state = get_state(request)
    iri = state.settings.base_iri + path
    try:
        NamedNode(iri)
    except ValueError:
        raise ApiError(404, f"not a valid resource IRI: {iri}") from None
    media = graph_type(request.headers.get("accept"), request.query_params.get("format"), html=True)
    headers = {"Vary": "Accept"}
    if media != HTML:
        exists = await state.runner.ask(
            f"ASK {{ {{ {sparql_iri(iri)} ?p ?o }} UNION {{ ?s ?p {sparql_iri(iri)} }} }}"
        )
        if not exists:
            raise ApiError(404, f"nothing is known about <{iri}>")
        result = await state.runner.query(describe_query(iri), media)
        return Response(result.body, media_type=content_type_header(media), headers=headers)
    page = await load_entity(state.runner, iri)
    if page is None:
        raise ApiError(404, f"nothing is known about <{iri}>")
    html = state.templates.get_template("resource.html").render(
        page=page, r=TermRenderer(state.settings.base_iri, page.labels_of)
    )
    return HTMLResponse(html, headers=headers)
