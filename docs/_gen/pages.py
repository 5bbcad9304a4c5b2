"""The Markdown of every generated page, as plain functions of the bundled data.

Nothing here hard-codes a count, an id or a vocabulary: it all comes from mideast_events (the data
the wheel ships) and schema/, read when the site is built.
"""
from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from html import escape
from pathlib import Path
from string import Template

import pandas as pd

import mideast_events as me
from mideast_events import cli, schema
from mideast_events._paths import bundle_root

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
FOREIGN_FORCES = "External/Other forces"  # the actor type whose attackers the official tally counts
NO_ATTACK = "Not applicable"  # the target type of rows that record no attack
TARGET_CONFIRMED = "target confirmed"  # the confirmation value the coverage table counts


def h(value: object) -> str:
    """HTML-escape a value; missing values become an empty string."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return escape(str(value), quote=True)


def long_date(d: pd.Timestamp | date) -> str:
    return f"{d.day} {d:%B %Y}"


def template(name: str, **values: object) -> str:
    return Template((TEMPLATES / name).read_text(encoding="utf-8")).safe_substitute(
        {k: str(v) for k, v in values.items()})


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Data:
    """The bundled tables, read once per build."""

    events: pd.DataFrame = field(default_factory=me.load_events)
    sources: pd.DataFrame = field(default_factory=me.load_sources)
    event_sources: pd.DataFrame = field(default_factory=me.load_event_sources)
    actors: pd.DataFrame = field(default_factory=me.load_actors)
    locations: pd.DataFrame = field(default_factory=me.load_locations)
    meta: dict = field(default_factory=me.metadata)

    def __post_init__(self) -> None:
        self.events = self.events.sort_values(["event_date", "event_id_cnty"], kind="stable").reset_index(drop=True)

    @cached_property
    def counts(self) -> dict[str, int]:
        return {t: len(me.load_table(t)) for t in schema.TABLES}

    @cached_property
    def source_by_id(self) -> dict[str, dict]:
        return {r["source_id"]: r for r in self.sources.to_dict("records")}

    def period(self) -> tuple[date, date]:
        cov = self.meta.get("x-temporal-coverage", {})
        return date.fromisoformat(cov["start"]), date.fromisoformat(cov["end"])


# ------------------------------------------------------------------------------------- home


def last_release(changelog: str) -> tuple[str, str]:
    """(version, date) of the newest released section of CHANGELOG.md."""
    m = re.search(r"^## \[(\d[^\]]*)\](?: - (\d{4}-\d{2}-\d{2}))?", changelog, re.M)
    return (m.group(1), m.group(2) or "") if m else ("unreleased", "")


def home(data: Data, changelog: str) -> str:
    ev = data.events
    version, released = last_release(changelog)
    start, end = data.period()
    by_country = ev["country"].value_counts().sort_index()
    first = long_date(ev["event_date"].min()) if len(ev) else "—"
    last = long_date(ev["event_date"].max()) if len(ev) else "—"
    stat = '<div class="me-stat"><span class="me-stat-n" data-count="{key}">{n}</span><span>{label}</span></div>'
    stats = "".join([
        stat.format(key="events", n=len(ev), label="events"),
        stat.format(key="sources", n=data.counts["sources"], label="sources"),
        stat.format(key="event_sources", n=data.counts["event_sources"], label="source reports"),
        stat.format(key="locations", n=data.counts["locations"], label="places"),
        stat.format(key="fatalities", n=int(ev["fatalities"].sum()), label="deaths (conservative)"),
        stat.format(key="injuries", n=int(ev["injuries"].fillna(0).sum()), label="injured (conservative)"),
    ])
    countries = ", ".join(f"{h(c)} {n}" for c, n in by_country.items())
    stats = (f'<div class="me-stats">{stats}</div>\n\n'
             f'Events coded so far run from **{first}** to **{last}** ({countries}). '
             f'The scope runs from {long_date(start)} to {long_date(end)}. '
             f'Latest release: **<span data-version>{h(version)}</span>**'
             f'{f" ({released})" if released else ""}; this site was built from data version '
             f'**{h(data.meta.get("version"))}**.')
    import charts

    timeline = (f'<figure class="me-figure">{charts.timeline_svg(ev, start, end, key_dates())}</figure>\n\n'
                "Events per week, coloured by sub-event type (hover a bar); the [map and timeline](map.md) page "
                "has the legend, the map and the places.")
    return template("home.md", title=h(data.meta.get("title", "")), stats=stats, timeline=timeline,
                    scope=data.meta.get("description", ""), cite=me.cite(),
                    data_licence=", ".join(lic["name"] for lic in data.meta.get("licenses", [])))


# ------------------------------------------------------------------------------- quickstart


def _repr(obj: object) -> str:
    with pd.option_context("display.width", 110, "display.max_columns", 8, "display.max_colwidth", 38):
        return str(obj)


def run_cli(*args: str) -> tuple[int, str]:
    """Run the command in-process and capture what it prints (for real outputs in the docs)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = cli.main(list(args))
    return code, out.getvalue().rstrip()


def quickstart(data: Data) -> str:
    ev = me.load_events()
    cols = ["event_id_cnty", "event_date", "sub_event_type", "location", "fatalities"]
    pandas_out = _repr(ev[cols].head())
    dtypes_out = _repr(ev.dtypes.head(8))
    try:
        import polars as pl

        with pl.Config(tbl_rows=5, tbl_cols=6, fmt_str_lengths=30, tbl_width_chars=110):
            polars_out = str(me.load_events(backend="polars").select(cols).head(3))
    except ImportError:  # the docs extra does not need polars; say so rather than fail
        polars_out = "(polars is not installed where this site was built)"
    _, info_out = run_cli("info")
    info_out = re.sub(r"\(data in [^)]*\)", "(data in …/mideast_events/_data/dataset)", info_out)

    # A real report on a broken copy of our own file: the year no longer matches the date.
    with tempfile.TemporaryDirectory() as tmp:
        broken = Path(tmp) / "my_events.csv"
        shutil.copy(me.path("events"), broken)
        rows = list(csv.DictReader(broken.open(encoding="utf-8")))
        rows[0]["year"] = str(int(rows[0]["year"]) + 1)
        with broken.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        code, bad_out = run_cli("validate", str(broken))
        bad_out = bad_out.replace(str(broken), "my_events.csv")
    n = len(ev)
    return f"""# Quickstart

## Install

```bash
pip install mideast-events            # pandas
pip install "mideast-events[polars]"  # and polars
```

The data ship inside the package: nothing is downloaded when you load it.

## Load the events with pandas

```python
import mideast_events as me

events = me.load_events()
cols = {cols[:3]!r} + {cols[3:]!r}
events[cols].head()
```

```text
{pandas_out}
```

That frame has {n} rows, one per event. The types come from the [codebook](codebook.md): dates are
dates, vocabulary columns are categoricals whose categories are the whole vocabulary, counts are
nullable integers.

```python
events.dtypes.head(8)
```

```text
{dtypes_out}
```

The other tables load the same way: `me.load_sources()`, `me.load_event_sources()` (what each source
says about each event), `me.load_actors()`, `me.load_locations()`. `me.path("events")` is the CSV
itself, `me.codebook()` documents every field and `me.cite()` gives the citation.

## With polars

```python
me.load_events(backend="polars").select(cols).head(3)
```

```text
{polars_out}
```

## On the command line

```console
$ mideast-events info
{info_out}
```

See the [CLI reference](cli.md) for every command and option.

## Validate your own file

`mideast-events validate` runs the same schema and rules on any file laid out like ours, and, with
`--profile acled`, on a real ACLED export (ACLED's columns and rules only). It exits 0 when the file is
valid, 1 when it is not (with a report of each failing row and field), and 2 when it cannot read it.

```bash
mideast-events validate my_events.csv                 # this project's layout
mideast-events validate --profile acled acled_export.csv
mideast-events validate --json my_events.csv > report.json
```

Here is the real report for a copy of our `events.csv` whose first row has the wrong year (exit code
{code}):

```console
$ mideast-events validate my_events.csv
{bad_out}
```
"""


# --------------------------------------------------------------------------------- codebook


def _data_examples(table: str) -> dict[str, str]:
    """The first non-empty value of each column in the bundled CSV (rows are sorted by key)."""
    out: dict[str, str] = {}
    with me.path(table).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for k, v in row.items():
                if v and k not in out:
                    out[k] = v
    return out


def _anchor(file: str) -> str:
    return "vocabulary-" + file.removesuffix(".csv").replace("_", "-")


def _constraint(key: str, value: object) -> str:
    if value is True:
        return h(key)
    if key == "pattern":
        return f"pattern <code>{h(value)}</code>"
    return f"{h(key)} {h(value)}"


def codebook() -> str:
    book = me.codebook()
    out = ["---", "hide: [navigation]", "---", "", "# Codebook", "",
           "Generated from `schema/` when this site was built: every table, every field, every allowed "
           "value. The same text is in `datapackage.json` and in `mideast_events.codebook()`. "
           "Columns marked **ACLED** are ACLED's export columns, in ACLED's order and spelling, so rows "
           "can be appended to an ACLED download; columns marked **ours** are this project's additions.",
           "", "Tables: " + ", ".join(f"[{t}](#{t.replace('_', '-')})" for t in schema.TABLES)
           + " · [Vocabularies](#vocabularies)", ""]
    for table in schema.TABLES:
        ts = schema.table_schema(table)
        examples = _data_examples(table)
        vocab = {f["name"]: f["x-vocabulary"]["file"] for f in schema.fields(table) if "x-vocabulary" in f}
        out += [f"## {table} {{#{table.replace('_', '-')}}}", "",
                f"`{table}.csv` — {ts.get('description', '')}", "",
                f"- Primary key: `{', '.join(schema.primary_key(table)) or '—'}`"]
        for fk in schema.foreign_keys(table):
            ref = fk["reference"]
            out.append(f"- Foreign key: `{', '.join(fk['fields'])}` → "
                       f"[`{ref['resource']}.{', '.join(ref['fields'])}`](#{ref['resource'].replace('_', '-')})")
        out += ["", '<div class="me-scroll"><table class="me-codebook">',
                "<thead><tr><th>Field</th><th>Type</th><th>From</th><th>Description</th>"
                "<th>Constraints and allowed values</th><th>Example (from the data)</th></tr></thead><tbody>"]
        constraints = {f["name"]: f.get("constraints", {}) for f in schema.fields(table)}
        for row in book[book["table"] == table].to_dict("records"):
            name = row["field"]
            rules = [_constraint(k, v) for k, v in constraints[name].items() if k not in ("enum", "required")]
            if row["required"]:
                rules.insert(0, "required")
            if name in vocab:
                values = schema.enum_values(table, name)
                shown = " ".join(f"<code>{h(v)}</code>" for v in values[:6]) + (" …" if len(values) > 6 else "")
                rules.append(f'one of: {shown} <a href="#{_anchor(vocab[name])}">(all {len(values)})</a>')
            example = examples.get(name) or row["example"]
            origin = "ACLED" if row["origin"] == "ACLED" else "ours"
            out.append(
                f'<tr id="field-{table}-{name}"><td><code>{h(name)}</code></td><td>{h(row["type"])}</td>'
                f'<td class="me-origin-{origin.lower()}">{origin}</td><td>{h(row["description"])}</td>'
                f'<td>{"<br>".join(rules)}</td><td><code>{h(example)}</code></td></tr>')
        out += ["</tbody></table></div>", ""]

    out += ["## Vocabularies {#vocabularies}", "",
            "Each vocabulary is a CSV file in `schema/vocabularies/`; the fields that use it accept exactly "
            "these values.", ""]
    for file in schema.vocabulary_files():
        rows = schema.vocabulary(file)
        users = [f"`{t}.{f['name']}`" for t in schema.TABLES for f in schema.fields(t)
                 if f.get("x-vocabulary", {}).get("file") == file]
        cols = list(rows[0]) if rows else []
        out += [f"### {file.removesuffix('.csv').replace('_', ' ').capitalize()} {{#{_anchor(file)}}}", "",
                f"`{file}`, used by {', '.join(users) or 'no field'}.", "",
                "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        out += ["| " + " | ".join(h(r[c]).replace("|", "\\|") for c in cols) + " |" for r in rows]
        out.append("")

    codes = schema.actor_type_codes()
    out += ["### Interaction codes {#vocabulary-interaction}", "",
            "`interaction` names the two actor types, the one with the lower code first, or "
            "'*type* only' when there is no actor2. ACLED's older numeric code is the two digits "
            "(the lower first; a single actor is its code followed by 0).", "",
            "| code | interaction |", "|---|---|"]
    for a, ca in codes.items():
        out.append(f"| {ca}0 | {h(a)} only |")
        for b, cb in codes.items():
            if cb >= ca:
                out.append(f"| {ca}{cb} | {h(a)}-{h(b)} |")
    out.append("")
    return "\n".join(out)


# ----------------------------------------------------------------------------------- events


def _figure(best: object, low: object, high: object) -> str:
    if pd.isna(best):
        return ""
    text = str(int(best))
    if not pd.isna(low) and not pd.isna(high) and (low != best or high != best):
        text += f" <small>({int(low)}–{int(high)})</small>"
    return text


def _few(names: list[str], k: int = 3) -> str:
    names = sorted(set(names))
    return "; ".join(names[:k]) + (f" +{len(names) - k} more" if len(names) > k else "")


def events_index(data: Data) -> str:
    ev = data.events
    per_event = data.event_sources.groupby("event_id_cnty", observed=True)["source_id"].apply(list).to_dict()
    out = ["---", "hide: [toc]", "---", "", "# Events", "",
           f"All {len(ev)} events, oldest first. Click a column heading to sort, type in the box to filter "
           "(every column is searched), and open an event for its notes and every source's figures.", "",
           '<div class="me-table-tools"><input type="search" class="me-search" id="event-search" '
           'placeholder="Filter events: place, actor, type, id…" aria-label="Filter events">'
           f'<span class="me-count" id="event-count" aria-live="polite">{len(ev)} of {len(ev)} events</span></div>',
           '<div class="me-scroll"><table class="me-sortable" id="events-table" data-search="event-search" '
           'data-count="event-count" data-noun="events"><thead><tr>'
           '<th data-type="text">Event</th><th data-type="text">Date</th><th data-type="text">Country</th>'
           '<th data-type="text">Place</th><th data-type="text">Type</th><th data-type="text">Actor 1</th>'
           '<th data-type="text">Actor 2</th><th data-type="number">Deaths</th><th data-type="number">Injured</th>'
           '<th data-type="number">Sources</th></tr></thead><tbody>']
    for r in ev.to_dict("records"):
        eid = r["event_id_cnty"]
        srcs = [data.source_by_id[s]["publisher"] for s in per_event.get(eid, [])]
        out.append(
            f'<tr data-event="{h(eid)}"><td><a href="{h(eid)}/">{h(eid)}</a></td>'
            f'<td data-sort="{r["event_date"]:%Y-%m-%d}">{r["event_date"]:%Y-%m-%d}</td>'
            f'<td>{h(r["country"])}</td><td>{h(r["location"])}</td>'
            f'<td>{h(r["sub_event_type"])}<br><small>{h(r["event_type"])}</small></td>'
            f'<td>{h(r["actor1"])}</td><td>{h(r["actor2"])}</td>'
            f'<td data-sort="{h(r["fatalities"])}">{_figure(r["fatalities"], r["fatalities_low"], r["fatalities_high"])}</td>'
            f'<td data-sort="{h(r["injuries"]) or -1}">{_figure(r["injuries"], r["injuries_low"], r["injuries_high"])}</td>'
            f'<td data-sort="{len(srcs)}" title="{h("; ".join(srcs))}">{len(srcs)}<br><small>{h(_few(srcs))}</small></td></tr>')
    out += ["</tbody></table></div>", ""]
    return "\n".join(out)


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """The seed text as HTML with each evidence span (code-point offsets) wrapped in <mark>."""
    out, pos = [], 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if start >= end:
            continue
        out += [escape(text[pos:start]), f'<mark class="me-evidence">{escape(text[start:end])}</mark>']
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def published(s: dict) -> str:
    """A source's publication date with its precision ('undated' for reference pages without one)."""
    if pd.isna(s["published"]):
        return '<span class="me-muted">undated</span>'
    text = f'{s["published"]:%Y-%m-%d}'
    return text if s["published_precision"] == "day" else f'{text}<br><small>({h(s["published_precision"])})</small>'


def _neighbours(data: Data, eid: str) -> str:
    """Links to all events and to the events before and after this one (by date, then id)."""
    ids = data.events["event_id_cnty"].tolist()
    i = ids.index(eid)
    links = ['<a href="../">all events</a>']
    if i > 0:
        links.insert(0, f'<a href="../{h(ids[i - 1])}/" rel="prev">← {h(ids[i - 1])}</a>')
    if i < len(ids) - 1:
        links.append(f'<a href="../{h(ids[i + 1])}/" rel="next">{h(ids[i + 1])} →</a>')
    return " · ".join(links)


def event_page(data: Data, eid: str) -> str:
    import charts

    r = data.events[data.events["event_id_cnty"] == eid].iloc[0].to_dict()
    rows = data.event_sources[data.event_sources["event_id_cnty"] == eid].to_dict("records")
    precision = {v["time_precision"]: v.get("description", "") for v in schema.vocabulary("time_precisions.csv")}

    def dd(label: str, value: object, raw: bool = False) -> str:
        return f"<dt>{label}</dt><dd>{value if raw else h(value) or '—'}</dd>"

    actor2 = f'{h(r["actor2"])} <small>({h(r["inter2"])})</small>' if not pd.isna(r["actor2"]) else "—"
    facts = "".join([
        dd("Date", f'{long_date(r["event_date"])} <small>(time precision {h(r["time_precision"])}: '
                   f'{h(precision.get(str(r["time_precision"]), ""))})</small>', raw=True),
        dd("Type", f'{h(r["sub_event_type"])} · {h(r["event_type"])} · {h(r["disorder_type"])}', raw=True),
        dd("Actor 1", f'{h(r["actor1"])} <small>({h(r["inter1"])})</small>'
                      + (f'<br><small>with {h(r["assoc_actor_1"])}</small>' if not pd.isna(r["assoc_actor_1"]) else ""),
           raw=True),
        dd("Actor 2", actor2 + (f'<br><small>with {h(r["assoc_actor_2"])}</small>'
                                if not pd.isna(r["assoc_actor_2"]) else ""), raw=True),
        dd("Target", f'{h(r["target"]) or "—"} <small>({h(r["target_type"])})</small>', raw=True),
        dd("Place", f'{h(r["location"])}, {h(", ".join(str(x) for x in (r["admin2"], r["admin1"]) if not pd.isna(x)))}, '
                    f'{h(r["country"])} <small>({r["latitude"]:.4f}, {r["longitude"]:.4f}; geo precision '
                    f'{h(r["geo_precision"])})</small>', raw=True),
        dd("Deaths", _figure(r["fatalities"], r["fatalities_low"], r["fatalities_high"]) or "—", raw=True),
        dd("Injured", _figure(r["injuries"], r["injuries_low"], r["injuries_high"]) or "not reported", raw=True),
        dd("Responsibility", f'{h(r["attribution"])}' + (f' — {h(r["attributed_by"])}' if not pd.isna(r["attributed_by"]) else ""),
           raw=True),
        dd("Record", f'{h(r["origin"])}, {h(r["review_status"])}', raw=True),
    ])
    out = ["---", "hide: [navigation]", "---", "",
           f"# {eid}: {long_date(r['event_date'])}, {h(r['location'])}", "",
           f'<p class="me-breadcrumb">{_neighbours(data, eid)}</p>', "",
           f'<div class="me-event-head"><dl class="me-facts">{facts}</dl>'
           + charts.locator_svg(r["latitude"], r["longitude"], data.meta.get("x-spatial-coverage", []), r["location"])
           + "</div>",
           "", "## Notes", "", f'<p class="me-notes">{h(r["notes"])}</p>', "",
           "## What each source reports", "",
           "The first row is what this dataset codes; the others are each source's own figures "
           "(empty where a source gives none).", "",
           '<div class="me-scroll"><table class="me-sources" id="event-sources"><thead><tr><th>Source</th>'
           "<th>Published</th><th>Deaths</th><th>Injured</th><th>Responsibility</th><th>What it says</th></tr></thead><tbody>",
           f'<tr class="me-coded"><td><strong>Coded in this dataset</strong></td><td></td>'
           f'<td>{_figure(r["fatalities"], r["fatalities_low"], r["fatalities_high"])}</td>'
           f'<td>{_figure(r["injuries"], r["injuries_low"], r["injuries_high"])}</td>'
           f'<td>{h(r["attribution"])}</td><td><small>from {h(r["source"])}</small></td></tr>']
    seeds = []
    for es in rows:
        s = data.source_by_id[es["source_id"]]
        title = f'<a href="{h(s["url"])}">{h(s["title"])}</a>' if not pd.isna(s["url"]) else h(s["title"])
        via = f' <small>(via {h(s["syndicated_from"])})</small>' if not pd.isna(s["syndicated_from"]) else ""
        seed_note = ' <small class="me-seed-flag">full text below</small>' if not pd.isna(s["seed_path"]) else ""
        out.append(
            f'<tr data-source="{h(s["source_id"])}"><td><strong>{h(s["publisher"])}</strong>{via}<br>{title}{seed_note}'
            f'<br><small>{h(s["source_id"])}</small></td><td>{published(s)}</td>'
            f'<td>{h(es["fatalities"])}</td><td>{h(es["injuries"])}</td><td>{h(es["attribution"])}</td>'
            f'<td>{h(es["summary"])}</td></tr>')
        if not pd.isna(s["seed_path"]):
            seeds.append((s, es))
    out += ["</tbody></table></div>", ""]
    for s, es in seeds:
        text = (bundle_root() / str(s["seed_path"])).read_text(encoding="utf-8")
        spans = ([(int(es["evidence_start"]), int(es["evidence_end"]))]
                 if not pd.isna(es["evidence_start"]) and not pd.isna(es["evidence_end"]) else [])
        out += [f"## Evidence in {s['source_id']} (seed document)", "",
                f"`{s['seed_path']}`, kept in full. "
                + ("The highlighted passage is the one that supports this row." if spans
                   else "No passage is marked for this row."), "",
                f'<div class="me-seed" data-source="{h(s["source_id"])}">{highlight(text, spans)}</div>', ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------- downloads


def download_files() -> list[Path]:
    """Every published file in the bundled dataset/ folder."""
    return sorted(p for p in me.path("datapackage.json").parent.iterdir() if p.is_file() and not p.name.startswith("."))


def stated_hashes(meta: dict) -> dict[str, str]:
    """File name -> SHA-256 as datapackage.json states it (tables and derived files)."""
    out = {}
    for r in meta.get("resources", []) + meta.get("x-derived-files", []):
        out[Path(r["path"]).name] = str(r.get("hash", "")).removeprefix("sha256:")
    return out


def human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return str(n)


def downloads(data: Data) -> tuple[str, str]:
    """The downloads page and the matching SHA256SUMS file."""
    stated = stated_hashes(data.meta)
    rows, sums = [], []
    for p in download_files():
        digest = sha256(p)
        if p.name in stated and stated[p.name] != digest:
            raise RuntimeError(f"{p.name}: its hash differs from datapackage.json; run `mideast-events build`")
        described = {r["path"]: r for r in data.meta.get("resources", []) + data.meta.get("x-derived-files", [])}
        what = described.get(p.name, {}).get("description") or described.get(p.name, {}).get("title") or (
            "The Frictionless descriptor: every table's schema, licence, sizes and hashes." if p.name == "datapackage.json" else "")
        rows_n = described.get(p.name, {}).get("rows")
        rows.append(f'<tr data-file="{h(p.name)}"><td><a href="../data/{h(p.name)}" download>{h(p.name)}</a></td>'
                    f'<td>{h(rows_n) if rows_n is not None else ""}</td>'
                    f'<td data-bytes="{p.stat().st_size}" title="{p.stat().st_size:,} bytes">{human_size(p.stat().st_size)}</td>'
                    f'<td><code class="me-hash" data-sha256="{digest}">{digest}</code></td><td>{h(what)}</td></tr>')
        sums.append(f"{digest}  {p.name}")
    return "\n".join([
        "---", "hide: [toc]", "---", "", "# Downloads", "",
        f"Data version **{h(data.meta.get('version'))}**, the same files the Python package ships. "
        f"Licence: {', '.join(lic['name'] for lic in data.meta.get('licenses', []))}. "
        "Sizes and SHA-256 hashes are computed from the package when this site is built.", "",
        '<div class="me-scroll"><table class="me-downloads" id="downloads"><thead><tr><th>File</th><th>Rows</th>'
        "<th>Size</th><th>SHA-256</th><th>What it is</th></tr></thead><tbody>", *rows, "</tbody></table></div>", "",
        "All hashes in one file: [SHA256SUMS](data/SHA256SUMS).", "",
        "## Check and validate what you downloaded", "",
        "Put the files in one folder, then:", "",
        "```bash",
        "sha256sum -c SHA256SUMS                       # the bytes are the published ones",
        "pip install frictionless && frictionless validate datapackage.json   # schemas, keys, types",
        "pip install mideast-events && mideast-events validate datapackage.json  # and this project's rules",
        "```", "",
        "The CSVs are UTF-8 without a byte-order mark, with `\\n` line ends, sorted by their primary key, dates "
        "in ISO 8601 (`2024-01-28`). The GeoJSON has one point per event; the parquet file has the events "
        "table with its types.", "",
    ]), "\n".join(sums) + "\n"


# -------------------------------------------------------------------------------- methodology


def attacks_on_foreign_forces(events: pd.DataFrame) -> pd.DataFrame:
    """Rows that record an attack on foreign forces: actor2 is of that type, actor1 is not, and the row
    has a target (target type other than the one meaning 'no attack')."""
    if FOREIGN_FORCES not in schema.actor_type_codes():
        raise RuntimeError(f"actor type {FOREIGN_FORCES!r} is no longer in the vocabulary; update pages.py")
    if NO_ATTACK not in schema.enum_values("events", "target_type"):
        raise RuntimeError(f"target type {NO_ATTACK!r} is no longer in the vocabulary; update pages.py")
    if TARGET_CONFIRMED not in (schema.enum_values("events", "confirmation") or []):
        raise RuntimeError(f"confirmation {TARGET_CONFIRMED!r} is no longer in the vocabulary; update pages.py")
    inter1, inter2 = events["inter1"].astype("string"), events["inter2"].astype("string")
    attack = (inter2 == FOREIGN_FORCES).fillna(False) & (inter1 != FOREIGN_FORCES).fillna(False)
    return events[attack & (events["target_type"].astype("string") != NO_ATTACK).fillna(True)]


def read_tallies(path: Path) -> pd.DataFrame | None:
    if not path.exists():
        return None
    t = pd.read_csv(path, dtype={"source_id": "string", "note": "string"}, keep_default_na=False, na_values=[""])
    missing = {"date", "cumulative_attacks", "source_id", "note"} - set(t.columns)
    if missing:
        raise RuntimeError(f"{path.name}: missing columns {', '.join(sorted(missing))}")
    t["date"] = pd.to_datetime(t["date"], format="%Y-%m-%d")
    return t.sort_values("date").reset_index(drop=True)


def source_link(data: Data, source_id: str) -> str:
    """A source as 'publisher: title', linked to where it was read (the bare id if it is unknown)."""
    s = data.source_by_id.get(source_id)
    if s is None:
        return h(source_id)
    label = f'{h(s["publisher"])}: {h(s["title"])}'
    return (f'<a href="{h(s["url"])}">{label}</a>' if not pd.isna(s["url"]) else label) + f" <small>({h(source_id)})</small>"


def _confirmed_by(attacks: pd.DataFrame, confirmation: pd.Series | None, as_of: pd.Timestamp) -> str:
    """Attack rows up to ``as_of`` whose ``confirmation`` is the target side's, out of those coded."""
    if confirmation is None:
        return "—"
    upto = confirmation[attacks["event_date"] <= as_of]
    coded = int(upto.notna().sum())
    if not coded:
        return '<span class="me-muted">not yet coded</span>'
    return f"{int((upto == TARGET_CONFIRMED).sum())} <small>of {coded} rows coded</small>"


def coverage_table(data: Data, tallies: pd.DataFrame | None) -> str:
    attacks = attacks_on_foreign_forces(data.events)
    start, end = data.period()
    if len(data.events):
        end = max(end, data.events["event_date"].max().date())
    months = pd.period_range(start, end, freq="M")
    lines = ['<div class="me-scroll"><table class="me-coverage" id="coverage"><thead><tr><th>Month</th>'
             "<th>Attack rows in the dataset</th><th>Cumulative rows</th><th>DoD tally (cumulative attacks)</th>"
             "<th>Rows as share of tally</th><th>Of those rows, confirmed by the target side</th>"
             "<th>Tally source</th></tr></thead><tbody>"]
    confirmation = attacks["confirmation"].astype("string") if "confirmation" in attacks else None
    month_of = attacks["event_date"].dt.to_period("M")
    for m in months:
        n = int((month_of == m).sum())
        cum = int((month_of <= m).sum())
        rows = tallies[tallies["date"].dt.to_period("M") == m] if tallies is not None else None
        if rows is None or rows.empty:
            tally, share, confirmed, src = '<span class="me-muted">tally not yet recorded</span>', "", "", ""
        else:
            last = rows.iloc[-1]
            as_of = int((attacks["event_date"] <= last["date"]).sum())
            tally = f'{int(last["cumulative_attacks"])} <small>as of {last["date"]:%d %b %Y}</small>'
            share = f'{as_of / last["cumulative_attacks"]:.0%} <small>({as_of} rows by then)</small>' \
                if last["cumulative_attacks"] else "—"
            confirmed = _confirmed_by(attacks, confirmation, last["date"])
            src = source_link(data, str(last["source_id"])) + (
                f'<br><small>{h(last["note"])}</small>' if not pd.isna(last["note"]) else "")
        lines.append(f'<tr data-month="{m}"><td>{m.strftime("%B %Y")}</td><td>{n}</td><td>{cum}</td>'
                     f"<td>{tally}</td><td>{share}</td><td>{confirmed}</td><td>{src}</td></tr>")
    lines.append("</tbody></table></div>")
    if tallies is None:
        lines.append("\n*The official tally has not been recorded yet; it will appear here when "
                     "`docs/coverage_tallies.csv` is added.*")
    return "\n".join(lines)


def methodology(data: Data, tallies: pd.DataFrame | None) -> str:
    from mideast_events import rules

    start, end = data.period()
    rule_list = "\n".join(["| rule | table | fields | message when a row breaks it |", "|---|---|---|---|"] + [
        f"| `{r.name}` | {r.table} | {', '.join(f'`{c}`' for c in r.fields)} | {h(r.reason)} |" for r in rules.RULES])
    precisions = "\n\n".join(
        "\n".join([f"| `{field}` | meaning |", "|---|---|"]
                  + [f"| {row[field]} | {h(row['description'])} |" for row in schema.vocabulary(file)])
        for field, file in (("time_precision", "time_precisions.csv"), ("geo_precision", "geo_precisions.csv")))
    return template("methodology.md", scope=data.meta.get("description", ""), period_start=long_date(start),
                    period_end=long_date(end), rules=rule_list, precisions=precisions,
                    target_type=FOREIGN_FORCES, no_attack=NO_ATTACK,
                    coverage=coverage_table(data, tallies))


# --------------------------------------------------------------------------- reference pages


@contextlib.contextmanager
def _environ(**values: str):
    """Set environment variables for the duration of a block, then put back what was there."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def cli_reference() -> str:
    import argparse

    # argparse wraps help to the terminal's width; fix it so the page is the same wherever it is built
    with _environ(COLUMNS="100"):
        parser = cli.parser()
        out = ["# Command-line reference", "",
               "Generated from the command's own `--help` when this site was built.", "",
               "```text", parser.format_help().rstrip(), "```", ""]
        subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        for name, sub in subs.choices.items():
            out += [f"## `mideast-events {name}`", "", "```text", sub.format_help().rstrip(), "```", ""]
    out += ["## Exit codes", "", "The same for every command; each `--help` gives its own meaning of 0 and 1.", "",
            "| code | meaning |", "|---|---|"]
    out += [f"| {code} | {meaning} |" for code, meaning in cli.EXIT_MEANINGS.items()]
    out += ["", cli.REFERENCE_NOTES]
    return "\n".join(out)


def api_modules() -> list[str]:
    """Public modules of mideast_events (those whose name does not start with '_')."""
    import pkgutil

    import mideast_events

    names = [m.name for m in pkgutil.walk_packages(mideast_events.__path__, "mideast_events.")]
    return sorted(n for n in names if not any(part.startswith("_") for part in n.split(".")))


def api_index(modules: list[str]) -> str:
    out = ["# API reference", "", "The package's public functions, from their docstrings.", "",
           "- [`mideast_events`](mideast_events.md): the top-level functions most people need."]
    out += [f"- [`{m}`]({m}.md)" for m in modules]
    return "\n".join(out) + "\n"


def placeholder(title: str, what: str) -> str:
    return f"# {title}\n\n!!! note \"Not written yet\"\n    {what}\n"


def tallies_path(docs_dir: Path) -> Path:
    return docs_dir / "coverage_tallies.csv"


# ------------------------------------------------------------------------------ map + timeline


def key_dates() -> list[tuple[date, str]]:
    with (HERE / "key_dates.csv").open(encoding="utf-8", newline="") as fh:
        return [(date.fromisoformat(r["date"]), r["label"]) for r in csv.DictReader(fh)]


def map_page(data: Data) -> str:
    import charts

    ev = data.events
    start, end = data.period()
    scope = data.meta.get("x-spatial-coverage", [])
    event_types = schema.vocabulary_values("event_types.csv", "event_type")
    subs = list(schema.sub_event_types())
    present_types = [t for t in event_types if t in set(ev["event_type"].astype(str))]
    present_subs = [s for s in subs if s in set(ev["sub_event_type"].astype(str))]
    places = (ev.assign(casualties=ev["fatalities"].fillna(0) + ev["injuries"].fillna(0))
              .groupby(["country", "location"], observed=True)
              .agg(events=("event_id_cnty", "size"), casualties=("casualties", "sum"),
                   ids=("event_id_cnty", lambda s: list(s)))
              .reset_index().sort_values(["events", "location"], ascending=[False, True]))
    place_rows = "".join(
        f'<tr><td>{h(p["location"])}</td><td>{h(p["country"])}</td><td data-sort="{p["events"]}">{p["events"]}</td>'
        f'<td data-sort="{int(p["casualties"])}">{int(p["casualties"])}</td><td>'
        + ", ".join(f'<a href="../events/{h(i)}/">{h(i)}</a>' for i in p["ids"]) + "</td></tr>"
        for p in places.to_dict("records"))
    return "\n".join([
        "---", "hide: [toc]", "---", "", "# Map and timeline", "",
        f"Where and when the {len(ev)} events took place. Both charts are drawn when the site is built and "
        "need no connection to view. Hover a circle or a bar for details; click a circle to open its events.", "",
        "## Map", "",
        '<div class="me-map-tools" role="radiogroup" aria-label="Size circles by">Size circles by '
        '<label><input type="radio" name="me-size" value="events" checked> events</label> '
        '<label><input type="radio" name="me-size" value="casualties"> killed and injured</label></div>',
        f'<figure class="me-figure" id="map-figure">{charts.map_svg(ev, scope, "../events/")}'
        f'{charts.legend(present_types, event_types, "Event types")}</figure>', "",
        "Country outlines: the `countryinfo` package (simplified). Coordinates: `locations.csv`, each with "
        "the source it was taken from.", "",
        "## Timeline", "",
        f'<figure class="me-figure" id="timeline-figure">{charts.timeline_svg(ev, start, end, key_dates())}'
        f'{charts.legend(present_subs, subs, "Sub-event types")}</figure>', "",
        "Events per week (weeks start on Monday), stacked by sub-event type. The lines mark "
        + "; ".join(f"{long_date(d)} ({h(label)})" for d, label in key_dates()) + ".", "",
        "## Places", "",
        '<div class="me-scroll"><table class="me-sortable" id="places-table"><thead><tr><th data-type="text">Place</th>'
        '<th data-type="text">Country</th><th data-type="number">Events</th><th data-type="number">Killed and injured</th>'
        f'<th data-type="text">Events</th></tr></thead><tbody>{place_rows}</tbody></table></div>', "",
    ])
