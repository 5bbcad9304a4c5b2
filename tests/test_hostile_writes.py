"""Writes that a kill cannot tear: build and extract --into switch a whole release in at once, no
temp file survives or gets packaged, build --check sees debris, files take the umask's mode."""
from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, run_cli
from mideast_events import _files, build, export


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield 0o640
    os.umask(old)


# ------------------------------------------------------------------ the helper itself


@pytest.mark.parametrize("exchange", [True, False])
def test_replace_files_switches_the_set_and_keeps_the_rest(tmp_path, umask_027, exchange):
    ds = tmp_path / "dataset"
    ds.mkdir()
    os.chmod(ds, 0o755)
    (ds / "a.csv").write_bytes(b"old a\n")
    (ds / "b.csv").write_bytes(b"old b\n")
    (ds / "keep.txt").write_bytes(b"kept\n")
    (ds / ".a.csv.1234abcd.tmp").write_bytes(b"debris")
    _files.replace_files(ds, {"a.csv": b"new a\n", "c.csv": b"new c\n"}, exchange=exchange)
    assert snapshot(ds) == {"a.csv": b"new a\n", "b.csv": b"old b\n", "c.csv": b"new c\n", "keep.txt": b"kept\n"}
    assert stat.S_IMODE(ds.stat().st_mode) == 0o755  # the folder keeps its mode
    for name in ("a.csv", "c.csv"):
        assert stat.S_IMODE((ds / name).stat().st_mode) == umask_027
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]  # nothing left beside
    assert _files.leftovers(ds) == []


def test_replace_files_through_a_symlinked_folder_replaces_the_real_one(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.csv").write_bytes(b"old\n")
    (tmp_path / "link").symlink_to(real)
    _files.replace_files(tmp_path / "link", {"a.csv": b"new\n"})
    assert (tmp_path / "link").is_symlink() and (real / "a.csv").read_bytes() == b"new\n"


def test_a_failure_before_the_switch_leaves_the_old_release(tmp_path, monkeypatch):
    ds = tmp_path / "dataset"
    ds.mkdir()
    (ds / "a.csv").write_bytes(b"old\n")

    def boom(step):
        if step == "staged":
            raise OSError(28, "No space left on device")
    monkeypatch.setattr(_files, "_step", boom)
    with pytest.raises(_files.WriteFailed, match="no space left on the device.*dataset is unchanged"):
        _files.replace_files(ds, {"a.csv": b"new\n", "b.csv": b"new\n"})
    assert snapshot(ds) == {"a.csv": b"old\n"} and sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]


def test_a_second_writer_is_told_another_is_writing(tmp_path, monkeypatch):
    ds = tmp_path / "dataset"
    ds.mkdir()
    (ds / "a.csv").write_bytes(b"old\n")
    seen = []

    def second_writer(step):
        if step == "staged" and not seen:
            seen.append(step)
            with pytest.raises(_files.WriteInProgress, match="another mideast-events process"):
                _files.replace_files(ds, {"a.csv": b"other\n"})
    monkeypatch.setattr(_files, "_step", second_writer)
    _files.replace_files(ds, {"a.csv": b"new\n"})
    assert seen and snapshot(ds) == {"a.csv": b"new\n"}


STEPS_EXCHANGE = ["file", "staged", "switched"]
STEPS_RENAMES = ["file", "staged", "ready", "moved-old", "switched"]


@pytest.mark.parametrize("exchange, step", [(True, s) for s in STEPS_EXCHANGE] + [(False, s) for s in STEPS_RENAMES])
def test_a_kill_at_every_step_leaves_old_or_new_and_the_next_run_cleans_up(tmp_path, exchange, step):
    """SIGKILL in a forked child at each step of the transaction (both switch methods)."""
    ds = tmp_path / "dataset"
    ds.mkdir()
    old = {f"{t}.csv": f"old {t}\n".encode() for t in "abcd"}
    for n, b in old.items():
        (ds / n).write_bytes(b)
    changes = {"a.csv": b"new a\n", "b.csv": b"new b\n", "e.csv": b"new e\n"}
    new = {**old, **changes}
    pid = os.fork()
    if pid == 0:  # the child: write, and die at the step
        _files._step = lambda s: s == step and os.kill(os.getpid(), signal.SIGKILL)
        try:
            _files.replace_files(ds, changes, exchange=exchange)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    if ds.exists():  # the exchange leaves no moment without the folder; two renames one, journalled
        assert snapshot(ds) in (old, new)
    else:
        assert not exchange and step == "moved-old"
    assert _files.leftovers(ds) or snapshot(ds) == new
    _files.recover(ds)  # what the next build or extract --into does first
    assert snapshot(ds) in (old, new)
    assert _files.leftovers(ds) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]


def test_atomic_write_takes_the_umask_mode_and_leaves_no_temp(tmp_path, umask_027):
    out = tmp_path / "x.csv"
    _files.atomic_write(out, b"one\n")
    _files.atomic_write(out, b"two\n")
    assert out.read_bytes() == b"two\n" and stat.S_IMODE(out.stat().st_mode) == umask_027
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]


def test_atomic_write_writes_into_a_device_and_never_replaces_it():
    dev = Path("/dev/null")
    if not dev.is_char_device():
        pytest.skip("needs /dev/null")
    _files.atomic_write(dev, b"x" * 10)
    assert Path("/dev/null").is_char_device()


def test_atomic_write_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path):
    (tmp_path / "real.csv").write_bytes(b"old\n")
    (tmp_path / "link.csv").symlink_to(tmp_path / "real.csv")
    _files.atomic_write(tmp_path / "link.csv", b"new\n")
    assert (tmp_path / "link.csv").is_symlink() and (tmp_path / "real.csv").read_bytes() == b"new\n"


@pytest.mark.parametrize("make, needle", [
    (lambda p: p, "a folder; give a file name"),
    (lambda p: (p / "a").symlink_to(p / "b") or (p / "b").symlink_to(p / "a") or p / "a", "symlink loop"),
    (lambda p: (p / "f").write_bytes(b"x") and p / "f" / "x.csv", "not a folder"),
])
def test_atomic_write_refuses_in_one_line(tmp_path, make, needle):
    with pytest.raises(_files.InputError, match=needle):
        _files.atomic_write(make(tmp_path), b"x")


def test_export_out_errors_are_one_line_exit_2(tmp_path, capsys):
    from mideast_events import cli

    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    for out, needle in ((tmp_path, "a folder"), (tmp_path / "a" / "x.csv", "symlink loop")):
        assert cli.main(["export", "--format", "acled", "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert needle in err and err.count("\n") == 1
    assert cli.main(["export", "--format", "acled", "--events", str(tmp_path / "a")]) == 2
    assert "symlink loop" in capsys.readouterr().err


# ------------------------------------------------------------------ build


def test_build_on_a_symlink_loop_names_it(tmp_path, capsys):
    from mideast_events import cli

    (tmp_path / "dataset").symlink_to(tmp_path / "d2")
    (tmp_path / "d2").symlink_to(tmp_path / "dataset")
    assert cli.main(["build", "--root", str(tmp_path)]) == 2
    assert "symlink loop" in capsys.readouterr().err


def test_build_that_cannot_write_is_one_line_exit_2_and_changes_nothing(repo_copy, capsys, monkeypatch):
    from mideast_events import cli

    old, _ = _stale(repo_copy)

    def full(step):
        if step == "file":
            raise OSError(28, "No space left on device")
    monkeypatch.setattr(_files, "_step", full)
    assert cli.main(["build", "--root", str(repo_copy)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no space left" in err and "unchanged" in err
    assert snapshot(repo_copy / "dataset") == old and _files.leftovers(repo_copy / "dataset") == []


def _stale(repo: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Scramble events.csv (a build sorts it back): returns the old and the new release."""
    events = repo / "dataset" / "events.csv"
    df = pd.read_csv(events, dtype=str, keep_default_na=False)
    df.iloc[::-1].to_csv(events, index=False, lineterminator="\n")
    old = snapshot(repo / "dataset")
    return old, {**old, **build.render(repo)}


def test_build_files_take_the_umask_mode(repo_copy, umask_027):
    _stale(repo_copy)
    result = build.build(repo_copy)
    assert "events.csv" in result.written
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (repo_copy / "dataset").iterdir()}
    assert {modes[n] for n in result.written} == {umask_027}


def test_export_out_takes_the_umask_mode(tmp_path, umask_027):
    out = tmp_path / "events.parquet"
    export.export("parquet", out)
    assert stat.S_IMODE(out.stat().st_mode) == umask_027


def test_build_check_notices_stray_temp_files_and_build_removes_them(repo_copy):
    ds = repo_copy / "dataset"
    (ds / ".events.csv.k3j9x2qa.tmp").write_bytes(b"half a file")
    proc = run_cli("build", "--check", "--root", str(repo_copy))
    assert proc.returncode == 1 and ".events.csv.k3j9x2qa.tmp" in proc.stderr
    assert build.build(repo_copy).written == ["(removed .events.csv.k3j9x2qa.tmp)"]
    assert build.check(repo_copy) == [] and not (ds / ".events.csv.k3j9x2qa.tmp").exists()


def test_build_check_notices_an_interrupted_staging_folder(repo_copy):
    (repo_copy / ".dataset.staging").mkdir()
    assert build.check(repo_copy) == [".dataset.staging (left by an interrupted write)"]
    build.build(repo_copy)
    assert not (repo_copy / ".dataset.staging").exists() and build.check(repo_copy) == []


def test_wheel_excludes_temp_files(tmp_path):
    """Debris in dataset/ at packaging time stays out of the wheel (hatchling, as `python -m build` runs it)."""
    import shutil

    src = tmp_path / "project"
    for d in ("src", "schema", "dataset", "seeds"):
        shutil.copytree(ROOT / d, src / d, ignore=shutil.ignore_patterns("__pycache__"))
    for f in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / f, src / f)
    (src / "dataset" / ".events.csv.ab12cd34.tmp").write_bytes(b"debris")
    (src / "dataset" / ".events.csv.tmp").write_bytes(b"debris")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
                   cwd=src, check=True, capture_output=True, timeout=300)
    names = zipfile.ZipFile(next((tmp_path / "dist").glob("*.whl"))).namelist()
    assert "mideast_events/_data/dataset/events.csv" in names  # the data is there...
    assert "mideast_events/_data/dataset/datapackage.json" in names
    assert not [n for n in names if n.endswith(".tmp")]  # ...its debris is not


# ------------------------------------------------------------------ kills at random moments (real processes)

DRIVER = textwrap.dedent("""
    import sys, time
    from mideast_events import _files, cli
    def step(name):  # announce each step and linger a moment, so kills land inside the write too
        print(name, flush=True)
        time.sleep(float(sys.argv[1]))
    _files._step = step
    print("start", flush=True)
    sys.exit(cli.main(sys.argv[2:]))
""")


def _killed_run(args: list[str], rng: random.Random, cwd: Path, target: str | None) -> int:
    """Start the CLI, wait until it announces ``target`` (None: do not wait), sleep a random
    moment, SIGKILL it."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, "0.05", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env, cwd=cwd)
    while target is not None:
        line = proc.stdout.readline()
        if not line or line.strip() == target:
            break
    time.sleep(rng.uniform(0, 0.03))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    return proc.returncode


@pytest.mark.slow
def test_build_killed_at_random_moments_leaves_old_or_new_release(repo_copy):
    rng = random.Random(int(os.environ.get("KILL_SEED", "13")))
    ds = repo_copy / "dataset"
    old, new = _stale(repo_copy)
    outcomes = set()
    targets = [None, "start", "file", "file", "staged", "switched"]  # each once, in a random order
    rng.shuffle(targets)
    for target in targets:
        _killed_run(["build", "--root", str(repo_copy)], rng, repo_copy, target)
        now = snapshot(ds)
        assert now in (old, new), "a kill left a torn release"
        outcomes.add("new" if now == new else "old")
        if now == new:  # start again from the old release
            _files.replace_files(ds, old)
        _files.recover(ds)
        assert snapshot(ds) == old
    assert outcomes == {"old", "new"}  # killed before the switch and after it
    assert build.build(repo_copy).written and snapshot(ds) == new and _files.leftovers(ds) == []
    assert build.check(repo_copy) == []


@pytest.mark.slow
def test_extract_into_killed_at_random_moments_keeps_rows_and_their_sources_together(repo_copy, tmp_path):
    rng = random.Random(int(os.environ.get("KILL_SEED", "13")))
    ds = repo_copy / "dataset"
    report = tmp_path / "report.txt"
    report.write_text("Rockets were fired at the US base at al-Tanf on March 3, 2024, the Pentagon said. "
                      "Nobody was hurt.\n", encoding="utf-8")
    args = ["extract", str(report), "--published", "2024-03-04", "--publisher", "Test Wire", "--into", str(ds)]
    old = snapshot(ds)
    outcomes = set()
    for target in rng.sample(["start", "file", "switched"], 3):
        _killed_run(args, rng, tmp_path, target)
        now = snapshot(ds)
        outcomes.add("new" if now != old else "old")
        if now != old:  # the new release: events, sources and event_sources all grew together
            grown = {n for n in now if now[n] != old[n]}
            assert {"events.csv", "event_sources.csv", "sources.csv"} <= grown
            assert all(now[n].startswith(old[n]) for n in grown)
            _files.replace_files(ds, old)
        _files.recover(ds)
        assert snapshot(ds) == old and _files.leftovers(ds) == []
    assert outcomes == {"old", "new"}
