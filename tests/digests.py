"""Row digests of tables: equality, row for row, without storing article text in the repo.

A table becomes its column names and one short hash per row (of the row as a CSV line), so a
test can compare today's tables with pinned ones made by an earlier commit and say which
rows differ.  The BBC articles may not be copied into this repository; their digests may.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd

BEFORE = Path(__file__).resolve().parent / "data" / "before"
#: Digests of the report tables issue 16 changed on purpose (sorted, whole, body sentences).
ISSUE16 = BEFORE.parent / "issue16"
#: Columns left out of digests: machine-specific (absolute paths).
SKIP_COLUMNS = frozenset({"path"})


def _lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n") if text else []


def _hash(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()[:16]


def frame_digest(frame: pd.DataFrame) -> dict[str, Any]:
    """Column names and a hash per row of ``frame`` (floats to 12 significant digits)."""
    frame = frame[[c for c in frame.columns if c not in SKIP_COLUMNS]]
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n", float_format="%.12g")
    header, *rows = _lines(buffer.getvalue()) or [""]
    return {"columns": header.split(","), "rows": [_hash(r) for r in rows]}


def csv_digest(path: Path, columns: list[str] | None = None) -> dict[str, Any]:
    """Column names and a hash per line of a saved CSV table.

    With ``columns`` (the same names in another order, or some of a table's columns), the
    fields are put in that order first and the others left out, so a table whose columns
    were reordered, or that gained columns (issue 32: ``04_actor_sentiment``'s
    ``target_mean``), compares its pinned columns row for row with the one before.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        return {"columns": [], "rows": []}
    header, body = rows[0], rows[1:]
    if columns is not None and set(columns) <= set(header) and header != columns:
        where = [header.index(c) for c in columns]
        header, body = list(columns), [[row[i] for i in where] for row in body]
    lines = []
    for row in body:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(row)
        lines.append(buffer.getvalue()[:-1])
    return {"columns": header, "rows": [_hash(line) for line in lines]}


def load(name: str, folder: Path = BEFORE) -> dict[str, Any]:
    return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))


def differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """What differs between two digests of one table, in words (empty when equal)."""
    out = []
    if expected["columns"] != actual["columns"]:
        out.append(f"columns {expected['columns']} != {actual['columns']}")
    a, b = expected["rows"], actual["rows"]
    if len(a) != len(b):
        out.append(f"{len(a)} rows before, {len(b)} now")
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
    if diff:
        out.append(f"{len(diff)} rows differ, first at row {diff[0]}")
    return out
