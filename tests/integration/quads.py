"""Comparing stores by their quads: N-Quads as sorted lines."""

from __future__ import annotations

from pathlib import Path

from diplokg.store.embedded import EmbeddedStore

NQUADS = "application/n-quads"


def canonical(dump: bytes) -> list[str]:
    """N-Quads as sorted lines (the store skolemises: no blank nodes to relabel)."""
    return sorted(line for line in dump.decode("utf-8").splitlines() if line.strip())


def embedded_quads(path: Path) -> list[str]:
    """The sorted N-Quads of the embedded store at ``path`` (opened read-only)."""
    store = EmbeddedStore(path, read_only=True)
    try:
        return canonical(store.dump(NQUADS))
    finally:
        store.close()
