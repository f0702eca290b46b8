"""Runs store calls off the event loop, a bounded number at a time.

Store calls block (pyoxigraph evaluation, HTTP to a remote store), so they run in
worker threads; ``settings.max_concurrent_queries`` of them at once. A request that
cannot get a slot within ``settings.query_timeout_s`` fails with :class:`ServerBusy`.
Every result is complete (bytes in memory) before a response starts, so an error can
always be reported with a proper status code.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from pyoxigraph import QueryResultsFormat, Variable, parse_query_results
from starlette.concurrency import run_in_threadpool

from diplokg.api.bindings import inject_values
from diplokg.config import Settings
from diplokg.store.base import QueryResult, Store

T = TypeVar("T")
JSON_RESULTS = "application/sparql-results+json"


class ServerBusy(Exception):
    """Every query slot stayed busy for too long."""


class QueryRunner:
    """The API's single way to reach the store."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._slots = threading.BoundedSemaphore(max(1, settings.max_concurrent_queries))
        params = inspect.signature(store.query).parameters
        self._native_substitutions = "substitutions" in params

    def _guarded(self, fn: Callable[..., T], args: tuple, kwargs: dict) -> T:
        if not self._slots.acquire(timeout=self.settings.query_timeout_s):
            raise ServerBusy("the endpoint is busy; try again shortly")
        try:
            return fn(*args, **kwargs)
        finally:
            self._slots.release()

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(*args, **kwargs)`` in a worker thread, holding a query slot."""
        return await run_in_threadpool(self._guarded, fn, args, kwargs)

    async def query(
        self,
        sparql: str,
        media_type: str | None = None,
        *,
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
        substitutions: dict[Variable, Any] | None = None,
    ) -> QueryResult:
        """Run a query; ``substitutions`` pre-bind variables (natively when the store
        supports it, otherwise as a VALUES block built from serialised terms)."""
        kwargs: dict[str, Any] = {
            "default_graph_uris": default_graph_uris or None,
            "named_graph_uris": named_graph_uris or None,
            "timeout_s": self.settings.query_timeout_s,
        }
        if substitutions:
            if self._native_substitutions:
                kwargs["substitutions"] = substitutions
            else:
                sparql = inject_values(sparql, substitutions)
        return await self.call(self.store.query, sparql, media_type, **kwargs)

    async def select(self, sparql: str) -> list[dict[str, Any]]:
        """Rows of a SELECT as ``{variable name: pyoxigraph term}`` (unbound omitted)."""
        result = await self.query(sparql, JSON_RESULTS)
        solutions = parse_query_results(result.body, QueryResultsFormat.JSON)
        names = [v.value for v in solutions.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in solutions]

    async def ask(self, sparql: str) -> bool:
        """The answer of an ASK query."""
        result = await self.query(sparql, JSON_RESULTS)
        return bool(parse_query_results(result.body, QueryResultsFormat.JSON))

    async def update(self, sparql: str) -> None:
        """Run a SPARQL update."""
        await self.call(self.store.update, sparql)
