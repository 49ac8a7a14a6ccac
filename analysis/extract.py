"""The whole per-document extraction, streamed, on every core or on a Dask cluster.

:func:`extract` runs, chunk by chunk of documents, everything the notebooks start from:
sentences, term counts, sentence sentiment, actor mentions, quotes and attributions, and
the corpus-wide totals that need a global pass (document frequencies, actor counts,
corpus size).  :func:`extract_to_parquet` writes the same tables to a folder of Parquet
files, one file per chunk and table, without holding the corpus in memory, and moves the
folder into place only when it is complete.  :func:`read_extract` reads it back.

Chunks run in this process, in ``n_jobs`` worker processes, or on ``dask.distributed``
(``engine="dask"``: a ``LocalCluster`` by default, or the scheduler at ``scheduler``).  A
document's rows never depend on the other documents of its chunk, so every engine and
every chunk size gives the same tables, row for row.
"""

from __future__ import annotations

import gc
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import LexiconError, ReportError, check_choice, check_int, invalid_value
from analysis.parallel import DEFAULT_CHUNK_SIZE, map_chunks, resolve_jobs, split_evenly

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
TERM_TOTAL_COLUMNS: tuple[str, ...] = ("term", "n", "count", "doc_count")
ACTOR_TOTAL_COLUMNS: tuple[str, ...] = ("actor", "type", "mentions", "doc_count")
CORPUS_TOTAL_COLUMNS: tuple[str, ...] = ("documents", "sentences", "tokens", "words", "chars")
ENGINES: tuple[str, ...] = ("local", "dask")


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
        from analysis.terms import TermOptions

        TermOptions.build(ngram_range=ngram_range)  # one place validates n-gram ranges
        path = None if lexicon is None else str(Path(lexicon).resolve())
        try:
            _lexicon(path)  # a bad lexicon fails here, before any work (and is read only once)
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
        ``documents`` (the documents table without its text), ``sentences``
        (:func:`analysis.sentences`), ``terms`` (``doc_id, term, n, count, per_10k``:
        :func:`analysis.term_frequencies` by document, without the corpus-wide
        ``doc_count``, which is in ``term_totals``), ``sentiment``
        (:func:`analysis.sentence_sentiment` without the sentence text), ``mentions``
        (:func:`analysis.actor_mentions`), ``quotes`` (:func:`analysis.quotes`) and
        ``attributions`` (:func:`analysis.attributions`); and the chunk's own
        ``term_totals`` and ``corpus_totals``, which :func:`extract` sums over chunks.
    """
    from analysis.actors import actor_mentions
    from analysis.sentiment import sentence_sentiment
    from analysis.sources import attributions, quotes
    from analysis.terms import TermOptions, count_terms
    from analysis.text import sentences

    with _collector_paused():
        sents = sentences(docs)
        counted = count_terms(docs, sents, TermOptions.build(ngram_range=options.ngram_range))
        sentiment = sentence_sentiment(docs, sents=sents).drop(columns=["text"])
        lexicon = _lexicon(options.lexicon)
        mentions = actor_mentions(docs, lexicon, discover=options.discover, sents=sents)
        quote_table = quotes(docs, mentions, sents=sents)
        reported = attributions(docs, mentions, sents=sents, quote_table=quote_table)
    return {
        "documents": docs.drop(columns=["text"]),
        "sentences": sents,
        "terms": counted.terms,
        "term_totals": counted.totals,
        "sentiment": sentiment,
        "mentions": mentions,
        "quotes": quote_table,
        "attributions": reported,
        "corpus_totals": pd.DataFrame(
            {
                "documents": [len(docs)],
                "sentences": [len(sents)],
                "tokens": [counted.n_tokens],
                "words": [counted.n_words],
                "chars": [int(docs["n_chars"].sum())],
            }
        ),
    }


@contextmanager
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


def _lexicon(path: str | None) -> Any:
    """The lexicon at ``path`` (None: the default), read once per process and file version."""
    if path is None:
        return None
    return _read_lexicon(path, os.stat(path).st_mtime_ns)


@lru_cache(maxsize=4)
def _read_lexicon(path: str, version: int) -> Any:
    """``version`` is the file's modification time: an edited file is read again."""
    from analysis.actors import load_lexicon

    return load_lexicon(path)


def warm_up(options: ExtractOptions) -> None:
    """Load the lexicons and word lists once, before worker processes are forked from
    this one (they inherit them instead of each loading them again)."""
    from analysis._vader import reference
    from analysis.actors import _as_lexicon, _common_words, _matcher

    reference()
    _common_words()
    _matcher(_as_lexicon(_lexicon(options.lexicon)))


# --- global pass -------------------------------------------------------------------------
def partial_totals(
    mentions: pd.DataFrame, term_totals: pd.DataFrame, corpus_totals: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """A chunk's share of the corpus-wide totals (summed over chunks by :func:`add_totals`)."""
    counts: dict[tuple[Any, Any], int] = {}
    docs: dict[tuple[Any, Any], set[Any]] = {}
    for doc_id, actor, kind in zip(
        mentions["doc_id"].tolist(),
        mentions["actor"].tolist(),
        mentions["type"].tolist(),
        strict=True,
    ):
        key = (actor, kind)
        counts[key] = counts.get(key, 0) + 1
        docs.setdefault(key, set()).add(doc_id)
    actors = pd.DataFrame(
        {
            "actor": pd.Series([k[0] for k in counts], dtype=object),
            "type": pd.Series([k[1] for k in counts], dtype=object),
            "mentions": np.asarray(list(counts.values()), dtype=np.int64),
            "doc_count": np.asarray([len(docs[k]) for k in counts], dtype=np.int64),
        }
    )
    return {
        "term_totals": term_totals,
        "actor_totals": actors,
        "corpus_totals": corpus_totals,
    }


# what is summed by what; a term's n-gram order follows from its text (words - 1 spaces)
_TOTAL_KEYS = {"term_totals": ["term"], "actor_totals": ["actor", "type"]}
_TOTAL_VALUES = {"term_totals": ["count", "doc_count"], "actor_totals": ["mentions", "doc_count"]}


def add_totals(parts: list[Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Sum chunks' partial totals (each document is in exactly one chunk)."""
    import pyarrow as pa

    out = {}
    for name, keys in _TOTAL_KEYS.items():
        columns = [*keys, *_TOTAL_VALUES[name]]
        # Arrow's hash group-by: twice as fast as pandas' on string keys; nulls are a group
        table = pa.concat_tables([_arrow(p[name][columns]) for p in parts])
        summed = table.group_by(keys, use_threads=False).aggregate(
            [(v, "sum") for v in _TOTAL_VALUES[name]]
        )
        names = {f"{v}_sum": v for v in _TOTAL_VALUES[name]}
        summed = summed.rename_columns([names.get(c, c) for c in summed.column_names])
        out[name] = _pandas(summed)[columns]
    out["corpus_totals"] = (
        pd.concat([p["corpus_totals"] for p in parts], ignore_index=True).sum().to_frame().T
    )
    return out


def finish_totals(totals: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Sort the totals the way the rest of the package sorts counts: by count, most first,
    then by text (code point order, missing last)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    terms = _arrow(totals["term_totals"][["term", "count", "doc_count"]])
    words = pc.add(pc.count_substring(terms["term"], " "), 1).cast(pa.int64())
    terms = terms.append_column("n", words)
    terms = terms.take(pc.sort_indices(terms, [("count", "descending"), ("term", "ascending")]))
    actors = _arrow(totals["actor_totals"][list(ACTOR_TOTAL_COLUMNS)])
    order = [("mentions", "descending"), ("actor", "ascending"), ("type", "ascending")]
    actors = actors.take(pc.sort_indices(actors, order))
    return {
        "term_totals": _text_as_objects(_pandas(terms)[list(TERM_TOTAL_COLUMNS)], ["term"]),
        "actor_totals": _text_as_objects(_pandas(actors), ["actor", "type"]),
        "corpus_totals": totals["corpus_totals"][list(CORPUS_TOTAL_COLUMNS)]
        .astype("int64")
        .reset_index(drop=True),
    }


_TEXT_COLUMNS = frozenset({"term", "actor", "type"})


def _arrow(frame: pd.DataFrame) -> Any:
    """A totals table in Arrow: text columns as strings (also when empty or all missing)."""
    import pyarrow as pa

    schema = pa.schema(
        [(c, pa.string() if c in _TEXT_COLUMNS else pa.int64()) for c in frame.columns]
    )
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False, nthreads=1)


def _pandas(table: Any) -> pd.DataFrame:
    return table.to_pandas(use_threads=False)


def _text_as_objects(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Text columns as Python strings (None for missing), whichever engine summed them."""
    frame = frame.reset_index(drop=True)
    for column in columns:
        values = frame[column].astype(object)
        frame[column] = values.where(values.notna(), None)
    return frame


class _RunningTotals:
    """Partial totals folded in every few chunks, so memory holds one running total."""

    def __init__(self, every: int = 16) -> None:
        self.every = every
        self.parts: list[Mapping[str, pd.DataFrame]] = []

    def add(self, part: Mapping[str, pd.DataFrame]) -> None:
        self.parts.append(part)
        if len(self.parts) >= self.every:
            self.parts = [add_totals(self.parts)]

    def result(self) -> dict[str, pd.DataFrame]:
        return finish_totals(add_totals(self.parts))


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
    for name in EXTRACT_TABLES:
        target = Path(folder) / name / f"part-{number}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        tables[name].to_parquet(target, index=False)
    return _partial(tables)


# --- engines -----------------------------------------------------------------------------
@contextmanager
def dask_client(scheduler: str | None = None, *, n_workers: int | None = None) -> Iterator[Any]:
    """A ``dask.distributed`` client: of the cluster at ``scheduler``, or of a new
    ``LocalCluster`` on 127.0.0.1 (one single-threaded worker process per core)."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise invalid_value(
                "scheduler", scheduler, f"a reachable Dask scheduler ({exc})"
            ) from None
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=n_workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",  # a free port: no clash with a cluster already running
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _dask_map(
    client: Any, func: Callable[..., Any], items: Iterator[Any], **kwargs: Any
) -> Iterator[Any]:
    """Futures of ``func(item)`` on the cluster, at most two per worker ahead, in order."""
    from collections import deque

    ahead = max(2 * len(client.scheduler_info().get("workers", {})), 2)
    pending: deque[Any] = deque()
    for item in items:
        pending.append(client.submit(func, item, pure=False, **kwargs))
        if len(pending) >= ahead:
            yield pending.popleft()
    yield from pending


def _dask_totals(client: Any, futures: list[Any]) -> dict[str, pd.DataFrame]:
    """Corpus-wide totals from the chunks' partial totals with Dask reductions.

    The partial tables stay on the workers; Dask's groupby-sum tree combines them there and
    only the summed tables come back.
    """
    import dask.dataframe as dd
    from dask import delayed

    out = {}
    for name, keys in _TOTAL_KEYS.items():
        parts = [delayed(_pick)(f, name) for f in futures]
        meta = client.submit(_pick, futures[0], name).result().iloc[:0]
        frame = dd.from_delayed(parts, meta=meta, verify_meta=False)
        grouped = frame.groupby(keys, dropna=False, sort=False)[_TOTAL_VALUES[name]]
        out[name] = client.compute(grouped.sum(split_out=1)).result().reset_index()
    corpus = [delayed(_pick)(f, "corpus_totals") for f in futures]
    out["corpus_totals"] = client.compute(delayed(_sum_rows)(corpus)).result()
    return finish_totals(out)


def _split_part(item: tuple[str, pd.DataFrame], pieces: int) -> list[tuple[str, pd.DataFrame]]:
    """A numbered chunk cut in pieces numbered after it (``00008-0``, ``00008-1``), which
    sort between the chunks before and after it."""
    number, docs = item
    return [(f"{number}-{i}", part) for i, part in enumerate(split_evenly(docs, pieces))]


def _pick(part: Any, key: Any) -> Any:
    return part[key]


def _sum_rows(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True).sum().to_frame().T


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


def _load_options(text_column: str, encoding: str | None, errors: str) -> dict[str, Any]:
    return {"text_column": text_column, "encoding": encoding, "encoding_errors": errors}


def _chunks(source: Any, chunk_size: int, load_options: Mapping[str, Any]) -> Iterator[Any]:
    from analysis.corpus import iter_corpus

    return iter_corpus(source, chunk_size=chunk_size, **load_options)


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
    text_column: str = "text",
    encoding: str | None = None,
    encoding_errors: str = "strict",
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
        text_column: The text column of a table source.
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
    load_options = _load_options(text_column, encoding, encoding_errors)
    chunks = _chunks(source, chunk_size, load_options)
    collected: dict[str, list[pd.DataFrame]] = {name: [] for name in EXTRACT_TABLES}
    if engine == "dask":
        with dask_client(scheduler, n_workers=workers) as client:
            futures = list(_dask_map(client, _chunk_tables, chunks, options=options))
            if not futures:
                raise _no_documents(source)
            totals = _dask_totals(client, [client.submit(_pick, f, 1) for f in futures])
            for future in futures:
                tables = future.result()[0]
                for name in EXTRACT_TABLES:
                    collected[name].append(tables[name])
    else:
        warm_up(options)
        running = _RunningTotals()
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
    text_column: str = "text",
    encoding: str | None = None,
    encoding_errors: str = "strict",
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Run the whole extraction, streaming, into a folder of Parquet files.

    ``out`` gets one folder per per-document table (``sentences/part-00000.parquet``...,
    one file per chunk, written by the worker that made it; with several workers the last
    chunk is cut in one piece per worker, ``part-00008-0``, ``part-00008-1``...),
    ``term_totals.parquet``, ``actor_totals.parquet``, ``corpus_totals.parquet`` and
    ``manifest.json``.  Everything
    is written into a hidden folder beside ``out`` and moved into place when complete: an
    interrupted or failing run leaves an earlier ``out`` as it was.  With
    ``engine="dask"`` on a real cluster, ``out`` must be on a disk every worker can write.

    Args:
        source: As in :func:`extract`.
        out: The output folder (replaced if it holds an earlier extract).
        progress: Called with the number of documents of each finished chunk.
        chunk_size, n_jobs, engine, scheduler, ngram_range, lexicon, discover,
        text_column, encoding, encoding_errors: As in :func:`extract`.

    Returns:
        The manifest written to ``out/manifest.json``: options, row counts, seconds.

    Raises:
        ReportError: ``out`` is refused (see :func:`analysis.outputs.check_output_folder`),
            cannot be written, another run is writing it, or the disk is full.
    """
    from analysis.outputs import output_folder

    chunk_size, workers = _check_options(chunk_size, n_jobs, engine, scheduler)
    options = ExtractOptions.make(ngram_range=ngram_range, lexicon=lexicon, discover=discover)
    load_options = _load_options(text_column, encoding, encoding_errors)
    inputs = [source] if isinstance(source, str | os.PathLike) else []
    started = time.perf_counter()
    with output_folder(out, what="extract", inputs=inputs) as work:
        tmp = work.path
        numbered = (
            (f"{i:05d}", docs) for i, docs in enumerate(_chunks(source, chunk_size, load_options))
        )
        if engine == "dask":
            with dask_client(scheduler, n_workers=workers) as client:
                futures = []
                for future in _dask_map(
                    client, _write_part, numbered, options=options, folder=str(tmp)
                ):
                    futures.append(future)
                if not futures:
                    raise _no_documents(source)
                totals = _dask_totals(client, futures)
        else:
            warm_up(options)
            running = _RunningTotals()
            for part in map_chunks(
                _write_part,
                numbered,
                n_jobs=workers,
                split=_split_part,
                options=options,
                folder=str(tmp),
            ):
                running.add(part)
                if progress is not None:
                    progress(int(part["corpus_totals"]["documents"].sum()))
            if not running.parts:
                raise _no_documents(source)
            totals = running.result()
        for name, table in totals.items():
            table.to_parquet(tmp / f"{name}.parquet", index=False)
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
            "tables": list(EXTRACT_TABLES) + list(TOTAL_TABLES),
            "rows": {k: int(v) for k, v in totals["corpus_totals"].iloc[0].items()},
            "seconds": round(time.perf_counter() - started, 2),
        }
        work.commit(manifest)
    return manifest


def read_extract(
    folder: str | os.PathLike[str], tables: str | tuple[str, ...] | None = None
) -> dict[str, pd.DataFrame]:
    """Read tables written by :func:`extract_to_parquet` (all of them by default).

    Returns:
        A dict of DataFrames keyed by table name, as :func:`extract` returns them.

    Raises:
        ReportError: ``folder`` is not a finished extract, or a table name is unknown.
    """
    path = Path(folder)
    if not (path / "manifest.json").is_file():
        raise ReportError(f"{path}: not a finished extract (no manifest.json)")
    known = EXTRACT_TABLES + TOTAL_TABLES
    wanted = known if tables is None else ((tables,) if isinstance(tables, str) else tables)
    for name in wanted:
        check_choice("tables", name, known)
    out = {}
    for name in wanted:
        if name in TOTAL_TABLES:
            out[name] = pd.read_parquet(path / f"{name}.parquet")
        else:
            files = sorted((path / name).glob("part-*.parquet"))
            out[name] = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    return out


#: Tables :func:`prepare_tables` can give, in the order they depend on each other.
PREPARED_TABLES: tuple[str, ...] = (
    "sentences",
    "tokens",
    "sentiment",
    "mentions",
    "quotes",
    "attributions",
)


def prepare_tables(
    docs: pd.DataFrame,
    names: tuple[str, ...] | list[str],
    *,
    extract_dir: str | os.PathLike[str] = "",
    n_jobs: int = 1,
    lexicon: str | os.PathLike[str] | None = None,
    discover: bool = True,
) -> dict[str, pd.DataFrame]:
    """The per-document tables a notebook starts from: read from an extract, or computed.

    Args:
        docs: The documents table.
        names: Which of ``PREPARED_TABLES`` to return.
        extract_dir: A folder written by :func:`extract_to_parquet` (``analysis extract``)
            for a corpus holding ``docs``; empty: compute everything here.
        n_jobs: Worker processes for what is computed.
        lexicon: Actor lexicon added to the default one (must match the extract's).
        discover: Also find names the lexicon lacks (must match the extract's).

    Returns:
        A dict with the tables of :func:`analysis.sentences`, :func:`analysis.tokens`,
        :func:`analysis.sentence_sentiment`, :func:`analysis.actor_mentions`,
        :func:`analysis.quotes` and :func:`analysis.attributions`, as those functions
        return them, for the documents of ``docs``.

    Raises:
        ParameterError: an unknown table name, or an extract made from other documents or
            with another lexicon.
    """
    from analysis.actors import actor_mentions
    from analysis.sentiment import SENTENCE_SENTIMENT_COLUMNS, sentence_sentiment
    from analysis.sources import attributions, quotes
    from analysis.text import sentences, tokens

    for name in names:
        check_choice("names", name, PREPARED_TABLES)
    resolve_jobs(n_jobs)
    lexicon = str(Path(lexicon).resolve()) if lexicon else None
    out: dict[str, pd.DataFrame] = {}
    if extract_dir:
        # sentences always: tokens and the sentiment's text come from them
        wanted = ["sentences", *(n for n in names if n in EXTRACT_TABLES and n != "sentences")]
        stored = _read_for(docs, extract_dir, wanted, lexicon=lexicon, discover=discover)
        out.update({k: v for k, v in stored.items() if k != "sentiment"})
        if "sentiment" in stored:
            text = stored["sentences"][["doc_id", "sent_id", "text"]]
            scored = stored["sentiment"].merge(text, on=["doc_id", "sent_id"], how="left")
            out["sentiment"] = scored[list(SENTENCE_SENTIMENT_COLUMNS)]
    else:
        out["sentences"] = sents = sentences(docs, n_jobs=n_jobs)
        if "sentiment" in names:
            out["sentiment"] = sentence_sentiment(docs, sents=sents, n_jobs=n_jobs)
        if {"mentions", "quotes", "attributions"} & set(names):
            mentions = actor_mentions(docs, lexicon, discover=discover, sents=sents, n_jobs=n_jobs)
            quoted = quotes(docs, mentions, sents=sents, n_jobs=n_jobs)
            out["mentions"], out["quotes"] = mentions, quoted
            out["attributions"] = attributions(
                docs, mentions, sents=sents, quote_table=quoted, n_jobs=n_jobs
            )
    if "tokens" in names:
        out["tokens"] = tokens(docs, sents=out["sentences"], n_jobs=n_jobs)
    return {name: out[name] for name in names}


def _read_for(
    docs: pd.DataFrame,
    folder: str | os.PathLike[str],
    names: list[str],
    *,
    lexicon: str | None,
    discover: bool,
) -> dict[str, pd.DataFrame]:
    """An extract's per-document tables for exactly the documents of ``docs``, in its order."""
    from analysis.errors import ParameterError

    path = Path(folder)
    if not (path / "manifest.json").is_file():
        raise ParameterError(
            f"parameter extract_dir={str(folder)!r}: not a finished extract (no manifest.json); "
            "make one with: analysis extract --corpus PATH --out DIR"
        )
    options = json.loads((path / "manifest.json").read_text())["options"]
    if (options.get("lexicon"), options.get("discover")) != (lexicon, discover):
        raise ParameterError(
            f"parameter extract_dir={str(folder)!r}: made with lexicon={options.get('lexicon')!r}, "
            f"discover={options.get('discover')!r}, not lexicon={lexicon!r}, "
            f"discover={discover!r}; run analysis extract again with those options"
        )
    tables = read_extract(path, ("documents", *names))
    have = set(tables["documents"]["doc_id"])
    missing = [d for d in docs["doc_id"] if d not in have]
    if missing:
        raise ParameterError(
            f"parameter extract_dir={str(folder)!r}: made from another corpus; "
            f"{len(missing)} of these documents are not in it, e.g. {missing[0]!r}"
        )
    order = {d: i for i, d in enumerate(docs["doc_id"])}
    out = {}
    for name in names:
        table = tables[name]
        table = table[table["doc_id"].isin(order)]
        table = table.sort_values("doc_id", key=lambda c: c.map(order), kind="mergesort")
        out[name] = table.reset_index(drop=True)
    return out
