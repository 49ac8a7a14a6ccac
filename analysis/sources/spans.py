"""Look-ups in a document's spans: which actor a phrase names, who was named last."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


@dataclass
class MentionIndex:
    """One document's actor mentions as sorted lists, for fast span look-ups."""

    starts: list[int]
    ends: list[int]
    actors: list[Any]
    types: list[Any]

    @classmethod
    def by_doc(cls, frame: pd.DataFrame) -> dict[Any, MentionIndex]:
        """Each document's mentions in ``frame``, sorted by start (stable)."""
        if frame.empty:
            return {}
        codes, doc_ids = pd.factorize(frame["doc_id"], sort=False)
        order = np.lexsort((frame["start"].to_numpy(), codes))  # stable, like mergesort
        cuts = np.flatnonzero(np.diff(codes[order])) + 1
        columns = [frame[c].to_numpy(dtype=object)[order] for c in ("start", "end", "actor")]
        types = frame["type"].to_numpy(dtype=object)[order]
        out = {}
        bounds = zip([0, *cuts.tolist()], [*cuts.tolist(), len(order)], strict=True)
        for lo, hi in bounds:
            doc_id = doc_ids[codes[order[lo]]]
            starts, ends, actors = (c[lo:hi].tolist() for c in columns)
            out[doc_id] = cls(starts, ends, actors, types[lo:hi].tolist())
        return out


NO_MENTIONS = MentionIndex([], [], [], [])


def spans_by_doc(frame: pd.DataFrame, start: str, end: str) -> dict[Any, list[tuple[int, int]]]:
    """``(start, end)`` pairs of ``frame`` by document, in table order."""
    out: dict[Any, list[tuple[int, int]]] = {}
    columns = (frame[c].tolist() for c in ("doc_id", start, end))
    for doc_id, a, b in zip(*columns, strict=True):
        out.setdefault(doc_id, []).append((a, b))
    return out


def actor_in(
    span: tuple[int, int], mentions: MentionIndex, *, prefer: str = "person"
) -> tuple[Any, Any]:
    """The first actor named inside ``span`` (a person if there is one)."""
    first = None
    i = bisect.bisect_left(mentions.starts, span[0])
    while i < len(mentions.starts) and mentions.starts[i] < span[1]:
        if mentions.ends[i] <= span[1]:
            if mentions.types[i] == prefer:
                return mentions.actors[i], mentions.types[i]
            first = first or (mentions.actors[i], mentions.types[i])
        i += 1
    return first or (None, None)


def nearest_person(
    mentions: MentionIndex, before: int, quoted: Sequence[tuple[int, int]] = ()
) -> tuple[Any, Any]:
    """The person named last before ``before``, leaving out names inside quotes."""
    return nearest_mention(mentions, before, quoted, types=_PERSON)


_PERSON = frozenset({"person"})


def nearest_mention(
    mentions: MentionIndex,
    before: int,
    quoted: Sequence[tuple[int, int]] = (),
    *,
    types: frozenset[str] | set[str],
    accept: Callable[[Any], bool] | None = None,
    where: Callable[[int, int], bool] | None = None,
    since: int = 0,
) -> tuple[Any, Any]:
    """The actor of one of ``types`` named last before ``before`` and from ``since`` on,
    outside quotes, that ``accept`` (given the actor's name) and ``where`` (given the
    mention's start and end) do not refuse."""
    i = bisect.bisect_left(mentions.starts, before) - 1
    while i >= 0 and mentions.starts[i] >= since:
        if mentions.types[i] in types and mentions.ends[i] <= before:
            start = mentions.starts[i]
            if (
                not any(s <= start < e for s, e in quoted)
                and (accept is None or accept(mentions.actors[i]))
                and (where is None or where(start, mentions.ends[i]))
            ):
                return mentions.actors[i], mentions.types[i]
        i -= 1
    return None, None


def sentence_bounds(starts: list[int], ends: list[int], pos: int) -> tuple[int, int, int]:
    i = max(bisect.bisect_right(starts, pos) - 1, 0)
    return i, starts[i], ends[i]


def doc_order(docs: pd.DataFrame):
    order = {d: i for i, d in enumerate(docs["doc_id"])}

    def key(column: pd.Series) -> pd.Series:
        return column.map(order) if column.name == "doc_id" else column

    return key
