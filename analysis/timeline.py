"""Coverage over time: documents, actors, terms and sentiment per day, week, month or
year, and the periods where coverage jumps.

Every series is counted in documents (an article that names an actor five times counts
once), and each count comes with its ``share``: of all documents of that period (or, for
:func:`coverage` without ``by``, of all dated documents), as Media Cloud's attention
charts show it.  Periods with no documents inside the corpus's date range are kept, with
zero, so that gaps show and spikes are measured against them.  Documents without a date
(``date`` missing, see :func:`analysis.load_corpus`) are left out of everything here.

Spikes (:func:`spikes`): a period is a spike when its value is more than ``threshold``
robust standard deviations (1.4826 x the median absolute deviation, and at least a quarter
of that median, or its square root for counts of documents) above the median of the
``window`` periods before it, and holds at least ``min_documents`` documents; spike
periods in a row (one quiet period between them allowed) form one spike, reported at its
first period.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import as_documents
from analysis.errors import ParameterError, check_choice, check_int, invalid_value
from analysis.terms import find_matches

#: ``freq`` names and the pandas periods they stand for (weeks start on Monday).
FREQUENCIES: dict[str, str] = {"day": "D", "week": "W-SUN", "month": "M", "year": "Y"}

COVERAGE_COLUMNS: tuple[str, ...] = ("period", "documents", "share")
ATTENTION_COLUMNS: tuple[str, ...] = ("period", "actor", "documents", "share")
TREND_COLUMNS: tuple[str, ...] = ("period", "term", "documents", "share")
SENTIMENT_TREND_COLUMNS: tuple[str, ...] = ("period", "sentences", "compound_mean")
SPIKE_COLUMNS: tuple[str, ...] = (
    "series",
    "period",
    "end",
    "periods",
    "peak",
    "baseline",
    "z",
)


def _dated(docs: pd.DataFrame, freq: str) -> pd.DataFrame:
    """``doc_id`` and ``period`` (start timestamp) of every dated document."""
    check_choice("freq", freq, tuple(FREQUENCIES))
    if "date" not in docs.columns or not np.issubdtype(docs["date"].dtype, np.datetime64):
        raise ParameterError(
            "the documents have no date column (load_corpus recognises date, published, "
            "publish_date...; pass date_column=...)"
        )
    dated = docs.loc[docs["date"].notna(), ["doc_id", "date"]]
    period = dated["date"].dt.to_period(FREQUENCIES[freq]).dt.start_time
    return pd.DataFrame({"doc_id": dated["doc_id"].to_numpy(), "period": period.to_numpy()})


def _all_periods(dated: pd.DataFrame, freq: str) -> pd.DatetimeIndex:
    if dated.empty:
        return pd.DatetimeIndex([], name="period")
    return pd.period_range(
        dated["period"].min(), dated["period"].max(), freq=FREQUENCIES[freq]
    ).start_time.rename("period")


def coverage(docs: Any, *, freq: str = "week", by: str | None = None) -> pd.DataFrame:
    """Documents per period, and per ``by`` (an outlet, a group) when given.

    Args:
        docs: A documents table with a typed ``date`` column.
        freq: ``"day"``, ``"week"`` (starting Monday), ``"month"`` or ``"year"``.
        by: A column of ``docs``: one series per value.

    Returns:
        DataFrame with columns ``period, [by], documents, share``: ``share`` is of all
        documents of that period with ``by``, else of all dated documents.  Every period of
        the date range is listed (zero where nothing was published), in period order.

    Raises:
        ParameterError: no date column, or ``by`` is not a column.
    """
    docs = as_documents(docs)
    dated = _dated(docs, freq)
    periods = _all_periods(dated, freq)
    if by is None:
        counts = dated.groupby("period").size().reindex(periods, fill_value=0)
        out = counts.rename("documents").reset_index()
        total = int(out["documents"].sum())
        out["share"] = out["documents"] / total if total else 0.0
        return out[list(COVERAGE_COLUMNS)]
    if by not in docs.columns:
        raise invalid_value("by", by, f"a column of the documents ({', '.join(docs.columns)})")
    labels = dict(zip(docs["doc_id"], docs[by], strict=True))
    dated[by] = dated["doc_id"].map(labels)
    dated = dated[dated[by].notna()]
    counts = dated.groupby(["period", by]).size()
    values = sorted(dated[by].unique().tolist(), key=str)
    full = pd.MultiIndex.from_product([periods, values], names=["period", by])
    counts = counts.reindex(full, fill_value=0)
    out = counts.rename("documents").reset_index()
    per_period = out.groupby("period")["documents"].transform("sum")
    out["share"] = np.where(
        per_period > 0, out["documents"] / per_period.where(per_period > 0, 1), 0.0
    )
    return out[["period", by, "documents", "share"]]


def _per_period(
    dated: pd.DataFrame, hits: pd.DataFrame, key: str, keys: Sequence[Any], freq: str
) -> pd.DataFrame:
    """Documents of each period holding each key (``hits``: ``doc_id, key``), and their
    share of all the period's documents."""
    periods = _all_periods(dated, freq)
    period_of = dict(zip(dated["doc_id"], dated["period"], strict=True))
    hits = hits.drop_duplicates(["doc_id", key]).assign(period=lambda t: t["doc_id"].map(period_of))
    hits = hits[hits["period"].notna()]
    counts = hits.groupby(["period", key]).size()
    full = pd.MultiIndex.from_product([periods, list(keys)], names=["period", key])
    out = counts.reindex(full, fill_value=0).rename("documents").reset_index()
    all_docs = dated.groupby("period").size().reindex(periods, fill_value=0)
    base = out["period"].map(all_docs)
    out["share"] = np.where(base > 0, out["documents"] / base.where(base > 0, 1), 0.0)
    return out


def actor_attention(
    docs: Any,
    mentions: pd.DataFrame,
    *,
    freq: str = "week",
    actors: Iterable[str] | None = None,
    top: int = 8,
) -> pd.DataFrame:
    """Documents naming each actor per period, and their share of the period's documents.

    Args:
        docs: A documents table with a typed ``date`` column.
        mentions: :func:`analysis.actor_mentions` of ``docs``.
        freq: As in :func:`coverage`.
        actors: The actors to follow; by default the ``top`` named in the most documents.
        top: How many actors by default.

    Returns:
        DataFrame with columns ``period, actor, documents, share``, in period order, the
        actors in the order given (or most documents first).
    """
    check_int("top", top, minimum=1)
    docs = as_documents(docs)
    dated = _dated(docs, freq)
    hits = mentions.loc[mentions["doc_id"].isin(set(dated["doc_id"])), ["doc_id", "actor"]]
    if actors is None:
        per_actor = hits.drop_duplicates().groupby("actor").size()
        order = per_actor.sort_values(ascending=False, kind="mergesort")
        chosen = order.index[:top].tolist()
    else:
        chosen = list(dict.fromkeys(actors))
    hits = hits[hits["actor"].isin(set(chosen))]
    return _per_period(dated, hits, "actor", chosen, freq)[list(ATTENTION_COLUMNS)]


def term_trend(
    docs: Any,
    terms: Iterable[str],
    *,
    freq: str = "week",
    regex: bool = False,
    case: bool = False,
) -> pd.DataFrame:
    """Documents using each word, phrase or regular expression per period, and their share
    of the period's documents (Voyant's Trends, counted in documents).

    Args:
        docs: A documents table with a typed ``date`` column.
        terms: What to look for, as in :func:`analysis.find_matches`.
        freq: As in :func:`coverage`.
        regex, case: As in :func:`analysis.find_matches`.

    Returns:
        DataFrame with columns ``period, term, documents, share``, in period order.
    """
    docs = as_documents(docs)
    dated = _dated(docs, freq)
    chosen = [t for t in dict.fromkeys(terms) if str(t).strip()]
    if not chosen:
        raise invalid_value("terms", terms, "at least one word or phrase")
    in_range = docs[docs["doc_id"].isin(set(dated["doc_id"]))]
    found = [
        find_matches(in_range, term, regex=regex, case=case)[["doc_id"]].assign(term=term)
        for term in chosen
    ]
    return _per_period(dated, pd.concat(found, ignore_index=True), "term", chosen, freq)[
        list(TREND_COLUMNS)
    ]


def sentiment_trend(
    docs: Any,
    sent_sentiment: pd.DataFrame,
    *,
    freq: str = "week",
    by: str | None = None,
) -> pd.DataFrame:
    """Mean VADER compound of the body sentences (headlines apart, as everywhere) published
    in each period, with how many sentences it is over.

    Args:
        docs: A documents table with a typed ``date`` column.
        sent_sentiment: :func:`analysis.sentence_sentiment` of ``docs``.
        freq: As in :func:`coverage`.
        by: A column of ``docs``: one series per value.

    Returns:
        DataFrame with columns ``period, [by], sentences, compound_mean`` (NaN where a
        period has no sentence), in period order.
    """
    docs = as_documents(docs)
    dated = _dated(docs, freq)
    body = sent_sentiment
    if "is_title" in body.columns:
        body = body[~body["is_title"].astype(bool)]
    period_of = dict(zip(dated["doc_id"], dated["period"], strict=True))
    frame = body[["doc_id", "compound"]].assign(period=body["doc_id"].map(period_of))
    frame = frame[frame["period"].notna()]
    periods = _all_periods(dated, freq)
    keys = ["period"]
    if by is not None:
        if by not in docs.columns:
            raise invalid_value("by", by, f"a column of the documents ({', '.join(docs.columns)})")
        frame[by] = frame["doc_id"].map(dict(zip(docs["doc_id"], docs[by], strict=True)))
        frame = frame[frame[by].notna()]
        keys.append(by)
    grouped = frame.groupby(keys)["compound"].agg(sentences="size", compound_mean="mean")
    if by is None:
        grouped = grouped.reindex(periods)
        grouped["sentences"] = grouped["sentences"].fillna(0).astype(np.int64)
    out = grouped.reset_index()
    return out[[*keys, "sentences", "compound_mean"]]


def spikes(
    series: pd.DataFrame,
    *,
    value: str = "share",
    by: str | None = None,
    window: int = 10,
    threshold: float = 3.5,
    min_documents: int = 3,
    name: str = "",
) -> pd.DataFrame:
    """The periods where a series jumps (see the module's notes for the rule).

    Args:
        series: A table of this module (``period``, ``documents``, ``value``...).
        value: The column measured (``"share"`` or ``"documents"``).
        by: The column naming each series (``"actor"``, ``"term"``, an outlet column);
            ``None``: one series.
        window: Periods before each one that make its baseline (at least 3).
        threshold: Robust standard deviations above the baseline.
        min_documents: A spike period holds at least this many documents.
        name: The ``series`` of every row when ``by`` is ``None`` (``"all documents"``).

    Returns:
        DataFrame with columns ``series, period, end, periods, peak, baseline, z``: one
        row per spike (``period`` its first period, ``end`` its last, ``peak`` the highest
        value, ``baseline`` the median before it, ``z`` at its first period), in period
        order.
    """
    check_int("window", window, minimum=3)
    check_int("min_documents", min_documents, minimum=0)
    if value not in series.columns:
        raise invalid_value("value", value, f"a column of the series ({', '.join(series.columns)})")
    groups = [(name, series)] if by is None else list(series.groupby(by, sort=False))
    rows = []
    for name, part in groups:
        part = part.sort_values("period", kind="mergesort")
        values = part[value].to_numpy(dtype=float)
        docs = part["documents"].to_numpy() if "documents" in part.columns else None
        flagged, z, base = _robust_z(
            values, window=window, threshold=threshold, counts=value == "documents"
        )
        if docs is not None:
            flagged &= docs >= min_documents
        periods = part["period"].to_numpy()
        i = 0
        while i < len(values):
            if not flagged[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(values) and (
                flagged[j + 1] or (j + 2 < len(values) and flagged[j + 2])
            ):
                j += 1 if flagged[j + 1] else 2
            rows.append(
                (
                    name,
                    periods[i],
                    periods[j],
                    j - i + 1,
                    float(values[i : j + 1].max()),
                    float(base[i]),
                    float(z[i]),
                )
            )
            i = j + 1
    out = pd.DataFrame(rows, columns=list(SPIKE_COLUMNS))
    return out.sort_values(["period", "series"], kind="mergesort").reset_index(drop=True)


def _robust_z(
    values: np.ndarray, *, window: int, threshold: float, counts: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per value: over the threshold?, its robust z, and the baseline (median before it).

    The scale is 1.4826 x MAD of the window, but never below a quarter of the baseline,
    the square root of the baseline for counts (the noise of a Poisson count) or a
    hundredth of the series' largest value, so that a quiet stretch does not make every
    wiggle a spike."""
    n = len(values)
    flagged = np.zeros(n, dtype=bool)
    z = np.full(n, np.nan)
    base = np.full(n, np.nan)
    floor = 0.01 * float(np.nanmax(values)) if n and np.nanmax(values) > 0 else 1e-12
    for i in range(3, n):
        before = values[max(0, i - window) : i]
        median = float(np.median(before))
        scale = max(
            1.4826 * float(np.median(np.abs(before - median))),
            0.25 * median,
            float(np.sqrt(median)) if counts else 0.0,
            floor,
        )
        base[i] = median
        z[i] = (values[i] - median) / scale
        flagged[i] = z[i] > threshold
    return flagged, z, base
