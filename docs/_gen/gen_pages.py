"""Every generated page and file of the docs site, as a MkDocs hook (mkdocs.yml `hooks:`).

`on_files` adds the pages in memory before MkDocs reads them: plain Python, no plugin, nothing
written into docs/. Generated pages that are deliberately outside the nav (one page per event, one
per API module) are named in mkdocs.yml `not_in_nav`.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent))  # pages.py and charts.py beside this file

import pages  # noqa: E402

DOCS = Path(__file__).resolve().parents[1]
ROOT = DOCS.parent


def generate() -> dict[str, str | bytes]:
    """Site path -> content of every generated file."""
    out: dict[str, str | bytes] = {}
    data = pages.Data()
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")

    out["index.md"] = pages.home(data, changelog)
    out["quickstart.md"] = pages.quickstart(data)
    out["codebook.md"] = pages.codebook()
    out["events/index.md"] = pages.events_index(data)
    for eid in data.events["event_id_cnty"]:
        out[f"events/{eid}.md"] = pages.event_page(data, eid)
    out["map.md"] = pages.map_page(data)
    out["bases.md"] = pages.bases_page(data)
    out["cite.md"] = pages.cite_page(data)
    out["CITATION.cff"] = (ROOT / "CITATION.cff").read_bytes()
    files = pages.download_files()
    for p in files:
        out[f"data/{p.name}"] = p.read_bytes()
    archive_name, archive = pages.archive(data, files)
    out[f"data/{archive_name}"] = archive
    text, sums = pages.downloads(data, archive_name, archive)
    out["downloads.md"] = text
    out["data/SHA256SUMS"] = sums
    out["methodology.md"] = pages.methodology(data, pages.read_tallies(pages.tallies_path(DOCS)))
    out["people.md"] = pages.template("people.md")
    out["cli.md"] = pages.cli_reference()
    out["changelog.md"] = changelog

    modules = pages.api_modules()
    out["api/index.md"] = pages.api_index(modules)
    out["api/mideast_events.md"] = "# mideast_events\n\n::: mideast_events\n    options:\n      show_submodules: false\n"
    for m in modules:
        out[f"api/{m}.md"] = f"# {m}\n\n::: {m}\n"

    # Pages other helpers write: linked in the nav, filled in only while they do not exist.
    for name, title, what in [
        ("extraction.md", "Extraction", "How `mideast-events extract` turns an article into candidate rows."),
        ("performance.md", "Performance", "How fast loading and validation are, measured by the benchmarks/ scripts."),
        ("ucdp.md", "UCDP mapping", "How this dataset's rows map to UCDP GED fields."),
    ]:
        if not (DOCS / name).exists():
            out[name] = pages.placeholder(title, what + " This page is being written.")
    return out


def on_files(files: Files, config) -> Files:
    for name, content in generate().items():
        if files.get_file_from_path(name) is not None:
            files.remove(files.get_file_from_path(name))
        files.append(File.generated(config, name, content=content))
    return files


def on_post_page(output: str, page, config) -> str:
    """Every page's footer links the repository and the issue tracker named in pyproject.toml
    ([project.urls]), or the Cite page's note on where to report a problem while there are none."""
    prefix = "../" * page.url.count("/") if config.get("use_directory_urls", True) else ""
    marker = '<div class="md-copyright">'
    return output.replace(marker, marker + pages.footer_links(prefix), 1)
