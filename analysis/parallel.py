"""Documents in chunks, on every core.

Every per-document analysis gives the same rows for a document whatever else is in the
table, so a corpus can be cut into chunks of documents, each chunk analysed in a worker
process, and the results put back together in document order: row for row the table the
serial run gives.  :func:`map_documents` does that for one function; :func:`map_chunks` is
the ordered, memory-bounded pool under it (and under :func:`analysis.extract`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

import pandas as pd

from analysis.errors import check_int, invalid_value

T = TypeVar("T")
R = TypeVar("R")

#: Documents per chunk: large enough that per-chunk costs stay small, small enough that
#: two workers finish close together on a corpus of a few thousand articles.
DEFAULT_CHUNK_SIZE = 250


def resolve_jobs(n_jobs: int) -> int:
    """The number of worker processes for ``n_jobs`` (``-1``: one per core).

    Raises:
        ParameterError: ``n_jobs`` is 0, below -1, or not an integer.
    """
    check_int("n_jobs", n_jobs, minimum=-1)
    if n_jobs == 0:
        raise invalid_value("n_jobs", n_jobs, "a positive number of workers, or -1 for all")
    return (os.cpu_count() or 1) if n_jobs == -1 else n_jobs


def _watch_parent() -> None:
    """Exit as soon as the process that started this worker is gone (its sentinel, a pipe
    only that process writes to, reads as closed), however it ended."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()
        os._exit(1)  # the parent is gone (killed): never linger as an orphan


def _start_worker() -> None:
    """In each worker: leave Ctrl-C to the parent (which stops the workers itself), and
    exit when the parent is gone, ``kill -9`` included."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, daemon=True).start()


def _worker_context() -> Any:
    """How to start the workers: forked from this process when it runs no other thread,
    else forked from a fork server.

    Forking a process in which another thread runs can leave the child waiting forever for
    a lock that thread held at the moment of the fork (an import lock, while a report's
    runner imports papermill beside the extraction: seen).  A fork server is a fresh,
    single-threaded process that imports the extraction's modules once and forks each worker
    from itself: safe, and as quick as forking here once started, but like spawning it runs
    a script's unguarded top level again in each worker.  So plain fork stays where it is
    safe (a script, the ``analysis extract`` command); a report's runner and a Jupyter
    kernel, which run threads, use the fork server (Python 3.14's default on Linux).
    """
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:
        return multiprocessing.get_context()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["analysis.extraction"])
    return context


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: pending work cancelled, running workers terminated.

    (Python 3.14 has ``terminate_workers()``; before it, the pool's process table.)
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)


def map_chunks(
    func: Callable[..., R],
    chunks: Iterable[T],
    /,
    *,
    n_jobs: int = 1,
    split: Callable[[T, int], list[T]] | None = None,
    **kwargs: Any,
) -> Iterator[R]:
    """``func(chunk, **kwargs)`` for each chunk, in order, in ``n_jobs`` worker processes.

    At most two chunks per worker are read ahead, so a stream of chunks is never all in
    memory.  With ``n_jobs=1`` everything runs in this process.

    ``split(chunk, n)`` (optional) cuts a chunk into ``n`` smaller ones, in order.  The
    last chunk of the stream is cut into one piece per worker, so that the workers finish
    together instead of one of them running the last chunk alone (then a result is
    yielded for each piece).
    """
    workers = resolve_jobs(n_jobs)
    if workers == 1:
        for chunk in chunks:
            yield func(chunk, **kwargs)
        return
    end = object()
    stream = iter(chunks)
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=_worker_context(), initializer=_start_worker
    )
    try:
        pending: deque[Future[R]] = deque()
        chunk: Any = next(stream, end)
        while chunk is not end:
            following = next(stream, end)  # one chunk ahead: is this one the last?
            pieces = [chunk] if following is not end or split is None else split(chunk, workers)
            for piece in pieces:
                pending.append(pool.submit(func, piece, **kwargs))
            chunk = following
            while len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:  # an error, Ctrl-C, or the consumer stopped early
        _stop_workers(pool)
        raise
    pool.shutdown(wait=True)


class Worker:
    """One worker process, started as :func:`map_chunks` starts its workers (forked from
    this process when no other thread runs, else from a fork server) at the first call, for
    calls made in the background one after another."""

    def __init__(self) -> None:
        self._pool = ProcessPoolExecutor(
            max_workers=1, mp_context=_worker_context(), initializer=_start_worker
        )

    @property
    def pid(self) -> int | None:
        """The worker's process id, once it has started."""
        return next(iter(getattr(self._pool, "_processes", None) or {}), None)

    def submit(self, func: Callable[..., R], /, *args: Any, **kwargs: Any) -> Future[R]:
        """``func(*args, **kwargs)`` in the worker, after the calls submitted before it."""
        return self._pool.submit(func, *args, **kwargs)

    def end(self) -> None:
        """End the worker at once (stopping a call still running); call it in every case."""
        _stop_workers(self._pool)


def split_documents(docs: pd.DataFrame, chunk_size: int) -> list[pd.DataFrame]:
    """``docs`` cut into tables of at most ``chunk_size`` documents, in order."""
    check_int("chunk_size", chunk_size, minimum=1)
    return [docs.iloc[i : i + chunk_size] for i in range(0, len(docs), chunk_size)]


def split_evenly(docs: pd.DataFrame, pieces: int) -> list[pd.DataFrame]:
    """``docs`` cut into at most ``pieces`` tables of nearly equal size, in order."""
    return split_documents(docs, max(-(-len(docs) // pieces), 1)) or [docs]


def _run_chunk(
    chunk: tuple[pd.DataFrame, dict[str, pd.DataFrame]],
    *,
    table_function: Callable[..., pd.DataFrame],
    options: Mapping[str, Any],
) -> pd.DataFrame:
    docs, frames = chunk
    return table_function(docs, **frames, **options)


def map_documents(
    func: Callable[..., pd.DataFrame],
    docs: pd.DataFrame,
    *,
    n_jobs: int,
    frames: Mapping[str, pd.DataFrame | None] | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    **kwargs: Any,
) -> pd.DataFrame:
    """Run a per-document table function over chunks of ``docs`` and join the results.

    Args:
        func: Called as ``func(docs_chunk, **frames_chunk, **kwargs)``; must be defined at
            module level (it is sent to worker processes).
        docs: The documents table.
        n_jobs: Worker processes (``-1``: one per core).
        frames: Tables keyed by ``doc_id`` that ``func`` takes as keyword arguments
            (``sents=...``); each chunk gets the rows of its own documents.
        chunk_size: Documents per chunk.
        **kwargs: Passed to every call.

    Returns:
        The chunk results concatenated in document order, with a fresh index.
    """
    given = {k: v for k, v in (frames or {}).items() if v is not None}
    groups = {k: dict(tuple(v.groupby("doc_id", sort=False))) for k, v in given.items()}
    empty = {k: v.iloc[:0] for k, v in given.items()}

    def chunk_frames(chunk: pd.DataFrame) -> dict[str, pd.DataFrame]:
        out = {}
        for key, by_doc in groups.items():
            parts = [by_doc[d] for d in chunk["doc_id"] if d in by_doc]
            out[key] = pd.concat(parts) if parts else empty[key]
        return out

    chunks = ((c, chunk_frames(c)) for c in split_documents(docs, chunk_size))
    results = list(
        map_chunks(_run_chunk, chunks, n_jobs=n_jobs, table_function=func, options=kwargs)
    )
    if not results:
        return func(docs, **given, **kwargs)
    return pd.concat(results, ignore_index=True)
