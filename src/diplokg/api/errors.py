"""Error responses: one exception type for the API and the handlers that render errors.

Errors are plain text on the SPARQL and graph-store routes (what SPARQL clients show),
JSON ``{"detail": ...}`` under ``/api/``, and an HTML page for browsers elsewhere.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from jinja2 import Environment

from diplokg.api.negotiation import NotAcceptable, prefers_html
from diplokg.api.runner import ServerBusy
from diplokg.sparql.policy import PolicyError
from diplokg.store.base import QuerySyntaxError, QueryTimeout, StoreError, UpstreamError
from diplokg.store.remote import RemoteStoreUnavailable
from diplokg.store.update_trials import UpdateTimeout, UpdateTooLarge


class ApiError(Exception):
    """An error with an HTTP status and a message meant for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


_PROTOCOL_PATHS = ("/sparql", "/store")


def error_response(
    request: Request, error: ApiError, templates: Environment | None = None
) -> Response:
    """Render ``error`` in the style the route and the client expect (an HTML page
    only with ``templates``; plain text otherwise)."""
    path = request.url.path
    if path.startswith("/api/"):
        return JSONResponse({"detail": error.message}, error.status, headers=error.headers)
    accept = request.headers.get("accept")
    if templates is not None and path not in _PROTOCOL_PATHS and prefers_html(accept):
        html = templates.get_template("error.html").render(
            status=error.status, message=error.message
        )
        return HTMLResponse(html, error.status, headers=error.headers)
    return PlainTextResponse(error.message, error.status, headers=error.headers)


def as_api_error(exc: Exception) -> ApiError:
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, QuerySyntaxError):
        return ApiError(400, f"SPARQL syntax error: {exc}")
    if isinstance(exc, PolicyError):
        return ApiError(400, str(exc))
    if isinstance(exc, NotAcceptable):
        return ApiError(406, f"Not acceptable: {exc}")
    if isinstance(exc, ServerBusy):
        return ApiError(503, str(exc), {"Retry-After": str(exc.retry_after_s)})
    if isinstance(exc, RemoteStoreUnavailable):
        return ApiError(503, str(exc), {"Retry-After": "5"})
    if isinstance(exc, UpdateTooLarge):
        return ApiError(413, f"update too large: {exc}")
    if isinstance(exc, UpdateTimeout):
        return ApiError(504, f"update timeout: {exc}")
    if isinstance(exc, QueryTimeout):
        # a gateway (worker process / remote server) did not answer in time; see
        # diplokg.api.runner for why 504 and not 503
        return ApiError(504, f"query timeout: {exc}")
    if isinstance(exc, UpstreamError):
        return ApiError(502, f"bad answer from the store: {exc}")
    return ApiError(500, f"store error: {exc}")


def install_error_handlers(app: FastAPI, templates: Environment | None = None) -> None:
    """Register the handlers that turn API and store exceptions into responses;
    ``templates`` render the HTML error page for browsers."""

    async def handle(request: Request, exc: Exception) -> Response:
        return error_response(request, as_api_error(exc), templates)

    for exc_type in (ApiError, StoreError, PolicyError, NotAcceptable, ServerBusy):
        app.add_exception_handler(exc_type, handle)
