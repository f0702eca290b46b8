"""The join of undated reports after an incremental build, with real spaCy and
pyoxigraph: it reads only the groups of event nodes the rewritten articles touch
(diplokg.build.join_scope), and its result is the join over the whole store.

The articles: the five examples (left alone), an undated report of a Lula–Xi video
call "el jueves" and dated reports of such calls. An edit or an addition can make the
undated report's join unique, break it, or leave it ambiguous.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pytest

from diplokg.build import batch, extraction
from diplokg.build.article import ArticleProcessor
from diplokg.build.join_scope import BuildChanges
from diplokg.build.reconcile import read_events
from diplokg.config import Settings
from diplokg.store.embedded import EmbeddedStore
from tests.integration.test_reconcile_cli import DATED, OTHER, UNDATED

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NQUADS = "application/n-quads"
LULA_XI = "Luiz Inácio Lula da Silva y Xi Jinping mantuvieron ayer una videollamada "
#: "ayer" in an article of 20 June 2025 is Thursday 19 June: "el jueves" fits it too
SECOND_THURSDAY = {
    "id": "second-call",
    "published": "2025-06-20",
    "lang": "es",
    "text": LULA_XI + "sobre inversiones en infraestructura.",
}

Articles = dict[str, dict]


def _edit(articles: Articles, article_id: str, **fields: str) -> None:
    articles[article_id] = {**articles[article_id], **fields}


def _a_friday(articles: Articles, article_id: str) -> None:
    """Published a day later: its "ayer" is a Friday, not "el jueves"."""
    day = int(articles[article_id]["published"][-2:]) + 1
    _edit(articles, article_id, published=articles[article_id]["published"][:-2] + f"{day:02d}")


def ambiguous_then_unique(articles: Articles) -> None:
    _a_friday(articles, "second-call")


def ambiguous_then_unique_elsewhere(articles: Articles) -> None:
    # the other Thursday call is now Lula's with Putin: it left the report's group
    text = "Luiz Inácio Lula da Silva y Vladímir Putin mantuvieron ayer una videollamada."
    _edit(articles, "second-call", text=text)


def another_undated_report(articles: Articles) -> None:
    articles["undated-two"] = {
        "id": "undated-two",
        "lang": "es",
        "text": "Lula y Xi Jinping hablaron el jueves por videollamada sobre el clima.",
    }


def undated_report_edited(articles: Articles) -> None:
    _edit(articles, "undated-call", text=articles["undated-call"]["text"] + "\n\nOtra frase.\n")


def twin_edited_another_fits(articles: Articles) -> None:
    _a_friday(articles, "dated-call")
    articles["second-call"] = dict(SECOND_THURSDAY)


def twin_edited_none_fits(articles: Articles) -> None:
    _a_friday(articles, "dated-call")


def second_twin_added(articles: Articles) -> None:
    articles["second-call"] = dict(SECOND_THURSDAY)


#: (articles of the first build, the change before the second): after each of these
#: the incremental build equals a clean build of the final articles
EQUAL_TO_CLEAN: dict[str, tuple[list[str], Callable[[Articles], None]]] = {
    "an ambiguous report becomes unique": (["second-call"], ambiguous_then_unique),
    "the other call becomes another pair's": (["second-call"], ambiguous_then_unique_elsewhere),
    "another undated report is added": ([], another_undated_report),
    "the undated report is edited": ([], undated_report_edited),
    "the twin is edited and another call fits": ([], twin_edited_another_fits),
}
#: a join made stays made (the undated report's graph names the twin), in a build
#: over the whole store as in the scoped one: these differ from a clean build
STICKY: dict[str, tuple[list[str], Callable[[Articles], None]]] = {
    "the twin is edited and none fits": ([], twin_edited_none_fits),
    "a second twin is added": ([], second_twin_added),
}


@pytest.fixture(scope="module")
def processor() -> ArticleProcessor:
    """One set of spaCy pipelines for every build of the module (loading them is the
    slow part of a build)."""
    return ArticleProcessor(Settings())


@pytest.fixture(autouse=True)
def shared_processor(processor, monkeypatch) -> None:
    monkeypatch.setattr(extraction, "ArticleProcessor", lambda settings: processor)


def _initial(extra: list[str]) -> Articles:
    articles: Articles = {
        "undated-call": {"id": "undated-call", "lang": "es", "text": UNDATED},
        "dated-call": dict(DATED),
        "other-call": dict(OTHER),
    }
    if "second-call" in extra:
        articles["second-call"] = dict(SECOND_THURSDAY)
    return articles


def _write(folder: Path, articles: Articles) -> Path:
    """The examples and ``articles`` (one JSON Lines file) in ``folder``."""
    if not folder.exists():
        shutil.copytree(EXAMPLES, folder)
    lines = [json.dumps(a, ensure_ascii=False) for a in articles.values()]
    (folder / "calls.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _build(folder: Path, store: EmbeddedStore) -> batch.BuildReport:
    report = batch.build([folder], Settings(store=str(store.path)), store)
    assert report.ok, report.errors
    return report


def canonical(store: EmbeddedStore) -> list[str]:
    """The store's N-Quads as sorted lines (skolemised: no blank nodes to relabel)."""
    return sorted(line for line in store.dump(NQUADS).decode().splitlines() if line.strip())


def _joined_calls(store: EmbeddedStore) -> dict[str, set[str]]:
    """Article graph → the video-call nodes it reports (a joined report names its twin)."""
    rows = store.solutions(
        "PREFIX dip: <https://w3id.org/diplokg/ontology#> "
        "SELECT ?g ?e WHERE { GRAPH ?g { ?e a dip:VideoCall } }"
    )
    out: dict[str, set[str]] = {}
    for row in rows:
        out.setdefault(row["g"].value.rsplit("/", 1)[-1], set()).add(row["e"].value)
    return out


class _Watched(BuildChanges):
    """BuildChanges that keeps the nodes it gave the join."""

    made: ClassVar[list[_Watched]] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.read: dict | None = None
        _Watched.made.append(self)

    def nodes(self):
        self.read = super().nodes()
        return self.read


def _watch_changes(monkeypatch) -> list[_Watched]:
    monkeypatch.setattr(_Watched, "made", [])
    monkeypatch.setattr(batch, "BuildChanges", _Watched)
    return _Watched.made


@pytest.mark.parametrize("case", list(EQUAL_TO_CLEAN))
def test_an_incremental_build_equals_a_clean_build(case, tmp_path, monkeypatch):
    extra, change = EQUAL_TO_CLEAN[case]
    articles = _initial(extra)
    folder = _write(tmp_path / "in", articles)
    store, clean = EmbeddedStore(tmp_path / "store"), EmbeddedStore(tmp_path / "clean")
    try:
        _build(folder, store)
        change(articles)
        _write(folder, articles)
        made = _watch_changes(monkeypatch)
        again = _build(folder, store)
        assert again.skipped >= 5 and not made[-1].whole  # the join was limited
        _build(folder, clean)
        assert canonical(store) == canonical(clean)
    finally:
        store.close()
        clean.close()


def test_an_ambiguous_report_joins_once_the_other_call_moves(tmp_path):
    articles = _initial(["second-call"])
    folder = _write(tmp_path / "in", articles)
    store = EmbeddedStore(tmp_path / "store")
    try:
        _build(folder, store)
        calls = _joined_calls(store)  # two Thursday calls fit: the report stays apart
        assert calls["undated-call"].isdisjoint(calls["dated-call"] | calls["second-call"])
        ambiguous_then_unique(articles)
        _write(folder, articles)
        again = _build(folder, store)
        assert (again.articles, again.joined) == (1, 1)
        calls = _joined_calls(store)
        assert calls["undated-call"] == calls["dated-call"]
    finally:
        store.close()


@pytest.mark.parametrize("case", list(EQUAL_TO_CLEAN) + list(STICKY))
def test_the_limited_join_equals_the_join_over_the_whole_store(case, tmp_path, monkeypatch):
    extra, change = {**EQUAL_TO_CLEAN, **STICKY}[case]
    articles = _initial(extra)
    folder = _write(tmp_path / "in", articles)
    store = EmbeddedStore(tmp_path / "store")
    try:
        _build(folder, store)
        store.backup(tmp_path / "copy")
        whole = EmbeddedStore(tmp_path / "copy")
        change(articles)
        _write(folder, articles)
        made = _watch_changes(monkeypatch)
        _build(folder, store)
        read = made[-1].read  # the groups the edit touched, not the whole store
        assert read is not None and 0 < len(read) < len(read_events(store))
        monkeypatch.setattr(
            batch, "BuildChanges", lambda store, base, whole: BuildChanges(store, base, whole=True)
        )
        _build(folder, whole)
        assert canonical(store) == canonical(whole)
        whole.close()
    finally:
        store.close()


def test_a_build_stopped_before_its_join_is_joined_by_the_next(tmp_path, monkeypatch):
    articles = _initial([])
    folder = _write(tmp_path / "in", articles)
    store, clean = EmbeddedStore(tmp_path / "store"), EmbeddedStore(tmp_path / "clean")
    try:
        with monkeypatch.context() as patch:
            patch.setattr(batch, "reconcile", lambda *_args: {})  # stopped before the join
            _build(folder, store)
        marker = [g for g in store.graphs() if g.endswith("/build/unjoined")]
        assert marker
        made = _watch_changes(monkeypatch)
        again = _build(folder, store)
        assert made[-1].whole and marker[0] not in store.graphs()
        first = _build(folder, clean)
        assert (again.articles, again.joined) == (0, first.joined)
        assert canonical(store) == canonical(clean)
    finally:
        store.close()
        clean.close()


def test_a_failed_join_is_reported_and_made_by_the_next_build(tmp_path, monkeypatch):
    articles = _initial([])
    folder = _write(tmp_path / "in", articles)
    store = EmbeddedStore(tmp_path / "store")
    try:

        def failing(*_args):
            raise RuntimeError("no more memory")

        with monkeypatch.context() as patch:
            patch.setattr(batch, "reconcile", failing)
            report = batch.build([folder], Settings(store=str(store.path)), store)
        assert len(report.errors) == 1 and "next build joins" in report.errors[0]
        assert _build(folder, store).joined >= 1
        calls = _joined_calls(store)
        assert calls["undated-call"] == calls["dated-call"]
    finally:
        store.close()
