"""Coverage over time: documents, actors, terms and sentiment per day, week, month, quarter
or year, and the periods where coverage jumps.

Every series is counted in documents (an article that names an actor five times counts
once), and each count comes with its ``share``: of all documents of that period (or, for
:func:`coverage` without ``by``, of all dated documents), as Media Cloud's attention
charts show it.  A share (and a mean sentiment) is given only for a period holding at least
``min_documents`` documents (5 by default), and is missing otherwise: one article of three
is not a third of the news.  Periods with no documents inside the corpus's date range are
kept, with zero, so that gaps show and spikes are measured against them.  Documents without
a date (``date`` missing, see :func:`analysis.load_corpus`) are left out of everything here.

The period (:func:`time_span`): ``freq="auto"``, the default everywhere, takes the finest of
day, week, month, quarter and year that gives at most 150 periods over the dense part of the
dates (so 20 to 150 periods, unless the dates span fewer than 20 days).  The dense part runs
from the 1st to the 99th percentile of the dates, and on to the earliest and latest date
within a quarter of that span beyond them: what lies further out is a thin tail (three
articles from 2001 in a corpus of 2012-2020).  A tail stays in every table; charts show
the dense part, and the notes say what was left off their axis.

Spikes (:func:`spikes`): a period is a spike when its value is more than ``threshold``
robust standard deviations (1.4826 x the median absolute deviation, and at least a quarter
of that median, or its square root for counts of documents) above the median of the
``window`` periods before it, holds at least ``min_documents`` documents, and at least
``min_rise`` documents more than the median of the periods before it (a jump from 0 to 4
articles is not news); spike periods in a row (one quiet period between them allowed) form
one spike, reported at its first period and ranked by how far it rose above its baseline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import as_documents
from analysis.errors import ParameterError, check_choice, check_int, invalid_value
from analysis.terms import find_matches

#: ``freq`` names and the pandas periods they stand for (weeks start on Monday).
FREQUENCIES: dict[str, str] = {
    "day": "D",
    "week": "W-SUN",
    "month": "M",
    "quarter": "Q-DEC",
    "year": "Y",
}
#: What ``freq`` accepts: ``"auto"`` (see :func:`time_span`) or one of :data:`FREQUENCIES`.
FREQ_CHOICES: tuple[str, ...] = ("auto", *FREQUENCIES)
MAX_PERIODS = 150  # periods over the dense part of the dates that "auto" allows at most
TAIL_SHARE = 0.25  # dates this share of the 1st-99th percentile span beyond it are not a tail
MIN_DOCUMENTS = 5  # documents a period needs for a share or a mean
MARKED_SPIKES = 10  # spikes marked on a chart at most, per series

COVERAGE_COLUMNS: tuple[str, ...] = ("period", "documents", "share")
ATTENTION_COLUMNS: tuple[str, ...] = ("period", "actor", "documents", "share")
TREND_COLUMNS: tuple[str, ...] = ("period", "term", "documents", "share")
SENTIMENT_TREND_COLUMNS: tuple[str, ...] = (
    "period",
    "documents",
    "sentences",
    "compound_mean",
    "ci_low",
    "ci_high",
)
SPIKE_COLUMNS: tuple[str, ...] = (
    "series",
    "rank",
    "period",
    "end",
    "periods",
    "peak",
    "baseline",
    "z",
)


@dataclass(frozen=True)
class TimeSpan:
    """The period a corpus is counted by and the part of its dates a chart shows.

    Attributes:
        freq: ``"day"``, ``"week"``, ``"month"``, ``"quarter"`` or ``"year"``.
        start, end: The first and last period of the dense part (``None`` without dates).
        periods: Periods from ``start`` to ``end``.
        before, after: Dated documents before ``start`` and after ``end`` (thin tails).
        documents: Dated documents.
        chosen: Whether ``freq`` was chosen here (``freq="auto"``).
    """

    freq: str
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    periods: int
    before: int
    after: int
    documents: int
    chosen: bool

    def clip(self, table: pd.DataFrame, column: str = "period") -> pd.DataFrame:
        """The rows of ``table`` whose ``column`` is a period of the dense part."""
        if self.start is None or table.empty:
            return table
        return table[table[column].between(self.start, self.end)]

    def describe(self) -> str:
        """In words: which period, why, and what a chart leaves off."""
        if self.start is None:
            return "No document has a date."
        plural = self.freq if self.periods == 1 else f"{self.freq}s"
        first, last = period_label(self.start, self.freq), period_label(self.end, self.freq)
        line = f"Counted by {self.freq}: {self.periods:,} {plural} from {first} to {last}"
        if self.chosen:
            line += f", the finest period that gives at most {MAX_PERIODS} over the dates"
        tails = []
        if self.before:
            tails.append(f"{self.before:,} dated before {first}")
        if self.after:
            tails.append(f"{self.after:,} after {last}")
        if tails:
            line += (
                f". A thin tail of documents ({' and '.join(tails)}) is kept in the tables "
                "and left off the charts' axis"
            )
        return line + "."

    def note(self) -> dict[str, Any]:
        """:meth:`describe` as a note of :func:`analysis.show_notes`."""
        return {"kind": "period", "count": self.before + self.after, "text": self.describe()}


def period_label(period: pd.Timestamp, freq: str) -> str:
    """A period in words: ``"March 2020"``, ``"the week of 9 March 2020"``, ``"Q1 2020"``."""
    if freq == "day":
        return f"{period:%-d %B %Y}"
    if freq == "week":
        return f"the week of {period:%-d %B %Y}"
    if freq == "month":
        return f"{period:%B %Y}"
    if freq == "quarter":
        return f"Q{period.quarter} {period:%Y}"
    return f"{period:%Y}"


def _dates(docs: pd.DataFrame) -> pd.Series:
    if "date" not in docs.columns or not np.issubdtype(docs["date"].dtype, np.datetime64):
        raise ParameterError(
            "the documents have no date column (load_corpus recognises date, published, "
            "publish_date...; pass date_column=...)"
        )
    return docs["date"].dropna()


def _periods_between(first: pd.Timestamp, last: pd.Timestamp, freq: str) -> int:
    code = FREQUENCIES[freq]
    return int((last.to_period(code) - first.to_period(code)).n) + 1


def time_span(docs: Any, *, freq: str = "auto") -> TimeSpan:
    """The period to count ``docs`` by and the dense part of their dates (module notes).

    Args:
        docs: A documents table with a typed ``date`` column.
        freq: ``"auto"`` (choose), or a period of :data:`FREQUENCIES` to keep.

    Returns:
        A :class:`TimeSpan`; ``span.describe()`` says it in words.

    Example:
        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["x", "y"],
        ...                      "date": pd.to_datetime(["2020-01-01", "2020-03-01"])})
        >>> time_span(docs).freq
        'day'
    """
    check_choice("freq", freq, FREQ_CHOICES)
    dates = _dates(as_documents(docs)).sort_values(kind="mergesort")
    if dates.empty:
        return TimeSpan(freq if freq != "auto" else "week", None, None, 0, 0, 0, 0, freq == "auto")
    ns = dates.to_numpy().astype("datetime64[ns]").astype(np.int64)
    low = pd.Timestamp(int(np.quantile(ns, 0.01, method="lower")))
    high = pd.Timestamp(int(np.quantile(ns, 0.99, method="higher")))
    reach = pd.Timedelta(seconds=TAIL_SHARE * (high - low).total_seconds())
    start = pd.Timestamp(dates[dates >= low - reach].iloc[0])  # the tails' dates left out
    end = pd.Timestamp(dates[dates <= high + reach].iloc[-1])
    chosen = freq == "auto"
    if chosen:
        freq = next(
            (f for f in FREQUENCIES if _periods_between(start, end, f) <= MAX_PERIODS), "year"
        )
    code = FREQUENCIES[freq]
    start_period, end_period = start.to_period(code), end.to_period(code)
    in_periods = dates.dt.to_period(code)
    return TimeSpan(
        freq=freq,
        start=start_period.start_time,
        end=end_period.start_time,
        periods=_periods_between(start, end, freq),
        before=int((in_periods < start_period).sum()),
        after=int((in_periods > end_period).sum()),
        documents=len(dates),
        chosen=chosen,
    )


def resolve_freq(docs: pd.DataFrame, freq: str) -> str:
    """``freq``, or the period :func:`time_span` chooses when it is ``"auto"``."""
    check_choice("freq", freq, FREQ_CHOICES)
    return time_span(docs).freq if freq == "auto" else freq


def _dated(docs: pd.DataFrame, freq: str) -> pd.DataFrame:
    """``doc_id`` and ``period`` (start timestamp) of every dated document."""
    check_choice("freq", freq, tuple(FREQUENCIES))
    _dates(docs)
    dated = docs.loc[docs["date"].notna(), ["doc_id", "date"]]
    period = dated["date"].dt.to_period(FREQUENCIES[freq]).dt.start_time
    return pd.DataFrame({"doc_id": dated["doc_id"].to_numpy(), "period": period.to_numpy()})


def _all_periods(dated: pd.DataFrame, freq: str) -> pd.DatetimeIndex:
    if dated.empty:
        return pd.DatetimeIndex([], name="period")
    return pd.period_range(
        dated["period"].min(), dated["period"].max(), freq=FREQUENCIES[freq]
    ).start_time.rename("period")


def _share(documents: pd.Series, base: pd.Series, min_documents: int) -> np.ndarray:
    """``documents / base`` where ``base`` holds at least ``min_documents`` (and one)
    document, missing elsewhere."""
    enough = base >= max(min_documents, 1)
    return np.where(enough, documents / base.where(enough, 1), np.nan)


def _with_rolling(out: pd.DataFrame, key: str | None, rolling: int) -> pd.DataFrame:
    """A ``share_rolling`` column: the mean of the shares of the last ``rolling`` periods
    (those with a share), per ``key``."""
    if not rolling:
        return out
    if key is None:
        out["share_rolling"] = out["share"].rolling(rolling, min_periods=1).mean()
    else:
        out["share_rolling"] = out.groupby(key, sort=False)["share"].transform(
            lambda s: s.rolling(rolling, min_periods=1).mean()
        )
    return out


def coverage(
    docs: Any,
    *,
    freq: str = "auto",
    by: str | None = None,
    min_documents: int = MIN_DOCUMENTS,
    rolling: int = 0,
) -> pd.DataFrame:
    """Documents per period, and per ``by`` (an outlet, a group) when given.

    Args:
        docs: A documents table with a typed ``date`` column.
        freq: ``"auto"`` (see :func:`time_span`), ``"day"``, ``"week"`` (starting Monday),
            ``"month"``, ``"quarter"`` or ``"year"``.
        by: A column of ``docs``: one series per value.
        min_documents: With ``by``, a period's shares are given only when it holds at least
            this many documents (missing otherwise).
        rolling: With ``by``, also ``share_rolling``: the mean share of the last ``rolling``
            periods (0: none).

    Returns:
        DataFrame with columns ``period, [by], documents, share[, share_rolling]``:
        ``share`` is of all documents of that period with ``by``, else of all dated
        documents.  Every period of the date range is listed (zero where nothing was
        published), in period order; ``attrs["freq"]`` is the period used.

    Raises:
        ParameterError: no date column, or ``by`` is not a column.
    """
    check_int("min_documents", min_documents, minimum=0)
    check_int("rolling", rolling, minimum=0)
    docs = as_documents(docs)
    freq = resolve_freq(docs, freq)
    dated = _dated(docs, freq)
    periods = _all_periods(dated, freq)
    if by is None:
        counts = dated.groupby("period").size().reindex(periods, fill_value=0)
        out = counts.rename("documents").reset_index()
        total = int(out["documents"].sum())
        out["share"] = out["documents"] / total if total else 0.0
        out = out[list(COVERAGE_COLUMNS)]
        out.attrs["freq"] = freq
        return out
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
    out["share"] = _share(out["documents"], per_period, min_documents)
    out = _with_rolling(out[["period", by, "documents", "share"]], by, rolling)
    out.attrs["freq"] = freq
    return out


def _per_period(
    dated: pd.DataFrame,
    hits: pd.DataFrame,
    key: str,
    keys: Sequence[Any],
    freq: str,
    min_documents: int,
    rolling: int,
) -> pd.DataFrame:
    """Documents of each period holding each key (``hits``: ``doc_id, key``), and their
    share of all the period's documents (where it holds ``min_documents``)."""
    check_int("min_documents", min_documents, minimum=0)
    check_int("rolling", rolling, minimum=0)
    periods = _all_periods(dated, freq)
    period_of = dict(zip(dated["doc_id"], dated["period"], strict=True))
    hits = hits.drop_duplicates(["doc_id", key]).assign(period=lambda t: t["doc_id"].map(period_of))
    hits = hits[hits["period"].notna()]
    counts = hits.groupby(["period", key]).size()
    full = pd.MultiIndex.from_product([periods, list(keys)], names=["period", key])
    out = counts.reindex(full, fill_value=0).rename("documents").reset_index()
    all_docs = dated.groupby("period").size().reindex(periods, fill_value=0)
    out["share"] = _share(out["documents"], out["period"].map(all_docs), min_documents)
    out = _with_rolling(out[["period", key, "documents", "share"]], key, rolling)
    out.attrs["freq"] = freq
    return out


def actor_attention(
    docs: Any,
    mentions: pd.DataFrame,
    *,
    freq: str = "auto",
    actors: Iterable[str] | None = None,
    top: int = 8,
    min_documents: int = MIN_DOCUMENTS,
    rolling: int = 0,
) -> pd.DataFrame:
    """Documents naming each actor per period, and their share of the period's documents.

    Args:
        docs: A documents table with a typed ``date`` column.
        mentions: :func:`analysis.actor_mentions` of ``docs``.
        freq: As in :func:`coverage`.
        actors: The actors to follow; by default the ``top`` named in the most documents.
        top: How many actors by default.
        min_documents, rolling: As in :func:`coverage`.

    Returns:
        DataFrame with columns ``period, actor, documents, share[, share_rolling]``, in
        period order, the actors in the order given (or most documents first).
    """
    check_int("top", top, minimum=1)
    docs = as_documents(docs)
    freq = resolve_freq(docs, freq)
    dated = _dated(docs, freq)
    hits = mentions.loc[mentions["doc_id"].isin(set(dated["doc_id"])), ["doc_id", "actor"]]
    if actors is None:
        per_actor = hits.drop_duplicates().groupby("actor").size()
        order = per_actor.sort_values(ascending=False, kind="mergesort")
        chosen = order.index[:top].tolist()
    else:
        chosen = list(dict.fromkeys(actors))
    hits = hits[hits["actor"].isin(set(chosen))]
    return _per_period(dated, hits, "actor", chosen, freq, min_documents, rolling)


def term_trend(
    docs: Any,
    terms: Iterable[str],
    *,
    freq: str = "auto",
    regex: bool = False,
    case: bool = False,
    min_documents: int = MIN_DOCUMENTS,
    rolling: int = 0,
) -> pd.DataFrame:
    """Documents using each word, phrase or regular expression per period, and their share
    of the period's documents (Voyant's Trends, counted in documents).

    Args:
        docs: A documents table with a typed ``date`` column.
        terms: What to look for, as in :func:`analysis.find_matches`.
        freq: As in :func:`coverage`.
        regex, case: As in :func:`analysis.find_matches`.
        min_documents, rolling: As in :func:`coverage`.

    Returns:
        DataFrame with columns ``period, term, documents, share[, share_rolling]``, in
        period order.
    """
    docs = as_documents(docs)
    freq = resolve_freq(docs, freq)
    dated = _dated(docs, freq)
    chosen = [t for t in dict.fromkeys(terms) if str(t).strip()]
    if not chosen:
        raise invalid_value("terms", terms, "at least one word or phrase")
    in_range = docs[docs["doc_id"].isin(set(dated["doc_id"]))]
    found = [
        find_matches(in_range, term, regex=regex, case=case)[["doc_id"]].assign(term=term)
        for term in chosen
    ]
    hits = pd.concat(found, ignore_index=True)
    return _per_period(dated, hits, "term", chosen, freq, min_documents, rolling)


def sentiment_trend(
    docs: Any,
    sent_sentiment: pd.DataFrame,
    *,
    freq: str = "auto",
    by: str | None = None,
    min_documents: int = MIN_DOCUMENTS,
) -> pd.DataFrame:
    """Mean VADER compound of the body sentences (headlines apart, as everywhere) published
    in each period, with how many documents and sentences it is over and a 95% interval.

    Args:
        docs: A documents table with a typed ``date`` column.
        sent_sentiment: :func:`analysis.sentence_sentiment` of ``docs``.
        freq: As in :func:`coverage`.
        by: A column of ``docs``: one series per value.
        min_documents: A period's mean is given only when its sentences come from at least
            this many documents (missing otherwise, with the counts kept).

    Returns:
        DataFrame with columns ``period, [by], documents, sentences, compound_mean, ci_low,
        ci_high`` (the interval: the mean plus or minus 1.96 standard errors of the
        sentences' scores; missing where there is no mean), in period order.
    """
    check_int("min_documents", min_documents, minimum=0)
    docs = as_documents(docs)
    freq = resolve_freq(docs, freq)
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
    grouped = frame.groupby(keys).agg(
        documents=("doc_id", "nunique"),
        sentences=("compound", "size"),
        compound_mean=("compound", "mean"),
        spread=("compound", "std"),
    )
    if by is None:
        grouped = grouped.reindex(periods)
        for column in ("documents", "sentences"):
            grouped[column] = grouped[column].fillna(0).astype(np.int64)
    out = grouped.reset_index()
    margin = 1.96 * out["spread"].fillna(0.0) / np.sqrt(out["sentences"].clip(lower=1))
    thin = out["documents"] < max(min_documents, 1)
    out.loc[thin, "compound_mean"] = np.nan
    out["ci_low"] = out["compound_mean"] - margin
    out["ci_high"] = out["compound_mean"] + margin
    out = out[[*keys, *SENTIMENT_TREND_COLUMNS[1:]]]
    out.attrs["freq"] = freq
    return out


def spikes(
    series: pd.DataFrame,
    *,
    value: str = "share",
    by: str | None = None,
    window: int = 10,
    threshold: float = 3.5,
    min_documents: int = MIN_DOCUMENTS,
    min_rise: int = MIN_DOCUMENTS,
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
        min_rise: ... and at least this many more than the median of the ``window``
            periods before it.
        name: The ``series`` of every row when ``by`` is ``None`` (``"all documents"``).

    Returns:
        DataFrame with columns ``series, rank, period, end, periods, peak, baseline, z``:
        one row per spike (``period`` its first period, ``end`` its last, ``peak`` the
        highest value, ``baseline`` the median before it, ``z`` at its first period),
        ``rank`` 1 for the spike of a series that rose furthest above its baseline; series
        in the order they come, each's spikes by rank.
    """
    check_int("window", window, minimum=3)
    check_int("min_documents", min_documents, minimum=0)
    check_int("min_rise", min_rise, minimum=0)
    if value not in series.columns:
        raise invalid_value("value", value, f"a column of the series ({', '.join(series.columns)})")
    groups = [(name, series)] if by is None else list(series.groupby(by, sort=False))
    found = []
    for name, part in groups:
        part = part.sort_values("period", kind="mergesort")
        values = part[value].to_numpy(dtype=float)
        flagged, z, base = _robust_z(
            values, window=window, threshold=threshold, counts=value == "documents"
        )
        if "documents" in part.columns:
            docs = part["documents"].to_numpy(dtype=float)
            _, _, docs_base = _robust_z(docs, window=window, threshold=threshold, counts=True)
            flagged &= (docs >= min_documents) & (docs - np.nan_to_num(docs_base) >= min_rise)
        rows = []
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
            peak = float(np.nanmax(values[i : j + 1]))
            rows.append(
                (name, periods[i], periods[j], j - i + 1, peak, float(base[i]), float(z[i]))
            )
            i = j + 1
        rows.sort(key=lambda r: (-(r[4] - r[5]), r[1]))  # furthest above the baseline first
        found += [(r[0], rank, *r[1:]) for rank, r in enumerate(rows, start=1)]
    return pd.DataFrame(found, columns=list(SPIKE_COLUMNS))


def _robust_z(
    values: np.ndarray, *, window: int, threshold: float, counts: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per value: over the threshold?, its robust z, and the baseline (median before it).

    The scale is 1.4826 x MAD of the window, but never below a quarter of the baseline,
    the square root of the baseline for counts (the noise of a Poisson count) or a
    hundredth of the series' largest value, so that a quiet stretch does not make every
    wiggle a spike.  Missing values (a share of a period with too few documents) are
    neither flagged nor part of a baseline."""
    n = len(values)
    flagged = np.zeros(n, dtype=bool)
    z = np.full(n, np.nan)
    base = np.full(n, np.nan)
    known = ~np.isnan(values)
    largest = float(np.nanmax(values)) if known.any() else 0.0
    floor = 0.01 * largest if largest > 0 else 1e-12
    for i in range(3, n):
        before = values[max(0, i - window) : i]
        before = before[~np.isnan(before)]
        if len(before) < 3 or not known[i]:
            continue
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


def marked_spikes(found: pd.DataFrame, *, top: int = MARKED_SPIKES) -> pd.DataFrame:
    """The spikes a chart marks: the ``top`` ranked of each series (:func:`spikes`)."""
    check_int("top", top, minimum=0)
    return found[found["rank"] <= top].reset_index(drop=True)
