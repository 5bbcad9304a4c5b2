"""Output: candidate rows in the events schema (CSV), rows with their evidence (JSON lines), and
a review view for the terminal."""
from __future__ import annotations

import csv
import io
import json
import time
from typing import TYPE_CHECKING, Any

from mideast_events import schema
from mideast_events.extract import resources

if TYPE_CHECKING:  # annotations only: model imports this module to build rows
    from mideast_events.extract.model import Candidate, Extraction

EXTRACTED_ID_BASE = 980000


def _interaction(inter1: str | None, inter2: str | None) -> str | None:
    from mideast_events.rules import interaction_labels

    return interaction_labels().get((inter1, inter2)) if inter1 else None


def notes(c: Candidate, publisher: str) -> str:
    """The project's own words, from the extracted fields only."""
    p = c.place
    when = c.event_date.strftime("%-d %B %Y") if c.event_date else "an unknown date"
    if c.time_precision == 2:
        when = f"the week around {when}"
    elif c.time_precision == 3:
        when = c.event_date.strftime("%B %Y")
    where = (f"{p.location} ({', '.join(x for x in (p.admin1, p.country) if x)})" if p and p.location
             else (p.country if p else "an unknown place"))  # a sea area has no admin1: "Red Sea (Yemen)"
    if c.family == "statement":
        what = f"{c.actor1} announced a change to its activity ({c.sub_event_type.lower()})"
    else:
        kind = (c.sub_event_type or "event").lower()
        what = f"{kind}: {c.actor1} against {c.actor2 or 'an unnamed target'}"
    outcome = []
    if c.family != "statement":
        outcome.append("fatalities not reported" if c.fatalities is None else f"{c.fatalities} killed")
        outcome.append("injuries not reported" if c.injuries is None else f"{c.injuries} injured")
    attrib = f" Attribution: {c.attribution}" + (f" ({c.attributed_by})" if c.attributed_by else "") + "." if c.attribution else ""
    lead = f"In {when}" if c.time_precision == 3 else f"On {when}"
    return (f"{lead}, in {where}, {what}." + (f" {'; '.join(outcome).capitalize()}." if outcome else "")
            + attrib + f" Extracted automatically from {publisher}; not reviewed.")


def source_scale(publisher: str) -> str:
    """The publisher's scale as sources.csv records it, else 'Other'."""
    from mideast_events._paths import dataset_dir

    try:
        with open(dataset_dir() / "sources.csv", newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                if r["publisher"] == publisher and r["source_scale"]:
                    return r["source_scale"]
    except OSError:
        pass
    return "Other"


def to_row(c: Candidate, x: Extraction, event_id: str | None = None, timestamp: int | None = None) -> dict[str, Any]:
    types = resources.actor_types()
    sub = resources.sub_event_types()
    p = c.place
    event_type, disorder = sub.get(c.sub_event_type, (None, None))
    inter1, inter2 = types.get(c.actor1), types.get(c.actor2) if c.actor2 else None
    iso3 = {r["country"]: r for r in resources.locations()}
    fatal = c.fatalities if c.fatalities is not None else 0
    row: dict[str, Any] = {
        "event_id_cnty": event_id or f"{country_iso3(p.country)}{EXTRACTED_ID_BASE + 1}",
        "event_date": c.event_date.isoformat(),
        "year": c.event_date.year,
        "time_precision": c.time_precision or 1,
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": c.sub_event_type,
        "actor1": c.actor1,
        "assoc_actor_1": None,
        "inter1": inter1,
        "actor2": c.actor2,
        "assoc_actor_2": None,
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": None,
        "iso": p.iso if p.iso else int(iso3[p.country]["iso"]),
        "region": resources.events_region().get(p.country) or next(iter(resources.events_region().values()), None),
        "country": p.country,
        "admin1": p.admin1,
        "admin2": p.admin2,
        "admin3": p.admin3,
        "location": p.location,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "geo_precision": p.geo_precision,
        "source": x.publisher,
        "source_scale": source_scale(x.publisher),
        "notes": notes(c, x.publisher),
        "fatalities": fatal,
        "tags": None,
        "timestamp": timestamp if timestamp is not None else int(time.time()),
        "target": c.target,
        "target_type": c.target_type or "Not applicable",
        "fatalities_low": fatal,
        "fatalities_high": fatal,
        "injuries": c.injuries,
        "injuries_low": c.injuries,
        "injuries_high": c.injuries,
        "attribution": c.attribution or "unknown",
        "attributed_by": c.attributed_by,
        "origin": "extracted",
        "review_status": "unreviewed",
        "theatre": schema.theatre_of(p.country),
    }
    return {k: row.get(k) for k in schema.field_names("events")}


def country_iso3(country: str) -> str:
    import pycountry

    try:
        return pycountry.countries.lookup(country).alpha_3
    except LookupError:
        return "XXX"


def numbered_rows(xs: list[Extraction], timestamp: int | None = None,
                  matched: bool = False) -> list[tuple[dict[str, Any], Candidate, Extraction]]:
    """Rows of the codable candidates (a place in the table or gazetteer), with their 98xxxx ids;
    a candidate that corroborates an existing row is no new row (``matched=True`` adds it, under
    the existing row's id)."""
    out = []
    n: dict[str, int] = {}
    stamp = timestamp if timestamp is not None else int(time.time())
    for x in xs:
        for c in x.candidates:
            if not c.codable or (c.matched and not matched):
                continue
            row = to_row(c, x, timestamp=stamp)
            if c.matched:
                row["event_id_cnty"] = c.matched["event_id_cnty"]
            else:
                prefix = country_iso3(c.place.country)
                n[prefix] = n.get(prefix, 0) + 1
                row["event_id_cnty"] = c.event_id or f"{prefix}{EXTRACTED_ID_BASE + n[prefix]}"
            out.append((row, c, x))
    return out


def _cell(v: Any) -> str:
    return "" if v is None else str(v)


def to_csv(xs: list[Extraction]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    cols = schema.field_names("events")
    w.writerow(cols)
    for row, _, _ in numbered_rows(xs):
        w.writerow([_cell(row[c]) for c in cols])
    return buf.getvalue()


def to_jsonl(xs: list[Extraction]) -> str:
    lines = []
    for row, c, x in numbered_rows(xs, matched=True):
        if c.matched:
            # a new source for an existing row: no new row; the extracted fields for the reviewer
            rec = {"file": x.path, "row": None, "corroborates": c.matched, "candidate": row}
        else:
            rec = {"file": x.path, "row": row}
        rec["evidence"] = [e.to_dict(x.text) for e in c.evidence]
        lines.append(json.dumps(rec, ensure_ascii=False, default=str))
    for x in xs:
        for c in x.candidates:
            if c.codable:
                continue
            # an event the article places only in a country: no row, but shown for review
            rec = {"file": x.path, "row": None, "reason": "no codable place: country only",
                   "candidate": {"event_date": c.event_date.isoformat(), "time_precision": c.time_precision,
                                 "date_window": [d.isoformat() for d in c.date_window] if c.date_window else None,
                                 "country": c.place.country, "sub_event_type": c.sub_event_type,
                                 "actor1": c.actor1, "actor2": c.actor2, "fatalities": c.fatalities,
                                 "injuries": c.injuries, "attribution": c.attribution},
                   "evidence": [e.to_dict(x.text) for e in c.evidence]}
            lines.append(json.dumps(rec, ensure_ascii=False, default=str))
    return "\n".join(lines) + ("\n" if lines else "")


def _quote(x: Extraction, start: int, end: int, width: int = 110) -> str:
    q = " ".join(x.text[start:end].split())
    return q if len(q) <= width else q[: width - 1] + "…"


def to_review(xs: list[Extraction]) -> str:
    out = []
    for row, c, x in numbered_rows(xs, matched=True):
        head = f"== {row['event_id_cnty']}  {x.path or ''}"
        if c.matched:
            head = (f"== corroborates {c.matched['event_id_cnty']}  {x.path or ''}  "
                    f"({c.matched['reason']}; no new row)")
        out.append(head)
        for f in ("event_date", "time_precision", "sub_event_type", "actor1", "actor2", "attribution",
                  "country", "admin1", "location", "geo_precision", "fatalities", "injuries"):
            ev = c.ev(f) or (c.ev("location") if f in ("admin1", "country", "geo_precision") else []) or (
                c.ev("country") if f in ("country", "admin1") else []) or (
                c.ev("event_date") if f == "time_precision" else [])
            val = row.get(f)
            if f in ("fatalities", "injuries") and getattr(c, f) is None:
                val = f"{_cell(val) or '-'} (not reported)"
            line = f"  {f:<15} {_cell(val):<48}"
            if ev:
                e = ev[0]
                line += f" «{_quote(x, e.start, e.end)}» [{e.rule}; {e.confidence:.1f}]" if e.end > e.start else f" [{e.rule}; {e.confidence:.1f}]"
                if e.note:
                    line += f" ({e.note})"
            out.append(line.rstrip())
        out.append(f"  {'notes':<15} {row['notes']}")
        out.append("")
    for x in xs:
        for c in x.candidates:
            if not c.codable:
                e = (c.ev("sub_event_type") or c.evidence or [None])[0]
                quote = f" «{_quote(x, e.start, e.end)}»" if e else ""
                out.append(f"-- candidate without a codable place (country only: {c.place.country}; "
                           f"{c.event_date} precision {c.time_precision}): {c.sub_event_type}, {c.actor1} / {c.actor2}{quote}")
        for c in x.uncoded:
            if c.family in ("generic", "casualty"):
                continue
            e = c.evidence[0] if c.evidence else None
            quote = f" «{_quote(x, e.start, e.end)}»" if e else ""
            out.append(f"-- not coded ({c.why_incomplete()}): {c.sub_event_type or c.family}{quote} {x.path or ''}".rstrip())
    if not out:
        out.append("no candidate events")
    return "\n".join(out) + "\n"
