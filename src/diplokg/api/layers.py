"""The middlewares every answer of the application passes through, and a way to send
an answer made outside the routes (:mod:`diplokg.api.lookups`, the refresh of
:mod:`diplokg.api.processes`) through the same ones."""

from __future__ import annotations

from typing import Any

from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from diplokg.api.security import SecurityHeaders
from diplokg.config import Settings

#: The application compresses answers of at least this many bytes.
GZIP_MINIMUM_SIZE = 1000
#: Where an answer waits in the scope for :func:`_prepared` (inside the layers).
_ANSWER = "diplokg.answer"

Layers = list[tuple[type, dict[str, Any]]]


def answer_layers(settings: Settings) -> Layers:
    """The middlewares every answer passes through, innermost first, with their
    options: CORS (when origins are allowed), compression, the security headers (on
    every answer, errors included)."""
    layers: Layers = []
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


async def _prepared(scope: Scope, receive: Receive, send: Send) -> None:
    """The innermost application of the layers: sends the answer made already."""
    await scope[_ANSWER](scope, receive, send)


class Through:
    """Sends an answer made already through ``layers`` (as :func:`answer_layers`)."""

    def __init__(self, layers: Layers) -> None:
        self._app: ASGIApp = _prepared
        for layer, options in layers:
            self._app = layer(self._app, **options)

    async def __call__(self, answer: Response, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app({**scope, _ANSWER: answer}, receive, send)
