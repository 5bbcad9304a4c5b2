from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# Real ACLED exports and other third-party files. ACLED's terms do not allow redistributing its
# data, so they are not in the repository; CI has them beside the checkout (or names them here).
SAMPLES = Path(os.environ.get("MIDEAST_EVENTS_SAMPLES") or SHARED / "reference" / "samples")
# the real ACLED-format CSV files among them (the coordinates tests read each)
ACLED_CSV = [
    "JoshMerfeld_saereplication__acled.csv",
    "MIT-Emerging-Talent_ET6-CDSP-starter__gaza_war_events.csv",
    "nuuuwan_misc-sl-data__conflict_data_lka.csv",
    "peacerep_ukraine-map__ACLED-Ukraine.csv",
    "pegenaran_ACLED-processing2__1900-01-01-2020-11-12-Indonesia.csv",
    "pegenaran_ACLED-processing2__Nicaragua_Current.csv",
    "y5z2rmg7y8-bit_Somalia-Conflict-Monitor__acled_data.csv",
]

SLOW_WHAT = "wheel installs, docs site builds, browser tests, the longest engine-agreement tests, the benchmark script"


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true",
                     help=f"also run the tests marked slow ({SLOW_WHAT}); they are left out of a bare "
                          "`python -m pytest` but run whenever a test file or -m is named")


@pytest.hookimpl(tryfirst=True)  # mark the real_samples set before `-m` selects by marks
def pytest_collection_modifyitems(config, items):
    """Tests that use the ``samples`` fixture form the ``real_samples`` set; where the files are
    missing the set is left out (and said once, at the end). A bare ``python -m pytest`` leaves
    out the ``slow`` set too, unless ``--run-slow`` is given."""
    for item in items:
        if "samples" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.real_samples)
    bare = config.args_source == pytest.Config.ArgsSource.TESTPATHS and not config.option.markexpr
    skip_slow = bare and not config.getoption("--run-slow")
    no_samples = not SAMPLES.is_dir()
    keep, left_out, notes = [], {"samples": 0, "slow": 0}, []
    for item in items:
        if no_samples and item.get_closest_marker("real_samples"):
            left_out["samples"] += 1
        elif skip_slow and item.get_closest_marker("slow"):
            left_out["slow"] += 1
        else:
            keep.append(item)
    if left_out["samples"]:
        notes.append(f"{left_out['samples']} real_samples tests not run: {SAMPLES} is missing (real ACLED "
                     "exports, which ACLED's terms keep out of the repository; CI has them; set "
                     "MIDEAST_EVENTS_SAMPLES=DIR to use a copy elsewhere)")
    if left_out["slow"]:
        notes.append(f"{left_out['slow']} slow tests not run ({SLOW_WHAT}): "
                     "`python -m pytest --run-slow` runs everything")
    if len(keep) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in set(keep)])
        items[:] = keep
    config.stash[_NOTES] = notes


_NOTES = pytest.StashKey[list]()


def pytest_terminal_summary(terminalreporter, config):
    for note in config.stash.get(_NOTES, []):
        terminalreporter.write_line(f"mideast-events: {note}", yellow=True)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed command-line tool the way a user does."""
    return subprocess.run([sys.executable, "-m", "mideast_events.cli", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


class Ran(NamedTuple):
    """What :func:`run_main` returns; also read as a ``CompletedProcess`` (returncode, stdout, stderr)."""
    code: int
    out: str
    err: str

    returncode = property(lambda self: self.code)
    stdout = property(lambda self: self.out)
    stderr = property(lambda self: self.err)


def run_main(*args: str) -> Ran:
    """The command-line tool in this process (``cli.main``): exit code, standard output, standard
    error. Prefer it to :func:`run_cli` where the test needs no separate process: the mutation
    tool counts only tests that reach the code in-process."""
    import contextlib
    import io

    from mideast_events import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    return Ran(code, out.getvalue(), err.getvalue())


def src_env(**extra: str) -> dict[str, str]:
    """The environment for a child Python that imports this checkout's package first."""
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), **extra}


def read_strings(path: Path):
    """A CSV file as a frame of text cells, blank cells as empty strings (as the validator reads it)."""
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_csv(frame, path: Path) -> Path:
    """Write a frame of text cells back as CSV (no index, ``\n`` line ends); returns ``path``."""
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


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
