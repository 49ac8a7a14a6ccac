"""What notebooks write into a report: the tables behind charts, and the charts.

:func:`save_table` and :func:`save_figure` are called inside notebooks; they write only
below ``output_dir`` (set by the report runner; empty in JupyterLab, where they write
nothing).  :func:`make_csv_safe` is the runner's ``--safe-csv``.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import os
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import invalid_value

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}$")


def _output_file(output_dir: str | os.PathLike[str], folder: str, name: str, suffix: str) -> Path:
    if not _SAFE_NAME.match(name) or ".." in name:
        raise invalid_value("name", name, "letters, digits, '_', '-' or '.', no path")
    target = Path(output_dir) / folder
    target.mkdir(parents=True, exist_ok=True)
    return target / f"{name}{suffix}"


def save_table(table: pd.DataFrame, name: str, output_dir: str | os.PathLike[str]) -> None:
    """Write the table behind a chart to ``output_dir/tables/NAME.csv``.

    Does nothing when ``output_dir`` is empty (an exploratory run in JupyterLab).  The CSV is
    written deterministically: no index, ``\\n`` line endings, floats to 10 significant digits.

    Args:
        table: The table to write.
        name: File name without extension (letters, digits, ``_``, ``-``, ``.``).
        output_dir: The report folder; ``""`` to skip writing.
    """
    if not output_dir:
        return
    path = _output_file(output_dir, "tables", name, ".csv")
    _floats_as_text(table).to_csv(path, index=False, lineterminator="\n")


#: How a table's floats are written: 10 significant digits, as ``"%.10g"`` writes them.
FLOAT_FORMAT = "%.10g"


def _floats_as_text(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with its float columns written out as ``to_csv(float_format=FLOAT_FORMAT)``
    writes them (missing values empty), byte for byte, in one pass over each column's
    values; pandas makes several Python calls per value: writing the 46 tables of a BBC
    report took 1.4-2.1 s that way, 1.2-1.7 s this way."""
    floats = [pd.api.types.is_float_dtype(dtype) for dtype in table.dtypes]
    if not any(floats):
        return table
    columns = {}
    for i, is_float in enumerate(floats):
        column = table.iloc[:, i]
        if is_float:
            values = column.to_numpy(dtype=float, na_value=np.nan).tolist()
            text = [FLOAT_FORMAT % v if v == v else "" for v in values]
            columns[i] = pd.Series(text, dtype=object)
        else:
            columns[i] = column.reset_index(drop=True)
    out = pd.DataFrame(columns)
    out.columns = table.columns
    return out


class Chart:
    """A chart rendered once, as PNG: shown where its cell runs (in JupyterLab and in every
    exported page) from the same bytes that are saved, with its title as alt text and an
    anchor (``chart-NAME``) the report's front page links to."""

    def __init__(self, png: bytes, title: str, name: str = "", *, description: str = "") -> None:
        self.png = png
        self.title = title
        self.name = name
        self.description = description  # what the title does not say (the alt text adds it)

    def _repr_png_(self) -> bytes:
        return self.png

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        anchor = f' id="chart-{html.escape(self.name)}"' if self.name else ""
        alt = f"{self.title}: {self.description}" if self.description else self.title
        return (
            f'<figure class="chart"{anchor}><img src="data:image/png;base64,{data}" '
            f'alt="{html.escape(alt)}"></figure>'
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        data = {
            "text/html": self._repr_html_(),
            "image/png": self.png,
            "text/plain": f"[chart: {self.title}]",
        }
        return data, {"analysis": {"kind": "chart", "name": self.name, "title": self.title}}


def save_figure(fig: Any, name: str, output_dir: str | os.PathLike[str]) -> Chart:
    """Render a matplotlib figure once, write it to ``output_dir/figures/NAME.png`` (no
    time metadata, so identical runs give identical files) and return it for display.

    With ``output_dir`` empty (exploring in JupyterLab) nothing is written.

    Returns:
        A :class:`Chart`: the last expression of a cell, it shows the figure.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    png = buffer.getvalue()
    if output_dir:
        _output_file(output_dir, "figures", name, ".png").write_bytes(png)
    described = getattr(fig, "analysis_description", "")  # set by analysis.plots
    return Chart(png, fig.get_label() or name, name, description=described)


#: First characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection).
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def make_csv_safe(path: Path) -> int:
    """Prefix every text cell of a CSV that a spreadsheet would run as a formula with ``'``.

    Numbers such as ``-0.5`` are left alone.  Returns the number of cells changed.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    changed = 0
    for row in rows:
        for i, cell in enumerate(row):
            if cell.startswith(FORMULA_STARTS) and not _is_number(cell):
                row[i] = "'" + cell
                changed += 1
    if changed:
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    return changed


#: How to open the tables in a spreadsheet without running article text as a formula.
SPREADSHEET_NOTE = (
    "The tables are UTF-8 CSV files holding every value as the analysis made it. Article "
    "text that starts with =, +, - or @ could run as a formula in a spreadsheet: import the "
    "files as text (in Excel: Data, From Text/CSV, column type Text; in LibreOffice: mark the "
    "columns as Text), or render the report again with --safe-csv, which puts ' before such "
    "cells."
)
