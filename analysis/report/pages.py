"""The report's pages: each executed notebook as HTML, and the index page.

Notebooks are exported with nbconvert (code hidden unless asked: papermill's report mode
does not reach static HTML, papermill #130); every value from the corpus or the parameters
is escaped.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.report.saving import SPREADSHEET_NOTE


def export_html(nb: Any, target: Path, *, include_code: bool) -> None:
    """Export an executed notebook to standalone HTML (code hidden unless asked).

    nbconvert escapes text outputs, and pandas escapes table cells, so article text shows
    as text.  papermill's ``report_mode`` does not reach static HTML (papermill #130), so
    code is hidden here with nbconvert's own options.
    """
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        exclude_input=not include_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    target.write_text(body, encoding="utf-8")


def write_index(out: Path, manifest: Mapping[str, Any], summary: Mapping[str, Any]) -> None:
    """Write ``index.html``: corpus summary, links to each notebook, tables and figures.

    Every value that comes from the corpus or the parameters is escaped.
    """
    esc = html.escape
    rows = "".join(
        f"<tr><th>{esc(str(k))}</th><td>{esc(str(v))}</td></tr>" for k, v in summary.items()
    )
    notebooks = "".join(
        f'<li><a href="{esc(nb["html"])}">{esc(nb["name"])}</a> '
        f'(<a href="{esc(nb["notebook"])}">notebook</a>)</li>'
        for nb in manifest["notebooks"]
    )
    tables = "".join(
        f'<li><a href="tables/{esc(p.name)}">{esc(p.name)}</a></li>'
        for p in sorted((out / "tables").glob("*.csv"))
    )
    figures = "".join(
        f'<li><a href="figures/{esc(p.name)}">{esc(p.name)}</a></li>'
        for p in sorted((out / "figures").glob("*.png"))
    )
    params = esc(json.dumps(manifest["parameters"], indent=2, sort_keys=True))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Report: {esc(manifest["name"])}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse}}th,td{{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}}
</style></head><body>
<h1>Report: {esc(manifest["name"])}</h1>
<p>Corpus: <code>{esc(manifest["corpus"])}</code></p>
<h2>Corpus</h2><table>{rows}</table>
<h2>Notebooks</h2><ol>{notebooks}</ol>
<h2>Tables</h2><ul>{tables}</ul>
<p>{esc(SPREADSHEET_NOTE)}</p>
<h2>Figures</h2><ul>{figures}</ul>
<h2>Parameters</h2><pre>{params}</pre>
<p>Inputs, versions and timings: <a href="manifest.json">manifest.json</a></p>
</body></html>
"""
    (out / "index.html").write_text(page, encoding="utf-8")


def corpus_summary(documents: pd.DataFrame, totals: pd.DataFrame) -> dict[str, Any]:
    """A few numbers that describe the corpus, for the index page, from the extract."""
    row = totals.iloc[0]
    return {
        "documents": len(documents),
        "groups": ", ".join(sorted(documents["group"].astype(str).unique())),
        "characters": int(row["chars"]),
        "sentences": int(row["sentences"]),
        "duplicates": int(documents["duplicate_of"].notna().sum()),
        "empty documents": int((documents["n_tokens"] == 0).sum()),
    }
