"""Without an optional extra, every entry point says in one line which `pip install` brings it,
and the command exits 2; what needs no extra still works. A missing module is simulated by a
start-up hook (tests/support/block_extras) that makes the named modules impossible to import."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

from mideast_events import extras

BLOCKER = ROOT / "tests" / "support" / "block_extras"
SEED = next((ROOT / "seeds").glob("*.txt"))
EXAMPLE = ROOT / "examples" / "my_events.csv"


def run_without(block: tuple[str, ...], *argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run ``argv`` (after the interpreter) with the modules in ``block`` made unimportable."""
    env = {**os.environ, "MIDEAST_EVENTS_BLOCK": ",".join(block),
           "PYTHONPATH": os.pathsep.join([str(BLOCKER), str(ROOT / "src")])}
    return subprocess.run([sys.executable, *argv], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def _one_line_naming(proc: subprocess.CompletedProcess, extra: str) -> None:
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2, out
    assert "Traceback" not in out, out
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert f'pip install "mideast-events[{extra}]"' in lines[0], lines[0]


def test_the_blocker_really_blocks():
    proc = run_without(extras.EXTRAS["polars"], "-c", "import polars")
    assert proc.returncode == 1 and "ModuleNotFoundError" in proc.stderr


@pytest.mark.parametrize("extra,argv", [
    ("polars", ["validate", "--engine", "polars", str(EXAMPLE)]),
    ("polars", ["validate", "--profile", "acled", "--engine", "polars", str(ROOT / "examples" / "acled_export.csv")]),
    ("dask", ["validate", "--engine", "dask", str(EXAMPLE)]),
    ("extract", ["extract", str(SEED)]),
    ("r", ["validate", "--profile", "acled", "export.rda"]),
])
def test_command_without_its_extra_names_the_pip_command(extra, argv, tmp_path):
    (tmp_path / "export.rda").write_bytes(b"RDX3\n")  # never read: the extra is checked first
    proc = run_without(extras.EXTRAS[extra], "-m", "mideast_events", *argv, cwd=tmp_path)
    _one_line_naming(proc, extra)


def test_each_extras_module_alone_is_enough_to_be_missed():
    # Any one missing module of the extract extra is reported, not only the first one.
    for module in extras.EXTRAS["extract"]:
        proc = run_without((module,), "-m", "mideast_events", "extract", str(SEED))
        _one_line_naming(proc, "extract")
        assert f"({module} is not installed)" in proc.stderr


def test_load_events_polars_raises_an_import_error_naming_the_extra():
    code = ("import mideast_events as me\n"
            "try:\n    me.load_events(backend='polars')\n"
            "except ImportError as e:\n    print(type(e).__name__); print(e)\n")
    proc = run_without(("polars",), "-c", code)
    assert proc.returncode == 0, proc.stderr
    kind, message = proc.stdout.strip().splitlines()
    assert kind == "MissingExtra"
    assert message == ('backend="polars" needs the "polars" extra (polars is not installed): '
                       'pip install "mideast-events[polars]"')


def test_commands_that_need_no_extra_work_without_any(tmp_path):
    every = tuple(m for mods in extras.EXTRAS.values() for m in mods)
    for argv in (["info"], ["validate", str(EXAMPLE)], ["diff", str(EXAMPLE)],
                 ["export", "--format", "geojson", "--out", str(tmp_path / "e.geojson")]):
        proc = run_without(every, "-m", "mideast_events", *argv)
        assert proc.returncode == 0, (argv, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_an_import_error_deep_inside_a_command_is_still_one_line(tmp_path):
    # A module of an extra imported somewhere the command did not check up front: the guard maps it.
    code = ("import sys\nfrom mideast_events import cli\n"
            "def boom(sub):\n"
            "    def run(args):\n        import spacy\n"
            "    sub.add_parser('boom').set_defaults(func=run)\n"
            "cli.EXTRA_COMMANDS.append(boom)\nsys.exit(cli.main(['boom']))\n")
    proc = run_without(("spacy",), "-c", code)
    _one_line_naming(proc, "extract")


def test_install_commands_match_pyproject():
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for extra, modules in extras.EXTRAS.items():
        assert extra in declared, extra
        assert extras.install_command(extra) == f'pip install "mideast-events[{extra}]"'
    with pytest.raises(ValueError):
        extras.install_command("nope")


def test_reading_an_r_file_in_python_without_the_r_extra(tmp_path):
    (tmp_path / "x.rda").write_bytes(b"RDX3\n")
    code = ("from mideast_events import acled, extras\n"
            "try:\n    acled.from_acled('x.rda')\n"
            "except extras.MissingExtra as e:\n    print(e)\n")
    proc = run_without(("pyreadr",), "-c", code, cwd=tmp_path)
    assert proc.stdout.strip() == ('reading an R data file needs the "r" extra (pyreadr is not installed): '
                                   'pip install "mideast-events[r]"'), proc.stderr
