"""A build's report keeps what it prints at the end bounded (issue 12: memory flat in
the batch's size): warnings and unresolved dates are all counted, the first few kept."""

from __future__ import annotations

from diplokg.build.batch import EXAMPLES_KEPT, WARNINGS_KEPT, BuildReport, _note
from diplokg.cli import _unresolved_summary


def test_a_long_batch_keeps_the_first_warnings_and_counts_them_all() -> None:
    report = BuildReport()
    for i in range(WARNINGS_KEPT + 50):
        _note(report, [f"a{i}: no events or relations found", f"a{i}: other"], f"a{i}", [])
    assert report.warnings_total == 2 * (WARNINGS_KEPT + 50)
    assert len(report.warnings) == WARNINGS_KEPT
    assert report.warnings[:3] == [
        "a0: no events or relations found",
        "a0: other",
        "a1: no events or relations found",
    ]


def test_unresolved_dates_are_counted_per_reason_with_a_few_examples() -> None:
    report = BuildReport()
    for i in range(EXAMPLES_KEPT + 7):
        _note(report, [], f"a{i}", [("el jueves", "no publication date")])
    _note(report, [], "v", [("la semana pasada", "ambiguous: vague")])
    assert report.unresolved_counts == {
        "no publication date": EXAMPLES_KEPT + 7,
        "ambiguous: vague": 1,
    }
    assert len(report.unresolved_dates["no publication date"]) == EXAMPLES_KEPT
    assert report.unresolved_dates["no publication date"][0] == "a0: 'el jueves'"
    line = _unresolved_summary(report.unresolved_dates, report.unresolved_counts)
    assert line.startswith(f"{EXAMPLES_KEPT + 8} relative date(s) not resolved: ")
    assert "1 ambiguous: vague: v: 'la semana pasada'" in line
    assert (
        f"{EXAMPLES_KEPT + 7} no publication date (give --published or a 'published:' header):"
        f" a0: 'el jueves', a1: 'el jueves', a2: 'el jueves', and {EXAMPLES_KEPT + 4} more"
    ) in line
