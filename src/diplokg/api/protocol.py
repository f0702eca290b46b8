"""Reading a SPARQL 1.1 Protocol request (query or update, with its dataset).

Accepted shapes (W3C SPARQL 1.1 Protocol §2.1, §2.2):

* ``GET ?query=...&default-graph-uri=...&named-graph-uri=...``
* ``POST`` ``application/x-www-form-urlencoded`` with ``query=`` or ``update=``
* ``POST`` ``application/sparql-query`` or ``application/sparql-update`` body, dataset
  parameters in the URL.

Updates take their dataset from ``using-graph-uri`` / ``using-named-graph-uri``
(§2.2.3), queries from ``default-graph-uri`` / ``named-graph-uri``; mixing the two
families is an error (400). ``format=`` may accompany any of them. Bodies must be
UTF-8 (a declared ``charset`` other than UTF-8: 415). The operation text is limited to
``max_bytes`` UTF-8 bytes (beyond: HTTP 414 URI Too Long in a GET's URL, 413 in a
body); the raw body is read no further than needed to know that. URLs too long for
the HTTP parser itself get their 414 from :mod:`diplokg.api.http_server`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from fastapi import Request

from diplokg.api.errors import ApiError

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


@dataclass
class ProtocolRequest:
    """The operation and dataset a SPARQL protocol request carries."""

    query: str | None = None
    update: str | None = None
    default_graph_uris: list[str] = field(default_factory=list)
    named_graph_uris: list[str] = field(default_factory=list)
    using_graph_uris: list[str] = field(default_factory=list)
    using_named_graph_uris: list[str] = field(default_factory=list)
    format: str | None = None


def _too_large(size: int, limit: int) -> ApiError:
    return ApiError(413, f"the request is {size} bytes; this endpoint accepts at most {limit}")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) bodies longer than ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_large(int(declared), limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(size, limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"the request body is not UTF-8: {exc}") from exc


def _from_pairs(pairs: list[tuple[str, str]]) -> ProtocolRequest:
    req = ProtocolRequest()
    seen: dict[str, int] = {}
    for key, value in pairs:
        seen[key] = seen.get(key, 0) + 1
        if key == "query":
            req.query = value
        elif key == "update":
            req.update = value
        elif key == "default-graph-uri":
            req.default_graph_uris.append(value)
        elif key == "named-graph-uri":
            req.named_graph_uris.append(value)
        elif key == "using-graph-uri":
            req.using_graph_uris.append(value)
        elif key == "using-named-graph-uri":
            req.using_named_graph_uris.append(value)
        elif key == "format":
            req.format = value
    for key in ("query", "update", "format"):
        if seen.get(key, 0) > 1:
            raise ApiError(400, f"the '{key}' parameter was given more than once")
    return req


def _check(req: ProtocolRequest, max_bytes: int, *, in_url: bool = False) -> ProtocolRequest:
    if req.query is not None and req.update is not None:
        raise ApiError(400, "give either 'query' or 'update', not both")
    if req.update is not None and (req.default_graph_uris or req.named_graph_uris):
        raise ApiError(
            400,
            "default-graph-uri/named-graph-uri apply to queries; "
            "an update takes using-graph-uri/using-named-graph-uri",
        )
    if req.update is None and (req.using_graph_uris or req.using_named_graph_uris):
        raise ApiError(
            400,
            "using-graph-uri/using-named-graph-uri apply to updates; "
            "a query takes default-graph-uri/named-graph-uri",
        )
    text = req.query if req.query is not None else req.update
    if text is not None and len(text.encode("utf-8")) > max_bytes:
        where = "; send long queries with POST" if in_url else ""
        raise ApiError(
            414 if in_url else 413,
            f"the operation is {len(text.encode('utf-8'))} bytes; "
            f"this endpoint accepts at most {max_bytes}{where}",
        )
    return req


async def read_protocol_request(request: Request, max_bytes: int) -> ProtocolRequest:
    """Parse ``request`` as a SPARQL protocol request (raises ApiError 400/413/415)."""
    url_pairs = list(request.query_params.multi_items())
    if request.method in ("GET", "HEAD"):
        req = _from_pairs(url_pairs)
        if req.update is not None:
            raise ApiError(400, "updates must be sent with POST")
        return _check(req, max_bytes, in_url=True)
    content_type, *params = (p.strip() for p in request.headers.get("content-type", "").split(";"))
    content_type = content_type.lower()
    for param in params:
        name, _, value = param.partition("=")
        charset = value.strip().strip('"').lower()
        if name.strip().lower() == "charset" and charset not in ("utf-8", "utf8"):
            raise ApiError(415, f"unsupported charset {charset!r}: requests must be UTF-8")
    # Percent-encoding can triple a form's size; the decoded text is checked after.
    body = await read_body(request, 3 * max_bytes + 4096)
    if content_type == FORM:
        pairs = parse_qsl(_decode(body), keep_blank_values=True, strict_parsing=False)
        req = _from_pairs(url_pairs + pairs)
    elif content_type in (QUERY_BODY, UPDATE_BODY):
        req = _from_pairs(url_pairs)
        if req.query is not None or req.update is not None:
            raise ApiError(400, f"a {content_type} body cannot be combined with query=/update=")
        if content_type == QUERY_BODY:
            req.query = _decode(body)
        else:
            req.update = _decode(body)
    else:
        raise ApiError(
            415,
            f"unsupported Content-Type {content_type or '(none)'!r}; use {FORM}, "
            f"{QUERY_BODY} or {UPDATE_BODY}",
        )
    return _check(req, max_bytes)
