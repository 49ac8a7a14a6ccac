"""Every path the workbook uses, defined once.

The project root is found from this file, so nothing depends on the working directory.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR: Path = Path(__file__).resolve().parent
PROJ_ROOT: Path = PACKAGE_DIR.parent
SEEDS_DIR: Path = PROJ_ROOT / "seeds"
NOTEBOOKS_DIR: Path = PROJ_ROOT / "notebooks"
REPORTS_DIR: Path = PROJ_ROOT / "reports"
PACKAGE_DATA_DIR: Path = PACKAGE_DIR / "data"

#: Text file endings read from a folder.
TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".md")
#: Table file endings read as one document per row.
TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")
