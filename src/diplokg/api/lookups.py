"""A short way through the application for one-subject lookups.

``GET /sparql?query=SELECT ?p ?o WHERE { <iri> ?p ?o }`` is the commonest request a
linked-data client sends, and answering it takes the store about 0.05 ms: the routing,
dependency and exception layers of the framework cost several times that. This ASGI
middleware answers such a request itself, with the same steps as the ``/sparql`` route
(:func:`diplokg.api.query_response.answer_query`): negotiation, the base IRI, the
policy (nesting, depth, SERVICE), the row cap, then the query on the runner as a
bounded query (:func:`diplokg.sparql.policy.is_bounded_lookup`). It sits inside the
security-header and compression middlewares, so the answer carries the same headers.

Anything else, and anything that goes wrong on the way (a refused or unparsable query,
no acceptable type, a busy endpoint, a store error), is handed to the application
untouched, which then answers it (or reports the error) the usual way: nothing has been
sent by then.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from diplokg.api.negotiation import content_type_header, results_type
from diplokg.api.query_response import ROW_LIMIT_HEADER, check_policy
from diplokg.api.state import AppState
from diplokg.sparql.operation_text import with_base
from diplokg.sparql.policy import cap_rows, inspect_operation, is_bounded_lookup

log = logging.getLogger(__name__)

#: Longer texts are not lookups worth tokenizing twice; they take the usual way.
MAX_LOOKUP_CHARS = 2000


class LookupShortcut:
    """ASGI middleware answering ``GET /sparql`` one-subject lookups directly."""

    def __init__(self, app: ASGIApp, state: AppState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"] == "/sparql"
            and len(scope["query_string"]) <= 3 * MAX_LOOKUP_CHARS
        ):
            response = await self._answer(scope)
            if response is not None:
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _answer(self, scope: Scope) -> Response | None:
        """The answer to a lookup, or None to let the application answer."""
        try:
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        except ValueError:
            return None
        if len(pairs) != 1 or pairs[0][0] != "query" or len(pairs[0][1]) > MAX_LOOKUP_CHARS:
            return None
        settings = self.state.settings
        if settings.max_rows <= 0 or len(pairs[0][1].encode()) > settings.max_query_bytes:
            return None
        request = Request(scope)
        try:
            media = results_type(request.headers.get("accept"))
            endpoint = str(request.url.replace(query="", fragment=""))
            sparql = with_base(pairs[0][1], endpoint)
            op = inspect_operation(sparql)
            if not is_bounded_lookup(op):
                return None
            check_policy(op, settings)
            text, capped = cap_rows(sparql, op, settings.max_rows)
            result = await self.state.runner.query(text, media, bounded=True, inline=True)
        except Exception as exc:  # the application answers it again, and reports it
            log.debug("lookup left to the application: %r", exc)
            return None
        headers = {"Vary": "Accept"}
        if capped:
            headers[ROW_LIMIT_HEADER] = str(settings.max_rows)
        return Response(
            result.body, media_type=content_type_header(result.media_type), headers=headers
        )
