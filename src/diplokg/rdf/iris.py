"""Deterministic IRIs: the same entity or event from two articles gets one IRI."""

from __future__ import annotations

import hashlib

from diplokg.extract.merge import MEASURES, measure_kind
from diplokg.knowledge.text import slugify
from diplokg.model import Event, OfficeHolding, Relation


class Iris:
    """Mints data IRIs under one base (``Settings.base_iri``)."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def entity(self, key: str) -> str:
        return self.base + key

    def article(self, article_id: str) -> str:
        return f"{self.base}article/{slugify(article_id)}"

    def passage(self, article_id: str, position: int) -> str:
        """The ``position``-th passage (1-based) of an article's text."""
        return f"{self.article(article_id)}/passage/{position}"

    def graph(self, article_id: str) -> str:
        return f"{self.base}graph/{slugify(article_id)}"

    def publisher(self, name: str) -> str:
        return f"{self.base}publisher/{slugify(name)}"

    def event(self, ev: Event) -> str:
        """Type + date + sides identify an event (Statements: + what was said; directed
        events: + the sides that act). A date
        assumed from the publication day counts only by its month: two reports of one
        event published on different days must not split it, and reports months apart
        are not one event."""
        actors = ev.sides or tuple(sorted(ev.entity_keys()))
        if ev.date is None:
            day = "undated"
        elif ev.date_assumed:
            day = "reported " + ev.date.value[:7]
        else:
            day = ev.date.value
        parts = [ev.type, day, *actors]
        if ev.acting:
            parts.append("by " + " ".join(ev.acting))  # A's tariffs on B are not B's on A
        if ev.type in MEASURES:
            parts.append(measure_kind(ev))  # A's tariffs on B are not A's visa ban on B
        if ev.type == "Statement":
            parts.append(ev.quote or ev.evidence[0].sentence)
        return f"{self.base}event/{_digest(parts)}"

    def relation(self, rel: Relation) -> str:
        """Type + participants in their roles + topic/commodity identify a relation."""
        roles = sorted(f"{p.role}={p.entity}" for p in rel.participants)
        parts = [rel.type, *roles, rel.topic or "", rel.commodity or ""]
        return f"{self.base}relation/{_digest(parts)}"

    def holding(self, h: OfficeHolding) -> str:
        """Person + office + where + start identify a term in office."""
        start = h.start.isoformat() if h.start else ""
        return f"{self.base}holding/{_digest([h.person, h.office, h.of, start])}"


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
