"""The Markdown of every generated page, as plain functions of the bundled data.

Nothing here hard-codes a count, an id or a vocabulary: it all comes from mideast_events (the data
the wheel ships) and schema/, read when the site is built.
"""
from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import math
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

import charts
import mideast_events as me
from mideast_events import cli, schema
from mideast_events._paths import bundle_root

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
REPO = HERE.parents[1]  # the checkout the site is built from
FOREIGN_FORCES = charts.FOREIGN_FORCES  # the actor type whose attackers the official tally counts
NO_ATTACK = "Not applicable"  # the target type of rows that record no attack
TARGET_CONFIRMED = "target confirmed"  # the confirmation value the coverage table counts
TALLY_THEATRE = "iraq-syria-jordan"  # the theatre the Pentagon's tally of attacks on US forces counts
SEA_AREA = "sea area"  # the location type of a named sea, gulf or strait (drawn where its events are)


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


def script_json(value: object) -> str:
    """JSON safe inside an HTML <script> element."""
    import json

    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


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
    def direction(self) -> pd.Series:
        """Each event's direction (charts.direction_of), aligned with ``events``."""
        return charts.direction_of(self.events)

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
    by_theatre = ev["theatre"].astype(str).value_counts().sort_index()
    countries = "; ".join(f"theatre {h(t)}: {n}" for t, n in by_theatre.items()) + f"; by country: {countries}"
    stats = (f'<div class="me-stats">{stats}</div>\n\n'
             f'Events coded so far run from **{first}** to **{last}** ({countries}). '
             f'The scope runs from {long_date(start)} to {long_date(end)}. '
             f'Latest release: **<span data-version>{h(version)}</span>**'
             f'{f" ({released})" if released else ""}; this site was built from data version '
             f'**{h(data.meta.get("version"))}**.')
    timeline = (f'<figure class="me-figure" id="home-timeline">{charts.timeline(ev, start, end, key_dates())}</figure>\n\n'
                "Events per week by direction and type (hover a bar for the figures). The [map and timeline](map.md) "
                "page has the places; [bases](bases.md) the attacks per base over time.")
    return template("home.md", title=h(data.meta.get("title", "")), stats=stats, timeline=timeline,
                    scope=data.meta.get("description", ""), cite=h(me.cite()),
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
    pandas_out = _repr(ev.sort_values(["event_date", "event_id_cnty"])[cols].head())
    dtypes_out = _repr(ev.dtypes.head(8))
    try:
        import polars as pl

        with pl.Config(tbl_rows=5, tbl_cols=6, fmt_str_lengths=30, tbl_width_chars=110):
            polars_out = str(me.load_events(backend="polars").sort(["event_date", "event_id_cnty"]).select(cols).head(3))
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
events.sort_values(["event_date", "event_id_cnty"])[cols].head()   # the first events in time
```

```text
{pandas_out}
```

That frame has {n} rows, one per event, in the file's order (by `event_id_cnty`); sort by
`event_date` for time order, as above. The types come from the [codebook](codebook.md): dates are
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
me.load_events(backend="polars").sort(["event_date", "event_id_cnty"]).select(cols).head(3)
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
           "can be appended to an ACLED download; columns marked **ours** are this project's additions. "
           "How these rows relate to ACLED's own records of the same events: "
           "[methodology](methodology.md#relation-to-acled).",
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


CORE_FACETS = [("theatre", "Theatre"), ("direction", "Direction"), ("country", "Country"), ("event_type", "Event type"),
               ("sub_event_type", "Sub-event type"), ("actor", "Actor"), ("place", "Place"), ("month", "Month")]
# events fields the core facets already cover (an actor facet matches actor1 or actor2)
COVERED = {"country", "event_type", "sub_event_type", "actor1", "actor2", "location"}
LABELS = {"inter1": "Actor 1 type", "inter2": "Actor 2 type"}  # ACLED's terse names, in words


def raw_records(text: str) -> list[str]:
    """The records of a CSV text as they are written (a quoted field may hold a line break)."""
    out, start, quoted = [], 0, False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == "\n" and not quoted:
            out.append(text[start:i])
            start = i + 1
    if text[start:]:
        out.append(text[start:])
    return out


def extra_facets() -> list[tuple[str, str]]:
    """Every other events field with a closed list of values in schema/: new fields get a filter."""
    out = []
    for f in schema.fields("events"):
        if f["name"] in COVERED or f["name"] in dict(CORE_FACETS):
            continue
        if "x-vocabulary" in f or f.get("constraints", {}).get("enum"):
            out.append((f["name"], LABELS.get(f["name"]) or f.get("title") or f["name"].replace("_", " ").capitalize()))
    return out


def facet_values(data: Data) -> dict[str, dict]:
    """Event id -> facet key -> value (a list for the actor facet), as written in events.csv."""
    text = me.path("events").read_text(encoding="utf-8")
    records = raw_records(text)
    header = next(csv.reader([records[0]]))
    direction = dict(zip(data.events["event_id_cnty"], data.direction, strict=True))
    extra = [k for k, _ in extra_facets()]
    out = {}
    for rec in records[1:]:
        row = dict(zip(header, next(csv.reader([rec])), strict=True))
        eid = row["event_id_cnty"]
        values = {"theatre": row.get("theatre", ""), "direction": direction[eid], "country": row["country"], "event_type": row["event_type"],
                  "sub_event_type": row["sub_event_type"], "actor": [a for a in (row["actor1"], row["actor2"]) if a],
                  "place": row["location"], "month": row["event_date"][:7], "date": row["event_date"], "csv": rec}
        values.update({k: row.get(k, "") for k in extra})
        out[eid] = values
    return {"header": records[0], "rows": out}


def events_link(prefix: str = "", **facets: str) -> str:
    """A link to the events list filtered by the given facets (the explorer reads them from the URL)."""
    from urllib.parse import urlencode

    return f"{prefix}?{urlencode(facets)}" if facets else prefix


def events_index(data: Data) -> str:
    ev = data.events
    per_event = data.event_sources.groupby("event_id_cnty", observed=True)["source_id"].apply(list).to_dict()
    direction = data.direction
    colours = {d: charts.SHADES[d][0] for d in charts.DIRECTIONS}
    payload = facet_values(data)
    payload["facets"] = ([{"key": k, "label": lbl, "more": False} for k, lbl in CORE_FACETS]
                         + [{"key": k, "label": lbl, "more": True} for k, lbl in extra_facets()])
    out = ["---", "hide: [toc]", "---", "", "# Events", "",
           f"All {len(ev)} events, oldest first. Narrow them with the filters (each shows how many events "
           "each choice leaves), type words to search every column, click a heading to sort, and open an "
           "event for its notes and every source's figures. The address bar keeps the filters, so a "
           "filtered list can be bookmarked or shared; *Download these rows* gives exactly the rows shown, "
           "as CSV with every column of `events.csv`.", "",
           '<div class="me-explorer" id="me-explorer" data-search-exclude>',
           '<div class="me-table-tools">'
           '<input type="search" class="me-search" id="event-search" placeholder="Search: place, actor, type, id…" '
           'aria-label="Search the events">'
           '<label class="me-date">From <input type="date" id="f-from" data-param="from"></label>'
           '<label class="me-date">to <input type="date" id="f-to" data-param="to"></label></div>',
           '<div class="me-facets" id="me-facets"></div>',
           '<details class="me-more-facets me-plain"><summary>More filters</summary><div class="me-facets" id="me-more-facets"></div></details>',
           '</div>',
           '<div class="me-table-status" data-search-exclude>'
           f'<span class="me-count" id="event-count" aria-live="polite">{len(ev)} of {len(ev)} events</span>'
           '<button type="button" class="md-button" id="me-clear">Clear filters</button>'
           '<button type="button" class="md-button md-button--primary" id="me-download">Download these rows (CSV)</button>'
           '</div>',
           f'<script type="application/json" id="me-explorer-data">{script_json(payload)}</script>',
           # the rows are in the search index once, on their own pages
           '<div class="me-scroll" data-search-exclude><table class="me-sortable me-events" id="events-table" data-search="event-search" '
           'data-count="event-count" data-noun="events"><thead><tr>'
           '<th data-type="text">Date</th><th data-type="text">Place</th><th data-type="text">What</th>'
           '<th data-type="number">Deaths</th><th data-type="number">Injured</th>'
           '<th data-type="text">Actor 1</th><th data-type="text">Actor 2</th><th data-type="text">Country</th>'
           '<th data-type="number">Sources</th><th data-type="text">Event</th></tr></thead><tbody>']
    for r, d in zip(ev.to_dict("records"), direction, strict=True):
        eid = r["event_id_cnty"]
        srcs = [data.source_by_id[s]["publisher"] for s in per_event.get(eid, [])]
        more = (f'<details class="me-more me-plain"><summary>more</summary>{h(eid)} · {h(r["country"])}<br>'
                f'{h(r["actor1"])}{" → " + h(r["actor2"]) if not pd.isna(r["actor2"]) else ""}<br>'
                f'{len(srcs)} source{"s" * (len(srcs) != 1)}: {h(_few(srcs))}</details>')
        out.append(
            f'<tr data-event="{h(eid)}"><td data-sort="{r["event_date"]:%Y-%m-%d}">'
            f'<a href="{h(eid)}/">{r["event_date"]:%Y-%m-%d}</a>{more}</td>'
            f'<td>{h(r["location"])}</td>'
            f'<td><span class="me-dir" style="--me-c:{colours[d]}">{h(d)}</span><br>{h(r["sub_event_type"])}</td>'
            f'<td data-sort="{h(r["fatalities"])}">{_figure(r["fatalities"], r["fatalities_low"], r["fatalities_high"])}</td>'
            f'<td data-sort="{h(r["injuries"]) or -1}">{_figure(r["injuries"], r["injuries_low"], r["injuries_high"])}</td>'
            f'<td>{h(r["actor1"])}</td><td>{h(r["actor2"])}</td><td>{h(r["country"])}</td>'
            f'<td data-sort="{len(srcs)}" title="{h("; ".join(srcs))}">{len(srcs)}<br><small>{h(_few(srcs))}</small></td>'
            f'<td><a href="{h(eid)}/">{h(eid)}</a></td></tr>')
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
    """The way back to the events list (with the filters last used there, restored by site.js) and
    links to the events before and after this one (by date, then id)."""
    ids = data.events["event_id_cnty"].tolist()
    i = ids.index(eid)
    links = []
    if i > 0:
        links.append(f'<a href="../{h(ids[i - 1])}/" rel="prev">← {h(ids[i - 1])}</a>')
    if i < len(ids) - 1:
        links.append(f'<a href="../{h(ids[i + 1])}/" rel="next">{h(ids[i + 1])} →</a>')
    return (f'<a href="../" data-me-back>Events</a> › {h(eid)}'
            + (f' <span class="me-prevnext">{" · ".join(links)}</span>' if links else ""))


def summary(r: dict, direction: str) -> str:
    """One sentence of the row's facts, in words (what search shows for the page)."""
    place = ", ".join(str(x) for x in (r["location"], r["admin1"], r["country"]) if not pd.isna(x))
    who = h(r["actor1"]) + (f" against {h(r['actor2'])}" if not pd.isna(r["actor2"]) else "")
    dead = "deaths not reported" if pd.isna(r["fatalities"]) else f"{int(r['fatalities'])} killed"
    hurt = "" if pd.isna(r["injuries"]) else f", {int(r['injuries'])} injured"
    return (f"{long_date(r['event_date'])}, {h(place)}: {h(r['sub_event_type'])} ({h(direction)}) by {who}; "
            f"{dead}{hurt}.")


def all_fields(r: dict) -> str:
    """Every events field of the row, in schema order, each linked to its codebook entry."""
    rows = []
    for f in schema.fields("events"):
        value = r.get(f["name"])
        if isinstance(value, pd.Timestamp):
            value = f"{value:%Y-%m-%d}"
        rows.append(f'<tr><td><a href="../../codebook/#field-events-{h(f["name"])}"><code>{h(f["name"])}</code></a></td>'
                    f'<td>{h(value)}</td></tr>')
    return ('<details class="me-all-fields me-plain"><summary>Every field of this row</summary><div class="me-scroll">'
            '<table><thead><tr><th>Field</th><th>Value</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div></details>")


def event_cff(eid: str, version: str) -> str:
    """CITATION.cff with its message naming one event of the release (the rest is the release's)."""
    import yaml

    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    cff["message"] = f"To cite event {eid} of release {version} of this dataset, cite the dataset as below and name the event."
    return yaml.safe_dump(cff, sort_keys=False, allow_unicode=True, width=100).rstrip()


def event_page(data: Data, eid: str) -> str:
    i = data.events.index[data.events["event_id_cnty"] == eid][0]
    r = data.events.loc[i].to_dict()
    direction = data.direction.loc[i]
    rows = data.event_sources[data.event_sources["event_id_cnty"] == eid].to_dict("records")
    precision = {v["time_precision"]: v.get("description", "") for v in schema.vocabulary("time_precisions.csv")}

    def dd(label: str, value: object, raw: bool = False) -> str:
        return f"<dt>{label}</dt><dd>{value if raw else h(value) or '—'}</dd>"

    place_link = events_link("../", country=str(r["country"]), place=str(r["location"]))
    actor2 = f'{h(r["actor2"])} <small>({h(r["inter2"])})</small>' if not pd.isna(r["actor2"]) else "—"
    facts = "".join([
        dd("Date", f'{long_date(r["event_date"])} <small>(time precision {h(r["time_precision"])}: '
                   f'{h(precision.get(str(r["time_precision"]), ""))})</small>', raw=True),
        dd("Direction", f'<a href="{h(events_link("../", direction=direction))}">{h(direction)}</a>', raw=True),
        dd("Type", f'{h(r["sub_event_type"])} · {h(r["event_type"])} · {h(r["disorder_type"])}', raw=True),
        dd("Actor 1", f'{h(r["actor1"])} <small>({h(r["inter1"])})</small>'
                      + (f'<br><small>with {h(r["assoc_actor_1"])}</small>' if not pd.isna(r["assoc_actor_1"]) else ""),
           raw=True),
        dd("Actor 2", actor2 + (f'<br><small>with {h(r["assoc_actor_2"])}</small>'
                                if not pd.isna(r["assoc_actor_2"]) else ""), raw=True),
        dd("Target", f'{h(r["target"]) or "—"} <small>({h(r["target_type"])})</small>', raw=True),
        dd("Place", f'<a href="{h(place_link)}">{h(r["location"])}</a>, '
                    + "".join(f"{h(x)}, " for x in (r["admin2"], r["admin1"]) if not pd.isna(x) and str(x))
                    + f'{h(r["country"])} <small>({r["latitude"]:.4f}, {r["longitude"]:.4f}; geo precision '
                    f'{h(r["geo_precision"])})</small>', raw=True),
        dd("Deaths", _figure(r["fatalities"], r["fatalities_low"], r["fatalities_high"]) or "—", raw=True),
        dd("Injured", _figure(r["injuries"], r["injuries_low"], r["injuries_high"]) or "not reported", raw=True),
        dd("Responsibility", f'{h(r["attribution"])}' + (f' — {h(r["attributed_by"])}' if not pd.isna(r["attributed_by"]) else ""),
           raw=True),
        dd("Record", f'{h(r["origin"])}, {h(r["review_status"])}', raw=True),
    ])
    version = data.meta.get("version", "")
    out = ["---", "hide: [navigation]", "---", "",
           f"# {eid}: {long_date(r['event_date'])}, {h(r['location'])}", "",
           f'<nav class="me-breadcrumb" aria-label="Breadcrumb" data-search-exclude>{_neighbours(data, eid)}</nav>', "",
           f'<p class="me-summary">{summary(r, direction)}</p>', "",
           f'<div class="me-event-head"><dl class="me-facts">{facts}</dl>'
           + charts.locator_svg(r["latitude"], r["longitude"], r["location"]) + "</div>", "",
           all_fields(r), "",
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
    out += ["## Cite this event", "",
            f"Event `{eid}` of data release {h(version)} (event ids are stable across releases; the "
            "[changelog](../changelog.md) lists corrections by id): BibTeX, plain text and Citation File Format. "
            "More on the [Cite](../cite.md) page.", "",
            f'<div class="me-cite-block" data-search-exclude><div id="cite-bibtex"><pre><code>{h(me.cite(format="bibtex", event=eid))}'
            f'</code></pre></div><div id="cite-text"><pre><code>{h(me.cite(event=eid))}</code></pre></div>'
            f'<div id="cite-cff"><pre><code>{h(event_cff(eid, version))}</code></pre></div></div>', ""]
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


def row_count(p: Path, described: dict) -> int | None:
    """Rows of a published file: as datapackage.json states them, else counted in the file."""
    if described.get("rows") is not None:
        return int(described["rows"])
    if p.suffix == ".geojson":
        import json

        return len(json.loads(p.read_text(encoding="utf-8"))["features"])
    if p.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_metadata(p).num_rows
    return None


def archive(data: Data, files: list[Path]) -> tuple[str, bytes]:
    """(name, bytes) of one zip with every published file and their SHA256SUMS, byte-for-byte
    reproducible (fixed timestamps and order)."""
    import zipfile

    folder = f"mideast-events-{data.meta.get('version', 'unversioned')}"
    buf = io.BytesIO()
    sums = "".join(f"{sha256(p)}  {p.name}\n" for p in files)
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, body in [*((p.name, p.read_bytes()) for p in files), ("SHA256SUMS", sums.encode())]:
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, body)
    return f"{folder}.zip", buf.getvalue()


def downloads(data: Data, archive_name: str, archive_bytes: bytes) -> tuple[str, str]:
    """The downloads page and the matching SHA256SUMS file."""
    stated = stated_hashes(data.meta)
    described = {r["path"]: r for r in data.meta.get("resources", []) + data.meta.get("x-derived-files", [])}
    rows, sums = [], []
    for p in download_files():
        digest = sha256(p)
        if p.name in stated and stated[p.name] != digest:
            raise RuntimeError(f"{p.name}: its hash differs from datapackage.json; run `mideast-events build`")
        d = described.get(p.name, {})
        what = d.get("description") or d.get("title") or (
            "The Frictionless descriptor: every table's schema, licence, sizes and hashes." if p.name == "datapackage.json" else "")
        rows_n = row_count(p, d)
        rows.append(f'<tr data-file="{h(p.name)}"><td><a href="../data/{h(p.name)}" download>{h(p.name)}</a></td>'
                    f'<td data-rows="{h(rows_n)}">{h(rows_n) if rows_n is not None else ""}</td>'
                    f'<td data-bytes="{p.stat().st_size}" title="{p.stat().st_size:,} bytes">{human_size(p.stat().st_size)}</td>'
                    f'<td><code class="me-hash" data-sha256="{digest}">{digest}</code></td><td>{h(what)}</td></tr>')
        sums.append(f"{digest}  {p.name}")
    zip_hash = hashlib.sha256(archive_bytes).hexdigest()
    return "\n".join([
        "---", "hide: [toc]", "---", "", "# Downloads", "",
        f"Data version **{h(data.meta.get('version'))}**, the same files the Python package ships. "
        f"Licence: {', '.join(lic['name'] for lic in data.meta.get('licenses', []))}. "
        "Sizes, row counts and SHA-256 hashes are computed from the package when this site is built. "
        "To cite a release, see [Cite](cite.md).", "",
        "## Everything in one file", "",
        f'<p class="me-archive" id="archive" data-file="{h(archive_name)}"><a href="../data/{h(archive_name)}" download>'
        f'<strong>{h(archive_name)}</strong></a> ({human_size(len(archive_bytes))}): every file below and their '
        f'SHA256SUMS, in one folder.<br>SHA-256 <code class="me-hash" data-sha256="{zip_hash}">{zip_hash}</code></p>', "",
        "## File by file", "",
        '<div class="me-scroll"><table class="me-downloads" id="downloads"><thead><tr><th>File</th><th>Rows</th>'
        "<th>Size</th><th>SHA-256</th><th>What it is</th></tr></thead><tbody>", *rows, "</tbody></table></div>", "",
        "All hashes in one file: [SHA256SUMS](data/SHA256SUMS).", "",
        "## Check and validate what you downloaded", "",
        "Put the files in one folder (or unzip the archive), then:", "",
        "```bash",
        "sha256sum -c SHA256SUMS                       # the bytes are the published ones",
        "pip install frictionless && frictionless validate datapackage.json   # schemas, keys, types",
        "pip install mideast-events && mideast-events validate datapackage.json  # and this project's rules",
        "```", "",
        "The CSVs are UTF-8 without a byte-order mark, with `\\n` line ends, sorted by their primary key, dates "
        "in ISO 8601 (`2024-01-28`). The GeoJSON has one point feature per event and the parquet file the events "
        "table with its types: their row counts above equal the events table's.", "",
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


def tally_attacks(events: pd.DataFrame) -> pd.DataFrame:
    """The attacks the Pentagon's tally counts: those on foreign forces in Iraq, Syria and Jordan
    (attacks on warships at sea belong to the other theatre)."""
    if TALLY_THEATRE not in schema.vocabulary_values("theatres.csv", "theatre"):
        raise RuntimeError(f"theatre {TALLY_THEATRE!r} is no longer in the vocabulary; update pages.py")
    if "theatre" in events.columns:
        events = events[(events["theatre"].astype("string") == TALLY_THEATRE).fillna(False)]
    return attacks_on_foreign_forces(events)


def coverage_table(data: Data, tallies: pd.DataFrame | None) -> str:
    attacks = tally_attacks(data.events)
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


MARKER_MIN, MARKER_MAX = 14, 46  # px: the diameter of a place with one event, and of the busiest place
LABELLED_BY_EVENTS, LABELLED_BY_CASUALTIES = 8, 3  # places named on the map: the busiest, the deadliest


def marker_size(n: int, max_n: int) -> float:
    """Diameter in px: its area grows with the number of events."""
    return round(MARKER_MIN + (MARKER_MAX - MARKER_MIN) * math.sqrt((n - 1) / max(max_n - 1, 1)), 1)


def places(data: Data) -> pd.DataFrame:
    ev = data.events.assign(direction=data.direction,
                            casualties=data.events["fatalities"].fillna(0) + data.events["injuries"].fillna(0))
    out = (ev.groupby(["country", "location"], observed=True)
           .agg(events=("event_id_cnty", "size"), casualties=("casualties", "sum"), worst=("casualties", "max"),
                lat=("latitude", "mean"), lon=("longitude", "mean"), ids=("event_id_cnty", list),
                theatres=("theatre", lambda t: sorted(set(t.astype(str)))))
           .reset_index().sort_values(["events", "location"], ascending=[False, True]).reset_index(drop=True))
    # A place is drawn at its point in locations.csv. A sea area's point there is a representative one,
    # often the port its coordinates were taken from (the Red Sea at Hodeidah): it is drawn instead at
    # the mean of the positions its events report of their own (ships' positions, out at sea and apart
    # from the port's circle), and at the representative point only when no event reports one.
    if SEA_AREA not in (schema.enum_values("locations", "location_type") or []):
        raise RuntimeError(f"location type {SEA_AREA!r} is no longer in the vocabulary; update pages.py")
    loc = data.locations.assign(country=data.locations["country"].astype(str), location=data.locations["location"].astype(str))
    point = {(c, p): (la, lo, t) for c, p, la, lo, t in zip(loc["country"], loc["location"], loc["latitude"],
                                                            loc["longitude"], loc["location_type"].astype(str), strict=True)}
    for i, (c, p) in enumerate(zip(out["country"].astype(str), out["location"].astype(str), strict=True)):
        if (c, p) not in point:
            continue
        lat, lon, kind = point[(c, p)]
        if kind == SEA_AREA:
            here = ev[(ev["country"].astype(str) == c) & (ev["location"].astype(str) == p)]
            own = here[(here["latitude"] != lat) | (here["longitude"] != lon)]
            if len(own):
                lat, lon = own["latitude"].mean(), own["longitude"].mean()
        out.loc[i, ["lat", "lon"]] = lat, lon
    out["sea"] = [point.get((c, p), (0, 0, ""))[2] == SEA_AREA
                  for c, p in zip(out["country"].astype(str), out["location"].astype(str), strict=True)]
    by_dir = ev.groupby(["country", "location", "direction"], observed=True).size()
    out["by_direction"] = [{d: int(by_dir.get((c, loc, d), 0)) for d in charts.DIRECTIONS if by_dir.get((c, loc, d), 0)}
                           for c, loc in zip(out["country"], out["location"], strict=True)]
    # named places, in the order their names win a place on a crowded map: the place of the deadliest
    # event of each direction (killed, then injured: Tower 22 for the attacks in this data), the places
    # of the events with the most killed and injured, then the busiest places
    def key(frame: pd.DataFrame) -> list[tuple[str, str]]:  # a place is a location in a country
        return list(zip(frame["country"].astype(str), frame["location"].astype(str), strict=True))

    deadliest = [key(g.sort_values(["fatalities", "injuries"], ascending=False, na_position="last").head(1))[0]
                 for d, g in ev.groupby("direction", sort=False) if d != charts.OTHER]
    named = list(dict.fromkeys(deadliest + key(out.sort_values(["worst", "casualties"], ascending=False)
                                               .head(LABELLED_BY_CASUALTIES))
                               + key(out.head(LABELLED_BY_EVENTS))))
    keys = key(out)
    out["labelled"] = [k in named for k in keys]
    out["label_rank"] = [named.index(k) if k in named else None for k in keys]
    return out


def map_page(data: Data) -> str:
    ev = data.events
    start, end = data.period()
    pl = places(data)
    max_n = int(pl["events"].max()) if len(pl) else 1
    colours = {d: charts.SHADES[d][0] for d in charts.DIRECTIONS}
    payload = [{"country": p["country"], "location": p["location"], "lat": float(p["lat"]), "lon": float(p["lon"]),
                "n": int(p["events"]), "casualties": int(p["casualties"]), "by": p["by_direction"],
                "size": marker_size(int(p["events"]), max_n), "label": bool(p["labelled"]),
                "rank": None if pd.isna(p["label_rank"]) else int(p["label_rank"]), "theatres": p["theatres"],
                "sea": bool(p["sea"]), "href": events_link("../events/", country=p["country"], place=p["location"])}
               for p in pl.to_dict("records")]
    sizes = sorted({1, max(1, round(max_n / 3)), max_n})
    size_legend = "".join(
        f'<span class="me-legend-item"><span class="me-size" data-size="{marker_size(n, max_n)}" style="width:{marker_size(n, max_n)}px;'
        f'height:{marker_size(n, max_n)}px"></span>{n} event{"s" * (n != 1)}</span>' for n in sizes)
    dir_legend = "".join(f'<span class="me-legend-item"><span class="me-swatch" style="background:{c}"></span>{h(d)}</span>'
                         for d, c in colours.items())
    bm = charts.basemap()["provenance"]
    place_rows = "".join(
        f'<tr><td>{h(p["location"])}</td><td>{h(p["country"])}</td><td>{h(", ".join(p["theatres"]))}</td><td data-sort="{p["events"]}">'
        f'<a href="{h(events_link("../events/", country=p["country"], place=p["location"]))}">{p["events"]}</a></td>'
        f'<td>{"; ".join(f"{h(d)}: {n}" for d, n in p["by_direction"].items())}</td>'
        f'<td data-sort="{int(p["casualties"])}">{int(p["casualties"])}</td></tr>'
        for p in pl.to_dict("records"))
    return "\n".join([
        "---", "hide: [toc]", "---", "", "# Map and timeline", "",
        f"Where and when the {len(ev)} events took place. Everything here is drawn from files in this site: "
        "nothing is fetched from elsewhere when you view it.", "",
        "## Map", "",
        "One circle per place, its area growing with the number of events there, coloured by direction "
        "(a place with events in both directions shows each share of the circle). Drag to pan, scroll or use "
        "the + and − buttons to zoom; the buttons above the map zoom to one theatre's places (the `theatre` "
        "column) or back to all. Click a circle, or reach it with the Tab key and press Enter, to open "
        "exactly that place's events; where circles overlap under the pointer, a list asks which place you "
        f"mean, or zooms in there (zooming in separates places a few kilometres apart). Named on the map: first the places "
        f"of the deadliest attack on US forces and of the deadliest strike, then the {LABELLED_BY_CASUALTIES} "
        "places whose worst event killed or injured the most people, then the "
        f"{LABELLED_BY_EVENTS} busiest places, then towns (of 500,000 people or more, and from 100,000 once you "
        "zoom in); where names would overlap, the later ones wait until you zoom in. A place on land is drawn "
        "at its point in `locations.csv`; a sea area (Red Sea, Gulf of Aden, Bab al-Mandab, Arabian Sea) at the "
        "mean of the positions its events report, out at sea, and at its representative point only when no "
        "event reports one. Each sea area is one circle per coastal country, as ACLED codes events at sea.", "",
        '<div class="me-map-legend" role="group" aria-label="Map legend">'
        f'<div class="me-legend-group"><strong>Direction</strong> {dir_legend}</div>'
        f'<div class="me-legend-group"><strong>Size</strong> {size_legend}</div></div>',
        '<div class="me-map-views" role="group" aria-label="Zoom the map to a theatre">'
        '<button type="button" class="md-button" data-theatre="">All places</button>'
        + "".join(f'<button type="button" class="md-button" data-theatre="{h(t)}">{h(t)}</button>'
                  for t in schema.vocabulary_values("theatres.csv", "theatre") if (ev["theatre"].astype(str) == t).any())
        + "</div>",
        f'<div id="me-map" class="me-leaflet" data-search-exclude data-colours="{h(script_json(colours))}" role="region" '
        'aria-label="Map of events by place: Tab to a place, Enter opens its events"></div>',
        '<link rel="stylesheet" href="../assets/vendor/leaflet/leaflet.css">',
        # 2D positioning: with 3D transforms Chromium hit-tests a round marker as its square box, so a
        # click beside a circle went to a neighbour's corner
        '<script>window.L_DISABLE_3D = true;</script>',
        '<script src="../assets/vendor/leaflet/leaflet.js"></script>',
        '<script src="../assets/vendor/basemap.js"></script>',
        f'<script type="application/json" id="me-places">{script_json(payload)}</script>',
        "",
        "Base map: country outlines, and admin-1 borders of the countries with events on land ("
        + h(", ".join(charts.basemap_scope_names())) + "), from Natural Earth (1:10m); rivers and lakes from "
        "Natural Earth (1:50m); towns of 100,000 people or more in those countries and cities of 500,000 or "
        "more around them, from GeoNames; simplified to about 1 km (`docs/_gen/make_basemap.py`). No roads: none "
        "of the packages these come from ships them. Place coordinates: `locations.csv`, each with the source it was "
        f"taken from. Drawn with Leaflet. <small>({h(bm['admin1'])}; {h(bm['water'])}; {h(bm['towns'])}.)</small>", "",
        "Directions: " + charts.DIRECTION_NOTE, "",
        "## Timeline", "",
        '<figure class="me-figure" id="timeline-figure">' + charts.timeline(ev, start, end, key_dates()) + "</figure>", "",
        "Events per week (weeks start on Monday), stacked by direction and, within it, by type. The lines mark "
        + "; ".join(f"{long_date(d)} ({h(label)})" for d, label in key_dates()) + ". Attacks per base over "
        "time are on the [bases](bases.md) page.", "",
        "## Places", "",
        '<div class="me-scroll"><table class="me-sortable" id="places-table"><thead><tr><th data-type="text">Place</th>'
        '<th data-type="text">Country</th><th data-type="text">Theatre</th><th data-type="number">Events</th><th data-type="text">By direction</th>'
        f'<th data-type="number">Killed and injured</th></tr></thead><tbody>{place_rows}</tbody></table></div>', "",
    ])


def bases_page(data: Data) -> str:
    start, end = data.period()
    ev = data.events
    attacks = ev[data.direction == charts.ATTACKS]
    top = charts.base_top(ev)
    theatres = {r["theatre"]: r for r in schema.vocabulary("theatres.csv")}
    out = [
        "---", "hide: [toc]", "---", "", "# Attacks per base", "",
        f"Each chart counts one place's events of the direction *{charts.ATTACKS}*, month by month, stacked by type; "
        f"all charts share one scale, so heights compare across places. {len(attacks)} attacks at "
        f"{attacks.groupby(['country', 'location'], observed=True).ngroups} places, by theatre (the `theatre` "
        "column), busiest first. In the Red Sea and Yemen theatre the forces attacked are US warships: their "
        "place is the sea area, coded as ACLED codes events at sea. A place's name opens its attacks in the "
        "events list.", ""]
    for theatre in theatres:
        mine = ev[ev["theatre"].astype(str) == theatre]
        n = int((data.direction[mine.index] == charts.ATTACKS).sum())
        if not n:
            continue
        places_n = mine[data.direction[mine.index] == charts.ATTACKS].groupby(["country", "location"], observed=True).ngroups
        out += [f"## {h(theatre)} {{#{h(theatre)}}}", "",
                f"{n} attack{'s' * (n != 1)} at {places_n} place{'s' * (places_n != 1)}. "
                f"<small>{h(theatres[theatre].get('description', ''))}</small>", "",
                f'<div class="me-theatre-bases" data-theatre="{h(theatre)}">'
                + charts.base_charts(mine, start, end,
                                     lambda c, loc: events_link("../events/", country=c, place=loc, direction=charts.ATTACKS),
                                     top=top) + "</div>", ""]
    out += ["Directions: " + charts.DIRECTION_NOTE, ""]
    return "\n".join(out)


def project_urls() -> dict[str, str]:
    """[project.urls] of pyproject.toml (label -> address): the one place the repository and issue
    tracker addresses are written; the Cite page and every page's footer read them from there."""
    import tomllib

    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8")).get("project", {}).get("urls", {})


REPOSITORY_LABELS = ("repository", "source", "source code", "code")
ISSUES_LABELS = ("issues", "issue tracker", "bug tracker", "bug reports", "tracker")


def where_links() -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """((label, address) of the repository, (label, address) of the issue tracker), each None when
    [project.urls] names none."""
    urls = project_urls()
    repo = next(((k, v) for k, v in urls.items() if k.lower() in REPOSITORY_LABELS), None)
    issues = next(((k, v) for k, v in urls.items() if k.lower() in ISSUES_LABELS), None)
    return repo, issues


def footer_links(prefix: str) -> str:
    """HTML for every page's footer: the repository and the issue tracker when pyproject.toml names
    them, else a link to the Cite page's note on where to report a problem (``prefix`` leads from the
    page to the site root)."""
    repo, issues = where_links()
    links = [f'<a href="{h(link[1])}">{h(link[0])}</a>' for link in (repo, issues) if link]
    if not issues:
        links.append(f'<a href="{h(prefix)}cite/#report">How to report a problem</a>')
    links.append(f'<a href="{h(prefix)}cite/">Cite this dataset</a>')
    return '<div class="me-footer-links">' + " · ".join(links) + "</div>"


def cite_page(data: Data) -> str:
    version = data.meta.get("version", "")
    cff_text = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    urls = project_urls()
    repo, issues = where_links()
    where = [f"- {h(label)}: <{url}>" for label, url in urls.items()]
    if not repo:
        where.append("- Source repository: none public yet.")
    if not issues:
        where.append("- Issue tracker: none public yet.")
    report = (
        [f"Report a problem (a wrong figure, date or place, a missing event or source, a bug in the package) "
         f"on the issue tracker: <{issues[1]}>. Name the event id and the data release ({h(version)})."]
        if issues else
        ["This release names no public issue tracker yet, so there is no public place to report a problem. "
         "Until there is, tell whoever gave you the data, naming the event id (for example "
         f"`{h(data.events['event_id_cnty'].iloc[0])}`), the data release ({h(version)}) and the source that "
         "says otherwise. Corrections are listed by event id in the [changelog](changelog.md)."])
    return "\n".join([
        "# Cite", "",
        f"Please cite the data release you used: this site shows release **{h(version)}**. The package "
        "version is the data release, event ids are stable across releases, and the [changelog](changelog.md) "
        "lists every event added, corrected or removed by its id. Each event's page also gives its own "
        "citation (the event id and the release).", "",
        "## Plain text", "", f'<p class="me-cite" id="cite-text">{h(me.cite())}</p>', "",
        "## BibTeX", "", "```bibtex", me.cite(format="bibtex"), "```", "",
        "Both come from the package: `mideast_events.cite()` and `mideast_events.cite(format=\"bibtex\")` "
        "(add `event=\"ID\"` for one event).", "",
        "## Citation File Format", "",
        "[CITATION.cff](CITATION.cff) is the repository's citation file (GitHub and Zenodo read it):", "",
        "```yaml", cff_text.rstrip(), "```", "",
        "## Where the project lives", "",
        "The addresses below are the package's own (`[project.urls]` in `pyproject.toml`); a repository or "
        "issue tracker added there appears here and in every page's footer.", "",
        *where, "",
        "## Report a problem {#report}", "", *report, "",
    ])
