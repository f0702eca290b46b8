"""A short way through the application for one-subject lookups.

``GET /sparql?query=SELECT ?p ?o WHERE { <iri> ?p ?o }`` is the commonest request a
linked-data client sends, and answering it takes the store about 0.05 ms: the routing,
dependency and exception layers of the framework cost several times that. This ASGI
middleware, the outermost of the application's own, answers such a request itself,
with the same steps as the ``/sparql`` route
(:func:`diplokg.api.query_response.answer_query`): negotiation, the base IRI, the
policy (nesting, depth, SERVICE), the row cap, then the query on the runner as a
bounded query (:func:`diplokg.sparql.policy.is_bounded_lookup`). A plain lookup
(:func:`diplokg.sparql.policy.plain_lookup`: absolute IRIs, no prologue) is recognised
without tokenizing. The answer goes out through the same middlewares as the
application's answers (:func:`diplokg.api.layers.answer_layers`: CORS, compression,
security headers), or, when they could add nothing but fixed headers (no CORS, no
compression asked for or worth it), with those headers written at once.

Anything else, and anything that goes wrong on the way (a refused or unparsable query,
no acceptable type, a busy endpoint, a store error), is handed to the application
untouched, which then answers it (or reports the error) the usual way: nothing has been
sent by then.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from urllib.parse import parse_qsl, unquote

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from diplokg.api.layers import GZIP_MINIMUM_SIZE, Layers, Through
from diplokg.api.negotiation import content_type_header, results_type
from diplokg.api.query_response import ROW_LIMIT_HEADER, check_policy
from diplokg.api.security import SECURITY_HEADERS, policy_for
from diplokg.api.state import AppState
from diplokg.sparql.operation_text import with_base
from diplokg.sparql.policy import (
    PLAIN_LOOKUP_DEPTH,
    PLAIN_LOOKUP_NESTING,
    cap_rows,
    inspect_operation,
    is_bounded_lookup,
    plain_lookup,
)

log = logging.getLogger(__name__)

#: Longer texts are not lookups worth tokenizing twice; they take the usual way.
MAX_LOOKUP_CHARS = 2000
_PATH = "/sparql"


@lru_cache(maxsize=256)
def _results_type(accept: str | None) -> str:
    """:func:`results_type` for an Accept header (the same few headers come again and
    again; a header no type satisfies raises each time, and is not kept)."""
    return results_type(accept)


@lru_cache(maxsize=16)
def _head(media_type: str, capped: int | None) -> list[tuple[bytes, bytes]]:
    """The headers of a lookup's answer but its length, as the application sends them:
    the route's own, then the security headers and the policy for data."""
    content_type = content_type_header(media_type)
    head = [(b"content-type", content_type.encode("latin-1")), (b"vary", b"Accept")]
    if capped is not None:
        head.append((ROW_LIMIT_HEADER.lower().encode(), str(capped).encode()))
    extra = {**SECURITY_HEADERS, "Content-Security-Policy": policy_for(_PATH, content_type)}
    head += [(name.lower().encode(), value.encode("latin-1")) for name, value in extra.items()]
    return head


def _within_limits(limit: int, needed: int) -> bool:
    """True when a structure limit (0 or less: unchecked) lets ``needed`` through."""
    return limit <= 0 or limit >= needed


class LookupShortcut:
    """ASGI middleware answering ``GET /sparql`` one-subject lookups directly."""

    def __init__(self, app: ASGIApp, state: AppState, layers: Layers) -> None:
        """``layers``: the middlewares an answer passes through, innermost first."""
        self.app = app
        self.state = state
        self._through = Through(layers)
        settings = state.settings
        # plain lookups skip the structure check only when it could never refuse them
        self._plain = _within_limits(settings.max_query_nesting, PLAIN_LOOKUP_NESTING) and (
            _within_limits(settings.max_query_depth, PLAIN_LOOKUP_DEPTH)
        )
        self._cors = bool(settings.cors_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"] == _PATH
            and len(scope["query_string"]) <= 3 * MAX_LOOKUP_CHARS
        ):
            accept = encoding = None
            for name, value in scope["headers"]:
                if name == b"accept":
                    accept = value.decode("latin-1")
                elif name == b"accept-encoding":
                    encoding = value.decode("latin-1")
            answer = await self._answer(scope, accept)
            if answer is not None:
                await self._send(answer, encoding, scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _query_text(self, scope: Scope) -> str | None:
        """The one ``query`` parameter of the query string (None: anything else)."""
        raw: bytes = scope["query_string"]
        if raw.startswith(b"query=") and b"&" not in raw:
            text = unquote(raw[6:].decode("latin-1").replace("+", " "), errors="replace")
        else:
            try:
                pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
            except ValueError:
                return None
            if len(pairs) != 1 or pairs[0][0] != "query":
                return None
            text = pairs[0][1]
        if len(text) > MAX_LOOKUP_CHARS:
            return None
        return text

    async def _answer(self, scope: Scope, accept: str | None) -> tuple | None:
        """``(body, media type, row cap imposed)`` of a lookup, or None to let the
        application answer."""
        settings = self.state.settings
        text = self._query_text(scope)
        if text is None or settings.max_rows <= 0:
            return None
        if len(text.encode()) > settings.max_query_bytes:
            return None
        try:
            media = _results_type(accept)
            plain = plain_lookup(text, settings.max_rows) if self._plain else None
            if plain is not None:
                sparql, capped = plain
            else:
                endpoint = str(Request(scope).url.replace(query="", fragment=""))
                based = with_base(text, endpoint)
                op = inspect_operation(based)
                if not is_bounded_lookup(op):
                    return None
                check_policy(op, settings)
                sparql, capped = cap_rows(based, op, settings.max_rows)
            result = await self.state.runner.query(sparql, media, bounded=True, inline=True)
        except Exception as exc:  # the application answers it again, and reports it
            log.debug("lookup left to the application: %r", exc)
            return None
        return result.body, result.media_type, capped

    async def _send(
        self, answer: tuple, encoding: str | None, scope: Scope, receive: Receive, send: Send
    ) -> None:
        body, media_type, capped = answer
        row_cap = self.state.settings.max_rows if capped else None
        compress = encoding is not None and "gzip" in encoding and len(body) >= GZIP_MINIMUM_SIZE
        if self._cors or compress:  # through the layers, as the route's answer goes
            headers = {"Vary": "Accept"}
            if row_cap is not None:
                headers[ROW_LIMIT_HEADER] = str(row_cap)
            response = Response(body, media_type=content_type_header(media_type), headers=headers)
            await self._through(response, scope, receive, send)
            return
        headers = [(b"content-length", str(len(body)).encode()), *_head(media_type, row_cap)]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
