"""Quad stores behind one protocol: embedded pyoxigraph or a remote SPARQL 1.1 store."""

from __future__ import annotations

from diplokg.config import Settings
from diplokg.store.base import QueryResult, QuerySyntaxError, Store, StoreError

__all__ = ["QueryResult", "QuerySyntaxError", "Store", "StoreError", "open_store"]


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """Open the store that ``settings.store`` names (a folder or an http(s) URL)."""
    if settings.is_remote_store():
        from diplokg.store.remote import RemoteStore

        return RemoteStore(
            settings.store,
            timeout_s=settings.query_timeout_s,
            query_url=settings.remote_query_url,
            update_url=settings.remote_update_url,
            store_url=settings.remote_graph_store_url,
        )
    from diplokg.store.embedded import EmbeddedStore

    return EmbeddedStore(settings.store, read_only=read_only)
