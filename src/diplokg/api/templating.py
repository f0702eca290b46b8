"""Jinja2 templates of the HTML pages, with autoescaping always on."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

from diplokg.api.terms import compact


def make_templates(base_iri: str) -> Environment:
    """The template environment (autoescape on for every template: page text comes
    from untrusted articles)."""
    env = Environment(
        loader=PackageLoader("diplokg.api", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["compact"] = lambda iri: compact(iri, base_iri)
    return env
