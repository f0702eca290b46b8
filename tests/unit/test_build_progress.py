"""Build progress: plain lines when not on a terminal, a bar on one, a summary table."""

from __future__ import annotations

import io

from diplokg.build.progress import BUILT, FAILED, SKIPPED, BuildProgress, Summary, summary_table


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_with_counts_rate_and_eta():
    out, clock = io.StringIO(), Clock()
    progress = BuildProgress(out, tty=False, every=2, clock=clock)
    progress.start(4)
    for status in (BUILT, SKIPPED, BUILT, FAILED):
        clock.now += 2.0
        progress.article(status, "a")
    lines = out.getvalue().splitlines()
    assert lines == [
        "building 4 article(s)",
        "2/4 articles (50%)  0.5/s  ETA 0:00:04  (unchanged 1)",
        "4/4 articles (100%)  0.5/s  ETA 0:00:00  (unchanged 1, failed 1)",
    ]
    assert "\r" not in out.getvalue() and "\033" not in out.getvalue()


def test_plain_lines_every_five_percent_by_default():
    out = io.StringIO()
    progress = BuildProgress(out, tty=False, clock=Clock())
    progress.start(100)
    for _ in range(100):
        progress.article(BUILT, "a")
    assert len(out.getvalue().splitlines()) == 1 + 20


def test_unknown_total_has_no_eta():
    out = io.StringIO()
    progress = BuildProgress(out, tty=False, every=1, clock=Clock())
    progress.start(None)
    progress.article(BUILT, "a")
    assert out.getvalue().splitlines()[-1].startswith("1 articles  ")
    assert "ETA" not in out.getvalue()


def test_terminal_bar_is_redrawn_in_place():
    out, clock = io.StringIO(), Clock()
    progress = BuildProgress(out, tty=True, width=10, clock=clock)
    progress.start(2)
    clock.now += 1.0
    progress.article(BUILT, "a")
    clock.now += 1.0
    progress.article(BUILT, "b")
    text = out.getvalue()
    assert text.count("\r") == 2  # one redraw per article, no new lines
    assert "\n" not in text
    assert "[#####.....] 1/2 articles (50%)" in text
    assert "[##########] 2/2 articles (100%)" in text


def test_summary_table_lists_every_count():
    table = summary_table(Summary(3, 2, 1, 10, 4, 500, 1, 6.0))
    rows = dict(line.rsplit(None, 1) for line in table.splitlines() if not line.startswith("-"))
    assert rows["articles built"] == "3"
    assert rows["unchanged, skipped"] == "2"
    assert rows["failed"] == "1"
    assert rows["quads written"] == "500"
    assert rows["time"] == "0:00:06"
    assert rows["articles built per second"] == "0.50"


def test_finish_prints_the_table_after_the_lines():
    out = io.StringIO()
    progress = BuildProgress(out, tty=False, every=1, clock=Clock())
    progress.start(1)
    progress.article(BUILT, "a")
    progress.finish(Summary(1, 0, 0, 0, 0, 0, 0, 1.0))
    assert out.getvalue().splitlines()[2].startswith("---")


def test_a_note_on_a_terminal_goes_above_the_bar():
    out, clock = io.StringIO(), Clock()
    progress = BuildProgress(out, tty=True, width=4, clock=clock)
    progress.start(1)
    clock.now += 1.0
    progress.article(BUILT, "a")
    progress.note("joining ...")
    bar = "\r[####] 1/1 articles (100%)  1.0/s  ETA 0:00:00\033[K"
    assert out.getvalue() == bar + "\r\033[Kjoining ...\n" + bar
