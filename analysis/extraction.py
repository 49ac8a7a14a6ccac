"""The whole per-document extraction, streamed, on every core or on a Dask cluster.

:func:`extract` runs, chunk by chunk of documents, everything the notebooks start from:
sentences, term counts and document sizes, sentence sentiment, actor mentions, quotes and
attributions, and the corpus-wide totals that need a global pass (term totals with
document frequencies, actor counts, corpus size).  :func:`extract_to_parquet` writes the
same tables to a folder of Parquet files, one file per chunk and table, without holding the
corpus in memory, and moves the folder into place only when it is complete.
:func:`read_extract` reads it back; :func:`analysis.corpus_tables` serves it to notebooks.

Chunks run in this process, in ``n_jobs`` worker processes, or on ``dask.distributed``
(``engine="dask"``).  A document's rows never depend on the other documents of its chunk,
so every engine and every chunk size gives the same tables, row for row.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from analysis._vader import reference
from analysis.actors import actor_mentions, load_lexicon
from analysis.actors import warm_up as warm_up_actors
from analysis.cluster import dask_client, dask_map, dask_totals, pick
from analysis.corpus import CorpusNotes, iter_corpus
from analysis.errors import LexiconError, ReportError, check_choice, check_int, invalid_value
from analysis.outputs import output_folder
from analysis.parallel import DEFAULT_CHUNK_SIZE, map_chunks, resolve_jobs, split_evenly
from analysis.sentiment import sentence_sentiment
from analysis.sources import attributions, quotes
from analysis.targeted_sentiment import TARGET_COLUMN, mention_sentiment
from analysis.terms import TermOptions, count_terms
from analysis.text import sentences
from analysis.totals import CORPUS_TOTAL_COLUMNS, RunningTotals, partial_totals

#: Per-document tables, in the order they are made.
EXTRACT_TABLES: tuple[str, ...] = (
    "documents",
    "sentences",
    "terms",
    "sentiment",
    "mentions",
    "quotes",
    "attributions",
)
#: Corpus-wide tables made by a global pass over the chunks.
TOTAL_TABLES: tuple[str, ...] = ("term_totals", "actor_totals", "corpus_totals")
ENGINES: tuple[str, ...] = ("local", "dask")
#: An extract written in two passes (as ``analysis report`` writes one in its own process):
#: the first pass writes these tables and the manifest, the second the rest, from the first
#: pass's documents and sentences read back chunk by chunk, while notebooks already read the
#: first.  The manifest names the second pass's tables and the process making them
#: (``second_pass``); :func:`read_extract` waits for such a table until it is in place.
FIRST_PASS: tuple[str, ...] = ("documents", "sentences", "terms")
SECOND_PASS: tuple[str, ...] = ("sentiment", "mentions", "quotes", "attributions")
#: Written in the extract's folder when its second pass stopped: why.
SECOND_PASS_FAILED = "second-pass-failed.txt"
#: Columns the extraction adds to the documents table: its sizes, counted on the way.
SIZE_COLUMNS: tuple[str, ...] = ("n_sentences", "n_tokens", "n_words")


@dataclass(frozen=True)
class ExtractOptions:
    """What :func:`extract_chunk` computes; validated once, sent to every worker."""

    ngram_range: tuple[int, int] = (1, 2)
    lexicon: str | None = None
    discover: bool = True

    @classmethod
    def make(
        cls, *, ngram_range: tuple[int, int], lexicon: str | os.PathLike[str] | None, discover: bool
    ) -> ExtractOptions:
        TermOptions.build(ngram_range=ngram_range)  # one place validates n-gram ranges
        path = None if lexicon is None else str(Path(lexicon).resolve())
        try:
            lexicon_at(path)  # a bad lexicon fails here, before any work (and is read once)
        except LexiconError as exc:  # named as the user gave it
            raise LexiconError(str(exc).replace(str(path), os.fspath(lexicon), 1)) from None
        except FileNotFoundError:
            raise LexiconError(f"{os.fspath(lexicon)}: no such file") from None
        return cls(
            ngram_range=(int(ngram_range[0]), int(ngram_range[1])),
            lexicon=path,
            discover=bool(discover),
        )


def extract_chunk(docs: pd.DataFrame, options: ExtractOptions) -> dict[str, pd.DataFrame]:
    """Every per-document table for one chunk of documents.

    Returns:
        ``documents`` (the documents table with its sizes ``n_sentences, n_tokens,
        n_words``), ``sentences`` (:func:`analysis.sentences`), ``terms`` (``doc_id, term,
        n, count, per_10k``: :func:`analysis.count_terms` by document), ``sentiment``
        (:func:`analysis.sentence_sentiment` without the sentence text), ``mentions``
        (:func:`analysis.actor_mentions`), ``quotes`` (:func:`analysis.quotes`) and
        ``attributions`` (:func:`analysis.attributions`); and the chunk's own
        ``term_totals`` and ``corpus_totals``, which :func:`extract` sums over chunks.
    """
    with _collector_paused():
        first = _first_pass(docs, options)
        return {**first, **_second_pass(first["documents"], first["sentences"], options)}


def _first_pass(docs: pd.DataFrame, options: ExtractOptions) -> dict[str, pd.DataFrame]:
    """``documents`` (with sizes), ``sentences``, ``terms`` and the chunk's
    ``term_totals`` and ``corpus_totals``: what the second pass and most notebooks start
    from."""
    sents = sentences(docs)
    counts = count_terms(
        docs, sents, TermOptions.build(ngram_range=options.ngram_range), sort_totals=False
    )
    documents = docs.reset_index(drop=True)
    for column in SIZE_COLUMNS:
        documents[column] = counts.sizes[column].to_numpy()
    return {
        "documents": documents,
        "sentences": sents,
        "terms": counts.terms,
        "term_totals": counts.totals,
        "corpus_totals": pd.DataFrame(
            {
                "documents": [len(docs)],
                "sentences": [len(sents)],
                "tokens": [int(counts.sizes["n_tokens"].sum())],
                "words": [int(counts.sizes["n_words"].sum())],
                "chars": [int(docs["n_chars"].sum())],
            }
        )[list(CORPUS_TOTAL_COLUMNS)],
    }


def _second_pass(
    documents: pd.DataFrame, sents: pd.DataFrame, options: ExtractOptions
) -> dict[str, pd.DataFrame]:
    """``sentiment``, ``mentions``, ``quotes`` and ``attributions`` of a chunk, from the
    first pass's documents and sentences."""
    lexicon = lexicon_at(options.lexicon)
    scored = sentence_sentiment(documents, sents=sents)
    mentions = actor_mentions(documents, lexicon, discover=options.discover, sents=sents)
    mentions[TARGET_COLUMN] = mention_sentiment(mentions, sents, scored)
    quote_table = quotes(documents, mentions, sents=sents)
    return {
        "sentiment": scored.drop(columns=["text"]),
        "mentions": mentions,
        "quotes": quote_table,
        "attributions": attributions(documents, mentions, sents=sents, quote_table=quote_table),
    }


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for one chunk, as it was afterwards.

    A chunk allocates millions of small objects (token codes, match tuples, rows), and the
    collector would walk them again and again (4% of the extraction's time on BBC).
    Reference counting still frees them as they go; the few objects in reference cycles
    wait for the collector's next pass after the chunk.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def lexicon_at(path: str | None) -> Any:
    """The lexicon at ``path`` (None: the default), read once per process and file version."""
    if path is None:
        return None
    return _read_lexicon(path, os.stat(path).st_mtime_ns)


@lru_cache(maxsize=4)
def _read_lexicon(path: str, version: int) -> Any:
    """``version`` is the file's modification time: an edited file is read again."""
    return load_lexicon(path)


def warm_up(options: ExtractOptions) -> None:
    """Load the lexicons and word lists once, before worker processes are forked from
    this one (they inherit them instead of each loading them again)."""
    reference()
    warm_up_actors(lexicon_at(options.lexicon))


# --- one chunk, in a worker --------------------------------------------------------------
def _partial(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return partial_totals(
        tables["mentions"], tables.pop("term_totals"), tables.pop("corpus_totals")
    )


def _chunk_tables(
    docs: pd.DataFrame, *, options: ExtractOptions
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """A chunk's per-document tables, and its share of the totals."""
    tables = extract_chunk(docs, options)
    return tables, _partial(tables)


def _write_part(
    item: tuple[str, pd.DataFrame], *, options: ExtractOptions, folder: str
) -> dict[str, pd.DataFrame]:
    """Extract one chunk, write its tables as ``folder/<table>/part-<number>.parquet``."""
    number, docs = item
    tables = extract_chunk(docs, options)
    _write_tables(tables, EXTRACT_TABLES, Path(folder), number)
    return _partial(tables)


def _write_first_part(
    item: tuple[str, pd.DataFrame], *, options: ExtractOptions, folder: str
) -> dict[str, pd.DataFrame]:
    """The first pass of one chunk (see :data:`FIRST_PASS`), written as :func:`_write_part`
    writes a chunk."""
    number, docs = item
    with _collector_paused():
        tables = _first_pass(docs, options)
    _write_tables(tables, FIRST_PASS, Path(folder), number)
    return partial_totals(term_totals=tables["term_totals"], corpus_totals=tables["corpus_totals"])


def _write_tables(
    tables: Mapping[str, pd.DataFrame],
    names: tuple[str, ...],
    folder: Path,
    number: str,
    *,
    hidden: bool = False,
) -> None:
    """``folder/<name>/part-<number>.parquet`` for each table (``.<name>`` if hidden)."""
    for name in names:
        target = folder / f"{'.' if hidden else ''}{name}" / f"part-{number}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        tables[name].to_parquet(target, index=False)


def _split_part(item: tuple[str, pd.DataFrame], pieces: int) -> list[tuple[str, pd.DataFrame]]:
    """A numbered chunk cut in pieces numbered after it (``00008-0``, ``00008-1``), which
    sort between the chunks before and after it."""
    number, docs = item
    return [(f"{number}-{i}", part) for i, part in enumerate(split_evenly(docs, pieces))]


# --- public ------------------------------------------------------------------------------
def _describe(source: Any) -> str:
    """The source as the manifest and messages name it (never a whole table's text)."""
    if source is None:
        return "seeds"
    if isinstance(source, str | os.PathLike):
        return str(source)
    if isinstance(source, pd.DataFrame):
        return f"a documents table of {len(source)} rows"
    return "a list of texts"


def _no_documents(source: Any) -> Exception:
    return invalid_value("source", _describe(source), "a corpus with at least one document")


def _check_options(
    chunk_size: int, n_jobs: int, engine: str, scheduler: str | None
) -> tuple[int, int]:
    check_int("chunk_size", chunk_size, minimum=1)
    workers = resolve_jobs(n_jobs)
    check_choice("engine", engine, ENGINES)
    if scheduler is not None and engine != "dask":
        raise invalid_value("scheduler", scheduler, "used only with engine='dask'")
    return chunk_size, workers


def _load_options(
    text_column: str | None,
    encoding: str | None,
    errors: str,
    date_column: str | None = None,
    outlet_column: str | None = None,
) -> dict[str, Any]:
    return {
        "text_column": text_column,
        "encoding": encoding,
        "encoding_errors": errors,
        "date_column": date_column,
        "outlet_column": outlet_column,
    }


def _chunks(
    source: Any,
    chunk_size: int,
    load_options: Mapping[str, Any],
    notes: CorpusNotes | None = None,
) -> Iterator[Any]:
    return iter_corpus(source, chunk_size=chunk_size, notes=notes, **load_options)


def extract(
    source: Any = None,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    n_jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    ngram_range: tuple[int, int] = (1, 2),
    lexicon: str | os.PathLike[str] | None = None,
    discover: bool = True,
    text_column: str | None = None,
    encoding: str | None = None,
    encoding_errors: str = "strict",
    date_column: str | None = None,
    outlet_column: str | None = None,
) -> dict[str, pd.DataFrame]:
    """Run the whole extraction and return its tables in memory.

    Args:
        source: What :func:`analysis.iter_corpus` reads (a folder, a table file, a
            documents table, a list of texts); the seed by default.
        chunk_size: Documents per chunk (the unit of work of a worker).
        n_jobs: Worker processes for ``engine="local"`` (``-1``: one per core), or the
            number of workers of the ``LocalCluster`` for ``engine="dask"``.
        engine: ``"local"`` (this machine) or ``"dask"`` (``dask.distributed``).
        scheduler: Address of a running Dask scheduler (``"tcp://10.0.0.5:8786"``); by
            default ``engine="dask"`` starts a ``LocalCluster``.
        ngram_range: N-gram orders of the ``terms`` table.
        lexicon: A YAML actor lexicon added to the default one.
        discover: Also find names the lexicon lacks (see :func:`analysis.actor_mentions`).
        text_column, date_column, outlet_column: Columns of a table source (by default
            recognised by name, as :func:`analysis.load_corpus` does).
        encoding: As in :func:`analysis.load_corpus`.
        encoding_errors: As in :func:`analysis.load_corpus`.

    Returns:
        A dict of DataFrames: the per-document tables of :func:`extract_chunk` (keys
        ``EXTRACT_TABLES``) and the corpus-wide ``term_totals`` (``term, n, count,
        doc_count``: document frequencies for TF-IDF and totals for keyness),
        ``actor_totals`` (``actor, type, mentions, doc_count``) and ``corpus_totals``
        (``documents, sentences, tokens, words, chars``).  The same for every engine,
        ``n_jobs`` and ``chunk_size``.
    """
    chunk_size, workers = _check_options(chunk_size, n_jobs, engine, scheduler)
    options = ExtractOptions.make(ngram_range=ngram_range, lexicon=lexicon, discover=discover)
    load_options = _load_options(text_column, encoding, encoding_errors, date_column, outlet_column)
    chunks = _chunks(source, chunk_size, load_options)
    collected: dict[str, list[pd.DataFrame]] = {name: [] for name in EXTRACT_TABLES}
    if engine == "dask":
        with dask_client(scheduler, n_workers=workers) as client:
            futures = list(dask_map(client, _chunk_tables, chunks, options=options))
            if not futures:
                raise _no_documents(source)
            totals = dask_totals(client, [client.submit(pick, f, 1) for f in futures])
            for future in futures:
                tables = future.result()[0]
                for name in EXTRACT_TABLES:
                    collected[name].append(tables[name])
    else:
        warm_up(options)
        running = RunningTotals()
        results = map_chunks(
            _chunk_tables, chunks, n_jobs=workers, split=split_evenly, options=options
        )
        for tables, partial in results:
            running.add(partial)
            for name in EXTRACT_TABLES:
                collected[name].append(tables[name])
        if not running.parts:
            raise _no_documents(source)
        totals = running.result()
    out = {name: pd.concat(parts, ignore_index=True) for name, parts in collected.items()}
    return {**out, **totals}


def write_extract(
    source: Any,
    folder: str | os.PathLike[str],
    *,
    options: ExtractOptions,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    n_jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    load_options: Mapping[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
    second_pass_by: int | None = None,
) -> dict[str, Any]:
    """Extract ``source`` into the existing, empty ``folder`` (no safety checks: callers
    write into a work folder of :func:`analysis.outputs.output_folder`).

    With ``second_pass_by`` (``engine="local"`` only), only the first pass is made (see
    :data:`FIRST_PASS`): the process with that id makes the rest (:func:`write_second_pass`),
    and a reader waiting for it gives up if that process ends first.

    Returns:
        The manifest, also written to ``folder/manifest.json``.
    """
    chunk_size, workers = _check_options(chunk_size, n_jobs, engine, scheduler)
    two_passes = second_pass_by is not None
    if two_passes and engine != "local":
        raise invalid_value("second_pass_by", second_pass_by, "used only with engine='local'")
    load_options = dict(load_options or _load_options("text", None, "strict"))
    folder = Path(folder)
    notes = CorpusNotes()
    started = time.perf_counter()
    numbered = (
        (f"{i:05d}", docs)
        for i, docs in enumerate(_chunks(source, chunk_size, load_options, notes))
    )
    if engine == "dask":
        with dask_client(scheduler, n_workers=workers) as client:
            futures = list(
                dask_map(client, _write_part, numbered, options=options, folder=str(folder))
            )
            if not futures:
                raise _no_documents(source)
            totals = dask_totals(client, futures)
    else:
        if not two_passes:  # the first pass reads no lexicon
            warm_up(options)
        running = RunningTotals()
        for part in map_chunks(
            _write_first_part if two_passes else _write_part,
            numbered,
            n_jobs=workers,
            split=_split_part,
            options=options,
            folder=str(folder),
        ):
            running.add(part)
            if progress is not None:
                progress(int(part["corpus_totals"]["documents"].sum()))
        if not running.parts:
            raise _no_documents(source)
        totals = running.result()
    for name, table in totals.items():
        if not (two_passes and name == "actor_totals"):  # the second pass writes it
            table.to_parquet(folder / f"{name}.parquet", index=False)
    manifest = {
        "source": _describe(source),
        "options": {
            **asdict(options),
            **load_options,
            "chunk_size": chunk_size,
            "n_jobs": n_jobs,
            "engine": engine,
            "scheduler": scheduler,
        },
        "inputs": notes.files,
        "notes": notes.records(),
        "tables": list(EXTRACT_TABLES) + list(TOTAL_TABLES),
        "rows": {k: int(v) for k, v in totals["corpus_totals"].iloc[0].items()},
        "seconds": round(time.perf_counter() - started, 2),
    }
    if two_passes:
        manifest["second_pass"] = {
            "tables": [*SECOND_PASS, "actor_totals"],
            "writer": second_pass_by,
        }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def write_second_pass(folder: str | os.PathLike[str], *, options: ExtractOptions) -> float:
    """The second pass of an extract that :func:`write_extract` began (``second_pass_by``):
    each chunk's documents and sentences read back, its :data:`SECOND_PASS` tables made and
    written into hidden folders, each moved into place when every chunk is done, then
    ``actor_totals.parquet``.  If it fails, :data:`SECOND_PASS_FAILED` says why, so that a
    reader waiting for a table gives up; the error is raised again.

    Returns:
        The seconds it took.
    """
    folder = Path(folder)
    started = time.perf_counter()
    try:
        running = RunningTotals()
        for part in sorted((folder / "documents").glob("part-*.parquet")):
            number = part.name.removeprefix("part-").removesuffix(".parquet")
            documents = pd.read_parquet(part)
            sents = pd.read_parquet(folder / "sentences" / part.name)
            with _collector_paused():
                tables = _second_pass(documents, sents, options)
            _write_tables(tables, SECOND_PASS, folder, number, hidden=True)
            running.add(partial_totals(mentions=tables["mentions"]))
        for name in SECOND_PASS:
            (folder / f".{name}").rename(folder / name)
        hidden = folder / ".actor_totals.parquet"
        running.result()["actor_totals"].to_parquet(hidden, index=False)
        hidden.rename(folder / "actor_totals.parquet")
        return time.perf_counter() - started
    except BaseException as exc:
        second_pass_failed(folder, f"{type(exc).__name__}: {exc}")
        raise


def second_pass_failed(folder: str | os.PathLike[str], why: str) -> None:
    """Tell readers waiting for a table of the second pass that it will not come (the
    first reason given stays)."""
    with (
        contextlib.suppress(OSError),  # already said, the folder gone, or the disk full
        open(Path(folder) / SECOND_PASS_FAILED, "x", encoding="utf-8") as handle,
    ):
        handle.write(why + "\n")


def extract_to_parquet(
    source: Any,
    out: str | os.PathLike[str],
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    n_jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    ngram_range: tuple[int, int] = (1, 2),
    lexicon: str | os.PathLike[str] | None = None,
    discover: bool = True,
    text_column: str | None = None,
    encoding: str | None = None,
    encoding_errors: str = "strict",
    date_column: str | None = None,
    outlet_column: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Run the whole extraction, streaming, into a folder of Parquet files.

    ``out`` gets one folder per per-document table (``sentences/part-00000.parquet``...,
    one file per chunk, written by the worker that made it; with several workers the last
    chunk is cut in one piece per worker, ``part-00008-0``, ``part-00008-1``...),
    ``term_totals.parquet``, ``actor_totals.parquet``, ``corpus_totals.parquet`` and
    ``manifest.json``.  Everything is written into a hidden folder beside ``out`` and moved
    into place when complete: an interrupted or failing run leaves an earlier ``out`` as it
    was (see :mod:`analysis.outputs` for what ``out`` may replace).  With
    ``engine="dask"`` on a real cluster, ``out`` must be on a disk every worker can write.

    Args:
        source: As in :func:`extract`.
        out: The output folder (replaced if it holds an earlier extract or report).
        progress: Called with the number of documents of each finished chunk.
        chunk_size, n_jobs, engine, scheduler, ngram_range, lexicon, discover,
        text_column, encoding, encoding_errors, date_column, outlet_column: As in
            :func:`extract`.

    Returns:
        The manifest written to ``out/manifest.json``: options, input files, row counts,
        seconds.

    Raises:
        ReportError: ``out`` is refused (see :func:`analysis.outputs.check_output_folder`),
            cannot be written, another run is writing it, or the disk is full.
    """
    _check_options(chunk_size, n_jobs, engine, scheduler)
    options = ExtractOptions.make(ngram_range=ngram_range, lexicon=lexicon, discover=discover)
    inputs = [source] if isinstance(source, str | os.PathLike) else []
    with output_folder(out, what="extract", inputs=inputs) as work:
        manifest = write_extract(
            source,
            work.path,
            options=options,
            chunk_size=chunk_size,
            n_jobs=n_jobs,
            engine=engine,
            scheduler=scheduler,
            load_options=_load_options(
                text_column, encoding, encoding_errors, date_column, outlet_column
            ),
            progress=progress,
        )
        work.commit(manifest)
    return manifest


def read_extract(
    folder: str | os.PathLike[str], tables: str | tuple[str, ...] | None = None
) -> dict[str, pd.DataFrame]:
    """Read tables written by :func:`extract_to_parquet` (all of them by default).

    A table an extract's second pass is still making (see :data:`FIRST_PASS`) is waited
    for.

    Returns:
        A dict of DataFrames keyed by table name, as :func:`extract` returns them.

    Raises:
        ReportError: ``folder`` is not a finished extract, a table name is unknown, or its
            second pass stopped before the table was made.
    """
    path = Path(folder)
    if not (path / "manifest.json").is_file():
        raise ReportError(f"{path}: not a finished extract (no manifest.json)")
    known = EXTRACT_TABLES + TOTAL_TABLES
    wanted = known if tables is None else ((tables,) if isinstance(tables, str) else tables)
    for name in wanted:
        check_choice("tables", name, known)
    later = json.loads((path / "manifest.json").read_text()).get("second_pass")
    out = {}
    for name in wanted:
        target = path / f"{name}.parquet" if name in TOTAL_TABLES else path / name
        if later is not None and name in later["tables"]:
            _wait_for(target, path, int(later["writer"]))
        if name in TOTAL_TABLES:
            out[name] = pd.read_parquet(target)
        else:
            files = sorted(target.glob("part-*.parquet"))
            out[name] = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    return out


def _wait_for(target: Path, folder: Path, writer: int) -> None:
    """Until the second pass has put ``target`` in place; raises if it stopped first."""
    while not target.exists():
        failed = folder / SECOND_PASS_FAILED
        why = (failed.read_text().strip() or "it failed") if failed.exists() else None
        if why is None and not _running(writer):
            why = f"the process making it ({writer}) ended"
        if why is not None:
            raise ReportError(f"{folder}: {target.stem} was not made: {why}")
        time.sleep(0.02)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
