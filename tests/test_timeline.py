"""Coverage over time on AllSides' coronavirus articles, and spikes on series whose change
points are known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import ParameterError
from analysis.timeline import (
    actor_attention,
    coverage,
    sentiment_trend,
    spikes,
    term_trend,
)


def test_weekly_coverage_counts_every_dated_article(coronavirus):
    weekly = coverage(coronavirus, freq="week")
    assert int(weekly["documents"].sum()) == 1079 - 230  # the undated are left out
    assert weekly["period"].iloc[0] == pd.Timestamp("2020-01-20")  # the Monday of Jan 24
    assert weekly["period"].diff().dropna().eq(pd.Timedelta(days=7)).all()  # no gaps
    assert weekly["share"].sum() == pytest.approx(1.0)
    busiest = weekly.loc[weekly["documents"].idxmax()]
    assert busiest["period"] == pd.Timestamp("2020-03-23") and busiest["documents"] == 69


def test_coverage_by_outlet_shares_each_period(coronavirus):
    monthly = coverage(coronavirus, freq="month", by="outlet")
    assert monthly.groupby("period")["share"].sum().round(12).eq(1.0).all()
    march = monthly[monthly["period"] == pd.Timestamp("2020-03-01")].set_index("outlet")
    in_march = coronavirus[coronavirus["date"].dt.month.eq(3)]
    assert march["documents"].sum() == len(in_march)
    top = in_march["outlet"].value_counts()
    assert march.loc[top.index[0], "documents"] == top.iloc[0]


def test_the_march_2020_rise_is_a_spike(coronavirus):
    found = spikes(coverage(coronavirus, freq="week"), value="documents")
    assert len(found) == 1
    spike = found.iloc[0]
    assert spike["period"] <= pd.Timestamp("2020-03-09") <= spike["end"]
    assert spike["peak"] == 69 and spike["baseline"] < 5


def test_actor_and_term_attention(coronavirus):
    tables = analysis.corpus_tables(coronavirus)
    attention = actor_attention(coronavirus, tables.mentions, freq="month", top=5)
    dated = coronavirus[coronavirus["date"].notna()]
    in_dated = tables.mentions[tables.mentions["doc_id"].isin(set(dated["doc_id"]))]
    most = in_dated.drop_duplicates(["doc_id", "actor"])["actor"].value_counts()
    assert attention["actor"].unique().tolist() == most.index[:5].tolist()
    top = attention[attention["actor"] == most.index[0]]
    named = set(tables.mentions.loc[tables.mentions["actor"] == most.index[0], "doc_id"])
    assert top["documents"].sum() == dated["doc_id"].isin(named).sum() == most.iloc[0]
    trend = term_trend(coronavirus, ["vaccine", "face mask"], freq="month")
    april = trend[(trend["period"] == pd.Timestamp("2020-04-01"))].set_index("term")
    in_april = dated[dated["date"].dt.month.eq(4)]
    uses = in_april["text"].str.contains(r"(?<![\w-])vaccine(?![\w-])", case=False)
    assert april.loc["vaccine", "documents"] == uses.sum()
    assert april.loc["vaccine", "share"] == pytest.approx(uses.mean())


def test_sentiment_over_time_is_the_mean_of_body_sentences(coronavirus):
    tables = analysis.corpus_tables(coronavirus)
    trend = sentiment_trend(coronavirus, tables.sentiment, freq="month")
    body = tables.sentiment[~tables.sentiment["is_title"]]
    march_ids = set(coronavirus.loc[coronavirus["date"].dt.month.eq(3), "doc_id"])
    march = body[body["doc_id"].isin(march_ids)]
    row = trend.set_index("period").loc[pd.Timestamp("2020-03-01")]
    assert row["sentences"] == len(march)
    assert row["compound_mean"] == pytest.approx(march["compound"].mean())


def test_spikes_are_found_within_one_period_of_known_change_points():
    """Weekly counts around 10, jumping to 3-5 times that at 4 known weeks for 2-4 weeks, in
    20 generated series: every jump is found within one week of its start, and at least 95%
    of what is found is a jump (a Poisson count of 10 sometimes reaches 24 by chance)."""
    found_right, found_all, jumps = 0, 0, 0
    for seed in range(20):
        rng = np.random.default_rng(seed)
        level = np.full(120, 10.0)
        starts = sorted(rng.choice(np.arange(15, 110, 15), size=4, replace=False))
        for start in starts:
            level[start : start + rng.integers(2, 5)] *= rng.uniform(3, 5)
        series = pd.DataFrame(
            {
                "period": pd.date_range("2020-01-06", periods=120, freq="W-MON"),
                "documents": rng.poisson(level),
            }
        )
        found = spikes(series, value="documents")
        weeks = [int(np.flatnonzero(series["period"] == p)[0]) for p in found["period"]]
        for start in starts:
            assert any(abs(w - start) <= 1 for w in weeks), (seed, weeks, starts)
        found_right += sum(any(abs(w - s) <= 1 for s in starts) for w in weeks)
        found_all += len(weeks)
        jumps += len(starts)
    assert found_right >= jumps == 80
    assert found_right / found_all >= 0.95


def test_a_flat_noisy_series_has_no_spike():
    rng = np.random.default_rng(7)
    series = pd.DataFrame(
        {
            "period": pd.date_range("2020-01-06", periods=200, freq="W-MON"),
            "documents": rng.poisson(20, 200),
        }
    )
    assert spikes(series, value="documents").empty


def test_without_dates_and_on_one_day():
    undated = analysis.load_corpus(["One text.", "Another text."])
    with pytest.raises(ParameterError, match="no date column"):
        coverage(undated)
    same_day = analysis.load_corpus(
        pd.DataFrame({"text": ["One.", "Two.", "Three."], "date": ["2020-05-01"] * 3})
    )
    daily = coverage(same_day, freq="day")
    assert daily[["documents", "share"]].values.tolist() == [[3, 1.0]]
    assert spikes(daily, value="documents").empty
