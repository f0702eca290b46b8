"""``/ontology``: documentation for browsers, the ontology file for RDF clients."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pyoxigraph import serialize
from starlette.concurrency import run_in_threadpool

from diplokg.api.data.ontology_doc import build_doc
from diplokg.api.errors import ApiError
from diplokg.api.negotiation import HTML, content_type_header, graph_type
from diplokg.api.state import AppState
from diplokg.api.terms import TermRenderer
from diplokg.config import Settings
from diplokg.rdf.ontology import ontology_path, ontology_quads
from diplokg.rdf.vocab import ONTOLOGY_IRI, PREFIXES
from diplokg.store.embedded import rdf_format


def _rdf(settings: Settings, media: str) -> bytes:
    if media == "text/turtle":
        return ontology_path(settings).read_bytes()  # the file as written, comments included
    quads = ontology_quads(settings)
    fmt = rdf_format(media)
    data = quads if fmt.supports_datasets else [q.triple for q in quads]
    return serialize(data, format=fmt, prefixes=PREFIXES if media != "application/n-triples"
                     else None)  # fmt: skip


def make_router(state: AppState) -> APIRouter:
    """The ``/ontology`` route, reading the ontology file of ``state.settings``."""
    router = APIRouter(tags=["Pages"])

    @router.get("/ontology", name="ontology", response_class=HTMLResponse)
    async def ontology(request: Request) -> Response:
        """The ontology: HTML documentation, or Turtle/RDF-XML/N-Triples/JSON-LD/TriG."""
        return await _ontology(state, request)

    return router


async def _ontology(state: AppState, request: Request) -> Response:
    """The ontology file as the negotiated RDF type, or its HTML documentation."""
    media = graph_type(request.headers.get("accept"), request.query_params.get("format"), html=True)
    headers = {"Vary": "Accept"}
    try:
        if media != HTML:
            body = await run_in_threadpool(_rdf, state.settings, media)
            return Response(body, media_type=content_type_header(media), headers=headers)
        quads = await run_in_threadpool(ontology_quads, state.settings)
    except FileNotFoundError:
        raise ApiError(404, "the ontology file is missing") from None
    except SyntaxError as exc:
        raise ApiError(500, f"the ontology file does not parse: {exc}") from exc
    doc = build_doc(quads)
    html = state.templates.get_template("ontology.html").render(
        doc=doc, r=TermRenderer(state.settings.base_iri), ontology_iri=ONTOLOGY_IRI
    )
    return HTMLResponse(html, headers=headers)
