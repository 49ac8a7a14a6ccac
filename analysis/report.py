"""Reports: run the notebooks with papermill and write a complete, self-describing folder.

This module has two halves:

* helpers called *inside* notebooks: :func:`check_parameters` (validates the tagged
  ``parameters`` cell), :func:`save_table` and :func:`save_figure` (write what a chart shows);
* the runner, :func:`run_report`, behind ``analysis report`` and ``make report``.

The runner validates every parameter against the notebooks' ``parameters`` cells before
running anything, runs each notebook on this project's own Python through a temporary
kernelspec (so a user's other Jupyter kernels are never picked up), with a fixed hash seed
and an execution timeout, exports HTML with nbconvert, and writes ``index.html`` and
``manifest.json``.  Everything is written to a hidden temporary folder that replaces the
previous report only when complete; a failed run leaves the previous report untouched and
puts the failed notebook, with its error visible, in ``reports/NAME.failed/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import importlib.metadata
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.config import NOTEBOOKS_DIR, PROJ_ROOT, REPORTS_DIR, SEEDS_DIR
from analysis.errors import ParameterError, ReportError, check_int, invalid_value
from analysis.outputs import check_output_folder, disk_error, keep_failed, output_folder
from analysis.parameters import (
    PARAMETERS,
    RUNNER_PARAMETERS,
    coerce_parameter,
    resolve_path,
)

KERNEL_NAME = "news-analysis-workbook"
#: Fields of manifest.json that change from run to run (everything else is reproducible).
TIME_FIELDS: frozenset[str] = frozenset({"started", "finished", "seconds", "total_seconds"})
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}$")
_PACKAGES = (
    "news-analysis-workbook",
    "pandas",
    "numpy",
    "scikit-learn",
    "nltk",
    "vaderSentiment",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
)


# --- inside notebooks --------------------------------------------------------------------
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
    table.to_csv(path, index=False, lineterminator="\n", float_format="%.10g")


def save_figure(fig: Any, name: str, output_dir: str | os.PathLike[str]) -> None:
    """Write a matplotlib figure to ``output_dir/figures/NAME.png`` without time metadata.

    Does nothing when ``output_dir`` is empty.
    """
    if not output_dir:
        return
    path = _output_file(output_dir, "figures", name, ".png")
    fig.savefig(path, dpi=100, bbox_inches="tight", metadata={"Software": None})


# --- the runner --------------------------------------------------------------------------
@dataclass(frozen=True)
class NotebookSpec:
    """One notebook of the report and the parameters its ``parameters`` cell declares."""

    path: Path
    parameters: dict[str, dict[str, Any]]

    @property
    def name(self) -> str:
        return self.path.stem


def available_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The numbered notebooks (``NN_name.ipynb``) in ``folder``, in order."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def notebook_spec(path: Path) -> NotebookSpec:
    """Read the parameters a notebook declares in its cell tagged ``parameters``."""
    import nbformat
    from papermill.inspection import inspect_notebook

    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        raise ReportError(f"{path}: needs exactly one cell tagged 'parameters', has {len(tagged)}")
    return NotebookSpec(path=path, parameters=inspect_notebook(str(path)))


def select_notebooks(selection: str | Sequence[str] | None) -> list[NotebookSpec]:
    """Pick notebooks by number prefix (``"01,03"``) or name; all of them by default."""
    paths = available_notebooks()
    if not paths:
        raise ReportError(f"{NOTEBOOKS_DIR}: no numbered notebooks found")
    if selection:
        wanted = selection.split(",") if isinstance(selection, str) else list(selection)
        chosen = []
        for item in (w.strip() for w in wanted if w.strip()):
            match = [p for p in paths if p.stem == item or p.stem.split("_", 1)[0] == item]
            if not match:
                raise invalid_value("notebooks", item, [p.stem.split("_", 1)[0] for p in paths])
            chosen.extend(m for m in match if m not in chosen)
        paths = chosen
    return [notebook_spec(p) for p in paths]


@contextlib.contextmanager
def project_kernel() -> Iterator[str]:
    """A kernelspec that runs this interpreter, with a fixed hash seed, for papermill.

    It lives in a temporary folder put first on ``JUPYTER_PATH``, so kernels the user has
    installed elsewhere (another virtualenv's ``python3``) are never picked (papermill #251).
    """
    with tempfile.TemporaryDirectory(prefix="analysis-kernel-") as root:
        spec_dir = Path(root) / "kernels" / KERNEL_NAME
        spec_dir.mkdir(parents=True)
        spec = {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "News analysis workbook",
            "language": "python",
            "env": {"PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"},
        }
        (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
        old = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = root + (os.pathsep + old if old else "")
        try:
            yield KERNEL_NAME
        finally:
            if old is None:
                os.environ.pop("JUPYTER_PATH", None)
            else:
                os.environ["JUPYTER_PATH"] = old


def export_html(notebook: Path, target: Path, *, include_code: bool) -> None:
    """Export an executed notebook to standalone HTML (code hidden unless asked).

    nbconvert escapes text outputs, and pandas escapes table cells, so article text shows
    as text.  papermill's ``report_mode`` does not reach static HTML (papermill #130), so
    code is hidden here with nbconvert's own options.
    """
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(notebook, as_version=4)
    exporter = HTMLExporter(
        exclude_input=not include_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    target.write_text(body, encoding="utf-8")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(corpus: Path) -> list[dict[str, Any]]:
    """Every input file of a corpus with its size and sha256, paths relative to the corpus."""
    from analysis.corpus import text_files

    files = text_files(corpus) if corpus.is_dir() else [corpus]
    base = corpus if corpus.is_dir() else corpus.parent
    return [
        {"path": f.relative_to(base).as_posix(), "bytes": f.stat().st_size, "sha256": _sha256(f)}
        for f in files
    ]


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(PROJ_ROOT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in _PACKAGES:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions[package] = importlib.metadata.version(package)
    return versions


def _display_path(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return path.resolve().relative_to(PROJ_ROOT).as_posix()
    return str(path)


#: How to open the tables in a spreadsheet without running article text as a formula.
SPREADSHEET_NOTE = (
    "The tables are UTF-8 CSV files holding every value as the analysis made it. Article "
    "text that starts with =, +, - or @ could run as a formula in a spreadsheet: import the "
    "files as text (in Excel: Data, From Text/CSV, column type Text; in LibreOffice: mark the "
    "columns as Text), or render the report again with --safe-csv, which puts ' before such "
    "cells."
)


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


def corpus_summary(docs: pd.DataFrame) -> dict[str, Any]:
    """A few numbers that describe the corpus, for the index page."""
    from analysis.text import sentences

    return {
        "documents": len(docs),
        "groups": ", ".join(sorted(docs["group"].astype(str).unique())),
        "characters": int(docs["n_chars"].sum()),
        "sentences": len(sentences(docs)),
        "duplicates": int(docs["duplicate_of"].notna().sum()),
        "empty documents": int((docs["text"].str.strip() == "").sum()),
    }


def resolve_parameters(
    specs: Sequence[NotebookSpec], params: Mapping[str, Any], *, base: Path
) -> dict[str, dict[str, Any]]:
    """Check ``params`` against the notebooks' declared parameters before anything runs.

    Args:
        specs: The notebooks to run.
        params: Parameter values (strings from ``-p`` are converted to the declared type).
        base: The folder relative paths are resolved from (where the command started).

    Returns:
        For each notebook name, the parameters it declares among ``params``, converted to
        their types, path parameters made absolute.

    Raises:
        ParameterError: an unknown name (declared by none of the notebooks), a value that
            does not fit its type or range, or a path parameter whose path does not exist.
    """
    declared: dict[str, str] = {}
    for spec in specs:
        for name, info in spec.parameters.items():
            declared.setdefault(name, info.get("inferred_type_name") or "None")
    for name in params:
        if name in RUNNER_PARAMETERS:
            raise ParameterError(f"parameter {name!r} is set by the report runner, not by users")
        if name not in declared:
            raise ParameterError(
                f"unknown parameter {name!r}; the selected notebooks take "
                f"{', '.join(sorted(set(declared) - RUNNER_PARAMETERS))}"
            )
    typed = {name: coerce_parameter(name, raw, declared[name]) for name, raw in params.items()}
    for name, value in typed.items():
        rule = PARAMETERS.get(name)
        if rule is not None and rule.path and value:
            typed[name] = str(resolve_path(value, name=name, base=base))
    return {spec.name: {k: v for k, v in typed.items() if k in spec.parameters} for spec in specs}


def _start_kernel(kernel_name: str, cwd: Path) -> Any:
    """A kernel of the project's kernelspec, started in ``cwd``, in its own session, with
    its own output discarded (what it prints for the user arrives as cell outputs)."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel(cwd=str(cwd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return km


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
    import csv

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


def run_report(
    *,
    corpus: str | os.PathLike[str] | None = None,
    notebooks: str | Sequence[str] | None = None,
    out: str | os.PathLike[str] | None = None,
    params: Mapping[str, Any] | None = None,
    include_code: bool = False,
    timeout: int = 600,
    safe_csv: bool = False,
    progress: bool = False,
    log: Callable[[str], None] | None = None,
) -> Path:
    """Run notebooks with papermill and write a report folder.

    Relative paths (``corpus``, ``out``, path parameters) are taken from the current
    folder.  Nothing is written outside ``out`` but its hidden work folder and lock beside
    it; ``out`` may be new, empty, or an earlier report or extract of this tool (see
    :mod:`analysis.outputs`), and is replaced only when the new report is complete.

    Args:
        corpus: File or folder of articles; the seed by default.
        notebooks: Which notebooks, by number prefix (``"01,03"``); all by default.
        out: The report folder; ``reports/<corpus name>`` by default.
        params: Notebook parameters (strings are converted to each declared type).
        include_code: Keep code cells in the HTML.
        timeout: Seconds one cell may run before the run fails.
        safe_csv: Prefix table cells that a spreadsheet would run as formulas with ``'``.
        progress: Show papermill's progress bar.
        log: Called with one line per finished notebook (timings).

    Returns:
        The report folder, containing ``index.html``, ``manifest.json``, one executed
        ``.ipynb`` and one ``.html`` per notebook, ``tables/*.csv`` and ``figures/*.png``.

    Raises:
        ParameterError: a parameter is unknown or has the wrong type (nothing was run).
        ReportError: the output folder is refused, the disk is full, or a notebook failed;
            the previous report is untouched (a failed run is kept in ``<out>.failed/``).
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    check_int("timeout", timeout, minimum=1)
    here = Path.cwd()
    corpus_path = resolve_path(str(corpus), name="corpus", base=here) if corpus else SEEDS_DIR
    out_path = Path(out) if out else REPORTS_DIR / corpus_path.resolve().name
    inputs = [corpus_path]
    check_output_folder(out_path, what="report", inputs=inputs)
    specs = select_notebooks(notebooks)
    user_params = dict(params or {})
    user_params["corpus"] = str(corpus_path.resolve())
    per_notebook = resolve_parameters(specs, user_params, base=here)
    typed = {k: v for values in per_notebook.values() for k, v in values.items()}
    inputs += [Path(v) for k, v in typed.items() if k != "corpus" and _is_path(k, v)]
    # a corpus that cannot be read stops here, named as the user gave it
    docs = _load_quietly(Path(corpus) if corpus else corpus_path, typed)
    files = input_files(corpus_path)

    started = time.time()
    records = []
    with output_folder(out_path, what="report", inputs=inputs) as work, project_kernel() as kernel:
        tmp = work.path
        for spec in specs:
            nb_params = dict(per_notebook[spec.name])
            if "output_dir" in spec.parameters:
                nb_params["output_dir"] = str(tmp)
            executed = tmp / f"{spec.name}.ipynb"
            t0 = time.perf_counter()
            km = _start_kernel(kernel, tmp)
            try:
                papermill.execute_notebook(
                    str(spec.path),
                    str(executed),
                    parameters=nb_params,
                    kernel_name=kernel,
                    km=km,
                    progress_bar=progress,
                    execution_timeout=timeout,
                )
            except PapermillExecutionError as exc:
                full = disk_error(OSError(exc.evalue), work.target, what="report")
                if full is not None:
                    raise full from None
                where = _failed_cell(executed, exc)
                failed = keep_failed(work)
                kept = (
                    f"the failed run is in {_display_path(failed)}"
                    if failed is not None
                    else "the failed run was not kept"
                )
                raise ReportError(
                    f"notebook {spec.name} failed in {where}: {exc.ename}: {exc.evalue}; "
                    f"the previous report is untouched; {kept}"
                ) from None
            finally:
                km.shutdown_kernel(now=True)
            _fix_injected_cell_id(executed)
            export_html(executed, tmp / f"{spec.name}.html", include_code=include_code)
            seconds = time.perf_counter() - t0
            records.append(
                {
                    "name": spec.name,
                    "notebook": executed.name,
                    "html": f"{spec.name}.html",
                    "parameters": {
                        k: _manifest_value(v)
                        for k, v in sorted(nb_params.items())
                        if k not in RUNNER_PARAMETERS
                    },
                    "seconds": round(seconds, 3),
                }
            )
            if log:
                log(f"{spec.name}: {seconds:.1f} s")
        if safe_csv:
            for table in sorted((tmp / "tables").glob("*.csv")):
                make_csv_safe(table)
        manifest = {
            "name": out_path.name,
            "corpus": _display_path(corpus_path),
            "parameters": {
                k: _manifest_value(v) for k, v in sorted(user_params.items()) if k != "corpus"
            },
            "include_code": include_code,
            "safe_csv": safe_csv,
            "inputs": files,
            "versions": _versions(),
            "git_commit": _git_commit(),
            "notebooks": records,
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
            "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "total_seconds": round(time.time() - started, 3),
        }
        write_index(tmp, manifest, corpus_summary(docs))
        work.commit(manifest)
    return work.target


def _load_quietly(corpus: Path, params: Mapping[str, Any]) -> pd.DataFrame:
    import warnings

    from analysis.corpus import load_corpus
    from analysis.errors import CorpusWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)  # the notebooks show them
        return load_corpus(
            corpus,
            encoding=params.get("encoding") or None,
            encoding_errors=params.get("encoding_errors", "strict"),
        )


def _is_path(name: str, value: Any) -> bool:
    rule = PARAMETERS.get(name)
    return bool(rule is not None and rule.path and value)


def _manifest_value(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(str(PROJ_ROOT)):
        return _display_path(Path(value))
    if isinstance(value, str) and value and Path(value).is_absolute():
        return Path(value).name  # machine-specific paths are not reproducible
    return value


def _fix_injected_cell_id(notebook: Path) -> None:
    """Give papermill's injected-parameters cell a fixed id (papermill draws a random one),
    so that re-rendering the same report does not change its HTML."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    changed = False
    for cell in nb.cells:
        if (
            "injected-parameters" in cell.metadata.get("tags", [])
            and cell.get("id") != "injected-parameters"
        ):
            cell["id"] = "injected-parameters"
            changed = True
    if changed:
        nbformat.write(nb, notebook)


def _failed_cell(executed: Path, exc: Any) -> str:
    """Name the failing cell as the user's notebook numbers it (papermill's own index
    counts the cell it injected) and quote its first line."""
    import nbformat

    index = exc.cell_index
    with contextlib.suppress(Exception):
        cells = nbformat.read(executed, as_version=4).cells[: exc.cell_index]
        index -= sum("injected-parameters" in c.metadata.get("tags", []) for c in cells)
    first = next((line for line in str(exc.source).splitlines() if line.strip()), "")
    return f"cell {index} (In [{exc.exec_count}]: {first[:60]!r})"
