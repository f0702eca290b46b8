"""Shared test fixtures: paths to the shared corpus and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS_JSONL = SHARED / "corpus" / "seeds.jsonl"
SEEDS_DIR = SHARED / "corpus" / "seeds"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None):
    """Run the installed ``diplokg`` command (the real console script)."""
    exe = Path(sys.executable).parent / "diplokg"
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, cwd=cwd, env=full_env, timeout=600
    )


@pytest.fixture(scope="session")
def seeds_available() -> None:
    if not SEEDS_JSONL.exists():
        pytest.skip("../shared/corpus is not available")
