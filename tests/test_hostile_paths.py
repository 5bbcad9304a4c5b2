"""Descriptors and paths from an attacker or a broken tool: every resource path is confined to the
package folder, every malformed descriptor is one line and exit 2, diff never prints NaN."""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from conftest import ROOT
from mideast_events import cli, descriptor, diff

EVENTS = ROOT / "dataset" / "events.csv"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _rows(n: int = 3) -> tuple[list[str], list[list[str]]]:
    with open(EVENTS, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:n + 1]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def _package(folder: Path, path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.json").write_text(json.dumps({"resources": [{"name": "events", "path": path}]}))
    return folder / "datapackage.json"


@pytest.fixture
def events_csv(tmp_path: Path) -> Path:
    header, rows = _rows()
    return _write(tmp_path / "events.csv", header, rows)


# ------------------------------------------------------------------ the path rule


@pytest.mark.parametrize("bad, why", [
    ("../../../../etc/passwd", "'..' segment"),
    ("../outside/x.csv", "'..' segment"),
    ("sub/../events.csv", "'..' segment"),  # the spec forbids '..' even when it lands inside
    ("/etc/passwd", "absolute"),
    ("C:\\Windows\\win.ini", "absolute"),
    ("\\\\server\\share\\x.csv", "absolute"),
    ("~/x.csv", "'~'"),
    ("sub\\x.csv", "backslash"),
    ("file:///etc/passwd", "file: URL"),
    ("ftp://example.org/x.csv", "ftp: URL"),
    ("https://example.org/x.csv", "URL"),
    ("", "empty"),
    ("a\x00b", "NUL"),
    (["a.csv", "b.csv"], "list"),
    (3, "a number"),
    (None, "null"),
    ({"p": 1}, "an object"),
])
def test_resolve_refuses_every_path_outside_the_rule(tmp_path, bad, why):
    with pytest.raises(descriptor.DescriptorError, match=why.replace("\\", "\\\\").replace(".", "\\.")):
        descriptor.resolve(tmp_path, bad)


def test_resolve_accepts_paths_inside_and_urls_only_when_allowed(tmp_path):
    (tmp_path / "sub").mkdir()
    assert descriptor.resolve(tmp_path, "sub/x.csv") == tmp_path / "sub" / "x.csv"
    assert descriptor.resolve(tmp_path, "./x.csv") == tmp_path / "x.csv"
    url = "https://example.org/events.csv"
    assert descriptor.resolve(tmp_path, url, allow_remote=True) == url
    with pytest.raises(descriptor.DescriptorError, match="file: URL"):
        descriptor.resolve(tmp_path, "file:///etc/passwd", allow_remote=True)


def test_a_symlink_out_of_the_package_is_refused(tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n")
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "events.csv").symlink_to(secret)
    with pytest.raises(descriptor.DescriptorError, match="outside the package folder"):
        descriptor.resolve(pkg, "events.csv")
    (pkg / "inner.csv").write_text("a\n1\n")
    (pkg / "alias.csv").symlink_to(pkg / "inner.csv")  # a link that stays inside is fine
    assert descriptor.resolve(pkg, "alias.csv") == pkg / "alias.csv"


@pytest.mark.parametrize("text, why", [
    ("[]", "is a list, not a JSON object"),
    ("null", "is null, not a JSON object"),
    ('"x"', "is a string, not a JSON object"),
    ("{}", "'resources' is missing"),
    ('{"resources": {}}', "'resources' is an object, not a list"),
    ('{"resources": "events.csv"}', "'resources' is a string, not a list"),
    ('{"resources": [3]}', "resource 1 is a number, not an object"),
    ('{"resources": [{"name": "events"}]}', "has no 'path'"),
    ('{"resources": [{"name": 7, "path": "x.csv"}]}', "'name' that is a number"),
    ('{"resources": [{"name": "events", "path": NaN}]}', "not valid JSON"),
    ("{", "not valid JSON at line 1"),
    ("[" * 100000, "not valid JSON"),
])
def test_malformed_descriptors_are_one_line_errors(tmp_path, text, why):
    (tmp_path / "datapackage.json").write_text(text)
    with pytest.raises(descriptor.DescriptorError, match=why.replace("(", "\\(")):
        descriptor.load(tmp_path)


def test_binary_descriptor_is_refused(tmp_path):
    (tmp_path / "datapackage.json").write_bytes("{\"title\": \"caf\u00e9\"}".encode("utf-16"))
    with pytest.raises(descriptor.DescriptorError, match="not UTF-8"):
        descriptor.load(tmp_path)


def test_the_real_package_loads_with_every_path_inside():
    pkg = descriptor.load(ROOT / "dataset")
    assert [r.name for r in pkg.resources][:1] == ["events"]
    assert all(Path(r.path).parent == ROOT / "dataset" for r in pkg.resources)


def test_symlink_loop_is_reported_as_a_loop(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(descriptor.InputError, match="symlink loop"):
        descriptor.existing(tmp_path / "a")
    with pytest.raises(descriptor.InputError, match="dangling symlink"):
        (tmp_path / "c").symlink_to(tmp_path / "nowhere")
        descriptor.existing(tmp_path / "c")


# ------------------------------------------------------------------ diff and validate on hostile packages

COMMANDS = {"diff": lambda pkg, other: ["diff", str(pkg), str(other)],
            "validate": lambda pkg, _other: ["validate", str(pkg)],
            "validate-file": lambda pkg, _other: ["validate", str(pkg / "datapackage.json")]}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("path", ["../../../../etc/passwd", "../outside/events.csv", "/etc/passwd",
                                  "https://example.org/events.csv", ["events.csv"], 5])
def test_never_reads_outside_the_package(tmp_path, capsys, events_csv, path, command):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "events.csv").write_bytes(events_csv.read_bytes())
    pkg = _package(tmp_path / "a" / "b" / "pkg", path).parent
    code, out, err = run(capsys, *COMMANDS[command](pkg, events_csv))
    assert code == 2 and out == ""
    assert err.startswith("mideast-events: error: ") and err.count("\n") == 1 and "resource 'events'" in err


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("text", ["[]", "null", '{"resources": 1}', '{"resources": [{"name": "events"}]}',
                                  '{"resources": [{"name": "events", "path": ["a.csv", "b.csv"]}]}'])
def test_malformed_descriptors_exit_2(tmp_path, capsys, events_csv, text, command):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "datapackage.json").write_text(text)
    code, out, err = run(capsys, *COMMANDS[command](tmp_path / "pkg", events_csv))
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err and out == ""


def test_diff_reads_a_package_whose_paths_are_inside(tmp_path, capsys, events_csv):
    pkg = _package(tmp_path / "pkg", "data/events.csv")
    (tmp_path / "pkg" / "data").mkdir()
    (tmp_path / "pkg" / "data" / "events.csv").write_bytes(events_csv.read_bytes())
    code, out, _ = run(capsys, "diff", str(pkg), str(events_csv))
    assert code == 0 and "0 added, 0 changed, 0 removed" in out


def _broken_pair(tmp_path: Path) -> tuple[Path, Path]:
    header, rows = _rows()
    changed = [r[:] for r in rows]
    changed[0][header.index("event_date")] = "not a date"  # cannot be converted: missing on that side
    changed[0][header.index("notes")] = ""
    return _write(tmp_path / "old.csv", header, rows), _write(tmp_path / "new.csv", header, changed)


def test_diff_text_shows_values_it_cannot_convert_as_empty(tmp_path, capsys):
    old, new = _broken_pair(tmp_path)
    code, out, err = run(capsys, "diff", str(old), str(new))
    assert code == 0, err
    assert "event_date: '" in out and "-> (empty)" in out


def test_diff_json_is_valid_json_without_nan(tmp_path, capsys):
    old, new = _broken_pair(tmp_path)
    code, out, _ = run(capsys, "diff", "--json", str(old), str(new))
    assert code == 0
    doc = json.loads(out, parse_constant=lambda c: pytest.fail(f"bare {c} in diff --json"))
    fields = {c["field"]: c for c in next(iter(doc["changed"].values()))}
    assert fields["event_date"]["new"] is None and isinstance(fields["event_date"]["old"], str)


def test_diff_cell_turns_every_missing_marker_into_none():
    import pandas as pd

    assert [diff._cell(v) for v in (None, float("nan"), pd.NA, pd.NaT, "x", 3)] == [None, None, None, None, "x", "3"]


def test_diff_io_error_is_one_line_exit_2(capsys, events_csv):
    if not os.path.exists("/proc/self/mem"):
        pytest.skip("needs /proc/self/mem (reading it at offset 0 is an I/O error)")
    code, out, err = run(capsys, "diff", "/proc/self/mem", str(events_csv))
    assert code == 2 and err.count("\n") == 1 and "cannot be read" in err


def test_diff_symlink_loop_is_named(tmp_path, capsys, events_csv):
    (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    code, _, err = run(capsys, "diff", str(tmp_path / "a.csv"), str(events_csv))
    assert code == 2 and "symlink loop" in err and "no such file" not in err
