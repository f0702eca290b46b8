"""``GET|POST /sparql``: the W3C SPARQL 1.1 Protocol endpoint.

:func:`make_router` builds the router over one :class:`~diplokg.api.state.AppState`,
so any FastAPI application can mount the endpoint over its own store and settings::

    state = AppState.build(settings, store)
    app.include_router(make_router(state))
    install_error_handlers(app)  # SPARQL errors as the protocol's 4xx/5xx answers
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from diplokg.api.auth import require_writer
from diplokg.api.errors import ApiError
from diplokg.api.negotiation import content_type_header, graph_type, prefers_html
from diplokg.api.protocol import ProtocolRequest, read_protocol_request
from diplokg.api.query_response import answer_query, check_graph_iris, check_policy
from diplokg.api.service_description import (
    CLASSES_QUERY,
    STATISTICS_QUERY,
    Statistics,
    service_description,
)
from diplokg.api.state import AppState
from diplokg.sparql.operation_text import DatasetConflict, with_base, with_using
from diplokg.sparql.policy import inspect_operation
from diplokg.store.updates import MERGE_NAMED_GRAPHS

_IRI_LIST = {"type": "array", "items": {"type": "string"}}
_PARAMS = [
    {"name": "query", "in": "query", "schema": {"type": "string"},
     "description": "SPARQL query (GET, or POST form field)."},
    {"name": "default-graph-uri", "in": "query", "schema": _IRI_LIST,
     "description": "Graph(s) forming the default graph (default: union of all graphs)."},
    {"name": "named-graph-uri", "in": "query", "schema": _IRI_LIST,
     "description": "Named graph(s) visible to GRAPH patterns."},
    {"name": "format", "in": "query", "schema": {"type": "string"},
     "description": "Shortcut overriding Accept: json, xml, csv, tsv, ttl, nt, rdf, jsonld, trig."},
]  # fmt: skip
_BODY = {
    "required": False,
    "content": {
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
            "query": {"type": "string"}, "update": {"type": "string"}}}},
        "application/sparql-query": {"schema": {"type": "string"}},
        "application/sparql-update": {"schema": {"type": "string"}},
    },
}  # fmt: skip


def make_router(state: AppState) -> APIRouter:
    """The ``/sparql`` routes over ``state`` (settings, store and query runner)."""
    router = APIRouter(tags=["SPARQL"])

    @router.get("/sparql", name="sparql", openapi_extra={"parameters": _PARAMS})
    async def sparql_get(request: Request) -> Response:
        """SPARQL 1.1 Protocol query by GET; without ``query``, the service description.

        SELECT/ASK answer in SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE in
        Turtle (default), N-Triples, RDF/XML, JSON-LD or TriG, by Accept or ``format=``.
        The default graph is the union of all graphs. Solutions are capped at
        ``max_rows`` (response header ``X-Diplokg-Row-Limit`` when the cap was imposed).
        Browsers asking for the service description are sent to the query UI.
        """
        return await _handle(state, request)

    @router.post("/sparql", name="sparql_post", openapi_extra={"parameters": _PARAMS[1:],
                                                               "requestBody": _BODY})  # fmt: skip
    async def sparql_post(request: Request) -> Response:
        """SPARQL 1.1 Protocol query (form ``query=`` or ``application/sparql-query``) or
        update (form ``update=`` or ``application/sparql-update``; needs
        ``Authorization: Bearer <token>``). Queries answer as for GET."""
        return await _handle(state, request)

    return router


async def _handle(state: AppState, request: Request) -> Response:
    """One protocol request: an update, a query, or the service description."""
    req = await read_protocol_request(request, state.settings.max_query_bytes)
    if req.update is not None:
        return await _update(state, request, req)
    if req.query is None:
        if request.method == "POST":
            raise ApiError(400, "missing 'query' or 'update'")
        return await _describe_service(state, request, req.format)
    return await answer_query(
        state,
        request,
        with_base(req.query, _endpoint(request)),
        default_graph_uris=req.default_graph_uris,
        named_graph_uris=req.named_graph_uris,
        format_param=req.format,
    )


def _endpoint(request: Request) -> str:
    """The endpoint's URL: the base IRI of relative IRIs in queries and updates."""
    return str(request.url.replace(query="", fragment=""))


async def _update(state: AppState, request: Request, req: ProtocolRequest) -> Response:
    require_writer(request, state.settings)
    update = req.update or ""
    op = inspect_operation(update)
    if op.form is not None and not op.is_update:
        raise ApiError(400, f"this is a SPARQL {op.form} query: send it as query=")
    check_policy(op, state.settings)
    check_graph_iris(req.using_graph_uris + req.using_named_graph_uris)
    try:
        update = with_using(update, req.using_graph_uris, req.using_named_graph_uris)
    except DatasetConflict as exc:
        raise ApiError(400, str(exc)) from None
    update = with_base(update, _endpoint(request))
    # keep the default graph the merge of the named graphs (diplokg.store.updates)
    await state.runner.update(f"{update}\n;\n{MERGE_NAMED_GRAPHS}")
    return Response(status_code=204)


async def _statistics(state: AppState) -> Statistics:
    """VoID counts of the default graph and the named graphs, from the store."""
    stats = Statistics(graphs=await state.runner.call(state.store.graphs))
    for query in (STATISTICS_QUERY, CLASSES_QUERY):
        for row in (await state.runner.select(query))[:1]:
            stats.counts.update({name: int(term.value) for name, term in row.items()})
    return stats


async def _describe_service(
    state: AppState, request: Request, format_param: str | None
) -> Response:
    accept = request.headers.get("accept")
    if format_param is None and prefers_html(accept):
        return RedirectResponse("/", status_code=303)
    media = graph_type(accept, format_param)
    endpoint = _endpoint(request)
    stats = await _statistics(state)
    body = service_description(endpoint, state.settings, media, stats)
    return Response(body, media_type=content_type_header(media), headers={"Vary": "Accept"})
