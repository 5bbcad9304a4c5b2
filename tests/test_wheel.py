"""The wheel, as a pip user gets it: build it, install it in a fresh virtual environment outside the
repository, and run every command of the README as written there (with the README's example files),
then again without the optional extras.

For speed the fresh environment takes its third-party dependencies from this test environment (one
line in a .pth file, after its own site-packages); mideast-events itself comes from the wheel only,
and `pip check` confirms the wheel's declared dependencies are met.
"""
from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

import mideast_events as me
from conftest import ROOT
from mideast_events import extras

pytestmark = pytest.mark.slow

BLOCKER = ROOT / "tests" / "support" / "block_extras"
README = (ROOT / "README.md").read_text(encoding="utf-8")
SET_UP = ("python3 -m venv", ". .venv/bin/activate", "pip install", "python -m pytest", "mkdocs", "python -m http.server")


@dataclass
class Installed:
    python: Path
    cli: Path
    home: Path   # a working folder outside the repository, with the README's example files

    def env(self, block: tuple[str, ...] = ()) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}  # the wheel, not a checkout
        env["PATH"] = f"{self.python.parent}{os.pathsep}{env.get('PATH', '')}"
        if block:
            env["PYTHONPATH"] = str(BLOCKER)
            env["MIDEAST_EVENTS_BLOCK"] = ",".join(block)
        return env

    def run(self, argv: list[str], block: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
        return subprocess.run(argv, cwd=self.home, env=self.env(block), capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True, timeout=600)
    return next(out.glob("mideast_events-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Installed:
    top = tmp_path_factory.mktemp("pip-user")
    env_dir = top / "venv"
    venv.create(env_dir, with_pip=False)
    py = env_dir / "bin" / "python"
    site = Path(subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True, text=True, timeout=900)
    home = top / "work"
    home.mkdir()
    for folder in ("examples", "seeds"):  # the files the README's tour names, where a user would have them
        shutil.copytree(ROOT / folder, home / folder)
    return Installed(py, env_dir / "bin" / "mideast-events", home)


def readme_blocks(lang: str) -> list[tuple[str, str]]:
    """(the paragraph before, the code) of each fenced block in ``lang``."""
    return [(m.group(1), m.group(2)) for m in
            re.finditer(r"([^\n]*)\n\n```" + lang + r"\n(.*?)```", README, re.S)]


def readme_commands() -> list[tuple[str, bool]]:
    """Every command of the README's shell blocks that is not the set-up itself, and whether it
    is for maintainers (run in a checkout, not in the pip user's environment)."""
    out = []
    for before, code in readme_blocks("bash"):
        for line in code.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            for part in filter(None, (p.strip() for p in line.split("&&"))):
                if part.startswith(SET_UP):
                    continue
                assert part.startswith("mideast-events "), f"README command this test cannot run: {part}"
                out.append((part, "maintainers" in before.lower()))
    return out


def needs(command: str) -> str | None:
    """The extra a README command needs, or None."""
    if " extract " in f" {command} ":
        return "extract"
    m = re.search(r"--engine (\w+)", command)
    return m.group(1) if m and m.group(1) != "pandas" else None


def test_readme_lists_the_commands_this_test_runs():
    commands = [c for c, _ in readme_commands()]
    for sub in ("info", "validate", "export", "diff", "extract", "build"):
        assert any(c.split()[1] == sub for c in commands), sub
    assert len(readme_blocks("python")) == 1


def test_wheel_contains_schema_dataset_and_seeds(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for table in ("events", "sources", "event_sources", "actors", "locations"):
        assert f"mideast_events/_data/dataset/{table}.csv" in names
        assert f"mideast_events/_data/schema/{table}.schema.json" in names
    assert "mideast_events/_data/dataset/datapackage.json" in names
    assert "mideast_events/_data/schema/vocabularies/event_types.csv" in names
    assert "mideast_events/_data/seeds/000_eaa5d8ad86e5cbbc.txt" in names


def test_installed_wheel_loads_offline_from_another_directory(installed):
    code = "import mideast_events as me; e = me.load_events(); print(me.__file__); print(len(e)); print(e)"
    proc = installed.run([str(installed.python), "-c", code])
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert str(installed.python.parent.parent) in lines[0]  # the installed copy, not this checkout
    assert int(lines[1]) == len(me.load_events())
    assert me.load_events()["event_id_cnty"].iloc[0] in proc.stdout
    check = subprocess.run([sys.executable, "-m", "pip", "--python", str(installed.python), "check"],
                       capture_output=True, text=True, env=installed.env(), timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr


def test_every_readme_command_runs_as_written_from_the_wheel(installed, tmp_path):
    python_code = readme_blocks("python")[0][1]
    proc = installed.run([str(installed.python), "-c", python_code])
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "mideast-events contributors" in proc.stdout  # print(me.cite())
    for command, maintainers in readme_commands():
        if maintainers:
            continue
        argv = shlex.split(command)
        proc = installed.run([str(installed.cli), *argv[1:]])
        out = proc.stdout + proc.stderr
        assert proc.returncode == 0, f"{command}\n{out}"
        assert "Traceback" not in out, f"{command}\n{out}"
    assert (installed.home / "ged.csv").exists()  # export --out wrote where the user is


def test_maintainer_commands_run_in_a_checkout_and_refuse_the_installed_package(installed, tmp_path):
    checkout = tmp_path / "checkout"
    for d in ("src", "schema", "dataset", "seeds"):
        shutil.copytree(ROOT / d, checkout / d, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", checkout / "pyproject.toml")
    env = {**os.environ, "PYTHONPATH": str(checkout / "src")}  # as `pip install -e .` in that checkout
    maintainer = [c for c, m in readme_commands() if m]
    assert any(c.startswith("mideast-events build") for c in maintainer)
    for command in maintainer:
        proc = subprocess.run([sys.executable, "-m", "mideast_events", *shlex.split(command)[1:]], cwd=checkout,
                              env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, f"{command}\n{proc.stdout}{proc.stderr}"
    # From the pip install, build refuses to touch site-packages and says how to work on a checkout.
    data = Path(installed.run([str(installed.python), "-c", "import mideast_events as me; print(me.path('events').parent)"])
                .stdout.strip())
    before = hashlib.sha256((data / "datapackage.json").read_bytes()).hexdigest()
    proc = installed.run([str(installed.cli), "build"])
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "pip install -e ." in proc.stderr
    assert hashlib.sha256((data / "datapackage.json").read_bytes()).hexdigest() == before
    assert not list(data.glob(".*.tmp"))


@pytest.mark.parametrize("extra", sorted(extras.EXTRAS))
def test_every_readme_command_without_each_extra(installed, extra):
    """Without ``extra``: the commands that need it print one line naming the pip command and exit 2;
    every other command still works; the Python tour fails with an ImportError naming the extra
    exactly where it asks for polars."""
    block = extras.EXTRAS[extra]
    for command, maintainers in readme_commands():
        if maintainers:
            continue
        proc = installed.run([str(installed.cli), *shlex.split(command)[1:]], block=block)
        out = proc.stdout + proc.stderr
        assert "Traceback" not in out, f"{command}\n{out}"
        if needs(command) == extra:
            assert proc.returncode == 2, f"{command}\n{out}"
            assert proc.stderr.strip() == proc.stderr.strip().splitlines()[0]  # one line
            assert extras.install_command(extra) in proc.stderr, f"{command}\n{out}"
        else:
            assert proc.returncode == 0, f"{command}\n{out}"
    proc = installed.run([str(installed.python), "-c", readme_blocks("python")[0][1]], block=block)
    if extra == "polars":
        assert proc.returncode == 1
        assert proc.stderr.strip().splitlines()[-1] == (
            'mideast_events.extras.MissingExtra: backend="polars" needs the "polars" extra '
            '(polars is not installed): pip install "mideast-events[polars]"')
    else:
        assert proc.returncode == 0, proc.stderr
