"""Who may write: SPARQL updates and graph-store writes need the configured bearer token."""

from __future__ import annotations

import hmac

from fastapi import Request

from diplokg.api.errors import ApiError
from diplokg.config import Settings


def require_writer(request: Request, settings: Settings) -> None:
    """Raise ApiError unless the request carries ``Authorization: Bearer <update_token>``.

    No token configured: 403 (read-only endpoint). Missing or non-Bearer credentials:
    401 with a ``WWW-Authenticate`` challenge. Wrong token: 403. The token is compared
    in constant time.
    """
    token = settings.update_token
    if not token:
        raise ApiError(403, "read-only endpoint: updates and graph writes are disabled")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(
            401,
            "updates need an 'Authorization: Bearer <token>' header",
            {"WWW-Authenticate": 'Bearer realm="diplokg"'},
        )
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        raise ApiError(403, "invalid update token")
