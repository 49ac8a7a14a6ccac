"""Chunks of documents on a ``dask.distributed`` cluster: a local one, or one you run.

The client reads the corpus and sends chunks to the workers, at most two per worker ahead;
the corpus-wide totals are summed by Dask's groupby reductions on the workers, so only the
summed tables come back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd

from analysis.errors import invalid_value
from analysis.totals import TOTAL_KEYS, TOTAL_VALUES, finish_totals


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


def dask_map(
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


def dask_totals(client: Any, futures: list[Any]) -> dict[str, pd.DataFrame]:
    """Corpus-wide totals from the chunks' partial totals with Dask reductions.

    The partial tables stay on the workers; Dask's groupby-sum tree combines them there and
    only the summed tables come back.
    """
    import dask.dataframe as dd
    from dask import delayed

    out = {}
    for name, keys in TOTAL_KEYS.items():
        parts = [delayed(pick)(f, name) for f in futures]
        meta = client.submit(pick, futures[0], name).result().iloc[:0]
        frame = dd.from_delayed(parts, meta=meta, verify_meta=False)
        grouped = frame.groupby(keys, dropna=False, sort=False)[TOTAL_VALUES[name]]
        out[name] = client.compute(grouped.sum(split_out=1)).result().reset_index()
    corpus = [delayed(pick)(f, "corpus_totals") for f in futures]
    out["corpus_totals"] = client.compute(delayed(_sum_rows)(corpus)).result()
    return finish_totals(out)


def pick(part: Any, key: Any) -> Any:
    return part[key]


def _sum_rows(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True).sum().to_frame().T
