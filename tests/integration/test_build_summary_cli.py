"""The build summary (issue 11): relative dates left unresolved and why, and the
unknown header keys of the input files, each named with its file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

UNDATED = """lang: es
author: Ana Pérez

# Lula y Xi conversan por videollamada

El presidente de Brasil, Luiz Inácio Lula da Silva, y el presidente chino, Xi Jinping,
mantuvieron el jueves una videollamada sobre comercio.
"""

# the week before 6 June 2025 runs from 26 May to 1 June: no one month holds it
VAGUE = """---
published: 2025-06-06
lang: es
tags: brasil, francia
---
El presidente de Brasil, Luiz Inácio Lula da Silva, se reunió la semana pasada en
Brasilia con el presidente de Francia, Emmanuel Macron.
"""

LINES = [
    {
        "id": "call-1",
        "published": "2025-06-13",
        "lang": "es",
        "section": "mundo",
        "text": "Luiz Inácio Lula da Silva y Xi Jinping mantuvieron ayer una videollamada.",
    },
    {
        "id": "call-2",
        "published": "2025-06-14",
        "lang": "es",
        "section": "mundo",
        "text": "Xi Jinping y Vladímir Putin mantuvieron ayer una videollamada.",
    },
]


def test_build_names_unresolved_dates_and_unknown_header_keys(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "undated.md").write_text(UNDATED, encoding="utf-8")
    (corpus / "vague.md").write_text(VAGUE, encoding="utf-8")
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in LINES)
    (corpus / "calls.jsonl").write_text(lines + "\n", encoding="utf-8")

    res = run_cli("build", str(corpus), "--store", str(tmp_path / "store"))
    assert res.returncode == 0, res.stderr  # warnings do not fail a build
    summary = [ln for ln in res.stdout.splitlines() if "relative date" in ln]
    assert len(summary) == 1, res.stdout
    line = summary[0]
    assert line.startswith("2 relative date(s) not resolved: ")
    assert "1 no publication date (give --published" in line
    assert "undated: 'el jueves'" in line
    assert "1 ambiguous: vague: 'la semana pasada'" in line

    warnings = [ln for ln in res.stderr.splitlines() if ln.startswith("diplokg: warning:")]
    assert f"{corpus / 'undated.md'}:2: unknown header key 'author' ignored" in res.stderr
    assert f"{corpus / 'vague.md'}:4: unknown header key 'tags' ignored" in res.stderr
    section = [ln for ln in warnings if "'section'" in ln]
    assert section == [
        f"diplokg: warning: call-1: {corpus / 'calls.jsonl'}:1: unknown field 'section' "
        "ignored (reported once per file)"
    ]


def test_a_publication_date_resolves_what_was_left(tmp_path: Path) -> None:
    path = tmp_path / "undated.md"
    path.write_text(UNDATED, encoding="utf-8")
    res = run_cli(
        "build", str(path), "--store", str(tmp_path / "store"), "--published", "2025-06-13"
    )
    assert res.returncode == 0, res.stderr
    assert "relative date" not in res.stdout
    assert "unknown header key 'author'" in res.stderr
