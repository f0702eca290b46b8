"""``/store``: the SPARQL 1.1 Graph Store HTTP Protocol.

Graphs are named indirectly (``/store?graph=IRI``; ``/store?default`` for the default
graph) or directly (``/store/some/path``: the graph whose IRI is that URL, without
its query string). ``POST /store`` with neither creates a new graph under ``/store/``
and answers ``201 Created`` with its IRI in ``Location``.

Reading ``?default`` returns the endpoint's default graph, i.e. the merge of all
graphs (as queries see it); writing ``?default`` changes the triples written straight
into the default graph (the merge of the named graphs stays, see
:mod:`diplokg.store.updates`). Blank nodes are stored skolemised; reads turn the
skolem IRIs back into blank nodes. ``POST`` also accepts ``multipart/form-data``
(one RDF document per part). Writes need the bearer token (:mod:`diplokg.api.auth`).
"""

from __future__ import annotations

import uuid
from email.parser import BytesParser
from email.policy import HTTP

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pyoxigraph import BlankNode, NamedNode, Quad, RdfFormat, Triple, parse, serialize

from diplokg.api.auth import require_writer
from diplokg.api.errors import ApiError
from diplokg.api.negotiation import content_type_header, graph_type
from diplokg.api.state import AppState
from diplokg.store.embedded import rdf_format
from diplokg.store.updates import (
    MERGE_NAMED_GRAPHS,
    add_to_graph_update,
    drop_graph_update,
)

_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_NT = "application/n-triples"
_SKOLEM = "/.well-known/genid/"
_DIRECT = "/store/{path:path}"


def _names_no_graph(request: Request) -> bool:
    """True for a bare ``/store`` (no ``?graph``, no ``?default``, no path)."""
    params = request.query_params
    return "path" not in request.path_params and "graph" not in params and "default" not in params


def _target(request: Request) -> str | None:
    """The graph the request names: an IRI, or None for the default graph.

    400 if it names none, or names one in two ways at once.
    """
    params = request.query_params
    graph, is_default = params.get("graph"), "default" in params
    direct = request.path_params.get("path")
    if direct is not None:
        if graph is not None or is_default:
            raise ApiError(400, "a directly identified graph takes no ?graph or ?default")
        graph = str(request.url.replace(query="", fragment=""))
    elif graph is None and not is_default:
        raise ApiError(400, "name one graph: ?graph=IRI or ?default")
    elif graph is not None and is_default:
        raise ApiError(400, "name one graph: ?graph=IRI or ?default, not both")
    if graph is None:
        return None
    try:
        NamedNode(graph)
    except ValueError as exc:
        raise ApiError(400, f"not a valid graph IRI: {graph!r} ({exc})") from exc
    return graph


def _unskolemized(ntriples: bytes, media: str) -> bytes:
    """Re-serialise N-Triples as ``media``, skolem IRIs back to (fresh) blank nodes."""
    nodes: dict[str, BlankNode] = {}

    def term(t):
        if isinstance(t, NamedNode) and _SKOLEM in t.value:
            return nodes.setdefault(t.value, BlankNode())
        return t

    triples = [
        Triple(term(t.subject), t.predicate, term(t.object))
        for t in parse(ntriples, RdfFormat.N_TRIPLES)
    ]
    return serialize(triples, format=rdf_format(media))


async def _read(state: AppState, request: Request) -> Response:
    graph = _target(request)
    media = graph_type(request.headers.get("accept"), request.query_params.get("format"))
    if graph is None:
        ntriples = (await state.runner.query(_UNION, _NT)).body
    else:
        try:
            ntriples = await state.runner.call(state.store.dump_graph, graph, _NT)
        except KeyError:
            raise ApiError(404, f"no graph <{graph}> in the store") from None
    body = _unskolemized(ntriples, media)
    headers = {"Vary": "Accept"}
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        body = b""
    return Response(body, media_type=content_type_header(media), headers=headers)


def _parse_rdf(body: bytes, content_type: str, graph: str | None) -> list[Quad]:
    media = content_type.split(";")[0].strip().lower()
    fmt = RdfFormat.from_media_type(media) if media else None
    if fmt is None:
        raise ApiError(415, f"unsupported RDF Content-Type {media or '(none)'!r}")
    try:
        return list(parse(body, fmt, base_iri=graph, without_named_graphs=True))
    except (SyntaxError, ValueError) as exc:
        raise ApiError(400, f"cannot parse the {media} body: {exc}") from exc


def _multipart(body: bytes, content_type: str, graph: str | None) -> list[Quad]:
    """The triples of every part of a ``multipart/form-data`` body."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise ApiError(400, "a multipart/form-data body without parts")
    quads: list[Quad] = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True) or b""
        quads += _parse_rdf(payload, part.get("content-type", ""), graph)
    return quads


async def _triples(request: Request, graph: str | None) -> list[Quad]:
    content_type = request.headers.get("content-type", "")
    body = await request.body()
    if content_type.split(";")[0].strip().lower() == "multipart/form-data":
        return _multipart(body, content_type, graph)
    return _parse_rdf(body, content_type, graph)


def _insert_default(quads: list[Quad]) -> str:
    if not quads:
        return ""
    data = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return f"INSERT DATA {{\n{data}\n}}"


async def _exists(state: AppState, graph: str) -> bool:
    return graph in await state.runner.call(state.store.graphs)


async def _replace_default(state: AppState, quads: list[Quad]) -> None:
    # the merge of the named graphs lives in the default graph too: put it back
    parts = ["DROP SILENT DEFAULT", _insert_default(quads), MERGE_NAMED_GRAPHS]
    await state.runner.update(" ;\n".join(p for p in parts if p))


async def _put(state: AppState, request: Request) -> Response:
    require_writer(request, state.settings)
    graph = _target(request)
    quads = await _triples(request, graph)
    if graph is None:
        await _replace_default(state, quads)
        return Response(status_code=204)
    existed = await _exists(state, graph)
    node = NamedNode(graph)
    replacement = [Quad(q.subject, q.predicate, q.object, node) for q in quads]
    await state.runner.call(state.store.replace_graphs, {node: replacement})
    return Response(status_code=204 if existed else 201)


async def _post(state: AppState, request: Request) -> Response:
    require_writer(request, state.settings)
    new = _names_no_graph(request)
    headers: dict[str, str] = {}
    if new:
        graph: str | None = f"{str(request.url_for('graph_store_get')).rstrip('/')}/{uuid.uuid4()}"
        headers["Location"] = graph
    else:
        graph = _target(request)
    quads = await _triples(request, graph)
    if graph is None:
        update = _insert_default(quads)
        existed = True
    else:
        existed = not new and await _exists(state, graph)
        node = NamedNode(graph)
        update = add_to_graph_update(
            node, [Quad(q.subject, q.predicate, q.object, node) for q in quads]
        )
    if update:
        await state.runner.update(update)
    created = not existed and (bool(quads) or new)
    return Response(status_code=201 if created else 204, headers=headers if created else {})


async def _delete(state: AppState, request: Request) -> Response:
    require_writer(request, state.settings)
    graph = _target(request)
    if graph is None:
        await _replace_default(state, [])
    elif not await _exists(state, graph):
        raise ApiError(404, f"no graph <{graph}> in the store")
    else:
        await state.runner.update(drop_graph_update(NamedNode(graph)))
    return Response(status_code=204)


def make_router(state: AppState) -> APIRouter:
    """The ``/store`` routes (Graph Store Protocol) over ``state``."""
    router = APIRouter(tags=["Graph Store"])

    @router.get("/store", name="graph_store_get")
    async def read_graph(request: Request) -> Response:
        """Return one graph (``?graph=IRI``) or the default graph (``?default``: the merge
        of all graphs), in Turtle (default), N-Triples, RDF/XML, JSON-LD or TriG."""
        return await _read(state, request)

    @router.head("/store", name="graph_store_head", include_in_schema=False)
    async def head_graph(request: Request) -> Response:
        """Headers of :func:`read_graph` (404 for an unknown graph)."""
        return await _read(state, request)

    @router.get(_DIRECT, name="graph_store_get_direct")
    async def read_graph_direct(request: Request, path: str) -> Response:
        """Return the graph whose IRI is this URL (direct graph identification)."""
        return await _read(state, request)

    @router.head(_DIRECT, name="graph_store_head_direct", include_in_schema=False)
    async def head_graph_direct(request: Request, path: str) -> Response:
        """Headers of :func:`read_graph_direct`."""
        return await _read(state, request)

    @router.put("/store", name="graph_store_put", status_code=204)
    async def put_graph(request: Request) -> Response:
        """Replace a graph with the RDF body (201 if the graph is new, else 204)."""
        return await _put(state, request)

    @router.put(_DIRECT, name="graph_store_put_direct", status_code=204)
    async def put_graph_direct(request: Request, path: str) -> Response:
        """Replace the graph whose IRI is this URL (201 if new, else 204)."""
        return await _put(state, request)

    @router.post("/store", name="graph_store_post", status_code=204)
    async def merge_graph(request: Request) -> Response:
        """Add the RDF body's triples to a graph (201 if the graph is new, else 204).

        Without ``?graph``/``?default``, create a new graph: 201 with its IRI in
        ``Location``. ``multipart/form-data`` bodies add every part.
        """
        return await _post(state, request)

    @router.post(_DIRECT, name="graph_store_post_direct", status_code=204)
    async def merge_graph_direct(request: Request, path: str) -> Response:
        """Add the RDF body's triples to the graph whose IRI is this URL."""
        return await _post(state, request)

    @router.delete("/store", name="graph_store_delete", status_code=204)
    async def delete_graph(request: Request) -> Response:
        """Remove a graph (404 if unknown); ``?default`` empties the default graph of all
        but the merge of the named graphs."""
        return await _delete(state, request)

    @router.delete(_DIRECT, name="graph_store_delete_direct", status_code=204)
    async def delete_graph_direct(request: Request, path: str) -> Response:
        """Remove the graph whose IRI is this URL (404 if unknown)."""
        return await _delete(state, request)

    return router
