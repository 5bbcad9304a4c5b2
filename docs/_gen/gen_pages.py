"""Write every generated page of the docs site (run by mkdocs-gen-files during `mkdocs build`)."""
from __future__ import annotations

import sys
from pathlib import Path

import mkdocs_gen_files

sys.path.insert(0, str(Path(__file__).resolve().parent))  # pages.py and charts.py beside this file

import pages  # noqa: E402

DOCS = Path(__file__).resolve().parents[1]
ROOT = DOCS.parent


def write(name: str, text: str, edit: str | None = None) -> None:
    with mkdocs_gen_files.open(name, "w") as fh:
        fh.write(text)
    if edit:
        mkdocs_gen_files.set_edit_path(name, edit)


def main() -> None:
    data = pages.Data()
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")

    write("index.md", pages.home(data, changelog))
    write("quickstart.md", pages.quickstart(data))
    write("codebook.md", pages.codebook())
    write("events/index.md", pages.events_index(data))
    for eid in data.events["event_id_cnty"]:
        write(f"events/{eid}.md", pages.event_page(data, eid))
    write("map.md", pages.map_page(data))
    text, sums = pages.downloads(data)
    write("downloads.md", text)
    for p in pages.download_files():
        with mkdocs_gen_files.open(f"data/{p.name}", "wb") as fh:
            fh.write(p.read_bytes())
    write("data/SHA256SUMS", sums)
    write("methodology.md", pages.methodology(data, pages.read_tallies(pages.tallies_path(DOCS))))
    write("people.md", pages.template("people.md"))
    write("cli.md", pages.cli_reference())
    write("changelog.md", changelog, "CHANGELOG.md")

    modules = pages.api_modules()
    write("api/index.md", pages.api_index(modules))
    write("api/mideast_events.md", "# mideast_events\n\n::: mideast_events\n    options:\n      show_submodules: false\n")
    for m in modules:
        write(f"api/{m}.md", f"# {m}\n\n::: {m}\n")

    # Pages other helpers write: link them in the nav, fill in only while they do not exist.
    for name, title, what in [
        ("extraction.md", "Extraction", "How `mideast-events extract` turns an article into candidate rows."),
        ("performance.md", "Performance", "How fast loading and validation are, measured by the benchmarks/ scripts."),
        ("ucdp.md", "UCDP mapping", "How this dataset's rows map to UCDP GED fields."),
    ]:
        if not (DOCS / name).exists():
            write(name, pages.placeholder(title, what + " This page is being written."))


main()
