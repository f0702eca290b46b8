"""The FastAPI application: SPARQL endpoint, graph store, pages and saved queries."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from diplokg import __version__
from diplokg.api.errors import install_error_handlers
from diplokg.api.layers import answer_layers
from diplokg.api.lookups import LookupShortcut
from diplokg.api.refresh import Refresh
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
from diplokg.api.state import AppState
from diplokg.config import Settings
from diplokg.store import Store, open_store
from diplokg.store.shared_version import SharedVersion

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


def create_app(
    settings: Settings, store: Store | None = None, *, shared: SharedVersion | None = None
) -> FastAPI:
    """Build the application over ``store`` (opened from ``settings`` when None).

    A store opened here is closed when the application shuts down; a store passed
    in stays the caller's to close. ``shared``: the version that other serving
    processes follow (:mod:`diplokg.api.processes`).
    """
    owned = store is None
    the_store: Store = open_store(settings) if store is None else store
    state = AppState.build(settings, the_store, shared=shared)
    runner = state.runner

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        runner.start()
        fresh = asyncio.create_task(runner.keep_fresh())  # statistics computed after writes
        try:
            yield
        finally:
            fresh.cancel()
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
    if runner.snapshot is not None:  # another process writes: first catch up with it
        app.add_middleware(Refresh, runner=runner, layers=layers, templates=state.templates)
    # YASGUI (installed by `make setup`), mounted before /static so that it wins; without
    # it the query page falls back to the basic form (routes/ui.py).
    if settings.ui_assets_dir.is_dir():
        app.mount("/static/vendor/yasgui", StaticFiles(directory=settings.ui_assets_dir))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in _ROUTERS:
        app.include_router(module.make_router(state))
    return app


def serve(settings: Settings) -> None:
    """Serve the application with uvicorn on ``settings.host``:``settings.port``, in
    one process or several (:mod:`diplokg.api.processes`); as ``uvicorn.run`` does,
    Ctrl-C ends it quietly and a server that could not start exits with status 3."""
    import uvicorn

    from diplokg.api.processes import serve_processes, serving_processes, uvicorn_config

    processes = serving_processes(settings)
    try:
        if processes > 1:
            server = serve_processes(settings, processes)
        else:
            server = uvicorn.Server(uvicorn_config(create_app(settings), settings))
            server.run()
    except KeyboardInterrupt:
        return
    if not server.started:
        sys.exit(3)  # uvicorn's STARTUP_FAILURE (e.g. the port is taken)
