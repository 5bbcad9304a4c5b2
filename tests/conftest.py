from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "reference" / "samples"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed command-line tool the way a user does."""
    return subprocess.run([sys.executable, "-m", "mideast_events.cli", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A scratch copy of the repository's data (schema/, dataset/, seeds/, pyproject.toml)."""
    for d in ("schema", "dataset", "seeds"):
        shutil.copytree(ROOT / d, tmp_path / d)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/reference/samples is not beside this checkout")
    return SAMPLES


def build_site(out: Path) -> Path:
    """`mkdocs build --strict` of this checkout's docs into ``out``, from this checkout's data.

    Run as a user would (no variables that silence third-party banners); what it printed is kept in
    ``out.parent / "build.log"`` for the test that the output is only MkDocs' own INFO lines and ours.
    """
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                           "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, "mkdocs build --strict failed:\n" + proc.stdout + proc.stderr
    (out.parent / "build.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def docs_site(tmp_path_factory) -> Path:
    """The docs site, built once per test session."""
    return build_site(tmp_path_factory.mktemp("site") / "site")
