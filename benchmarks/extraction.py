"""Measure `mideast_events.extract` on the gold set in benchmarks/gold/.

    python benchmarks/extraction.py            # overall figures and speed
    python benchmarks/extraction.py --split    # also: seed, g01-g15 (tuned on), g16+ (held out)
    python benchmarks/extraction.py --misses   # list every missed and spurious event
    python benchmarks/extraction.py --real     # the real reports of benchmarks/real/ (needs the local cache)
    python benchmarks/extraction.py --real --tuning-only --misses --passes 0 --no-cli-time
                                               # tuning halves only: their misses, no held-out figure

A predicted event matches a gold event when country and sub_event_type agree, the date agrees
(same day, or inside the gold date_window with the same precision) and the location agrees or
lies in the same admin1; matching is greedy and one-to-one. Field accuracy is over matched events.
The real set (--real): benchmarks/real/manifest.json, texts in the git-ignored benchmarks/real/cache/
(benchmarks/real/fetch.md). There a predicted event matches a gold event when the country and the
direction (attack on US forces, US strike, statement) agree, the local dates are at most one day apart
and the place agrees (the same location, or the same coordinates in the locations table; a gold event
with no codable place matches any place in its country). Without the cache the real set is skipped.
Speed: articles per second on one core, the median of several passes after a warm-up (spaCy and
the tables loaded once, the date parser's cache emptied before every pass).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "benchmarks" / "gold"
REAL = ROOT / "benchmarks" / "real"
REAL_FIELDS = ("event_date", "location", "actor1", "actor2", "fatalities", "injuries")
# the second theatre's set (Red Sea / Yemen): the same fields plus the event type and the ship
REAL_REDSEA = ROOT / "benchmarks" / "real_redsea"
REDSEA_FIELDS = REAL_FIELDS + ("sub_event_type", "ship", "target_type")
FIELDS = ("event_date", "country", "admin1", "location", "sub_event_type", "actor1", "actor2", "fatalities", "injuries")
TUNED_LAST = 15  # g01..g15 were used to tune the rules; g16 and later are held out


def load_gold(folder: Path = GOLD) -> list[dict]:
    out = []
    for f in sorted(folder.glob("*.json")):
        g = json.loads(f.read_text(encoding="utf-8"))
        g["text"] = (ROOT / g["file"]).read_text(encoding="utf-8")
        g.setdefault("id", f.stem)
        out.append(g)
    return out


def part(g: dict) -> str:
    gid = g["id"]
    if not gid.startswith("g"):
        return "seed"
    return "tuned" if int(gid[1:]) <= TUNED_LAST else "held-out"


def predict(g: dict) -> list[dict]:
    from mideast_events.extract import extract_text

    x = extract_text(g["text"], g["published"], g.get("publisher", "gold set"))
    out = []
    for c in x.candidates:
        p = c.place
        out.append({"event_date": c.event_date.isoformat(), "time_precision": c.time_precision, "country": p.country,
                    "admin1": p.admin1, "location": p.location, "sub_event_type": c.sub_event_type,
                    "actor1": c.actor1, "actor2": c.actor2, "fatalities": c.fatalities, "injuries": c.injuries})
    return out


def date_agrees(p: dict, g: dict) -> bool:
    if p["event_date"] == g["event_date"]:
        return True
    w = g.get("date_window")
    return bool(w) and p["time_precision"] == g["time_precision"] and w[0] <= p["event_date"] <= w[1]


def matches(p: dict, g: dict) -> bool:
    return (p["country"] == g["country"] and p["sub_event_type"] == g["sub_event_type"] and date_agrees(p, g)
            and (p["location"] == g["location"] or p["admin1"] == g["admin1"]))


def pair(preds: list[dict], golds: list[dict]) -> list[tuple[dict, dict]]:
    """Greedy one-to-one: pairs agreeing on location, day and actors first."""
    cands = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if matches(p, g):
                score = ((p["location"] == g["location"]) + (p["event_date"] == g["event_date"])
                         + (p["actor1"] == g["actor1"]) + (p["actor2"] == g["actor2"]))
                cands.append((-score, i, j))
    used_p, used_g, out = set(), set(), []
    for _, i, j in sorted(cands):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((preds[i], golds[j]))
    return out


def field_ok(f: str, p: dict, g: dict) -> bool:
    if f == "event_date":
        return p["event_date"] == g["event_date"] and p["time_precision"] == g["time_precision"]
    return p.get(f) == g.get(f)


def tally(results: list[tuple[dict, list[dict]]], pair_with, field_right, fields: tuple,
          set_aside=None) -> dict:
    """Event precision, recall and F1 and per-field accuracy over (gold article, candidates) pairs.

    ``pair_with(preds, golds)`` matches candidates to gold events, ``field_right(f, p, g)`` judges one
    field of a matched pair; ``set_aside(preds, pairs)``, if given, names unmatched candidates that
    count neither way (their number is reported as ``coarse``)."""
    tp = n_pred = n_gold = coarse = 0
    right = dict.fromkeys(fields, 0)
    for g, preds in results:
        pairs = pair_with(preds, g["events"])
        unscored = len(set_aside(preds, pairs)) if set_aside else 0
        coarse += unscored
        tp += len(pairs)
        n_pred += len(preds) - unscored
        n_gold += len(g["events"])
        for p, ge in pairs:
            for f in fields:
                right[f] += field_right(f, p, ge)
    prec = tp / n_pred if n_pred else 1.0
    rec = tp / n_gold if n_gold else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    out = {"articles": len(results), "gold": n_gold, "predicted": n_pred, "matched": tp, "precision": prec,
           "recall": rec, "f1": f1}
    if set_aside:
        out["coarse"] = coarse
    out["fields"] = {f: (right[f] / tp if tp else 0.0) for f in fields}
    return out


def score(results: list[tuple[dict, list[dict]]]) -> dict:
    return tally(results, pair, field_ok, FIELDS)


def line(name: str, s: dict) -> str:
    fields = " ".join(f"{f}={v:.2f}" for f, v in s["fields"].items())
    return (f"{name:<9} articles={s['articles']} gold={s['gold']} predicted={s['predicted']} matched={s['matched']} "
            f"P={s['precision']:.2f} R={s['recall']:.2f} F1={s['f1']:.2f} | {fields}")


def speed(gold: list[dict], passes: int) -> float:
    from mideast_events.extract import dates, extract_text

    for g in gold:  # warm-up: spaCy, the matchers, the tables, the gazetteer
        extract_text(g["text"], g["published"], "gold set")
    rates = []
    for _ in range(passes):
        dates._explicit.cache_clear()
        t = time.perf_counter()
        for g in gold:
            extract_text(g["text"], g["published"], "gold set")
        rates.append(len(gold) / (time.perf_counter() - t))
    return statistics.median(rates)


# ---- the real set ------------------------------------------------------------------------------

def load_real(folder: Path = REAL) -> tuple[list[dict], list[str]]:
    """The manifest's reports with their cached text; the ids whose text is not in the cache."""
    import hashlib

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    out, missing = [], []
    for r in manifest["reports"]:
        f = folder / "cache" / f"{r['id']}.txt"
        if not f.exists():
            missing.append(r["id"])
            continue
        text = f.read_text(encoding="utf-8")
        g = dict(r, text=text, changed=hashlib.sha256(text.encode()).hexdigest() != r.get("text_sha256"))
        out.append(g)
    return out, missing


def direction(sub_event_type: str | None, actor1: str | None) -> str:
    from mideast_events.extract import resources

    if sub_event_type == "Change to group/activity":
        return "statement"
    return "strike" if resources.actor_types().get(actor1 or "") in ("State forces", "External/Other forces") \
        and actor1 and "Unidentified" not in actor1 else "attack"


def sea_direction(sub_event_type: str | None, actor1: str | None) -> str:
    """The second theatre: foreign forces strike; the Houthis (state forces of Yemen's de facto
    authority) and unidentified groups attack (an interception is of their attack)."""
    from mideast_events.extract import resources

    if sub_event_type in ("Change to group/activity", "Agreement", "Headquarters or base established"):
        return "statement"
    return "strike" if resources.actor_types().get(actor1 or "") == "External/Other forces" else "attack"


def ship(target: str | None) -> str | None:
    """The ship's name: the target field up to its first comma ("Sounion, Greece-flagged ...")."""
    return target.split(",")[0].strip() if target else None


def published_of(g: dict):
    """The report's publication date; a page that gives none: as the command line does, the date read
    from the text, or None (refused)."""
    if g["published"]:
        return g["published"]
    from mideast_events.extract import datelines

    found = datelines.anchor_date(g["text"])
    return found.date if found is not None else None


def predict_real(g: dict, sea: bool = False) -> list[dict]:
    from mideast_events.extract import extract_text

    published = published_of(g)
    if published is None:
        return []
    x = extract_text(g["text"], published, g["publisher"])
    out = []
    for c in x.candidates:
        p = c.place
        out.append({"event_date": c.event_date.isoformat(), "time_precision": c.time_precision, "country": p.country,
                    "location": p.location, "latitude": p.latitude, "longitude": p.longitude,
                    "direction": (sea_direction if sea else direction)(c.sub_event_type, c.actor1),
                    "sub_event_type": c.sub_event_type, "actor1": c.actor1, "actor2": c.actor2,
                    "fatalities": c.fatalities, "injuries": c.injuries, "ship": ship(c.target),
                    "target_type": c.target_type})
    return out


def _coords(location: str | None) -> tuple | None:
    from mideast_events.extract import resources

    for r in resources.locations():
        if r["location"] == location:
            return (r["latitude"], r["longitude"])
    return None


def same_place(p: dict, g: dict) -> bool:
    if g["location"] is None:
        return True  # the report names no codable place: any place in the country
    if p["location"] == g["location"]:
        return True
    c = _coords(g["location"])
    return c is not None and p["location"] is not None and _coords(p["location"]) == c


def redsea_tables() -> bool:
    """Do the bundled actors and locations tables hold the second theatre (its sea areas, its acting group)?"""
    from mideast_events.extract import resources

    return any(r.get("location_type") == "sea area" for r in resources.locations()) and bool(resources.acting_states())


def gold_ship(g: dict) -> dict:
    return dict(g, ship=ship(g.get("target")))


def real_matches(p: dict, g: dict) -> bool:
    days = abs((dt.date.fromisoformat(p["event_date"]) - dt.date.fromisoformat(g["event_date"])).days)
    return p["country"] == g["country"] and p["direction"] == g["direction"] and days <= 1 and same_place(p, g)


def real_field_ok(f: str, p: dict, g: dict) -> bool:
    if f == "ship":
        return (p.get("ship") or "").lower() == (ship(g.get("target")) or "").lower()
    if f == "location":
        return p["location"] == g["location"] or (g["location"] is not None and same_place(p, g))
    return p.get(f) == g.get(f)


def real_pair(preds: list[dict], golds: list[dict], fields: tuple = REAL_FIELDS) -> list[tuple[dict, dict]]:
    """One-to-one pairs, as many as possible (augmenting paths), preferring pairs whose fields agree."""
    edges = {j: sorted((i for i, p in enumerate(preds) if real_matches(p, g)),
                       key=lambda i: -sum(real_field_ok(f, preds[i], g) for f in fields))
             for j, g in enumerate(golds)}
    owner: dict[int, int] = {}  # pred index -> gold index

    def augment(j: int, seen: set[int]) -> bool:
        for i in edges[j]:
            if i in seen:
                continue
            seen.add(i)
            if i not in owner or augment(owner[i], seen):
                owner[i] = j
                return True
        return False

    for j in sorted(edges, key=lambda j: len(edges[j])):
        augment(j, set())
    return [(preds[i], golds[j]) for i, j in sorted(owner.items())]


def coarse_unmatched(preds: list[dict], pairs: list[tuple[dict, dict]]) -> list[dict]:
    """Candidates dated only to a week or a month that match no gold event: the gold codes events
    the report dates to a day, so these are shown and counted apart, neither right nor wrong."""
    hit = [id(p) for p, _ in pairs]
    return [p for p in preds if id(p) not in hit and (p["time_precision"] or 1) > 1]


def real_score(results: list[tuple[dict, list[dict]]], fields: tuple = REAL_FIELDS) -> dict:
    return tally(results, lambda preds, golds: real_pair(preds, golds, fields), real_field_ok, fields,
                 set_aside=coarse_unmatched)


def real_line(name: str, s: dict) -> str:
    fields = " ".join(f"{f}={v:.2f}" for f, v in s["fields"].items())
    return (f"{name}: P={s['precision']:.2f} R={s['recall']:.2f} F1={s['f1']:.2f} | articles={s['articles']} "
            f"gold={s['gold']} predicted={s['predicted']} matched={s['matched']} week/month-dated, unscored={s['coarse']} | {fields}")


def run_real(folder: Path, misses: bool, passes: int, cli_time: bool, name: str = "real", sea: bool = False,
             tuning_only: bool = False) -> int:
    """Score one real-report set; ``name`` prefixes its lines (real_tuning, real_redsea_heldout, ...).
    With ``tuning_only`` the held-out half is not even extracted, so no figure of it is seen."""
    fields = REDSEA_FIELDS if sea else REAL_FIELDS
    if not (folder / "manifest.json").exists():
        print(f"no manifest in {folder}", file=sys.stderr)
        return 2
    reports, missing = load_real(folder)
    if not reports:
        print(f"{name} set: skipped, no cached texts in {folder / 'cache'} ({folder.name}/fetch.md says how to fill it)")
        return 0
    print(f"{name} set, {dt.date.today()}, {os.cpu_count()} cpu(s): {len(reports)} reports with text"
          + (f", {len(missing)} not in the cache ({' '.join(missing)})" if missing else ""))
    changed = [g["id"] for g in reports if g["changed"]]
    if changed:
        print(f"note: cached text differs from the one measured for the manifest: {' '.join(changed)}")
    results, failed = [], 0
    for g in reports:
        if tuning_only and g["split"] != "tuning":
            continue
        try:
            results.append((g, predict_real(g, sea)))
        except Exception as e:  # one failing article is one line; the run goes on
            failed += 1
            print(f"{g['id']}: failed: {type(e).__name__}: {e}")
    if misses:
        for g, preds in results:
            if g["split"] != "tuning":
                continue  # held-out misses are never listed: they must not shape the rules
            pairs = real_pair(preds, g["events"], fields)
            hit_g, hit_p = [id(ge) for _, ge in pairs], [id(p) for p, _ in pairs]
            for ge in g["events"]:
                if id(ge) not in hit_g:
                    print(f"{g['id']}: MISSED   {ge['event_date']} {ge['direction']} {ge['country']}/{ge['location']} {ge['actor1']} -> {ge['actor2']}")
            coarse = [id(p) for p in coarse_unmatched(preds, pairs)]
            for p in preds:
                if id(p) not in hit_p and id(p) not in coarse:
                    print(f"{g['id']}: SPURIOUS {p['event_date']} {p['direction']} {p['country']}/{p['location']} {p['actor1']} -> {p['actor2']}")
            for p, ge in pairs:
                bad = [f"{f}: {p.get(f)!r} != {gold_ship(ge).get(f)!r}" for f in fields if not real_field_ok(f, p, ge)]
                if bad:
                    print(f"{g['id']}: FIELDS   {ge['location']}: " + "; ".join(bad))
    tuning = [r for r in results if r[0]["split"] == "tuning"]
    held = [r for r in results if r[0]["split"] == "heldout"]
    print(real_line(f"{name}_tuning", real_score(tuning, fields)))
    if not tuning_only:
        print(real_line(f"{name}_heldout", real_score(held, fields)))
    if passes > 0:
        from mideast_events.extract import dates, extract_text

        texts = [(g["text"], published_of(g), g["publisher"]) for g, _ in results if published_of(g) is not None]
        rates, cpu_rates = [], []
        for _ in range(passes):
            dates._explicit.cache_clear()
            t, c = time.perf_counter(), time.process_time()
            for text, pub, who in texts:
                extract_text(text, pub, who)
            rates.append(len(texts) / (time.perf_counter() - t))
            cpu_rates.append(len(texts) / max(time.process_time() - c, 1e-9))
        # wall-clock rates swing with other jobs on a shared machine; the CPU-time rate is steadier
        print(f"speed: in-process {statistics.median(rates):.0f} articles/s wall clock, "
              f"{statistics.median(cpu_rates):.0f} articles/s of CPU time (median of {passes} passes, one core)")
    if cli_time:
        import subprocess
        import tempfile

        g = reports[0]
        with tempfile.TemporaryDirectory() as tmp:
            f = Path(tmp) / "article.txt"
            f.write_text(g["text"], encoding="utf-8")
            import resource

            env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
            walls, cpus = [], []
            for _ in range(3):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t = time.perf_counter()
                run = subprocess.run([sys.executable, "-m", "mideast_events", "extract", str(f), "--published",
                                      g["published"]], capture_output=True, text=True, env=env)
                walls.append(time.perf_counter() - t)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        print(f"speed: one article from the command line {min(walls):.2f} s wall clock (best of 3), "
              f"{statistics.median(cpus):.2f} s CPU (median), exit {run.returncode}, start-up included")
    if failed:
        print(f"{failed} article(s) failed", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(GOLD), help="the gold folder (default benchmarks/gold)")
    ap.add_argument("--split", action="store_true", help="figures for the seed, g01-g15 and g16+ separately")
    ap.add_argument("--passes", type=int, default=5, help="timed passes for the speed figure (0: skip)")
    ap.add_argument("--misses", action="store_true",
                    help="list missed and spurious events of the seed and g01-g15 (the tuning part)")
    ap.add_argument("--misses-all", action="store_true", help="the same for every article, held-out ones too")
    ap.add_argument("--real", action="store_true",
                    help="score the real reports of benchmarks/real/ (tuning and held-out halves) instead")
    ap.add_argument("--real-folder", default=str(REAL), help="the real-set folder (default benchmarks/real)")
    ap.add_argument("--no-cli-time", action="store_true", help="with --real: skip timing one article from the CLI")
    ap.add_argument("--redsea-folder", default=str(REAL_REDSEA),
                    help="the second theatre's real-set folder (default benchmarks/real_redsea), scored after the first")
    ap.add_argument("--only-redsea", action="store_true", help="with --real: score only the second theatre's set")
    ap.add_argument("--tuning-only", action="store_true",
                    help="with --real: extract and score the tuning halves only (no held-out figure is printed)")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
        except OSError:
            pass
    if args.real:
        rc = 0 if args.only_redsea else run_real(Path(args.real_folder), args.misses, args.passes,
                                                 not args.no_cli_time, tuning_only=args.tuning_only)
        sea = Path(args.redsea_folder)
        if (sea / "manifest.json").exists() and not redsea_tables():
            print("real_redsea set: skipped, the dataset's tables lack the theatre's sea areas and actors "
                  "(locations of type 'sea area', the Houthi forces)")
        elif (sea / "manifest.json").exists():
            rc = max(rc, run_real(sea, args.misses, 0, False, name="real_redsea", sea=True,
                                  tuning_only=args.tuning_only))
        return rc
    gold = load_gold(Path(args.gold))
    if not gold:
        print(f"no gold files in {args.gold}", file=sys.stderr)
        return 2
    results = [(g, predict(g)) for g in gold]
    if args.misses or args.misses_all:
        for g, preds in results:
            if part(g) == "held-out" and not args.misses_all:
                continue
            pairs = pair(preds, g["events"])
            hit_g = [id(ge) for _, ge in pairs]
            hit_p = [id(p) for p, _ in pairs]
            for ge in g["events"]:
                if id(ge) not in hit_g:
                    print(f"{g['id']}: MISSED  {ge['event_date']} {ge['sub_event_type']} {ge['location']} {ge['actor1']}")
            for p in preds:
                if id(p) not in hit_p:
                    print(f"{g['id']}: SPURIOUS {p['event_date']}/{p['time_precision']} {p['sub_event_type']} {p['location']} {p['actor1']}")
            for p, ge in pairs:
                bad = [f"{f}: {p.get(f)!r} != {ge.get(f)!r}" for f in FIELDS if not field_ok(f, p, ge)]
                if bad:
                    print(f"{g['id']}: FIELDS  {ge['location']}: " + "; ".join(bad))
    print(f"extraction benchmark, {dt.date.today()}, {os.cpu_count()} cpu(s); gold: {len(gold)} articles")
    print(line("overall", score(results)))
    if args.split:
        for name in ("seed", "tuned", "held-out"):
            sub = [r for r in results if part(r[0]) == name]
            if sub:
                print(line(name, score(sub)))
    rate = speed(gold, args.passes) if args.passes > 0 else float("nan")
    s = score(results)
    print(f"figures: F1={s['f1']:.2f} P={s['precision']:.2f} R={s['recall']:.2f} "
          f"date={s['fields']['event_date']:.2f} country={s['fields']['country']:.2f} "
          f"sub_event_type={s['fields']['sub_event_type']:.2f} fatalities={s['fields']['fatalities']:.2f} "
          f"articles/s={rate:.0f}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
