"""Before each request of a process that reads a store another process writes: bring
its snapshot up to the last completed write (:meth:`diplokg.api.runner.QueryRunner.refresh`),
so that a write a client was told is done is in every answer after it, whichever
process answers (``diplokg serve --processes N``, :mod:`diplokg.api.processes`).

Comparing the shared write count costs a memory read; reopening (once per write) runs
in a thread. A write that keeps the store locked longer than the query time limit gets
the request a 504, made as the routes make their errors and sent through the same
answer layers.
"""

from __future__ import annotations

from jinja2 import Environment
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from diplokg.api.errors import as_api_error, error_response
from diplokg.api.layers import Layers, Through
from diplokg.api.runner import QueryRunner
from diplokg.store.base import StoreError


class Refresh:
    """ASGI middleware: each HTTP request waits for :meth:`QueryRunner.refresh`."""

    def __init__(
        self, app: ASGIApp, runner: QueryRunner, layers: Layers, templates: Environment
    ) -> None:
        self.app = app
        self.runner = runner
        self._through = Through(layers)
        self._templates = templates

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            try:
                await self.runner.refresh()
            except StoreError as exc:
                error = as_api_error(exc)
                answer = error_response(Request(scope), error, self._templates)
                await self._through(answer, scope, receive, send)
                return
        await self.app(scope, receive, send)
