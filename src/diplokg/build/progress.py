"""Progress of a build: a bar with counts and an ETA on a terminal, plain lines
otherwise, and a summary table at the end.

The build calls :meth:`BuildProgress.start` once with the expected number of
articles (``None`` when unknown), :meth:`BuildProgress.article` once per article
(built, skipped as unchanged, or failed), :meth:`BuildProgress.note` for other news,
and :meth:`BuildProgress.finish` with the totals.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

BUILT, SKIPPED, FAILED = "built", "unchanged", "failed"


@dataclass(frozen=True)
class Summary:
    """The totals shown in the closing table."""

    built: int
    skipped: int
    failed: int
    events: int
    relations: int
    quads: int
    joined: int
    seconds: float


def _duration(seconds: float) -> str:
    hours, rest = divmod(round(seconds), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


class BuildProgress:
    """Writes a build's progress to ``stream``.

    ``tty``: redraw one bar line in place (``\\r``); otherwise print a plain line every
    ``every`` articles (default: about every 5% of the expected total) and at the end.
    ``clock`` is injectable for tests.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        tty: bool,
        every: int | None = None,
        width: int = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.tty = tty
        self.every = every
        self.width = width
        self.clock = clock
        self.total: int | None = None
        self.counts: Counter[str] = Counter()
        self._start = 0.0
        self._last_draw = -1.0

    # -- events from the build ---------------------------------------------------------
    def start(self, total: int | None) -> None:
        """The build starts; ``total`` articles are expected (``None``: unknown)."""
        self.total = total
        self._start = self.clock()
        if self.every is None:
            self.every = max(1, (total or 0) // 20) if total else 10
        if not self.tty:
            expected = f"{total} article(s)" if total is not None else "articles"
            self._line(f"building {expected}")

    def article(self, status: str, article_id: str) -> None:
        """One article is done: ``status`` is BUILT, SKIPPED or FAILED."""
        self.counts[status] += 1
        if self.tty:
            now = self.clock()
            if now - self._last_draw >= 0.1 or self.done == self.total:
                self._last_draw = now
                self.stream.write("\r" + self.status_line(bar=True) + "\033[K")
                self.stream.flush()
        elif self.done % (self.every or 1) == 0 or self.done == self.total:
            self._line(self.status_line(bar=False))

    def note(self, message: str) -> None:
        """A message of its own (on a terminal, above the bar, which is redrawn)."""
        if not self.tty:
            self._line(message)
            return
        self.stream.write("\r\033[K" + message + "\n")
        if self.done:
            self.stream.write("\r" + self.status_line(bar=True) + "\033[K")
        self.stream.flush()

    def finish(self, summary: Summary) -> None:
        """The build is over: close the bar and print the summary table."""
        if self.tty and self.done:
            self.stream.write("\n")
        self._line(summary_table(summary))

    # -- formatting --------------------------------------------------------------------
    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def status_line(self, *, bar: bool) -> str:
        """``[####......] 120/305 articles (39%)  3.2/s  ETA 0:00:58  (skipped 4, failed 1)``"""
        elapsed = max(self.clock() - self._start, 1e-9)
        rate = self.done / elapsed
        parts = []
        if self.total:
            share = min(self.done / self.total, 1.0)
            filled = int(share * self.width)
            drawn = "[" + "#" * filled + "." * (self.width - filled) + "] " if bar else ""
            parts.append(f"{drawn}{self.done}/{self.total} articles ({share:.0%})")
        else:
            parts.append(f"{self.done} articles")
        parts.append(f"{rate:.1f}/s")
        if self.total and rate > 0:
            parts.append(f"ETA {_duration(max(self.total - self.done, 0) / rate)}")
        extra = [f"{name} {self.counts[key]}" for key, name in
                 ((SKIPPED, "unchanged"), (FAILED, "failed")) if self.counts[key]]  # fmt: skip
        if extra:
            parts.append("(" + ", ".join(extra) + ")")
        return "  ".join(parts)

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()


def summary_table(s: Summary) -> str:
    """The closing table of a build, one row per count."""
    rate = s.built / s.seconds if s.seconds > 0 else 0.0
    rows = [
        ("articles built", f"{s.built:,}"),
        ("unchanged, skipped", f"{s.skipped:,}"),
        ("failed", f"{s.failed:,}"),
        ("events", f"{s.events:,}"),
        ("relations", f"{s.relations:,}"),
        ("quads written", f"{s.quads:,}"),
        ("undated reports joined", f"{s.joined:,}"),
        ("time", _duration(s.seconds)),
        ("articles built per second", f"{rate:.2f}"),
    ]
    width = max(len(name) for name, _ in rows)
    value_width = max(len(value) for _, value in rows)
    rule = "-" * (width + value_width + 3)
    body = [f"{name:<{width}}   {value:>{value_width}}" for name, value in rows]
    return "\n".join([rule, *body, rule])


__all__ = ["BUILT", "FAILED", "SKIPPED", "BuildProgress", "Summary", "summary_table"]
