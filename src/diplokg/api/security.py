"""Security headers on every response (pages, data, errors, static files).

* everywhere: ``X-Content-Type-Options: nosniff`` (a 404 echoing the path as
  text/plain is never sniffed into HTML), ``Referrer-Policy: no-referrer``,
  ``X-Frame-Options: DENY``;
* HTML pages: a Content-Security-Policy that allows only this origin's scripts,
  styles, images and fetches (the query UI, YASGUI, is served from ``/static``; inline
  ``style`` attributes are allowed, inline scripts are not), and no framing;
* anything else: ``default-src 'none'`` plus ``sandbox``, so a response opened in a
  browser tab runs nothing;
* the OpenAPI pages (``/docs``, ``/redoc``) are FastAPI's, which load Swagger UI /
  ReDoc from their CDN with an inline script: their policy allows exactly that.

Applied by :class:`SecurityHeaders`, a plain ASGI middleware (it never buffers a body).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"
_CDN = "https://cdn.jsdelivr.net"
DOCS_POLICY = (
    f"default-src 'self'; script-src 'self' 'unsafe-inline' {_CDN}; "
    f"style-src 'self' 'unsafe-inline' {_CDN}; img-src 'self' data: https:; "
    f"connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
    "frame-ancestors 'none'"
)
_DOCS_PATHS = ("/docs", "/redoc")


def policy_for(path: str, content_type: str) -> str:
    """The Content-Security-Policy for a response to ``path`` of ``content_type``."""
    if path.startswith(_DOCS_PATHS):
        return DOCS_POLICY
    if content_type.split(";")[0].strip().lower() == "text/html":
        return PAGE_POLICY
    return DATA_POLICY


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` and a CSP to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                content_type = next(
                    (v.decode("latin-1") for n, v in headers if n.lower() == b"content-type"), ""
                )
                extra = {**SECURITY_HEADERS, "Content-Security-Policy":
                         policy_for(path, content_type)}  # fmt: skip
                for name, value in extra.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
