"""Cross-field rules on real ACLED rows, each with a value the rule must judge, worked out from ACLED's
codebook (civilians are always actor2 in Violence against civilians) rather than from the code's output.
In-process, so the mutation benchmark (benchmarks/mutation.py) counts them."""
from __future__ import annotations

import json

import pytest

from conftest import SAMPLES, read_strings, run_main, write_csv

JOSH = SAMPLES / "JoshMerfeld_saereplication__acled.csv"  # ACLED export tool, numeric actor-type codes


def _problems(path, engine: str) -> set[tuple[str, int]]:
    code, out, err = run_main("validate", "--profile", "acled", "--engine", engine, "--json", str(path))
    assert code in (0, 1) and "Traceback" not in err, err
    return {(p["check"], p["line"]) for p in json.loads(out)["problems"]}


@pytest.mark.parametrize("engine", ["pandas", "polars"])
def test_violence_against_civilians_without_a_second_actor_breaks_the_civilians_rule(samples, tmp_path, engine):
    # ACLED codes the civilians of a Violence against civilians event as actor2 (inter2 7): a row
    # of that type with no actor2 at all lacks them, which the rule must report, not let pass.
    if engine == "polars":
        pytest.importorskip("polars")
    frame = read_strings(JOSH)
    [row] = frame.index[(frame["event_type"] == "Violence against civilians") & (frame["inter2"] == "7")][:1]
    frame.loc[row, ["actor2", "assoc_actor_2", "inter2"]] = ""
    path = write_csv(frame, tmp_path / "no_civilians.csv")
    line = row + 2  # the header is line 1
    assert ("civilians_are_actor2", line) in _problems(path, engine)
    assert not {p for p in _problems(JOSH, engine) if p[0] == "civilians_are_actor2"}
