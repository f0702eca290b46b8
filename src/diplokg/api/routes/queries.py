"""``/api/queries``: the saved analyst queries of ``settings.queries_dir``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from diplokg.api.errors import ApiError
from diplokg.api.query_response import answer_query
from diplokg.api.state import AppState
from diplokg.sparql.saved_queries import (
    SavedQuery,
    bind_params,
    load_saved_queries,
    with_defaults_inlined,
)

#: Query-string names that are not query parameters.
RESERVED = ("format",)


async def _saved(queries_dir: Path) -> dict[str, SavedQuery]:
    """The saved queries, read afresh (a handful of small files)."""
    try:
        return await run_in_threadpool(load_saved_queries, queries_dir)
    except (OSError, ValueError) as exc:
        raise ApiError(500, f"cannot read the saved queries: {exc}") from exc


def _summary(q: SavedQuery) -> dict[str, Any]:
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "params": [
            {"name": p.name, "type": p.type, "default": p.default, "description": p.description}
            for p in q.params
        ],
        "sparql": q.sparql,
        # the same text with the defaults written in as VALUES: what the query UI opens
        "sparql_with_defaults": with_defaults_inlined(q),
    }


def make_router(state: AppState) -> APIRouter:
    """The ``/api/queries`` routes over ``state`` (saved queries of its settings)."""
    router = APIRouter(prefix="/api/queries", tags=["Saved queries"])

    @router.get("", name="list_queries")
    async def list_queries() -> list[dict[str, Any]]:
        """Every saved query: name, title, description, typed parameters and SPARQL text."""
        return [_summary(q) for q in (await _saved(state.settings.queries_dir)).values()]

    @router.get("/{name}", name="run_query")
    async def run_query(name: str, request: Request) -> Response:
        """Run a saved query; its parameters come from the query string (``?person=IRI``).

        Missing parameters take their defaults. Results are negotiated like ``/sparql``
        (Accept header or ``format=``). 404 for an unknown query, 400 for a bad value.
        """
        return await _run(state, name, request)

    return router


async def _run(state: AppState, name: str, request: Request) -> Response:
    """Answer the saved query ``name`` with the request's parameters."""
    saved = (await _saved(state.settings.queries_dir)).get(name)
    if saved is None:
        raise ApiError(404, f"no saved query named {name!r}")
    values = {k: v for k, v in request.query_params.items() if k not in RESERVED}
    try:
        bindings = bind_params(saved, values)
    except ValueError as exc:
        raise ApiError(400, str(exc)) from exc
    return await answer_query(
        state,
        request,
        saved.sparql,
        substitutions=bindings,
        format_param=request.query_params.get("format"),
    )
