"""``GET /health``: liveness with two cheap numbers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from diplokg.api.state import get_state
from diplokg.store.base import Store, StoreError

router = APIRouter(tags=["Service"])


def _counts(store: Store) -> tuple[int | None, int]:
    graphs = len(store.graphs())
    triples = len(store) if hasattr(type(store), "__len__") else None  # type: ignore[arg-type]
    return triples, graphs


@router.get("/health", name="health")
async def health(request: Request) -> JSONResponse:
    """``{"status": "ok", "triples": N, "graphs": M}``; 503 when the store fails.

    ``triples`` counts the quads of the whole dataset. It does not wait for a query
    slot, so it answers even while the endpoint is busy.
    """
    store = get_state(request).store
    try:
        triples, graphs = await run_in_threadpool(_counts, store)
    except StoreError as exc:
        return JSONResponse({"status": "error", "detail": str(exc)}, status_code=503)
    return JSONResponse({"status": "ok", "triples": triples, "graphs": graphs})
