"""Issue 10, item 4: two ids that map to one graph through `diplokg build`."""

from __future__ import annotations

import json

from tests.conftest import run_cli

TEXT = ("El presidente ruso, Vladimir Putin, y el presidente chino, Xi Jinping, "
        "mantuvieron una videollamada el miércoles.")  # fmt: skip


def _jsonl(path, *ids: str) -> None:
    lines = [json.dumps({"id": i, "published": "2026-02-04", "lang": "es", "text": TEXT})
             for i in ids]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_colliding_ids_are_an_error_naming_both_and_the_rest_is_built(tmp_path):
    batch = tmp_path / "batch.jsonl"
    _jsonl(batch, "../../etc", "etc", "fine")
    store = tmp_path / "store"
    res = run_cli("build", str(batch), "--store", str(store))
    assert res.returncode == 1
    (error,) = [line for line in res.stderr.splitlines() if "error" in line]
    assert "batch.jsonl:2" in error and "'etc'" in error and "'../../etc'" in error
    assert "built 2 articles" in res.stdout
    # against the store: a later build of a third spelling is refused too
    later = tmp_path / "later.jsonl"
    _jsonl(later, "ETC", "fine")
    res = run_cli("build", str(later), "--store", str(store))
    assert res.returncode == 1
    (error,) = [line for line in res.stderr.splitlines() if "error" in line]
    assert "'ETC'" in error and "already in the store" in error
    # "fine" is as it was stored: skipped as unchanged, not refused
    assert "1 unchanged article(s) skipped" in res.stdout
    ids_query = "SELECT ?id WHERE { ?a <http://schema.org/identifier> ?id } ORDER BY ?id"
    ids = run_cli("query", "--store", str(store), "--format", "csv", ids_query)
    assert ids.stdout.split() == ["id", "../../etc", "fine"]
