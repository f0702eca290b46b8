"""The layering of the package (``[tool.importlinter]`` in pyproject.toml) holds, and
the check really catches an import that runs against the flow."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(src: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        capture_output=True,
        text=True,
        env=env,
        cwd=src.parent,
        timeout=120,
    )


def test_layers_contract_is_kept() -> None:
    done = _lint_imports(ROOT / "src", ROOT / "pyproject.toml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("read/base.py", "import diplokg.nlp.pipelines"),  # a stage importing a later one
        ("knowledge/text.py", "import diplokg.link.linker"),  # shared knowledge importing a stage
        ("store/base.py", "import diplokg.api.app"),  # the store importing the API
        ("sparql/lexer.py", "import diplokg.export.dataset"),  # two siblings of one level
    ],
)
def test_an_upward_import_breaks_the_contract(tmp_path: Path, module: str, upward: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "diplokg", src / "diplokg", ignore=_no_assets)
    target = src / "diplokg" / module
    target.write_text(target.read_text() + f"\n{upward}  # noqa\n")
    done = _lint_imports(src, ROOT / "pyproject.toml")
    assert done.returncode != 0, done.stdout
    assert "BROKEN" in done.stdout


def _no_assets(folder: str, names: list[str]) -> list[str]:
    """Code only: the package's data files, static assets and caches are not needed."""
    skip = {"static", "__pycache__"} | ({"data"} if Path(folder).name == "diplokg" else set())
    return [n for n in names if n in skip]
