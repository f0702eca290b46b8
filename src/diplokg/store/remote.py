"""A remote SPARQL 1.1 store reached over HTTP (written and tested against Oxigraph server).

``endpoint_url`` is the server root, e.g. ``http://127.0.0.1:7878``; the SPARQL 1.1
services are derived from it the way Oxigraph server lays them out: queries at
``/query``, updates at ``/update``, the Graph Store Protocol at ``/store``. A URL that
already ends in ``/query`` is accepted and stands for the same root. A store laid out
otherwise (GraphDB, QLever, Virtuoso: docs/deploy.md) is reached by giving each
service's URL (settings ``remote_query_url``, ``remote_update_url``,
``remote_graph_store_url``).

Queries without an explicit dataset run on the server's default graph, which every
write keeps equal to the merge of all named graphs (see :mod:`diplokg.store.updates`),
as with the embedded store.

Every response body is parsed completely before it is returned: Oxigraph answers a
query that times out with HTTP 200 and a truncated body, which must never be passed on
as a result. A body that does not parse raises :class:`StoreError`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

import httpx
from pyoxigraph import (
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    RdfFormat,
    parse,
    parse_query_results,
)

from diplokg.store.base import (
    QueryResult,
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
    UpstreamError,
)
from diplokg.store.embedded import GRAPH_DEFAULT, RESULTS_DEFAULT
from diplokg.store.updates import edit_graphs_update, replace_graphs_update

#: Results formats pyoxigraph can parse back (CSV cannot be: it is produced locally).
_CHECKABLE_RESULTS = ("application/sparql-results+json", "application/sparql-results+xml",
                      "text/tab-separated-values")  # fmt: skip


class RemoteStoreUnavailable(StoreError):
    """The remote store could not be reached."""


@dataclass(frozen=True)
class _Answer:
    status: int
    media_type: str  # base media type of Content-Type, lower case
    body: bytes


def _base_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _error_text(body: bytes) -> str:
    return body.decode("utf-8", "replace").strip()[:2000]


class RemoteStore:
    """The :class:`~diplokg.store.base.Store` protocol over SPARQL 1.1 HTTP services."""

    def __init__(
        self,
        endpoint_url: str,
        timeout_s: float = 30.0,
        *,
        query_url: str | None = None,
        update_url: str | None = None,
        store_url: str | None = None,
    ) -> None:
        root = endpoint_url.rstrip("/")
        if root.endswith("/query"):
            root = root[: -len("/query")]
        self.root = root
        self.query_url = query_url or root + "/query"
        self.update_url = update_url or root + "/update"
        self.store_url = store_url or root + "/store"
        self.timeout_s = timeout_s
        self._client = httpx.Client(follow_redirects=False)

    # -- transport ------------------------------------------------------------
    def _send(
        self,
        method: str,
        url: str,
        *,
        params: list[tuple[str, str]] | None = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout_s: float | None = None,
    ) -> _Answer:
        """One HTTP exchange with the whole body read within ``timeout_s``."""
        limit = timeout_s or self.timeout_s
        deadline = time.monotonic() + limit
        answered = False
        try:
            with self._client.stream(
                method, url, params=params, content=content, headers=headers,
                timeout=httpx.Timeout(limit),
            ) as resp:  # fmt: skip
                answered = True
                chunks: list[bytes] = []
                for chunk in resp.iter_bytes():
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        raise QueryTimeout(f"the store did not answer within {limit:g} s")
                content_type = _base_type(resp.headers.get("content-type", ""))
                return _Answer(resp.status_code, content_type, b"".join(chunks))
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise RemoteStoreUnavailable(f"cannot reach the store at {self.root}: {exc}") from exc
        except httpx.TimeoutException as exc:
            raise QueryTimeout(f"the store did not answer within {limit:g} s") from exc
        except httpx.HTTPError as exc:
            if not answered and isinstance(exc, (httpx.NetworkError, httpx.RemoteProtocolError)):
                # the connection dropped before any answer: the store went away (killed,
                # restarting), which is not a bad answer from a live store
                raise RemoteStoreUnavailable(
                    f"cannot reach the store at {self.root}: the connection dropped "
                    f"before an answer ({exc})"
                ) from exc
            raise UpstreamError(f"broken exchange with the store at {self.root}: {exc}") from exc

    @staticmethod
    def _raise_for_status(resp: _Answer, what: str) -> None:
        if resp.status == 400:
            raise QuerySyntaxError(_error_text(resp.body))
        if resp.status >= 300:
            raise UpstreamError(
                f"{what}: the store answered HTTP {resp.status}: {_error_text(resp.body)}"
            )

    # -- reads ----------------------------------------------------------------
    def _dataset_params(
        self, default_graph_uris: list[str] | None, named_graph_uris: list[str] | None
    ) -> list[tuple[str, str]]:
        if not default_graph_uris and not named_graph_uris:
            return []  # the server's default graph: the merge of all named graphs
        defaults = list(default_graph_uris or [])
        if not defaults:
            # Oxigraph cannot combine named graphs with the union default graph: use
            # the union of the named graphs (the store's own default graph is left out).
            defaults = self.graphs()
        params = [("default-graph-uri", u) for u in defaults]
        params += [("named-graph-uri", u) for u in named_graph_uris or []]
        return params

    def query(
        self,
        sparql: str,
        media_type: str | None = None,
        *,
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
        timeout_s: float | None = None,
    ) -> QueryResult:
        """Run a query on the server; see :meth:`diplokg.store.base.Store.query`."""
        wanted = _base_type(media_type) if media_type else None
        if wanted is None:
            accept = f"{RESULTS_DEFAULT}, {GRAPH_DEFAULT};q=0.9"
        elif wanted == "text/csv":
            accept = RESULTS_DEFAULT  # parsed, checked, then written as CSV here
        else:
            accept = wanted
        resp = self._send(
            "POST",
            self.query_url,
            params=self._dataset_params(default_graph_uris, named_graph_uris),
            content=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query", "Accept": accept},
            timeout_s=timeout_s,
        )
        if resp.status == 406:
            raise StoreError(f"the store cannot serialise this query's result as {media_type}")
        self._raise_for_status(resp, "query failed")
        return _checked_result(resp.body, resp.media_type, wanted)

    def graphs(self) -> list[str]:
        """IRIs of the named graphs."""
        rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(row["g"].value for row in rows if isinstance(row.get("g"), NamedNode))

    def __len__(self) -> int:
        """Number of quads in the whole dataset."""
        rows = self._select(
            "SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }"
        )
        return int(rows[0]["n"].value) if rows and "n" in rows[0] else 0

    def _select(self, sparql: str) -> list[dict]:
        """Rows of a SELECT over the real dataset (no union default graph)."""
        resp = self._send(
            "POST", self.query_url, content=sparql.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": RESULTS_DEFAULT},
        )  # fmt: skip
        self._raise_for_status(resp, "query failed")
        solutions = None
        try:
            solutions = parse_query_results(resp.body, QueryResultsFormat.JSON)
            names = [v.value for v in solutions.variables]
            return [{n: row[n] for n in names if row[n] is not None} for row in solutions]
        except (SyntaxError, ValueError) as exc:
            solutions = None  # see _checked_result
            raise _incomplete(resp.body, exc) from exc

    def dump_graph(self, graph: str | None, media_type: str) -> bytes:
        """Serialise one named graph (``None``: the default graph); KeyError if unknown."""
        params = [("graph", graph)] if graph else [("default", "")]
        resp = self._send("GET", self.store_url, params=params, headers={"Accept": media_type})
        if resp.status == 404 and graph:
            raise KeyError(graph)
        self._raise_for_status(resp, "graph read failed")
        _check_rdf(resp.body, resp.media_type or media_type)
        return resp.body

    def dump(self, media_type: str) -> bytes:
        """Serialise the whole dataset in a quad format (TriG, N-Quads)."""
        fmt = RdfFormat.from_media_type(media_type)
        if fmt is None or not fmt.supports_datasets:
            raise StoreError(f"{media_type} cannot hold named graphs")
        resp = self._send("GET", self.store_url, headers={"Accept": media_type})
        self._raise_for_status(resp, "dataset read failed")
        _check_rdf(resp.body, resp.media_type or media_type)
        return resp.body

    # -- writes ---------------------------------------------------------------
    def update(self, sparql: str) -> None:
        """Run a SPARQL update on the server."""
        resp = self._send(
            "POST",
            self.update_url,
            content=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
        )
        self._raise_for_status(resp, "update failed")

    def replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> None:
        """Atomically replace the content of ``graph`` with ``quads``."""
        self.replace_graphs({graph: list(quads)})

    def replace_graphs(self, graphs: dict[NamedNode, list[Quad]]) -> None:
        """Replace several graphs in one SPARQL update (one transaction on the server)."""
        self._write_graphs(replace_graphs_update(graphs))

    def edit_graphs(
        self,
        removed: dict[NamedNode, list[Quad]],
        added: dict[NamedNode, list[Quad]],
        dropped: Iterable[NamedNode] = (),
    ) -> None:
        """Edit several graphs in one SPARQL update (one transaction on the server)."""
        self._write_graphs(edit_graphs_update(removed, added, dropped))

    def _write_graphs(self, update: str) -> None:
        """Send one update that writes graphs; a text the server cannot parse is a
        failed write (StoreError), not the client's syntax error."""
        try:
            self.update(update)
        except QuerySyntaxError as exc:
            raise StoreError(f"could not write graphs: {exc}") from exc

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()


#: What Oxigraph server writes at the end of a body it cut short (timeout, failed SERVICE).
_OXIGRAPH_CANCELLED = b"The SPARQL operation has been cancelled"


def _incomplete(body: bytes, exc: Exception) -> UpstreamError:
    """The error for an answer that does not parse to its end (never passed on)."""
    if _OXIGRAPH_CANCELLED in body[-1000:]:
        return UpstreamError(
            "incomplete answer from the store: it cut its answer short because the "
            "query was cancelled there (its own time limit, or a failed SERVICE call)"
        )
    return UpstreamError(f"incomplete or invalid answer from the store: {exc}")


def _check_rdf(body: bytes, media_type: str) -> None:
    """Raise StoreError unless ``body`` parses completely as ``media_type``."""
    fmt = RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise UpstreamError(f"the store answered with an unexpected media type: {media_type}")
    try:
        for _ in parse(body, fmt):
            pass
    except (SyntaxError, ValueError) as exc:
        raise _incomplete(body, exc) from exc


def _checked_result(body: bytes, got: str, wanted: str | None) -> QueryResult:
    """Check a query answer parses completely and wrap it (converting to CSV if asked)."""
    if RdfFormat.from_media_type(got) is not None:
        _check_rdf(body, got)
        return QueryResult("graph", wanted or got, body)
    if got not in _CHECKABLE_RESULTS:
        raise UpstreamError(f"the store answered with an unexpected media type: {got!r}")
    parsed = None
    try:
        parsed = parse_query_results(body, QueryResultsFormat.from_media_type(got))
        kind = "boolean" if isinstance(parsed, QueryBoolean) else "solutions"
        if wanted == "text/csv":
            return QueryResult(kind, wanted, parsed.serialize(format=QueryResultsFormat.CSV))
        if kind == "solutions":
            for _ in parsed:
                pass
    except (SyntaxError, ValueError) as exc:
        # pyoxigraph results may only be dropped by the thread that made them; the
        # traceback keeps this frame alive in whichever thread reports the error
        parsed = None
        raise _incomplete(body, exc) from exc
    return QueryResult(kind, wanted or got, body)
