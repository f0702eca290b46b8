"""Answer a SPARQL query over HTTP: policy, negotiation, row cap, execution, response.

Shared by ``/sparql`` and the saved queries under ``/api/queries``.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pyoxigraph import NamedNode, Variable

from diplokg.api.errors import ApiError
from diplokg.api.negotiation import content_type_header, graph_type, results_type
from diplokg.api.state import AppState
from diplokg.config import Settings
from diplokg.sparql.policy import (
    Operation,
    cap_rows,
    check_operation,
    inspect_operation,
    is_bounded_lookup,
)
from diplokg.store.base import QuerySyntaxError

log = logging.getLogger(__name__)

#: Response header telling that the endpoint imposed its row cap on the query.
ROW_LIMIT_HEADER = "X-Diplokg-Row-Limit"


def check_graph_iris(iris: list[str]) -> list[str]:
    """Validate dataset IRIs (absolute IRIs only), raising ApiError 400."""
    for iri in iris:
        try:
            NamedNode(iri)
        except ValueError as exc:
            raise ApiError(400, f"not a valid graph IRI: {iri!r} ({exc})") from exc
    return iris


def check_policy(op: Operation, settings: Settings) -> None:
    """Apply the endpoint's policy to a query or update (raises PolicyError, a 400):
    its nesting and depth limits first, then LOAD and the SERVICE allowlist."""
    check_operation(
        op,
        settings.service_allowlist,
        max_nesting=settings.max_query_nesting,
        max_depth=settings.max_query_depth,
    )


async def answer_query(
    state: AppState,
    request: Request,
    sparql: str,
    *,
    default_graph_uris: list[str] | None = None,
    named_graph_uris: list[str] | None = None,
    substitutions: dict[Variable, Any] | None = None,
    format_param: str | None = None,
) -> Response:
    """Run ``sparql`` for ``request`` and build the negotiated response.

    Raises ApiError/PolicyError/NotAcceptable/StoreError, all before any byte is sent.
    """
    op = inspect_operation(sparql)
    if op.is_update:
        raise ApiError(400, "this is a SPARQL update: send it with POST as update=")
    check_policy(op, state.settings)
    accept = request.headers.get("accept")
    media: str | None = None
    if op.is_graph:
        media = graph_type(accept, format_param)
    elif op.form is not None:
        media = results_type(accept, format_param)
    text, capped = cap_rows(sparql, op, state.settings.max_rows)
    kwargs: dict[str, Any] = {
        "default_graph_uris": check_graph_iris(default_graph_uris or []),
        "named_graph_uris": check_graph_iris(named_graph_uris or []),
        "substitutions": substitutions,
    }
    # a one-subject lookup with distinct variables streams at most max_rows rows
    bounded = (
        state.settings.max_rows > 0
        and not (default_graph_uris or named_graph_uris or substitutions)
        and is_bounded_lookup(op)
    )
    try:
        result = await state.runner.query(text, media, bounded=bounded, **kwargs)
    except QuerySyntaxError:
        if not capped:
            raise
        # Report the error against the client's own text (positions included).
        log.info("capped query failed to parse; retrying the original text")
        capped = False
        result = await state.runner.query(sparql, media, **kwargs)
    headers = {"Vary": "Accept"}
    if capped:
        headers[ROW_LIMIT_HEADER] = str(state.settings.max_rows)
    return Response(result.body, media_type=content_type_header(result.media_type),
                    headers=headers)  # fmt: skip
