"""``/store``: the SPARQL 1.1 Graph Store HTTP Protocol (indirect graph identification).

``?graph=IRI`` names a graph; ``?default`` the default graph. Reading ``?default``
returns the endpoint's default graph, i.e. the union of all graphs (as queries see
it); writing ``?default`` changes the store's own default graph. Writes need the
bearer token (see :mod:`diplokg.api.auth`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from diplokg.api.auth import require_writer
from diplokg.api.errors import ApiError
from diplokg.api.negotiation import content_type_header, graph_type
from diplokg.api.state import AppState, get_state
from diplokg.store.updates import add_to_graph_update, drop_graph_update

router = APIRouter(tags=["Graph Store"])

_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def _target(request: Request) -> str | None:
    """The graph IRI named by the request (None for ``?default``); 400 if neither/both."""
    params = request.query_params
    graph, is_default = params.get("graph"), "default" in params
    if (graph is None) == (not is_default):
        raise ApiError(400, "name one graph: ?graph=IRI or ?default")
    if graph is None:
        return None
    try:
        NamedNode(graph)
    except ValueError as exc:
        raise ApiError(400, f"not a valid graph IRI: {graph!r} ({exc})") from exc
    return graph


@router.get("/store", name="graph_store_get")
async def read_graph(request: Request) -> Response:
    """Return one graph (``?graph=IRI``) or the default graph (``?default``: the union)."""
    state = get_state(request)
    graph = _target(request)
    media = graph_type(request.headers.get("accept"), request.query_params.get("format"))
    if graph is None:
        body = (await state.runner.query(_UNION, media)).body
    else:
        try:
            body = await state.runner.call(state.store.dump_graph, graph, media)
        except KeyError:
            raise ApiError(404, f"no graph <{graph}> in the store") from None
    return Response(body, media_type=content_type_header(media), headers={"Vary": "Accept"})


async def _triples(request: Request, graph: str | None) -> list[Quad]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip()
    fmt = RdfFormat.from_media_type(content_type) if content_type else None
    if fmt is None:
        raise ApiError(415, f"unsupported RDF Content-Type {content_type or '(none)'!r}")
    body = await request.body()
    try:
        return list(parse(body, fmt, base_iri=graph, without_named_graphs=True))
    except (SyntaxError, ValueError) as exc:
        raise ApiError(400, f"cannot parse the {content_type} body: {exc}") from exc


def _data_block(quads: list[Quad]) -> str:
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


def _insert(graph: str | None, quads: list[Quad]) -> str:
    if not quads:
        return ""
    data = _data_block(quads)
    if graph is None:
        return f"INSERT DATA {{\n{data}\n}}"
    return f"INSERT DATA {{ GRAPH {NamedNode(graph)} {{\n{data}\n}} }}"


async def _exists(state: AppState, graph: str) -> bool:
    return graph in await state.runner.call(state.store.graphs)


@router.put("/store", name="graph_store_put", status_code=204)
async def put_graph(request: Request) -> Response:
    """Replace a graph with the RDF body (201 if the graph is new, else 204)."""
    state = get_state(request)
    require_writer(request, state.settings)
    graph = _target(request)
    quads = await _triples(request, graph)
    if graph is None:
        drop = "DROP SILENT DEFAULT"
        insert = _insert(None, quads)
        await state.runner.update(f"{drop} ;\n{insert}" if insert else drop)
        return Response(status_code=204)
    existed = await _exists(state, graph)
    node = NamedNode(graph)
    replacement = [Quad(q.subject, q.predicate, q.object, node) for q in quads]
    await state.runner.call(state.store.replace_graphs, {node: replacement})
    return Response(status_code=204 if existed else 201)


@router.post("/store", name="graph_store_post", status_code=204)
async def merge_graph(request: Request) -> Response:
    """Add the RDF body's triples to a graph (201 if the graph is new, else 204)."""
    state = get_state(request)
    require_writer(request, state.settings)
    graph = _target(request)
    quads = await _triples(request, graph)
    existed = graph is None or await _exists(state, graph)
    if graph is None:
        update = _insert(None, quads)
    else:
        node = NamedNode(graph)
        update = add_to_graph_update(
            node, [Quad(q.subject, q.predicate, q.object, node) for q in quads]
        )
    if update:
        await state.runner.update(update)
    return Response(status_code=204 if existed or not quads else 201)


@router.delete("/store", name="graph_store_delete", status_code=204)
async def delete_graph(request: Request) -> Response:
    """Remove a graph (404 if unknown); ``?default`` empties the default graph."""
    state = get_state(request)
    require_writer(request, state.settings)
    graph = _target(request)
    if graph is None:
        await state.runner.update("DROP SILENT DEFAULT")
    elif not await _exists(state, graph):
        raise ApiError(404, f"no graph <{graph}> in the store")
    else:
        await state.runner.update(drop_graph_update(NamedNode(graph)))
    return Response(status_code=204)
