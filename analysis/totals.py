"""Corpus-wide totals, summed chunk by chunk: term totals, actor totals, corpus size.

Every chunk of documents gives its share (:func:`partial_totals`); shares are summed with
Arrow's hash group-by (:func:`add_totals`) as they come, so memory holds one running total,
and sorted once at the end (:func:`finish_totals`) as the rest of the package sorts counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from analysis.terms import TERM_TOTAL_COLUMNS

ACTOR_TOTAL_COLUMNS: tuple[str, ...] = ("actor", "type", "mentions", "doc_count")
CORPUS_TOTAL_COLUMNS: tuple[str, ...] = ("documents", "sentences", "tokens", "words", "chars")
#: What is summed by what; a term's n-gram order follows from its text (words - 1 spaces).
TOTAL_KEYS: dict[str, list[str]] = {"term_totals": ["term"], "actor_totals": ["actor", "type"]}
TOTAL_VALUES: dict[str, list[str]] = {
    "term_totals": ["count", "doc_count"],
    "actor_totals": ["mentions", "doc_count"],
}


def partial_totals(
    mentions: pd.DataFrame | None = None,
    term_totals: pd.DataFrame | None = None,
    corpus_totals: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """A chunk's share of the corpus-wide totals (summed over chunks by :func:`add_totals`);
    a table not given adds nothing (the two passes of an extract each give their own)."""
    if mentions is None:
        mentions = pd.DataFrame(columns=["doc_id", "actor", "type"])
    if term_totals is None:
        term_totals = pd.DataFrame(columns=["term", "count", "doc_count"])
    if corpus_totals is None:
        corpus_totals = pd.DataFrame(
            [[0] * len(CORPUS_TOTAL_COLUMNS)], columns=list(CORPUS_TOTAL_COLUMNS)
        )
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


def add_totals(parts: list[Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Sum chunks' partial totals (each document is in exactly one chunk)."""
    import pyarrow as pa

    out = {}
    for name, keys in TOTAL_KEYS.items():
        columns = [*keys, *TOTAL_VALUES[name]]
        # Arrow's hash group-by: twice as fast as pandas' on string keys; nulls are a group
        table = pa.concat_tables([_arrow(p[name][columns]) for p in parts])
        summed = table.group_by(keys, use_threads=False).aggregate(
            [(v, "sum") for v in TOTAL_VALUES[name]]
        )
        names = {f"{v}_sum": v for v in TOTAL_VALUES[name]}
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


class RunningTotals:
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
