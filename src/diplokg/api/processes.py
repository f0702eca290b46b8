"""Several processes serving one store folder on one port (``diplokg serve --processes N``).

One Python process answers about one core's worth of requests (the event loop, the
HTTP parser and the application hold the GIL), so a second core is left to the query
workers. With ``N`` processes, each binds the same address with ``SO_REUSEPORT`` and
the kernel shares the incoming connections out among them.

* **The first process** (the one ``diplokg serve`` started) opens the store for
  writing, as a single process does, and makes every write under the exclusive lock of
  a :class:`~diplokg.store.shared_version.SharedVersion` in a private folder (mode
  0700), publishing its write count before it lets go. It also listens on a Unix
  socket in that folder, for the writes the others hand over, and starts, watches
  (restarting one that dies) and stops the others.
* **The others** (``python -m diplokg.api.processes``) read the folder through a
  :class:`~diplokg.store.snapshot.SnapshotStore` that catches up with the last
  completed write before each request (:mod:`diplokg.api.refresh`), with query workers
  of their own that do the same. Any request that may write (anything but ``GET``,
  ``HEAD``, ``OPTIONS`` and a ``POST /sparql`` that carries a query) is handed as it is
  to the first process over the Unix socket (:class:`HandOver`), whose answer is sent
  back as it is.

So a write a client was told is done is in every answer after it, from any process
(``tests/integration/test_serve_processes.py``). Each process has
``ceil(max_concurrent_queries / N)`` query slots (and workers), so the store sees as
many queries at once as with one process; the time limit, the row cap, the policy and
the other guards are those of every process.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from diplokg.api.security import DATA_POLICY, SECURITY_HEADERS
from diplokg.config import Settings
from diplokg.store.shared_version import SharedVersion

#: uvicorn's own error log, which its logging configuration shows
log = logging.getLogger("uvicorn.error")

#: The most serving processes the automatic choice (``processes = 0``) starts.
AUTO_MAX = 2
_SOCKET = "primary.sock"
_SETTINGS = "settings.json"
#: Methods that never write.
_SAFE = frozenset(("GET", "HEAD", "OPTIONS"))
#: Headers of one connection only, not passed on.
_HOP = frozenset(
    (b"connection", b"keep-alive", b"transfer-encoding", b"te", b"upgrade", b"trailer",
     b"proxy-authorization", b"proxy-authenticate")
)  # fmt: skip
#: Headers the answering uvicorn adds itself.
_OWN = frozenset((b"date", b"server"))
#: A process that dies within this many seconds of its start is restarted after a
#: growing pause (at most :data:`RESTART_MAX_PAUSE_S`).
RESTART_MAX_PAUSE_S = 30.0


def serving_processes(settings: Settings) -> int:
    """How many processes serve: ``settings.processes`` (0: one per CPU, at most
    :data:`AUTO_MAX`) for an embedded store in a folder; one for a remote store."""
    if settings.is_remote_store():
        return 1
    if settings.processes > 0:
        return settings.processes
    return max(1, min(AUTO_MAX, os.cpu_count() or 1))


def per_process(settings: Settings, processes: int) -> Settings:
    """The settings of each of ``processes``: the query slots shared out."""
    slots = max(1, math.ceil(settings.max_concurrent_queries / processes))
    return settings.model_copy(update={"max_concurrent_queries": slots, "processes": processes})


def uvicorn_config(app: ASGIApp, settings: Settings):
    """The uvicorn configuration every serving process runs with."""
    import uvicorn

    from diplokg.api.http_server import Protocol

    return uvicorn.Config(
        app,
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


def listening_socket(host: str, port: int, *, first: bool = False) -> socket.socket:
    """A TCP socket listening on ``host``:``port`` that other processes of this user
    may bind too (``SO_REUSEPORT``: the kernel shares connections out among them).

    ``first``: the address must be free (as for a single process), so that a second
    server started on the same port by mistake fails instead of sharing it.
    """
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )[0]
    if first:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)  # OSError (address in use) if anything listens there
            address = probe.getsockname()  # port 0: the port chosen
    # the protocol given explicitly: asyncio sets TCP_NODELAY on accepted connections
    # only for sockets that say IPPROTO_TCP (else every answer in two writes waits for
    # a delayed ACK: 40 ms)
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(False)
    return sock


def _exit_on_sigterm(signum: int, frame: object) -> None:
    # uvicorn stops gracefully on SIGTERM, then raises it again once the previous
    # handler is back: this one, so that the cleanup after it runs (the default
    # handler would end the process at once)
    raise SystemExit(128 + signum)


# -- the first process -------------------------------------------------------------------
class _Others:
    """The other serving processes: started, restarted when they die, stopped."""

    def __init__(self, count: int, runtime: Path, port: int) -> None:
        self.count = count
        self.runtime = runtime
        self.port = port
        self.procs: list[subprocess.Popen | None] = [None] * count
        self._stopping = threading.Event()
        self._watcher = threading.Thread(
            target=self._watch, name="diplokg-serve-watch", daemon=True
        )

    def _start(self, index: int) -> subprocess.Popen:
        command = [sys.executable, "-m", "diplokg.api.processes", "--runtime", str(self.runtime),
                   "--port", str(self.port), "--parent", str(os.getpid())]  # fmt: skip
        # a session of its own: Ctrl-C reaches the first process, which stops the others
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, start_new_session=True)
        log.info("serving process %d started (pid %d)", index + 2, proc.pid)
        return proc

    def start(self) -> None:
        for i in range(self.count):
            self.procs[i] = self._start(i)
        self._watcher.start()

    def _watch(self) -> None:
        started = [time.monotonic()] * self.count
        pauses = [0.0] * self.count
        while not self._stopping.wait(0.5):
            for i, proc in enumerate(self.procs):
                if proc is None or proc.poll() is None:
                    continue
                log.warning("serving process %d (pid %d) ended with status %s; restarting it",
                            i + 2, proc.pid, proc.returncode)  # fmt: skip
                short_lived = time.monotonic() - started[i] < 10
                pauses[i] = min(RESTART_MAX_PAUSE_S, 2 * pauses[i] + 0.5) if short_lived else 0.0
                if self._stopping.wait(pauses[i]):
                    return
                self.procs[i] = self._start(i)
                started[i] = time.monotonic()

    def stop(self) -> None:
        self._stopping.set()
        live = [p for p in self.procs if p is not None and p.poll() is None]
        for proc in live:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
        for proc in live:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


def serve_processes(settings: Settings, processes: int):
    """Serve with ``processes`` processes (this one first, see the module doc); returns
    this process's uvicorn server once it has stopped."""
    import uvicorn

    from diplokg.api.app import create_app

    mine = per_process(settings, processes)
    runtime = Path(tempfile.mkdtemp(prefix="diplokg-serve-"))  # mode 0700
    others: _Others | None = None
    sockets: list[socket.socket] = []
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        shared = SharedVersion(runtime, create=True)
        public = listening_socket(mine.host, mine.port, first=True)
        sockets.append(public)
        internal = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sockets.append(internal)
        internal.bind(str(runtime / _SOCKET))
        internal.listen(256)
        port = public.getsockname()[1]
        (runtime / _SETTINGS).write_text(mine.model_copy(update={"port": port}).model_dump_json())
        server = uvicorn.Server(uvicorn_config(create_app(mine, shared=shared), mine))
        others = _Others(processes - 1, runtime, port)
        log.info("serving with %d processes on %s:%d", processes, mine.host, port)
        others.start()
        server.run(sockets=sockets)
        return server
    finally:
        if others is not None:
            others.stop()
        for sock in sockets:
            sock.close()
        shutil.rmtree(runtime, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)


# -- the other processes -----------------------------------------------------------------
def _may_write(scope: Scope, body: bytes) -> bool:
    """True unless the request only reads (``GET``, ``HEAD``, ``OPTIONS``, or a
    ``POST /sparql`` with a query, whatever its shape)."""
    if scope["method"] in _SAFE:
        return False
    if scope["method"] != "POST" or scope["path"] != "/sparql":
        return True
    content_type = b""
    for name, value in scope["headers"]:
        if name == b"content-type":
            content_type = value.split(b";")[0].strip().lower()
    if content_type == b"application/sparql-update":
        return True
    if content_type == b"application/x-www-form-urlencoded":
        url = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        form = parse_qsl(body.decode("latin-1"), keep_blank_values=True)
        return any(key == "update" for key, _ in url + form)
    return False  # a query, or a request the route refuses


class HandOver:
    """ASGI middleware of the processes that do not write: a request that may write is
    sent as it is to the first process (over its Unix socket), and its answer back.

    ``POST /sparql`` bodies are read (up to the protocol's limit) to tell a query from
    an update; a query is then answered here from the same bytes.
    """

    def __init__(self, app: ASGIApp, socket_path: Path, settings: Settings) -> None:
        self.app = app
        self._limit = 3 * settings.max_query_bytes + 4096  # as diplokg.api.protocol reads
        transport = httpx.AsyncHTTPTransport(uds=str(socket_path))
        # no read limit: the first process bounds updates itself
        timeout = httpx.Timeout(10.0, read=None, write=None, pool=None)
        self._client = httpx.AsyncClient(transport=transport, timeout=timeout)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(scope, receive, send)
            return
        if scope["type"] != "http" or scope["method"] in _SAFE:
            await self.app(scope, receive, send)
            return
        body, more = await self._read(receive, self._limit if scope["path"] == "/sparql" else None)
        if more or not _may_write(scope, body):
            # a query (or a body over the limit, which the route refuses): answered here
            await self.app(scope, _replay(body, more, receive), send)
            return
        await self._forward(scope, body, send)

    async def _lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def sending(message: Message) -> None:
            if message["type"] == "lifespan.shutdown.complete":
                await self._client.aclose()
            await send(message)

        await self.app(scope, receive, sending)

    @staticmethod
    async def _read(receive: Receive, limit: int | None) -> tuple[bytes, bool]:
        """The body (all of it, or up to ``limit`` bytes) and whether more follows."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return b"".join(chunks), False
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks), False
            if limit is not None and size > limit:
                return b"".join(chunks), True

    async def _forward(self, scope: Scope, body: bytes, send: Send) -> None:
        path = scope.get("raw_path") or scope["path"].encode()
        query = scope["query_string"]
        url = (
            "http://diplokg"
            + path.decode("latin-1")
            + ("?" + query.decode("latin-1") if query else "")
        )
        headers = [(k, v) for k, v in scope["headers"] if k not in _HOP]
        try:
            request = self._client.build_request(
                scope["method"], url, headers=headers, content=body
            )
            answer = await self._client.send(request, stream=True)
        except httpx.HTTPError as exc:
            log.error("could not hand a write to the first process: %r", exc)
            await _refuse(
                send, f"the process that writes the store did not answer ({exc}); try again"
            )
            return
        try:
            head = [(k, v) for k, v in answer.headers.raw if k.lower() not in _HOP | _OWN]
            await send(
                {"type": "http.response.start", "status": answer.status_code, "headers": head}
            )
            async for chunk in answer.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            await answer.aclose()


def _replay(body: bytes, more: bool, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` first, then (``more``) the rest of the stream."""
    given = False

    async def replay() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replay


async def _refuse(send: Send, message: str) -> None:
    body = (message + "\n").encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"),
               (b"content-length", str(len(body)).encode()), (b"retry-after", b"5"),
               *((k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()),
               (b"content-security-policy", DATA_POLICY.encode())]  # fmt: skip
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _exit_with_parent(parent: int, server) -> None:
    """Stop serving when the first process is gone (no orphans after a kill -9)."""
    while not server.should_exit:
        if os.getppid() != parent:
            log.warning("the first serving process is gone; stopping")
            server.should_exit = True
            return
        time.sleep(0.5)


def main(argv: list[str] | None = None) -> None:
    """``python -m diplokg.api.processes --runtime DIR --port N --parent PID``."""
    import uvicorn

    from diplokg.api.app import create_app
    from diplokg.store.snapshot import SnapshotStore

    p = argparse.ArgumentParser(description="a diplokg serving process (started by the first)")
    p.add_argument("--runtime", type=Path, required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--parent", type=int, required=True)
    args = p.parse_args(argv)
    settings = Settings.model_validate_json((args.runtime / _SETTINGS).read_text())
    shared = SharedVersion(args.runtime)
    store = SnapshotStore(settings.store, shared)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        app = HandOver(create_app(settings, store), args.runtime / _SOCKET, settings)
        sock = listening_socket(settings.host, args.port)
        server = uvicorn.Server(uvicorn_config(app, settings))
        threading.Thread(target=_exit_with_parent, args=(args.parent, server), daemon=True).start()
        server.run(sockets=[sock])
    finally:
        store.close()
        shared.close()


if __name__ == "__main__":
    main()
