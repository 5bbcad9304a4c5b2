"""Exit codes that never lie: a bug is exit 3 in one line (the traceback only under --debug), an
unusable input is exit 2 whatever the cause, and a closed pipe does not turn a verdict into success.
Also: help in plain words with the exit codes, start-up without pandas, and the commands' defaults."""
from __future__ import annotations

import csv
import errno
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, run_main, src_env
from mideast_events import build, cli

EXAMPLE = ROOT / "examples" / "my_events.csv"


def _python(code: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=src_env(),
                          timeout=300, **kw)


@pytest.fixture
def boom(monkeypatch):
    """Add a command `boom` that runs the given function; returns a runner of ``cli.main`` in-process."""
    def with_body(body, *argv: str) -> tuple[int, str, str]:
        def register(sub):
            sub.add_parser("boom").set_defaults(func=lambda args: body())
        monkeypatch.setattr(cli, "EXTRA_COMMANDS", [register])
        try:
            return run_main(*argv)
        except BaseException as e:  # noqa: BLE001 - an escaped interrupt must fail this test, not stop the run
            pytest.fail(f"cli.main let {e!r} escape")
    return with_body


def _raise(error: BaseException):
    def body():
        raise error
    return body


# ---------------------------------------------------------------------------- the guard

def test_an_unexpected_error_is_a_one_line_bug_report_exit_3(boom):
    code, out, err = boom(lambda: {}["missing"], "boom")
    assert code == 3, err
    assert "Traceback" not in err and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert "a bug in mideast-events" in lines[0] and "KeyError" in lines[0]
    assert cli.report_address() in lines[0] and "--debug" in lines[0]


def test_debug_shows_the_traceback_and_keeps_exit_3(boom):
    code, out, err = boom(lambda: {}["missing"], "--debug", "boom")
    assert code == 3
    assert "Traceback (most recent call last)" in err and "KeyError: 'missing'" in err
    assert err.strip().splitlines()[-1].startswith("mideast-events: internal error")


@pytest.mark.parametrize("error,needle", [
    (OSError(errno.EIO, "Input/output error", "events.csv"), "events.csv: input/output error"),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), "can't decode byte 0xff"),
    (csv.Error("field larger than field limit (131072)"), "field larger than field limit"),
    (MemoryError(), "not enough memory"),
])
def test_unusable_input_is_exit_2_whatever_the_cause(boom, error, needle):
    code, out, err = boom(_raise(error), "boom")
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], err


def test_interrupt_is_130(boom):
    code, out, err = boom(_raise(KeyboardInterrupt()), "boom")
    assert code == 130 and err.strip() == "mideast-events: interrupted"


def _with_closed_stdout(*argv: str) -> subprocess.CompletedProcess:
    """Run the CLI with its standard output already closed by the reader (as `| head` does)."""
    p = subprocess.Popen([sys.executable, "-m", "mideast_events", *argv], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=src_env(), text=True)
    p.stdout.close()
    err = p.stderr.read()
    return subprocess.CompletedProcess(argv, p.wait(timeout=300), "", err)


def test_a_closed_pipe_does_not_turn_invalid_into_success(tmp_path):
    bad = tmp_path / "bad.csv"
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    year = header.index("year")
    rows = [ln.split(",") for ln in lines[1:3]]
    for r in rows:
        r[year] = "1999"
    bad.write_text("\n".join([lines[0]] + [",".join(r) for r in rows]) + "\n", encoding="utf-8")
    proc = _with_closed_stdout("validate", str(bad))
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == ""  # no 'Exception ignored ... BrokenPipeError' at exit


def test_a_closed_pipe_after_a_success_is_141_not_0():
    proc = _with_closed_stdout("export", "--format", "acled")
    assert proc.returncode == 141, proc.stderr
    assert proc.stderr == ""


# ---------------------------------------------------------------------------- help and start-up

def _helps() -> dict[str, str]:
    p = cli.parser()
    subs = next(a for a in p._actions if a.__class__.__name__ == "_SubParsersAction")
    return {"": p.format_help(), **{name: sub.format_help() for name, sub in subs.choices.items()}}


def test_help_is_plain_words_and_documents_exit_codes():
    for name, text in _helps().items():
        assert "``" not in text and ":func:" not in text and ":class:" not in text, name
        codes = re.findall(r"^  (\d+) ", text.split("exit codes:")[1], re.M)
        assert codes == ["0", "1", "2", "3", "130", "141"], name
    helps = _helps()
    assert "bundled data package" in helps["validate"]
    assert re.search(r"--json\s+print the same figures", helps["info"])
    assert "pip download mideast-events==" in helps["diff"]


def test_help_and_info_do_not_import_pandas():
    code = ("import sys, contextlib, io\nfrom mideast_events import cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        cli.main(['--help'])\n    except SystemExit:\n        pass\n"
            "    help_mods = set(sys.modules)\n    cli.main(['info'])\n"
            "print('pandas' in help_mods, 'pandas' in sys.modules, 'pandera' in sys.modules)")
    proc = _python(code)
    assert proc.stdout.split() == ["False", "False", "False"], proc.stderr


def test_info_figures_are_what_pandas_computes():
    import mideast_events as me

    code, out, err = run_main("info", "--json")
    assert code == 0, err
    figures = json.loads(out)
    events = me.load_events()
    assert figures["rows"]["events"] == len(events)
    assert figures["fatalities"] == int(events["fatalities"].sum())
    assert figures["fatalities_high"] == int(events["fatalities_high"].sum())
    assert figures["injuries"] == int(events["injuries"].sum())
    assert figures["events_without_injury_figure"] == int(events["injuries"].isna().sum())
    assert figures["first_event"] == str(events["event_date"].min().date())
    assert figures["by_country"] == {k: int(v) for k, v in events["country"].value_counts().sort_index().items()}
    text = run_main("info")[1]
    assert "conservative" in text and "lowest death toll a credible source reports" in text


# ---------------------------------------------------------------------------- build and diff defaults

def test_build_refuses_to_write_into_an_installed_package(tmp_path):
    installed = Path(build.__file__).resolve().parent / "_data"
    with pytest.raises(build.NotACheckout, match="source checkout"):
        build.build(installed)
    code, out, err = run_main("build", "--root", str(installed))
    assert code == 2 and "pip install -e ." in err
    assert len(err.strip().splitlines()) == 1


def test_diff_compares_with_the_installed_release_by_default():
    code, out, err = run_main("diff", str(EXAMPLE))
    assert code == 0, err
    first = out.splitlines()[0]
    import mideast_events as me

    removed = len(me.load_events()) - 5
    assert first.startswith("installed release ") and first.endswith(f"0 added, 0 changed, {removed} removed")


def test_diff_reads_a_downloaded_wheel(tmp_path):
    whl = tmp_path / "mideast_events-0.0.1-py3-none-any.whl"
    with zipfile.ZipFile(whl, "w") as z:
        for f in ("events.csv", "datapackage.json", "sources.csv"):
            z.write(ROOT / "dataset" / f, f"mideast_events/_data/dataset/{f}")
    code, out, err = run_main("diff", str(whl), str(EXAMPLE))
    assert code == 0, err
    assert out.startswith(f"{whl.name} -> {EXAMPLE}: 0 added, 0 changed")
    not_a_wheel = tmp_path / "x.whl"
    not_a_wheel.write_text("hello")
    code, out, err = run_main("diff", str(not_a_wheel))
    assert code == 2 and "not a wheel" in err


def test_startup_benchmark_prints_its_ratios():
    # One round of two commands: that the script runs and prints its figures (no timing asserted).
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "startup.py"), "--repeat", "1",
                           "--only", "help", "info"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"ratios: help_over_pandas=\d+\.\d\d info_over_pandas=\d+\.\d\d", last), proc.stdout
    assert "x import pandas" in proc.stdout
