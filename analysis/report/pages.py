"""The report's pages: each executed notebook as a page, and the front page.

A page is the notebook's cells as nbconvert's ``basic`` template writes them (markdown as
HTML, outputs as they are, code hidden unless asked), inside a shell of our own: a real
``<title>``, links to the front page and to the previous and next pages, inline CSS and a
small inline script that makes tables sortable and searchable.  Nothing is fetched from
another host, so a page opens offline; nothing depends on the time of the run, so identical
runs give identical pages.  What a kernel wrote to stderr (a library's warning) never reaches
a page: it is kept in the manifest.  Every value from the corpus or the parameters is escaped.

The front page (``index.html``) is built from what the pages showed: their findings, the
thumbnails of their charts, their tables with a line on each, the notes on the corpus, the
parameters and the provenance.
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.report.saving import SPREADSHEET_NOTE
from analysis.style import TABLE_CSS

CSS = (
    """
:root{--ink:#1f2933;--grey:#616e7c;--light:#e4e7eb;--accent:#0072B2;--paper:#fff;--tint:#f5f7fa}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);background:var(--paper);
font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:64rem;margin:0 auto;padding:1rem 1.25rem 3rem}
nav.top{position:sticky;top:0;z-index:2;background:var(--ink);color:#fff;padding:.5rem 1.25rem;
display:flex;gap:1.2rem;flex-wrap:wrap;font-size:14px}
nav.top a{color:#fff;text-decoration:none}nav.top a:hover{text-decoration:underline}
nav.top .home{font-weight:600;margin-right:auto}
h1{font-size:1.9rem;line-height:1.2;margin:1.2rem 0 .6rem}
h2{font-size:1.3rem;margin:2rem 0 .4rem;border-bottom:1px solid var(--light);padding-bottom:.2rem}
a{color:var(--accent)}
code{font-size:.9em;background:var(--tint);padding:0 .2em;border-radius:3px}
.findings{background:#eef6fb;border-left:4px solid var(--accent);padding:.4rem 1rem;margin:1rem 0}
.findings h2,.notes h2{font-size:1rem;border:0;margin:.5rem 0 .2rem}
.findings ul,.notes ul{margin:.2rem 0 .6rem;padding-left:1.2rem}
.notes{background:#fff8e6;border-left:4px solid #E69F00;padding:.3rem 1rem;margin:1rem 0;
font-size:14px}
.notes-none{background:var(--tint);border-left-color:var(--light);color:var(--grey)}
figure.chart{margin:1rem 0}figure.chart img{max-width:100%;height:auto;display:block}
footer{max-width:64rem;margin:0 auto;padding:1rem 1.25rem 2rem;color:var(--grey);font-size:13px;
border-top:1px solid var(--light)}
.jp-InputArea,.jp-InputPrompt,.jp-OutputPrompt{display:none}
.show-code .jp-InputArea{display:block}
a.anchor-link{visibility:hidden;text-decoration:none;margin-left:.3rem;color:var(--light)}
h1:hover a.anchor-link,h2:hover a.anchor-link,h3:hover a.anchor-link{visibility:visible}
pre{background:var(--tint);padding:.5rem;overflow-x:auto;font-size:13px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:.8rem}
.thumb{display:block;border:1px solid var(--light);border-radius:4px;padding:.3rem;
text-decoration:none;
color:var(--ink);font-size:13px}
.thumb img{width:100%;height:9rem;object-fit:contain;object-position:center}
.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}
.card{border:1px solid var(--light);border-radius:6px;padding:.45rem .9rem;min-width:8.5rem}
.card .value{display:block;font-size:1.45rem;font-weight:600;font-variant-numeric:tabular-nums}
.card .key{display:block;color:var(--grey);font-size:13px}
.facts th{text-align:left;padding:.2rem .8rem .2rem 0;font-weight:500;color:var(--grey)}
.facts td{text-align:right;font-variant-numeric:tabular-nums}
.page-list{padding-left:1.2rem}.page-list li{margin:.8rem 0}
"""
    + TABLE_CSS
)

#: Sorts a table by the header clicked (numbers by their raw value), and gives tables of more
#: than 10 rows a box that filters rows by what they contain.
TABLE_SCRIPT = """
document.querySelectorAll("table.data").forEach(function (table) {
  var body = table.tBodies[0]; if (!body) return;
  var rows = Array.prototype.slice.call(body.rows);
  table.querySelectorAll("th").forEach(function (th, col) {
    th.title = "Sort by this column";
    th.addEventListener("click", function () {
      var up = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      var key = function (row) {
        var cell = row.cells[col], value = cell.getAttribute("data-value");
        return value === null ? cell.textContent.toLowerCase() : parseFloat(value);
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1);
      }).forEach(function (row) { body.appendChild(row); });
    });
  });
  if (rows.length > 10) {
    var box = document.createElement("input");
    box.type = "search"; box.className = "filter"; box.placeholder = "Filter these rows";
    box.setAttribute("aria-label", "Filter the rows of this table");
    box.addEventListener("input", function () {
      var q = box.value.toLowerCase();
      rows.forEach(function (row) {
        row.style.display = row.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none";
      });
    });
    table.parentNode.insertBefore(box, table);
  }
});
"""


@dataclass
class PageInfo:
    """What one page showed: collected from its outputs for the front page."""

    name: str
    title: str
    findings: list[str] = field(default_factory=list)
    charts: list[dict[str, str]] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)


def notebook_title(path: Path) -> str:
    """The first heading of a notebook's first markdown cell (``01 · Corpus overview``)."""
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            source = "".join(cell.get("source", []))
            match = re.search(r"^#\s+(.+)$", source, re.M)
            if match:
                return match.group(1).strip()
    return path.stem.replace("_", " ")


#: An ipywidgets view: a page has no kernel to draw it, so the HTML beside it is shown.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def collect(nb: Any, name: str, title: str) -> PageInfo:
    """Read what a page shows from its outputs' metadata, and take stderr and widget views
    off it (an explorer's own HTML view stays)."""
    info = PageInfo(name=name, title=title)
    for cell in nb.cells:
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                info.stderr.append(str(output.get("text", "")))
                continue
            data = output.get("data")
            if isinstance(data, Mapping) and WIDGET_VIEW in data and len(data) > 1:
                output["data"] = {k: v for k, v in data.items() if k != WIDGET_VIEW}
            meta = (output.get("metadata") or {}).get("analysis")
            if isinstance(meta, Mapping):
                kind = meta.get("kind")
                if kind == "findings":
                    info.findings = [str(line) for line in meta.get("lines", [])]
                elif kind == "chart" and meta.get("name"):
                    info.charts.append({"name": str(meta["name"]), "title": str(meta["title"])})
                elif kind == "table" and meta.get("name"):
                    info.tables.append(dict(meta))
                elif kind == "notes":
                    info.notes = list(meta.get("records", []))
            kept.append(output)
        if "outputs" in cell:
            cell["outputs"] = kept
    return info


#: nbconvert's exporters, one per ``include_code``, kept for the process: a new exporter
#: compiles its Jinja templates again (0.15 s a page); an exporter is not made to be used
#: by two threads at once (it registers filters for each notebook), hence the lock.
_EXPORTERS: dict[bool, Any] = {}
_EXPORTERS_LOCK = threading.Lock()


def _body(nb: Any, *, include_code: bool) -> str:
    from nbconvert import HTMLExporter

    with _EXPORTERS_LOCK:
        exporter = _EXPORTERS.get(include_code)
        if exporter is None:
            exporter = _EXPORTERS[include_code] = HTMLExporter(
                template_name="basic",
                exclude_input=not include_code,
                exclude_input_prompt=True,
                exclude_output_prompt=True,
            )
        body, _ = exporter.from_notebook_node(nb)
    return body


def _code_css() -> str:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(style="default").get_style_defs(".highlight")


def page(
    nb: Any,
    target: Path,
    *,
    info: PageInfo,
    report_name: str,
    neighbours: tuple[tuple[str, str] | None, tuple[str, str] | None],
    footer: str,
    include_code: bool,
) -> None:
    """Write one notebook's page: its cells inside the report's shell."""
    esc = html.escape
    body = _body(nb, include_code=include_code)
    before, after = neighbours
    links = [f'<a class="home" href="index.html">Report: {esc(report_name)}</a>']
    if before:
        links.append(f'<a href="{esc(before[0])}.html">← {esc(before[1])}</a>')
    if after:
        links.append(f'<a href="{esc(after[0])}.html">{esc(after[1])} →</a>')
    css = CSS + (_code_css() if include_code else "")
    text = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(info.title)} · Report: {esc(report_name)}</title>
<style>{css}</style></head>
<body{' class="show-code"' if include_code else ""}>
<nav class="top">{" ".join(links)}</nav>
<main>
{body}
</main>
<footer>{esc(footer)}</footer>
<script>{TABLE_SCRIPT}</script>
</body></html>
"""
    target.write_text(text, encoding="utf-8")


def _fact_rows(facts: Mapping[str, Any]) -> str:
    esc = html.escape
    rows = []
    for key, value in facts.items():
        shown = f"{value:,}" if isinstance(value, int) else str(value)
        rows.append(f"<tr><th>{esc(key)}</th><td>{esc(shown)}</td></tr>")
    return "".join(rows)


def _fact_cards(facts: Mapping[str, Any]) -> str:
    esc = html.escape
    cards = []
    for key, value in facts.items():
        shown = f"{value:,}" if isinstance(value, int) else str(value)
        cards.append(
            f'<div class="card"><span class="value">{esc(shown)}</span>'
            f'<span class="key">{esc(key)}</span></div>'
        )
    return f'<div class="cards">{"".join(cards)}</div>'


def write_index(
    out: Path,
    *,
    report_name: str,
    corpus: str,
    facts: Mapping[str, Any],
    pages: Sequence[PageInfo],
    notes: Sequence[Mapping[str, Any]],
    parameters: Mapping[str, Any],
    provenance: Mapping[str, Any],
) -> None:
    """Write the front page: facts, findings of each page, chart thumbnails, tables,
    notes, parameters and provenance."""
    esc = html.escape
    notes_html = (
        '<aside class="notes"><h2>Notes on this corpus</h2><ul>'
        + "".join(f"<li>{esc(str(n['text']))}</li>" for n in notes)
        + "</ul></aside>"
        if notes
        else '<aside class="notes notes-none"><p>Nothing odd was found in this corpus.</p></aside>'
    )
    sections = []
    for info in pages:
        findings = "".join(f"<li>{esc(line)}</li>" for line in info.findings)
        thumbs = "".join(
            f'<a class="thumb" href="{esc(info.name)}.html#chart-{esc(c["name"])}">'
            f'<img src="figures/{esc(c["name"])}.png" alt="{esc(c["title"])}" loading="lazy">'
            f"{esc(c['title'])}</a>"
            for c in info.charts
        )
        sections.append(
            f'<li><a href="{esc(info.name)}.html"><strong>{esc(info.title)}</strong></a>'
            + (f"<ul>{findings}</ul>" if findings else "")
            + (f'<div class="grid">{thumbs}</div>' if thumbs else "")
            + "</li>"
        )
    table_rows = []
    for info in pages:
        for table in info.tables:
            name = str(table["name"])
            columns = ", ".join(str(c) for c in table.get("columns", []))
            about = str(table.get("about") or "")
            table_rows.append(
                f'<tr><td><a href="tables/{esc(name)}.csv">{esc(name)}.csv</a></td>'
                f'<td class="num" data-value="{int(table.get("rows", 0))}">'
                f"{int(table.get('rows', 0)):,}</td>"
                f"<td>{esc(about)}</td><td>{esc(columns)}</td></tr>"
            )
    params = esc(json.dumps(dict(parameters), indent=2, sort_keys=True))
    text = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Report: {esc(report_name)}</title>
<style>{CSS}</style></head>
<body>
<nav class="top"><a class="home" href="index.html">Report: {esc(report_name)}</a>
{" ".join(f'<a href="{esc(p.name)}.html">{esc(p.title)}</a>' for p in pages)}</nav>
<main>
<h1>Report: {esc(report_name)}</h1>
<p>Corpus: <code>{esc(corpus)}</code></p>
{_fact_cards(facts)}
{notes_html}
<h2>What each page found</h2>
<ol class="page-list">{"".join(sections)}</ol>
<h2>Tables</h2>
<p class="caption">Every table behind a chart or a list, whole, with the raw numbers.
{esc(SPREADSHEET_NOTE)}</p>
<div class="table-wrap"><table class="data"><thead><tr><th>File</th><th class="num">Rows</th>
<th>What a row is</th><th>Columns</th></tr></thead>
<tbody>{"".join(table_rows)}</tbody></table></div>
<h2>Parameters</h2>
<pre>{params}</pre>
<h2>Provenance</h2>
<table class="facts">{_fact_rows(provenance)}</table>
<p>Input files with their sha256, package versions and timings:
<a href="manifest.json">manifest.json</a></p>
</main>
<footer>Made by the news analysis workbook.</footer>
<script>{TABLE_SCRIPT}</script>
</body></html>
"""
    (out / "index.html").write_text(text, encoding="utf-8")


def corpus_facts(documents: Any, totals: Any) -> dict[str, Any]:
    """Facts about the corpus for the front page, from the extract."""
    row = totals.iloc[0]
    facts: dict[str, Any] = {
        "documents": len(documents),
        "words": int(row["words"]),
        "sentences": int(row["sentences"]),
        "characters": int(row["chars"]),
    }
    groups = documents["group"].nunique() if "group" in documents else 0  # missing: no group
    if groups > 1:
        facts["groups"] = groups
    facts["word-for-word repeats"] = int(documents["duplicate_of"].notna().sum())
    facts["empty documents"] = int((documents["n_tokens"] == 0).sum())
    return facts
