"""Safe pieces of SPARQL text built from terms (never from raw strings)."""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import NamedNode

from diplokg.rdf.vocab import sparql_prefixes


def iri(value: str) -> str:
    """``<value>`` as SPARQL, validated (raises ValueError for an invalid IRI)."""
    return str(NamedNode(value))


def values(var: str, iris: Iterable[str]) -> str:
    """``VALUES ?var { <a> <b> }`` for validated IRIs."""
    return f"VALUES ?{var} {{ {' '.join(iri(i) for i in iris)} }}"


PREFIXES = sparql_prefixes()
