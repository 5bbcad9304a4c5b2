"""schema/acled/ eras and interaction conventions, checked against the real files they cite."""
from __future__ import annotations

import csv

import pandas as pd
import pytest

from mideast_events import conventions


def test_text_interaction_puts_civilians_last():
    assert conventions.text_interaction("External/Other forces", "Civilians") == "External/Other forces-Civilians"
    assert conventions.text_interaction("Civilians", "Political militia") == "Political militia-Civilians"
    assert conventions.text_interaction("External/Other forces", "Rebel group") == "Rebel group-External/Other forces"
    assert conventions.text_interaction("Rebel group", None) == "Rebel group only"
    assert conventions.numeric_interaction(8, 7) == 78 and conventions.numeric_interaction(6, 0) == 60


@pytest.mark.parametrize("name", ["y5z2rmg7y8-bit_Somalia-Conflict-Monitor__acled_data.csv",
                                  "MIT-Emerging-Talent_ET6-CDSP-starter__gaza_war_events.csv"])
def test_every_text_interaction_of_real_exports(samples, name):
    d = pd.read_csv(samples / name, dtype=str, keep_default_na=False)
    expected = [conventions.text_interaction(a, b or None) for a, b in zip(d["inter1"], d["inter2"])]
    assert expected == d["interaction"].tolist()


@pytest.mark.parametrize("name", ["JoshMerfeld_saereplication__acled.csv", "AschHarwood_acled__acled.csv",
                                  "pegenaran_ACLED-processing2__Nicaragua_Current.csv"])
def test_every_numeric_interaction_of_real_exports(samples, name):
    d = pd.read_csv(samples / name, dtype=str, keep_default_na=False, na_values=["NA"]).fillna("")
    expected = [conventions.numeric_interaction(int(a), int(b) if b else None) for a, b in zip(d["inter1"], d["inter2"])]
    assert expected == d["interaction"].astype(int).tolist()


def test_era_columns_and_ids_are_the_real_files(samples):
    files = {"current": ["JoshMerfeld_saereplication__acled.csv", "y5z2rmg7y8-bit_Somalia-Conflict-Monitor__acled_data.csv"],
             "2019-2020": ["pegenaran_ACLED-processing2__1900-01-01-2020-11-12-Indonesia.csv",
                           "nuuuwan_misc-sl-data__conflict_data_lka.csv"],
             "2016": ["AschHarwood_acled__acled.csv"]}
    for era, names in files.items():
        for name in names:
            with open(samples / name, newline="", encoding="utf-8") as fh:
                header = [c for c in next(csv.reader(fh)) if c]  # the 2016 file's unnamed index
            assert tuple(header) == conventions.era_columns(era), name
            d = pd.read_csv(samples / name, dtype=str, keep_default_na=False)
            ids = d["event_id_cnty"][~d["event_id_cnty"].str.startswith("#")]
            assert ids.str.match(conventions.eras()[era]["event_id_pattern"]).all(), name


def test_2016_event_types(samples):
    d = pd.read_csv(samples / "AschHarwood_acled__acled.csv", dtype=str, keep_default_na=False)
    assert set(d["event_type"]) <= set(conventions.era_event_types("2016"))
    assert conventions.era_event_types("current") == ()
