"""Property-based (Hypothesis): every command fed generated broken and hostile input (bytes, encodings,
CSV shapes, descriptors, paths) ends with an exit code in the documented set (0 valid/ok, 1 invalid,
2 unusable input or usage), never a traceback, writes nothing outside its temp folder, and (where
the descriptor module guards it) never opens a file outside the package named by a descriptor.

Run in-process (cli.main) for speed, with bounded, derandomised examples; a Python audit hook sees
every open/rename/remove/mkdir the commands make. Reads made by native code (polars, pyarrow)
bypass the hook: those commands' paths are checked where they are resolved.
"""
from __future__ import annotations

import codecs
import contextlib
import gzip
import io
import json
import os
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from mideast_events import cli

EXIT_CODES = {0, 1, 2}  # cli.py's documented set
EVENTS = (ROOT / "dataset" / "events.csv").read_bytes()
HEADER = EVENTS.split(b"\n", 1)[0].decode()
FEW_ROWS = b"\n".join(EVENTS.split(b"\n")[:4]) + b"\n"
SETTINGS = dict(deadline=None, database=None, derandomize=True, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ------------------------------------------------------------------ the watch: an audit hook


class Watch:
    """Records what the commands do to the file system while ``active`` (this thread only)."""

    def __init__(self) -> None:
        self.active = False
        self.thread = None
        self.allowed: str = ""
        self.secret: str = ""
        self.breaches: list[str] = []

    def __call__(self, event: str, args: tuple) -> None:
        if not self.active or threading.get_ident() != self.thread:
            return
        if event == "open":
            path, mode, flags = args
            if path is None or isinstance(path, int):
                return
            real = self._real(path)
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or \
                bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC))
            if real.startswith(self.secret):
                self.breaches.append(f"opened {path!r} (outside the package)")
            if writing and not real.startswith(self.allowed):
                self.breaches.append(f"wrote {path!r}")
        elif event in ("os.rename", "os.remove", "os.rmdir", "os.mkdir", "shutil.rmtree", "os.link",
                       "os.symlink", "os.chmod", "os.truncate", "os.utime"):
            dir_fd = args[-1] if event in ("os.remove", "os.rmdir", "os.mkdir", "shutil.rmtree") else None
            if isinstance(dir_fd, int):
                return  # relative to a folder already opened (shutil.rmtree's inner steps)
            for p in args[:2] if event in ("os.rename", "os.link", "os.symlink") else args[:1]:
                if isinstance(p, (str, bytes, os.PathLike)) and not self._real(p).startswith(self.allowed):
                    self.breaches.append(f"{event} {p!r}")

    @staticmethod
    def _real(path) -> str:
        p = os.fsdecode(path)
        return os.path.realpath(p if os.path.isabs(p) else os.path.join(os.getcwd(), p))


WATCH = Watch()
sys.addaudithook(WATCH)


@pytest.fixture(scope="module")
def arena(tmp_path_factory):
    """work/ (where commands run and may write) and secret/ beside it (never to be opened)."""
    base = tmp_path_factory.mktemp("hostile")
    (base / "secret").mkdir()
    (base / "secret" / "secret.csv").write_bytes(FEW_ROWS)
    (base / "work").mkdir()
    return base


def run(arena: Path, build, argv_of) -> tuple[int, str, str]:
    """Make the inputs inside a fresh folder under work/, run the command there, audit it."""
    sys.dont_write_bytecode = True  # a module first imported here must not write a .pyc outside
    with tempfile.TemporaryDirectory(dir=arena / "work") as tmp:
        folder = Path(tmp)
        build(folder, arena / "secret" / "secret.csv")
        argv = argv_of(folder)
        out, err = io.StringIO(), io.StringIO()
        old_cwd, old_tmp = os.getcwd(), tempfile.tempdir
        os.chdir(folder)
        tempfile.tempdir = str(folder)  # scratch files count as inside the temp folder, no others
        WATCH.allowed, WATCH.secret = os.path.realpath(folder), os.path.realpath(arena / "secret")
        WATCH.breaches, WATCH.thread, WATCH.active = [], threading.get_ident(), True
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = cli.main(argv)
                except SystemExit as e:  # argparse's usage errors
                    code = e.code if isinstance(e.code, int) else 2
                except BaseException as e:  # noqa: BLE001 - this is what the property forbids
                    code = f"uncaught {e.__class__.__name__}: {e}"
        finally:
            WATCH.active = False
            os.chdir(old_cwd)
            tempfile.tempdir = old_tmp
        breaches = WATCH.breaches
    assert code in EXIT_CODES, f"{argv}: exit {code}; stderr: {err.getvalue()[-2000:]}"
    assert "Traceback" not in err.getvalue() + out.getvalue(), err.getvalue()[-2000:]
    assert not breaches, f"{argv}: {breaches}"
    return code, out.getvalue(), err.getvalue()


# ------------------------------------------------------------------ hostile inputs

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "cp1256"]
cell = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["", "NA", "NaN", "nan", "-2", "1e9", "0000-01-01", "2024-01-28", '"', '""', "\n", "\r\n",
                     "=1+1", "@SUM(1)", "\x00", "\ufeff", "IRQ910001", "Political violence", "-1e309"]),
)


@st.composite
def csv_bytes(draw) -> bytes:
    """A CSV that is broken in some way: our header (whole, cut, shuffled, duplicated) or noise,
    rows of odd cells, odd separators, line ends and quoting, in some encoding."""
    names = HEADER.split(",")
    header = draw(st.one_of(
        st.just(names),
        st.lists(st.sampled_from(names), max_size=len(names) + 3),
        st.permutations(names),
        st.lists(cell, max_size=8),
    ))
    width = max(1, len(header))
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=width + 2), max_size=4))
    sep = draw(st.sampled_from([",", ";", "\t", "|"]))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    quote = draw(st.booleans())
    def fmt(row):
        return sep.join(('"' + c.replace('"', '""') + '"') if quote else c for c in row)
    text = end.join(fmt(r) for r in [header, *rows]) + draw(st.sampled_from([end, "", '"']))
    enc = draw(st.sampled_from(ENCODINGS))
    return codecs.encode(text, enc, errors="replace")


def mutated_events(draw_bytes: bytes, cut: int, junk: bytes) -> bytes:
    return draw_bytes[:cut] + junk + draw_bytes[cut:]


file_bytes = st.one_of(
    st.binary(max_size=200),
    csv_bytes(),
    st.builds(mutated_events, st.just(FEW_ROWS), st.integers(0, len(FEW_ROWS)), st.binary(max_size=8)),
    st.just(gzip.compress(FEW_ROWS)),
    st.just(FEW_ROWS.decode().encode("utf-16")),
    st.just(b"\xef\xbb\xbf" + FEW_ROWS),
    st.just(FEW_ROWS.replace(b",", b";")),
)
suffix = st.sampled_from([".csv", ".CSV", ".txt", ".json", "", ".csv.gz", ".tsv"])

json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)
# a resource path an attacker or a broken tool writes: outside, absolute, URL, wrong types, links
SECRET = "@SECRET@"  # replaced by the secret file's absolute path
hostile_path = st.one_of(
    st.sampled_from(["../../../secret/secret.csv", "../../secret/secret.csv", SECRET, "file://" + SECRET,
                     "http://127.0.0.1:9/events.csv", "events.csv", "sub/../events.csv", "~/events.csv",
                     "..\\..\\..\\secret\\secret.csv", "", "link.csv", "loop.csv", "dir", "events.csv\x00.txt",
                     "C:\\secret.csv", "//server/share/x.csv"]),
    json_value,
)


@st.composite
def descriptors(draw) -> str:
    shape = draw(st.sampled_from(["value", "resources", "real"]))
    if shape == "value":
        return json.dumps(draw(json_value))
    if shape == "real":
        meta = json.loads((ROOT / "dataset" / "datapackage.json").read_text())
        i = draw(st.integers(0, len(meta["resources"]) - 1))
        meta["resources"][i]["path"] = draw(hostile_path)
        return json.dumps(meta)
    resources = draw(st.one_of(
        json_value,
        st.lists(st.fixed_dictionaries({"name": st.sampled_from(["events", "sources", "x"]) | json_value,
                                         "path": hostile_path}), max_size=3),
    ))
    return json.dumps({"name": "x", "resources": resources})


def package_folder(text: str, events: bytes):
    """A package folder: the descriptor, an events file, a link out, a link loop, a sub-folder."""
    def make(folder: Path, secret: Path) -> None:
        pkg = folder / "pkg"
        pkg.mkdir()
        (pkg / "datapackage.json").write_text(text.replace(SECRET, str(secret).replace("\\", "\\\\")))
        (pkg / "events.csv").write_bytes(events)
        (pkg / "link.csv").symlink_to(secret)
        (pkg / "loop.csv").symlink_to(pkg / "loop2.csv")
        (pkg / "loop2.csv").symlink_to(pkg / "loop.csv")
        (pkg / "dir").mkdir()
    return make


# ------------------------------------------------------------------ the properties


@settings(max_examples=150, **SETTINGS)
@given(data=file_bytes, ext=suffix, flags=st.sampled_from([[], ["--json"]]))
@example(data=b"", ext=".csv", flags=[])
@example(data=b"\x00" * 64, ext=".csv", flags=["--json"])
def test_validate_file(arena, data, ext, flags):
    def make(folder, _secret):
        (folder / f"in{ext}").write_bytes(data)
    run(arena, make, lambda f: ["validate", str(f / f"in{ext}"), *flags])


@settings(max_examples=60, **SETTINGS)
@given(data=file_bytes, engine=st.sampled_from(["pandas", "polars", "dask"]), flags=st.sampled_from([[], ["--json"]]))
@example(data=FEW_ROWS, engine="polars", flags=[])
@example(data=b"\x00" * 64, engine="pandas", flags=[])
def test_validate_stdin(arena, data, engine, flags):
    """`validate -`: standard input read once into a temporary file inside the temp folder."""
    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(data))
    try:
        run(arena, lambda folder, _secret: None, lambda f: ["validate", "--engine", engine, *flags, "-"])
    finally:
        sys.stdin = old


@settings(max_examples=120, **SETTINGS)
@given(text=descriptors(), events=file_bytes, swap=st.booleans(), flags=st.sampled_from([[], ["--json"]]))
@example(text=json.dumps({"resources": [{"name": "events", "path": "../../../secret/secret.csv"}]}),
         events=FEW_ROWS, swap=False, flags=[])
@example(text=json.dumps({"resources": [{"name": "events", "path": "link.csv"}]}), events=FEW_ROWS, swap=True, flags=[])
@example(text="[]", events=FEW_ROWS, swap=False, flags=["--json"])
@example(text=json.dumps({"resources": [{"name": "events", "path": SECRET}]}), events=FEW_ROWS, swap=False, flags=[])
def test_diff_packages(arena, text, events, swap, flags):
    def argv(folder):
        pair = [str(folder / "pkg"), str(folder / "pkg" / "events.csv")]
        return ["diff", *flags, *(pair[::-1] if swap else pair)]
    run(arena, package_folder(text, events), argv)


@settings(max_examples=80, **SETTINGS)
@given(old=file_bytes, new=file_bytes, flags=st.sampled_from([[], ["--json"], ["--changelog"]]))
@example(old=FEW_ROWS, new=FEW_ROWS.replace(b"2023-12-25", b"not a date"), flags=["--json"])
def test_diff_files(arena, old, new, flags):
    def make(folder, _secret):
        (folder / "old.csv").write_bytes(old)
        (folder / "new.csv").write_bytes(new)
    run(arena, make, lambda f: ["diff", *flags, str(f / "old.csv"), str(f / "new.csv")])


OUT_TARGETS = [None, "out/x", ".", "loop/x", "file.txt/x", "link", "fifo"]


@settings(max_examples=80, **SETTINGS)
@given(data=file_bytes, fmt=st.sampled_from(["acled", "ucdp", "geojson", "parquet"]),
       to=st.sampled_from(OUT_TARGETS), raw=st.booleans())
@example(data=FEW_ROWS, fmt="acled", to="fifo", raw=False)
def test_export(arena, data, fmt, to, raw):
    readers: list[int] = []
    def make(folder, _secret):
        (folder / "events.csv").write_bytes(data)
        (folder / "loop").symlink_to(folder / "loop2")
        (folder / "loop2").symlink_to(folder / "loop")
        (folder / "file.txt").write_bytes(b"x")
        (folder / "link").symlink_to(folder / "out" / "target")  # dangling until written through
        os.mkfifo(folder / "fifo")
        readers.append(os.open(folder / "fifo", os.O_RDONLY | os.O_NONBLOCK))  # so writing cannot block
    def argv(folder):
        to_ = "out/x" if to is None and fmt == "parquet" else to
        out = ["--out", str(folder / to_)] if to_ else []
        return ["export", "--format", fmt, "--events", str(folder / "events.csv"), *out,
                *(["--raw-formulas"] if raw else [])]
    try:
        run(arena, make, argv)
    finally:
        for fd in readers:
            os.close(fd)


@settings(max_examples=10, **SETTINGS)
@given(table=st.sampled_from(["events", "sources", "event_sources", "actors", "locations", "datapackage"]),
       data=file_bytes, check=st.booleans())
def test_build(arena, table, data, check):
    """build on a copy of the repository whose one file is replaced by hostile bytes: refused or
    reported (exit 1/2), never half-written, never written outside the copy."""
    def make(folder, _secret):
        import shutil

        for d in ("schema", "dataset"):
            shutil.copytree(ROOT / d, folder / d)
        shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
        name = "datapackage.json" if table == "datapackage" else f"{table}.csv"
        (folder / "dataset" / name).write_bytes(data)
    code, _, _ = run(arena, make, lambda f: ["build", "--root", str(f), *(["--check"] if check else [])])
    assert code != 0 or table == "datapackage"  # only a descriptor is regenerated from nothing


@settings(max_examples=25, **SETTINGS)
@given(data=file_bytes, published=st.sampled_from([[], ["--published", "2024-01-28"], ["--published", "0000-13-45"]]),
       fmt=st.sampled_from(["review", "csv", "jsonl"]))
def test_extract(arena, data, published, fmt):
    def make(folder, _secret):
        (folder / "article.txt").write_bytes(data)
    run(arena, make, lambda f: ["extract", str(f / "article.txt"), *published, "--format", fmt, "--no-gazetteer"])


# ------------------------------------------------------------------ validate on descriptors (descriptor.load)


@pytest.mark.parametrize("path", ["../../../secret/secret.csv", SECRET, "link.csv"])
def test_validate_package_never_reads_outside(arena, path):
    text = json.dumps({"resources": [{"name": "events", "path": path}]})
    run(arena, package_folder(text, FEW_ROWS), lambda f: ["validate", str(f / "pkg")])


@settings(max_examples=60, **SETTINGS)
@given(text=descriptors(), flags=st.sampled_from([[], ["--json"]]))
@example(text="[]", flags=[])
def test_validate_packages(arena, text, flags):
    run(arena, package_folder(text, FEW_ROWS), lambda f: ["validate", str(f / "pkg"), *flags])


# Found by test_validate_file: CR-only line ends reached the polars engine as a csv.Error traceback.
def test_validate_polars_on_cr_line_ends(arena):
    def make(folder, _secret):
        (folder / "in.csv").write_bytes(HEADER.encode() + b"\r0\r")
    run(arena, make, lambda f: ["validate", "--engine", "polars", str(f / "in.csv")])


ARTICLE = ("Rockets were fired at the US base at al-Tanf on March 3, 2024, the Pentagon said. Nobody was hurt.\n")


# Found by a property run: extract --into read the dataset's tables without checking their columns (a KeyError).
def test_extract_into_a_dataset_whose_events_lack_the_id_column(arena):
    def make(folder, _secret):
        import shutil

        shutil.copytree(ROOT / "dataset", folder / "ds")
        (folder / "ds" / "events.csv").write_bytes(b"event_date,notes\n2024-03-03,x\n")
        (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    run(arena, make, lambda f: ["extract", str(f / "a.txt"), "--published", "2024-03-04", "--publisher", "Test Wire",
                                "--into", str(f / "ds"), "--no-gazetteer"])
