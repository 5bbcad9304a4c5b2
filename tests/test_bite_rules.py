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


@pytest.mark.parametrize("engine", ["pandas", "polars"])
@pytest.mark.parametrize("blank, rule", [
    ("interaction", "interaction_from_actor_types"),
    ("longitude", "coordinates_in_country"),
])
def test_a_rule_leaves_a_missing_value_to_the_check_that_requires_it(samples, tmp_path, engine, blank, rule):
    # A cross-field rule judges a row only when every value it reads is there; a blank one is
    # reported once, by the column's own checks, not a second time as a broken rule.
    if engine == "polars":
        pytest.importorskip("polars")
    frame = read_strings(JOSH)
    frame.loc[5, blank] = ""
    path = write_csv(frame, tmp_path / f"no_{blank}.csv")
    problems = _problems(path, engine)
    line = 5 + 2
    assert {check for check, at in problems if at == line} - {rule}, "the blank cell must be reported"
    assert (rule, line) not in problems


def _evidence_problems(repo_copy, end: int | None = None) -> tuple[int, set[int]]:
    """Set the first evidence span's end (default: the length of its seed text); the rows (0-based)
    of event_sources that evidence_span_in_seed reports."""
    from mideast_events import validate

    es_file = repo_copy / "dataset" / "event_sources.csv"
    es, so = read_strings(es_file), read_strings(repo_copy / "dataset" / "sources.csv")
    row = int(es.index[es["evidence_end"] != ""][0])
    seed = so.loc[so["source_id"] == es.loc[row, "source_id"], "seed_path"].item()
    length = len((repo_copy / seed).read_text(encoding="utf-8"))
    es.loc[row, "evidence_end"] = str(length if end is None else length + end)
    write_csv(es, es_file)
    report = validate.validate_package(repo_copy / "dataset" / "datapackage.json")
    return row, {p.line - 2 for p in report.problems if p.check == "evidence_span_in_seed"}


def test_an_evidence_span_may_end_at_the_end_of_its_seed_text(repo_copy):
    # Spans are [start, end) character offsets, as a Python slice: end == len(text) takes the text
    # up to its last character, end == len(text) + 1 reaches past it.
    row, reported = _evidence_problems(repo_copy)
    assert row not in reported


def test_an_evidence_span_past_the_end_of_its_seed_text_is_reported(repo_copy):
    row, reported = _evidence_problems(repo_copy, end=1)
    assert reported == {row}
