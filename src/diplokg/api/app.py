"""The FastAPI application: SPARQL endpoint, graph store, pages and saved queries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles

from diplokg import __version__
from diplokg.api.errors import install_error_handlers
from diplokg.api.lookups import GZIP_MINIMUM_SIZE, LookupShortcut
from diplokg.api.routes import (
    graph_store,
    health,
    network,
    ontology,
    queries,
    resource,
    search,
    source,
    sparql,
    timeline,
    ui,
)
from diplokg.api.security import SecurityHeaders
from diplokg.api.state import AppState
from diplokg.config import Settings
from diplokg.store import Store, open_store

STATIC_DIR = Path(__file__).resolve().parent / "static"
_ROUTERS = (
    sparql,
    graph_store,
    health,
    queries,
    resource,
    ontology,
    search,
    timeline,
    network,
    source,
    ui,
)


def answer_layers(settings: Settings) -> list[tuple[type, dict[str, Any]]]:
    """The middlewares every answer passes through, innermost first, with their
    options: CORS (when origins are allowed), compression, the security headers (on
    every answer, errors included)."""
    layers: list[tuple[type, dict[str, Any]]] = []
    if settings.cors_origins:
        cors = {
            "allow_origins": settings.cors_origins,
            "allow_methods": ["GET", "POST", "PUT", "DELETE", "OPTIONS"],
            "allow_headers": ["Accept", "Authorization", "Content-Type"],
            "expose_headers": ["X-Diplokg-Row-Limit"],
        }
        layers.append((CORSMiddleware, cors))
    layers.append((GZipMiddleware, {"minimum_size": GZIP_MINIMUM_SIZE}))
    layers.append((SecurityHeaders, {}))
    return layers


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """Build the application over ``store`` (opened from ``settings`` when None).

    A store opened here is closed when the application shuts down; a store passed
    in stays the caller's to close.
    """
    owned = store is None
    the_store: Store = open_store(settings) if store is None else store
    state = AppState.build(settings, the_store)
    runner = state.runner

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        runner.start()
        try:
            yield
        finally:
            runner.close()
            if owned:
                the_store.close()

    app = FastAPI(
        title="diplokg",
        version=__version__,
        description="Knowledge graph of diplomacy news: SPARQL 1.1 endpoint, graph store, "
        "entity pages, timeline and saved queries.",
        lifespan=lifespan,
    )
    # for tests and tools only: the routers and error handlers get the state when built
    app.state.diplokg = state
    install_error_handlers(app, state.templates)
    layers = answer_layers(settings)
    for layer, options in layers:
        app.add_middleware(layer, **options)
    # outermost: one-subject lookups are answered before the routing, their answers
    # passed through the same layers (or given what those would add)
    app.add_middleware(LookupShortcut, state=state, layers=layers)
    # YASGUI (installed by `make setup`), mounted before /static so that it wins; without
    # it the query page falls back to the basic form (routes/ui.py).
    if settings.ui_assets_dir.is_dir():
        app.mount("/static/vendor/yasgui", StaticFiles(directory=settings.ui_assets_dir))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in _ROUTERS:
        app.include_router(module.make_router(state))
    return app


def serve(settings: Settings) -> None:
    """Serve the application with uvicorn on ``settings.host``:``settings.port``."""
    import uvicorn

    from diplokg.api.http_server import Protocol

    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="info",
        access_log=settings.access_log,
        http=Protocol,  # a 414 with a message for URLs too long to parse (not a bare 400)
        # room for the longest query a URL may carry (percent-encoded: up to 3 bytes
        # a byte), so that the endpoint itself answers, with the exact size
        h11_max_incomplete_event_size=3 * settings.max_query_bytes + 16 * 1024,
        # uvicorn's 5 s equals httpx's idle expiry: a request sent on a connection the
        # server was closing that instant found it broken (issue 10, "Also")
        timeout_keep_alive=settings.keep_alive_s,
    )
