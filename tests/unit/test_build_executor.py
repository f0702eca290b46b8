"""`diplokg build --executor`: how the executor is chosen and what the user is told
when it cannot run (no cluster is started here; tests/integration/test_dask_build.py
runs real ones)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from diplokg.build.dask_executor import _batches, worker_settings
from diplokg.cli import main
from diplokg.config import Settings
from diplokg.store.embedded import EmbeddedStore
from tests.conftest import free_port, run_cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("diplokg: error: ")
    return err[0]


def _quads(path: Path) -> int:
    store = EmbeddedStore(path, read_only=True)
    try:
        return len(store._store)
    finally:
        store.close()


def test_dask_not_installed_is_a_one_line_error_before_anything_is_written(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    store = tmp_path / "store"
    code = main(["build", str(EXAMPLES), "--store", str(store), "--executor", "dask"])
    assert code == 2
    line = _one_line_error(capsys)
    assert "--executor dask needs Dask" in line and "pip install 'diplokg[dask]'" in line
    assert _quads(store) == 0  # not even the ontology


def test_a_scheduler_without_the_dask_executor_is_refused(tmp_path, capsys):
    args = ["build", str(EXAMPLES), "--store", str(tmp_path / "s"), "--executor", "local"]
    assert main([*args, "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    assert "--scheduler names a Dask scheduler" in _one_line_error(capsys)


def test_a_bad_executor_setting_names_the_variable(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DIPLOKG_BUILD_EXECUTOR", "spark")
    assert main(["build", str(EXAMPLES), "--store", str(tmp_path / "s")]) == 2
    assert "DIPLOKG_BUILD_EXECUTOR" in _one_line_error(capsys)


@pytest.mark.parametrize("address", ["nonsense", "foo://127.0.0.1:1"])
def test_a_malformed_scheduler_address_is_a_one_line_error(tmp_path, capsys, address):
    store = tmp_path / "store"
    assert main(["build", str(EXAMPLES), "--store", str(store), "--scheduler", address]) == 2
    assert f"cannot reach the Dask scheduler at {address}" in _one_line_error(capsys)
    assert _quads(store) == 0


def test_an_unreachable_scheduler_is_one_line_from_the_real_command(tmp_path):
    """Through the console script: nothing else reaches stderr, not even at exit (a
    dask Client that failed to connect complains when collected; none is made)."""
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    res = run_cli(
        "build", str(EXAMPLES), "--store", str(tmp_path / "store"),
        env={"DIPLOKG_BUILD_EXECUTOR": "dask", "DIPLOKG_DASK_SCHEDULER": address,
             "DIPLOKG_DASK_CONNECT_TIMEOUT_S": "1"},
    )  # fmt: skip
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        f"diplokg: error: cannot reach the Dask scheduler at {address}: "
        f"Timed out trying to connect to {address} after 1 s"
    ]
    assert res.stdout == ""


def test_workers_get_only_the_extraction_settings_given():
    assert json.loads(worker_settings(Settings())) == {}
    given = Settings(default_lang="en", data_dir=Path("/srv/data"), store="http://x:1")
    assert json.loads(worker_settings(given)) == {"data_dir": "/srv/data", "default_lang": "en"}


def test_batches_are_read_lazily():
    read: list[int] = []

    def items():
        for n in range(7):
            read.append(n)
            yield n

    batches = _batches(items(), 3)  # type: ignore[arg-type]
    assert next(batches) == [0, 1, 2] and read == [0, 1, 2]
    assert list(batches) == [[3, 4, 5], [6]]
