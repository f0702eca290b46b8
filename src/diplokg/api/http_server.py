"""The HTTP/1.1 connection handling ``diplokg serve`` runs uvicorn with.

uvicorn's h11 protocol answers a request head larger than its parser accepts (a
1 MB query string, say) with a bare ``400 Invalid HTTP request received.`` and
closes the socket while the client is still sending, so the client often sees a
connection reset instead of the answer. :class:`Protocol` answers such a request
with **414 URI Too Long** (431 when the headers are what is too long), a message
saying what to do, and the usual security headers; then it closes its sending side
and reads and discards what the client still sends, for up to ``LINGER_S`` seconds
or ``LINGER_BYTES`` bytes ("lingering close", as RFC 9112 §9.6 advises), so that
the answer is read before the connection ends.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from diplokg.api.security import DATA_POLICY, SECURITY_HEADERS

#: How long, and how much, a refused connection is drained before it is closed.
LINGER_S = 2.0
LINGER_BYTES = 16 * 1024 * 1024
#: The request-line limit stated in the answer (uvicorn's parser limit).
HEAD_LIMIT = h11.Connection(h11.SERVER)._max_incomplete_event_size


class Protocol(H11Protocol):
    """uvicorn's h11 protocol, with a clear answer to request heads that are too long."""

    _draining = False
    _drained = 0

    def data_received(self, data: bytes) -> None:
        if self._draining:
            self._drained += len(data)
            if self._drained > LINGER_BYTES:
                self.transport.close()
            return
        super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        buffered, _ = self.conn.trailing_data
        limit = getattr(self.conn, "_max_incomplete_event_size", HEAD_LIMIT)
        if len(buffered) <= limit or b"\r\n\r\n" in buffered[:limit]:  # not a head too long
            super().send_400_response(msg)
            return
        line_end = buffered.find(b"\r\n")
        url_too_long = line_end < 0 or line_end > limit
        status, reason, what = (
            (414, "URI Too Long", "URL")
            if url_too_long
            else (431, "Request Header Fields Too Large", "request headers")
        )
        body = (
            f"the {what} is longer than this server accepts ({limit} bytes for the "
            "request line and headers); send long SPARQL queries with POST "
            "(application/sparql-query or a form)\n"
        ).encode()
        head = [
            f"HTTP/1.1 {status} {reason}",
            "content-type: text/plain; charset=utf-8",
            f"content-length: {len(body)}",
            "connection: close",
            *(f"{name}: {value}" for name, value in SECURITY_HEADERS.items()),
            f"Content-Security-Policy: {DATA_POLICY}",
        ]
        self.logger.warning("%s: refused with %d", what, status)
        self.transport.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        self._linger()

    def _linger(self) -> None:
        """Stop sending, keep discarding input for a while, then close."""
        self._draining = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        asyncio.get_running_loop().call_later(LINGER_S, self.transport.close)
