"""``GET /health``: liveness with two cheap numbers, and which process answered."""

from __future__ import annotations

import os

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from diplokg.api.state import AppState
from diplokg.store.base import Store, StoreError


def _counts(store: Store) -> tuple[int | None, int]:
    graphs = len(store.graphs())
    triples = len(store) if hasattr(type(store), "__len__") else None  # type: ignore[arg-type]
    return triples, graphs


def make_router(state: AppState) -> APIRouter:
    """The ``/health`` route over ``state.store``."""
    router = APIRouter(tags=["Service"])

    @router.get("/health", name="health")
    async def health() -> JSONResponse:
        """``{"status": "ok", "triples": N, "graphs": M, "process": {...}}``; 503 when
        the store fails.

        ``triples`` counts the quads of the whole dataset. It does not wait for a query
        slot, so it answers even while the endpoint is busy. ``process``: the serving
        process that answered (``pid``; ``writer``: the one that writes the store;
        ``writes``: the writes its view of the store holds, null for a remote store).
        """
        try:
            triples, graphs = await run_in_threadpool(_counts, state.store)
        except StoreError as exc:
            return JSONResponse({"status": "error", "detail": str(exc)}, status_code=503)
        runner = state.runner
        process = {"pid": os.getpid(), "writer": runner.snapshot is None, "writes": runner.version}
        body = {"status": "ok", "triples": triples, "graphs": graphs, "process": process}
        return JSONResponse(body)

    return router
