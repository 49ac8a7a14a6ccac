"""``analysis report``: the corpus extracted once, every notebook run on it, one folder.

:func:`run_report` checks every parameter against the notebooks' ``parameters`` cells,
then, inside a work folder that replaces the report only when complete
(:mod:`analysis.outputs`): extracts the corpus once into the work folder (reading and
splitting each document once, on ``--jobs`` worker processes) while the kernels start, runs
each notebook with papermill on a warm kernel reading that extract, exports each to HTML,
and writes ``index.html`` and ``manifest.json``.  With one job the extraction is made in two
passes, and the notebooks start after the first (see :class:`_SecondPass`).  A failed
notebook leaves the previous report untouched and is kept, with its error, in
``NAME.failed/``.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import logging
import os
import platform
import queue
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from analysis.config import PROJ_ROOT, REPORTS_DIR, SEEDS_DIR
from analysis.errors import ReportError, check_int, invalid_value
from analysis.extraction import (
    SECOND_PASS_FAILED,
    ExtractOptions,
    read_extract,
    second_pass_failed,
    warm_up,
    write_extract,
    write_second_pass,
)
from analysis.outputs import (
    WorkFolder,
    check_output_folder,
    disk_error,
    keep_failed,
    output_folder,
)
from analysis.parallel import Worker, resolve_jobs
from analysis.parameters import PARAMETERS, RUNNER_PARAMETERS, resolve_path
from analysis.report.kernels import (
    DeadKernel,
    Kernel,
    close_event_loop,
    kernel_count,
    project_kernel,
    start_kernels,
    stop_kernels,
)
from analysis.report.notebooks import (
    NotebookSpec,
    declared_default,
    resolve_parameters,
    select_notebooks,
)
from analysis.report.pages import PageInfo, collect, corpus_facts, notebook_title, page, write_index
from analysis.report.saving import make_csv_safe

#: Fields of manifest.json that change from run to run (everything else is reproducible).
TIME_FIELDS: frozenset[str] = frozenset({"started", "finished", "seconds", "total_seconds"})
#: The extract inside the work folder, made once and read by every notebook.
EXTRACT_FOLDER = ".extract"
#: With one job, the notebooks start before the extraction's second pass ends (see
#: :class:`_SecondPass`) only when it will surely end well inside a cell's time limit, since a
#: notebook waits for its tables inside a cell: when the first pass took less than this share
#: of ``timeout`` (the second takes two to three times as long).  A corpus too big for it
#: (some 50,000 articles of BBC's length with the default ``timeout``) is extracted whole first.
EARLY_START = 0.1
_PACKAGES = (
    "news-analysis-workbook",
    "pandas",
    "numpy",
    "scikit-learn",
    "nltk",
    "vaderSentiment",
    "matplotlib",
    "papermill",
    "nbconvert",
)


def run_report(
    *,
    corpus: str | os.PathLike[str] | None = None,
    notebooks: str | Sequence[str] | None = None,
    out: str | os.PathLike[str] | None = None,
    params: Mapping[str, Any] | None = None,
    include_code: bool = False,
    timeout: int = 600,
    jobs: int | None = None,
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
        jobs: Worker processes for the extraction, and kernels running notebooks side by
            side (``-1``: one per core); by default one worker and two kernels.
        safe_csv: Prefix table cells that a spreadsheet would run as formulas with ``'``.
        progress: Show papermill's progress bar.
        log: Called with one line per step (timings).

    Returns:
        The report folder, containing ``index.html``, ``manifest.json``, one executed
        ``.ipynb`` and one ``.html`` per notebook, ``tables/*.csv`` and ``figures/*.png``.

    Raises:
        ParameterError: a parameter is unknown or has the wrong type (nothing was run).
        CorpusError: the corpus cannot be read (nothing was written).
        ReportError: the output folder is refused, the disk is full, or a notebook failed;
            the previous report is untouched (a failed run is kept in ``<out>.failed/``).
    """
    check_int("timeout", timeout, minimum=1)
    workers = resolve_jobs(jobs) if jobs is not None else 1
    here = Path.cwd()
    corpus_path = resolve_path(str(corpus), name="corpus", base=here) if corpus else SEEDS_DIR
    out_path = Path(out) if out else REPORTS_DIR / corpus_path.resolve().name
    inputs: list[Path] = [corpus_path]
    check_output_folder(out_path, what="report", inputs=inputs)
    specs = select_notebooks(notebooks)
    user_params = dict(params or {})
    user_params["corpus"] = str(corpus_path.resolve())
    per_notebook = resolve_parameters(specs, user_params, base=here)
    typed = {k: v for values in per_notebook.values() for k, v in values.items()}
    inputs += [Path(v) for k, v in typed.items() if k != "corpus" and _is_path(k, v)]
    say = log or (lambda line: None)

    started = time.time()
    with (
        output_folder(out_path, what="report", inputs=inputs) as work,
        project_kernel() as kernel_name,
    ):
        extract_dir = typed.get("extract_dir") or ""
        options = None if extract_dir else _extract_options(typed, specs)
        # with one job the corpus is extracted in this process, in two passes; the second
        # pass's worker is forked first, before this process runs any other thread
        second_pass = _SecondPass(options, say) if options is not None and workers == 1 else None
        extract_here = second_pass is not None
        kernels: list[Kernel] = []
        try:
            extracting = threading.Event()  # set: warm kernels import more while they wait
            if workers < (os.cpu_count() or 1):  # ... for a core the extraction leaves free
                extracting.set()
            kernels = start_kernels(
                kernel_name, work.path, kernel_count(jobs, len(specs)), waiting=extracting
            )
            # papermill and nbconvert are imported while the kernels start; and while the
            # corpus is extracted, unless it is extracted in this process: one interpreter
            # lock for both made the extraction slower by more than the imports take after
            # it.  The notebooks wait only for papermill (an import of a module another
            # thread is importing waits for it), the first page for nbconvert.
            _quiet_jsonschema()
            importing = threading.Thread(target=_import_runner_libraries, daemon=True)
            if not extract_here:
                importing.start()
            t0 = time.perf_counter()
            if options is not None:
                extract_dir = _extract_once(
                    Path(corpus) if corpus else corpus_path,
                    work,
                    typed,
                    options,
                    workers,
                    second_pass_by=second_pass.pid if second_pass else None,
                )
                first = ", first pass" if second_pass is not None else ""
                say(f"extract{first}: {time.perf_counter() - t0:.1f} s")
            if second_pass is not None:
                second_pass.start(work.path / extract_dir)
                if time.perf_counter() - t0 > EARLY_START * timeout:
                    second_pass.wait()  # too long to wait for it inside a cell
            extracting.clear()
            if extract_here:
                importing.start()
            tables = read_extract(Path(work.path / extract_dir), ("documents", "corpus_totals"))
            _check_columns(tables["documents"], typed)
            extract_manifest = _extract_manifest(work.path / extract_dir)
            import papermill

            try:
                pages = _run_notebooks(
                    papermill,
                    specs,
                    per_notebook,
                    kernels,
                    work=work,
                    extract_dir=extract_dir,
                    include_code=include_code,
                    timeout=timeout,
                    progress=progress,
                    say=say,
                    report_name=out_path.name,
                    footer=_footer(corpus_path, tables["documents"]),
                )
            except ReportError:
                failed = second_pass.error() if second_pass is not None else None
                if failed is not None:  # what stopped the notebook
                    raise failed from None
                raise
        finally:
            if second_pass is not None:
                second_pass.end()  # before the work folder it writes into goes
            stop_kernels(kernels)
        shutil.rmtree(work.path / EXTRACT_FOLDER, ignore_errors=True)
        if safe_csv:
            for table in sorted((work.path / "tables").glob("*.csv")):
                make_csv_safe(table)
        manifest = {
            "name": out_path.name,
            "corpus": _public_path(corpus_path),
            "parameters": {
                k: _manifest_value(v) for k, v in sorted(user_params.items()) if k != "corpus"
            },
            "include_code": include_code,
            "safe_csv": safe_csv,
            "inputs": extract_manifest.get("inputs", []),
            "versions": _versions(),
            "git_commit": _git_commit(),
            "notebooks": [record for record, _ in pages],
            "notes": extract_manifest.get("notes", []),
            "kernel_stderr": {info.name: info.stderr for _, info in pages if info.stderr},
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
            "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "total_seconds": round(time.time() - started, 3),
        }
        inputs_listed = extract_manifest.get("inputs", [])
        write_index(
            work.path,
            report_name=out_path.name,
            corpus=_public_path(corpus_path),
            facts=corpus_facts(tables["documents"], tables["corpus_totals"]),
            pages=[info for _, info in pages],
            notes=extract_manifest.get("notes", []),
            parameters=manifest["parameters"],
            provenance={
                "input files": len(inputs_listed),
                "input bytes": sum(int(f.get("bytes", 0)) for f in inputs_listed),
                "workbook version": manifest["versions"].get("news-analysis-workbook", ""),
                "git commit": (manifest["git_commit"] or "")[:12],
                "Python": manifest["versions"].get("python", ""),
            },
        )
        work.commit(manifest)
    return work.target


def _footer(corpus: Path, documents: Any) -> str:
    n = len(documents)
    return (
        f"Corpus: {corpus.resolve().name or corpus.name} · {n:,} document{'s' if n != 1 else ''}"
        " · made with the news analysis workbook"
    )


def _check_columns(documents: Any, params: Mapping[str, Any]) -> None:
    """A column named by a parameter must be in the corpus: refused before any notebook."""
    for name in ("group_by",):
        value = params.get(name)
        if value and value not in documents.columns:
            columns = ", ".join(c for c in documents.columns if c != "text")
            raise invalid_value(name, value, f"a column of the corpus ({columns})")


def _quiet_jsonschema() -> None:
    """Spare this process ``rfc3987_syntax``: ``jsonschema`` (imported with papermill and
    nbconvert, through nbformat) imports it at start-up, which builds some 35 Earley parsers
    for IRI formats (1.6 s; jsonschema #1428).  No notebook schema uses those formats, so
    the package is marked as absent, and jsonschema does without it."""
    import sys

    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _import_runner_libraries() -> None:
    """Import papermill, then nbconvert (0.3 s and 0.2 s on this machine, after
    :func:`_quiet_jsonschema`)."""
    for name in ("papermill", "nbconvert"):  # in the order they are needed
        importlib.import_module(name)


def _extract_options(params: Mapping[str, Any], specs: Sequence[NotebookSpec]) -> ExtractOptions:
    """What the extraction makes: what the notebooks will ask for (a bad lexicon is refused
    here, before anything runs)."""
    ngram_max = params.get("ngram_max") or declared_default(specs, "ngram_max") or 2
    return ExtractOptions.make(
        ngram_range=(1, max(int(ngram_max), 2)),
        lexicon=params.get("lexicon") or None,
        discover=params.get("discover", declared_default(specs, "discover") is not False),
    )


def _extract_once(
    corpus: Path,
    work: WorkFolder,
    params: Mapping[str, Any],
    options: ExtractOptions,
    workers: int,
    *,
    second_pass_by: int | None,
) -> str:
    """Extract the corpus into the work folder (only the first pass, with
    ``second_pass_by``: see :class:`_SecondPass`)."""
    folder = work.path / EXTRACT_FOLDER
    folder.mkdir()
    write_extract(
        corpus,
        folder,
        options=options,
        n_jobs=workers,
        load_options={
            "text_column": params.get("text_column") or None,
            "date_column": params.get("date_column") or None,
            "outlet_column": params.get("outlet_column") or None,
            "encoding": params.get("encoding") or None,
            "encoding_errors": params.get("encoding_errors", "strict"),
        },
        second_pass_by=second_pass_by,
    )
    return EXTRACT_FOLDER


class _SecondPass:
    """The extraction's second pass (sentiment, actors, quotes), made in a worker process
    while the kernel runs the notebooks.

    With one job the corpus is extracted in this process, and the kernel used to wait for
    all of it while a core stood idle; now the notebooks start after the first pass
    (documents, sentences, term counts), and a notebook that reads a table of the second
    pass waits for it (:func:`analysis.read_extract`).  In a process of its own, not a
    thread: a thread's work held this process's interpreter lock, and papermill, talking
    to the kernel, waited for it (a notebook took 40% longer).  The worker is forked when
    the report starts, before this process runs any other thread (see
    :func:`analysis.parallel.Worker`), and reads the lexicons while the corpus is read;
    it is ended as soon as no notebook is left to need it (at the end, after a failure, on
    Ctrl-C).
    """

    def __init__(self, options: ExtractOptions, say: Callable[[str], None]) -> None:
        self.options, self.say = options, say
        self.worker = Worker()
        self.worker.submit(warm_up, options)  # the worker starts now
        self.pid = self.worker.pid or os.getpid()  # who makes the tables notebooks wait for
        self.folder: Path | None = None
        self.future: Any = None
        self.said = False

    def start(self, folder: Path) -> None:
        """Make the second pass of the extract in ``folder`` (its first pass is written)."""
        self.folder = folder
        self.future = self.worker.submit(write_second_pass, folder, options=self.options)
        self.future.add_done_callback(self._done)

    def _done(self, future: Any) -> None:
        """After a failure, the worker is ended: a notebook waiting for a table gives up when
        the process making it is gone, even where no reason could be written (a full disk).
        A worker that died (killed when memory ran out) wrote no reason: one is written."""
        if future.cancelled() or future.exception() is not None:
            second_pass_failed(
                self.folder,
                "the process making it ended (the system ends a process this way when memory "
                "runs out)",
            )
            if self.pid != os.getpid():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)

    def end(self) -> None:
        """End the worker, stopping the pass if it is still running."""
        if self.future is not None and self.future.done() and not self.said:
            with contextlib.suppress(Exception):
                self._say(self.future.result())
        self.worker.end()

    def wait(self) -> None:
        """Until the second pass is made; what made it fail is raised."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            self._say(self.future.result())
        except BrokenProcessPool:
            raise ReportError(
                "the process extracting sentiment, actors and quotes ended (the system ends a "
                "process this way when memory runs out); the previous report is untouched"
            ) from None

    def _say(self, seconds: float) -> None:
        self.said = True
        self.say(f"extract, second pass: {seconds:.1f} s")

    def error(self) -> BaseException | None:
        """The error that made it fail, if it raised one (waiting for the worker to send
        it): a notebook that waited for its tables failed for it.  A worker that died is no
        error of its own: the notebook's says it."""
        from concurrent.futures.process import BrokenProcessPool

        if self.folder is None or not (self.folder / SECOND_PASS_FAILED).exists():
            return None
        try:
            error = self.future.exception(timeout=30)
        except Exception:  # stopped, or still running
            return None
        return None if isinstance(error, BrokenProcessPool) else error


def _extract_manifest(folder: Path) -> dict[str, Any]:
    import json

    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _run_notebooks(
    papermill: Any,
    specs: Sequence[NotebookSpec],
    per_notebook: Mapping[str, Mapping[str, Any]],
    kernels: list[Kernel],
    *,
    work: WorkFolder,
    extract_dir: str,
    include_code: bool,
    timeout: int,
    progress: bool,
    say: Callable[[str], None],
    report_name: str,
    footer: str,
) -> list[tuple[dict[str, Any], PageInfo]]:
    """Run every notebook on the kernels, several at a time, heaviest first (so that no
    kernel runs the longest one alone at the end), and write each one's page.

    A page is written by a thread of its own while the kernel that ran its notebook goes on
    to the next one (the runner's work then overlaps the kernels' instead of leaving a
    kernel idle).  Returns, in notebook order, each notebook's manifest record and what its
    page shows; the first failure (in notebook order) raises :class:`ReportError` after the
    other kernels finish what they started.
    """
    todo: queue.Queue[int] = queue.Queue()
    for i in sorted(range(len(specs)), key=lambda i: -specs[i].weight):  # heaviest first
        todo.put(i)
    executed: queue.Queue[tuple[int, Any, dict[str, Any], float] | None] = queue.Queue()
    titles = [notebook_title(spec.path) for spec in specs]
    records: dict[int, tuple[dict[str, Any], PageInfo]] = {}
    failures: dict[int, BaseException] = {}
    stop = threading.Event()

    def lane(kernel: Kernel) -> None:
        try:
            run_lane(kernel)
        finally:
            close_event_loop()

    def run_lane(kernel: Kernel) -> None:
        while not stop.is_set():
            try:
                i = todo.get_nowait()
            except queue.Empty:
                return
            spec = specs[i]
            params = dict(per_notebook[spec.name])
            if "extract_dir" in spec.parameters:
                params["extract_dir"] = extract_dir
            if "output_dir" in spec.parameters:
                params["output_dir"] = "."  # the kernel runs in the work folder
            t0 = time.perf_counter()
            try:
                kernel.before_notebook()
                nb = papermill.execute_notebook(
                    str(spec.path),
                    str(work.path / f"{spec.name}.ipynb"),
                    parameters=params,
                    kernel_name=kernel.manager.kernel_name,
                    km=kernel.manager,
                    progress_bar=progress,
                    execution_timeout=timeout,
                    request_save_on_cell_execute=False,  # written once, when it ends
                )
            except BaseException as exc:
                failures[i] = exc
                stop.set()
                return
            finally:
                kernel.manager.close_clients()  # papermill's, which nbclient leaves open
            executed.put((i, nb, params, time.perf_counter() - t0))

    def write_pages() -> None:
        while (item := executed.get()) is not None:
            i, nb, params, seconds = item
            if stop.is_set():
                continue
            spec = specs[i]
            t0 = time.perf_counter()
            try:
                _tidy_executed(nb, work.path / f"{spec.name}.ipynb")
                info = collect(nb, spec.name, titles[i])
                page(
                    nb,
                    work.path / f"{spec.name}.html",
                    info=info,
                    report_name=report_name,
                    neighbours=(
                        (specs[i - 1].name, titles[i - 1]) if i > 0 else None,
                        (specs[i + 1].name, titles[i + 1]) if i + 1 < len(specs) else None,
                    ),
                    footer=footer,
                    include_code=include_code,
                )
            except BaseException as exc:
                failures[i] = exc
                stop.set()
                continue
            seconds += time.perf_counter() - t0  # its run and its page, not the wait between
            record = {
                "name": spec.name,
                "title": titles[i],
                "notebook": f"{spec.name}.ipynb",
                "html": f"{spec.name}.html",
                "parameters": {
                    k: _manifest_value(v)
                    for k, v in sorted(params.items())
                    if k not in RUNNER_PARAMETERS and k != "extract_dir"
                },
                "seconds": round(seconds, 3),
            }
            records[i] = (record, info)
            say(f"{spec.name}: {seconds:.1f} s")

    def news(record: logging.LogRecord) -> bool:
        """Whether a log line of papermill's (nbclient logs there too) tells the user
        something the command's own line will not: not that a kernel died (the command
        says which notebook it stopped), nor anything once the run is stopping (Ctrl-C or
        a failed notebook: a lane may be connecting to a kernel as it stops)."""
        return not stop.is_set() and not record.getMessage().startswith("Kernel died")

    log = logging.getLogger("papermill")
    log.addFilter(news)
    threads = [threading.Thread(target=lane, args=(k,), daemon=True) for k in kernels]
    writer = threading.Thread(target=write_pages, daemon=True)
    for thread in [*threads, writer]:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():  # a short join keeps Ctrl-C reaching this thread
                thread.join(timeout=0.2)
        executed.put(None)
        stop_kernels(kernels)  # done with them: stopped while the last pages are written
        while writer.is_alive():
            writer.join(timeout=0.2)
    except BaseException:
        # Ctrl-C: stop the kernels and let every lane finish writing (papermill saves the
        # notebook it was running) before the work folder is removed.  A lane sees its
        # kernel gone within a second.
        stop.set()
        stop_kernels(kernels)
        for thread in threads:
            thread.join(timeout=30)
        executed.put(None)
        writer.join(timeout=30)
        raise
    finally:
        log.removeFilter(news)
    if failures:
        first = min(failures)
        raise _failure(failures[first], specs[first].name, work) from None
    return [records[i] for i in sorted(records)]


def _failure(exc: BaseException, name: str, work: WorkFolder) -> BaseException:
    """What the command reports when notebook ``name`` failed with ``exc``: a cell's error
    or a kernel's death in one line (the failed run kept beside the report), a full disk
    as such; anything else as it came."""
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        full = disk_error(OSError(exc.evalue), work.target, what="report")
        if full is not None:
            return full
        what = (
            f"failed in {_failed_cell(work.path / f'{name}.ipynb', exc)}: {exc.ename}: {exc.evalue}"
        )
    elif isinstance(exc, (DeadKernelError, DeadKernel)):
        what = (
            "stopped: the Python kernel running it died (the system ends a process this way "
            "when memory runs out)"
        )
    else:
        return exc
    failed = keep_failed(work)
    kept = (
        f"the failed run is in {_display_path(failed)}"
        if failed is not None
        else "the failed run was not kept"
    )
    return ReportError(f"notebook {name} {what}; the previous report is untouched; {kept}")


# --- the manifest --------------------------------------------------------------------------
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


def _public_path(path: Path) -> str:
    """``path`` as a report may show it: relative to the project, or its last two parts
    (``bbc/politics``); never a machine's absolute path, so two machines render the same."""
    with contextlib.suppress(ValueError):
        return path.resolve().relative_to(PROJ_ROOT).as_posix()
    return "/".join(path.resolve().parts[-2:])


def _is_path(name: str, value: Any) -> bool:
    rule = PARAMETERS.get(name)
    return bool(rule is not None and rule.path and value)


def _manifest_value(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(str(PROJ_ROOT)):
        return _display_path(Path(value))
    if isinstance(value, str) and value and Path(value).is_absolute():
        return Path(value).name  # machine-specific paths are not reproducible
    return value


def _tidy_executed(nb: Any, path: Path) -> None:
    """Give papermill's injected-parameters cell a fixed id (papermill draws a random one)
    and drop the saved widget state (random model ids; the explorers leave a static view
    beside it), so that re-rendering the same report does not change its files."""
    import nbformat

    changed = nb.metadata.pop("widgets", None) is not None
    for cell in nb.cells:
        if (
            "injected-parameters" in cell.metadata.get("tags", [])
            and cell.get("id") != "injected-parameters"
        ):
            cell["id"] = "injected-parameters"
            changed = True
    if changed:
        nbformat.write(nb, path)


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
