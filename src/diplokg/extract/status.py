"""Article-level status rules applied after the events of an article are merged."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from diplokg.model import Event, EventStatus


def plan_events_after(events: Iterable[Event], published: date | None) -> None:
    """An event reported as happened but dated after the article is planned, not done.

    Compared at the event date's own precision: a ``2026-03`` event in an article of
    2026-02-20 is after it, a ``2026-02`` one is not.
    """
    if published is None:
        return
    day = published.isoformat()
    for ev in events:
        after = ev.date is not None and ev.date.value > day[: len(ev.date.value)]
        if after and ev.status is EventStatus.HAPPENED:
            ev.status = EventStatus.PLANNED
