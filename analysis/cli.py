"""The ``analysis`` command: a thin layer over :func:`analysis.report.run_report`
(``analysis report``) and :func:`analysis.extraction.extract_to_parquet` (``analysis extract``).

A user mistake (bad path, unknown parameter, failed notebook) prints one line starting with
``analysis: error:`` and exits with status 2; it never shows a traceback.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from analysis.errors import AnalysisError, ParameterError
from analysis.extraction import extract_to_parquet
from analysis.report import run_report

#: Values a parameters file may hold in all, counting every use of a YAML alias.
MAX_PARAMETER_VALUES = 10_000


def _count_values(value: Any, budget: int) -> int:
    """How many values ``value`` holds once YAML aliases are expanded, stopping early past
    ``budget`` (a 600-byte file of nested aliases can stand for billions of items)."""
    stack, seen = [value], 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > budget:
            return seen
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return seen


def _load_params_file(path: str) -> dict[str, Any]:
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise ParameterError(f"{path}: cannot be read ({reason or exc})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path}: invalid YAML ({exc})") from None
    except RecursionError:
        raise ParameterError(f"{path}: invalid YAML (nested too deeply)") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(f"{path}: expected a mapping of parameter names to values")
    if _count_values(data, MAX_PARAMETER_VALUES) > MAX_PARAMETER_VALUES:
        raise ParameterError(
            f"{path}: holds more than {MAX_PARAMETER_VALUES:,} values once its YAML aliases "
            "are expanded; a parameters file needs only a few"
        )
    return {str(k): v for k, v in data.items()}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="analysis", description="News text analytics workbook")
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser("report", help="run the notebooks and write a report folder")
    report.add_argument("--corpus", help="file or folder of articles (default: seeds/)")
    report.add_argument("--notebooks", help="which notebooks, by number: 01,03 (default: all)")
    report.add_argument("--out", help="report folder (default: reports/<corpus name>)")
    report.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="a notebook parameter; converted to the type the notebook declares",
    )
    report.add_argument("--params", help="YAML file of notebook parameters")
    report.add_argument("--include-code", action="store_true", help="show code in the HTML")
    report.add_argument("--timeout", type=int, default=600, help="seconds per cell (600)")
    report.add_argument(
        "--safe-csv",
        action="store_true",
        help="prefix table cells that start with = + - @ with ' (safe to open in a spreadsheet)",
    )
    report.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    report.add_argument(
        "--jobs",
        type=int,
        help="worker processes for the extraction, and notebooks run side by side "
        "(-1: every core; default: one worker, two notebooks)",
    )
    extract = sub.add_parser(
        "extract", help="run every per-document analysis, streaming, into Parquet files"
    )
    extract.add_argument(
        "--corpus", help="folder, CSV, TSV, JSONL or Parquet file (default: seeds/)"
    )
    extract.add_argument("--out", required=True, help="output folder (replaced when complete)")
    extract.add_argument("--chunk-size", type=int, default=250, help="documents per chunk (250)")
    extract.add_argument("--jobs", type=int, default=1, help="worker processes (-1: every core)")
    extract.add_argument("--engine", default="local", help="local (default) or dask")
    extract.add_argument(
        "--scheduler", help="address of a Dask scheduler (default: a LocalCluster)"
    )
    extract.add_argument("--lexicon", help="YAML actor lexicon added to the default one")
    extract.add_argument("--ngram-max", type=int, default=2, help="longest n-gram counted (2)")
    extract.add_argument(
        "--text-column", default=None, help="text column of a table (default: recognised)"
    )
    extract.add_argument(
        "--date-column", default=None, help="date column of a table (default: recognised)"
    )
    extract.add_argument(
        "--outlet-column", default=None, help="outlet column of a table (default: recognised)"
    )
    for sub_parser in (report, extract):
        sub_parser.add_argument(
            "--encoding", help="encoding of the corpus files (default: UTF-8, or as the BOM says)"
        )
        sub_parser.add_argument(
            "--encoding-errors",
            choices=("strict", "replace"),
            help="replace: turn undecodable bytes into U+FFFD instead of stopping",
        )
    extract.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    return parser


def _extract(args: argparse.Namespace) -> None:
    bar = None
    if not args.no_progress and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit=" docs", file=sys.stderr)
    try:
        manifest = extract_to_parquet(
            args.corpus,
            args.out,
            chunk_size=args.chunk_size,
            n_jobs=args.jobs,
            engine=args.engine,
            scheduler=args.scheduler,
            ngram_range=(1, args.ngram_max),
            lexicon=args.lexicon,
            text_column=args.text_column,
            date_column=args.date_column,
            outlet_column=args.outlet_column,
            encoding=args.encoding,
            encoding_errors=args.encoding_errors or "strict",
            progress=bar.update if bar is not None else None,
        )
    finally:
        if bar is not None:
            bar.close()
    rows = manifest["rows"]
    print(
        f"extract written to {args.out}: {rows['documents']:,} documents, "
        f"{rows['sentences']:,} sentences, {rows['tokens']:,} tokens "
        f"in {manifest['seconds']:.1f} s",
        file=sys.stderr,
    )


def _report(args: argparse.Namespace) -> None:
    params = _load_params_file(args.params) if args.params else {}
    params.update(dict(args.param))
    if args.encoding is not None:
        params["encoding"] = args.encoding
    if args.encoding_errors is not None:
        params["encoding_errors"] = args.encoding_errors
    t0 = time.perf_counter()
    out = run_report(
        corpus=args.corpus,
        notebooks=args.notebooks,
        out=args.out,
        params=params,
        include_code=args.include_code,
        timeout=args.timeout,
        jobs=args.jobs,
        safe_csv=args.safe_csv,
        progress=not args.no_progress and sys.stderr.isatty(),
        log=lambda line: print(line, file=sys.stderr),
    )
    total = time.perf_counter() - t0
    print(f"report written to {out / 'index.html'} in {total:.1f} s", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    command = "run"
    try:
        args = build_parser().parse_args(argv)
        command = args.command
        if command == "extract":
            _extract(args)
        elif command == "report":
            _report(args)
    except AnalysisError as exc:
        print(f"analysis: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"analysis: interrupted; the earlier {command} output is untouched", file=sys.stderr)
        return 130
    return 0


def run() -> NoReturn:
    """The ``analysis`` command: :func:`main` in a process of its own, then exit.

    What the imports made (pandas, papermill, nbconvert: most of the heap) lives as long as
    the process, so it is set aside from the garbage collector (``gc.freeze()``) before the
    command runs, and all the command made is set aside before it exits: the collector's
    full passes would only walk it, and the one Python makes at exit took 0.3 s of a seed
    report's 8 s; the system takes the memory back with the process.
    """
    gc.freeze()
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
