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
    time_span,
)
from tests.conftest import ALLSIDES_DIR, require_data


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
    per_month = monthly.groupby("period")["documents"].sum()
    assert per_month[pd.Timestamp("2020-01-01")] < 5  # January: no share from so few
    assert monthly.loc[monthly["period"] == pd.Timestamp("2020-01-01"), "share"].isna().all()
    full = per_month[per_month >= 5].index
    summed = monthly[monthly["period"].isin(full)].groupby("period")["share"].sum()
    assert len(full) == 6 and summed.round(12).eq(1.0).all()
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


@pytest.fixture(scope="module")
def tables(coronavirus):
    """The coronavirus articles' tables, made once for the tests that read them."""
    return analysis.corpus_tables(coronavirus)


def test_actor_and_term_attention(coronavirus, tables):
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


def test_sentiment_over_time_is_the_mean_of_body_sentences(coronavirus, tables):
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


# --- periods, shares and spikes on uneven corpora (issue 34) ---------------------------------


@pytest.fixture(scope="module")
def uneven(coronavirus):
    """Both AllSides files (dated 2012-2020, most from 2019 on) with three very early and two
    very late articles added, as real archives have them."""
    elections = analysis.load_corpus(require_data(ALLSIDES_DIR) / "elections.jsonl")
    extra = coronavirus.head(5).assign(
        doc_id=[f"stray-{i}" for i in range(5)],
        date=pd.to_datetime(["2001-03-02", "2002-06-01", "2003-09-09", "2024-01-05", "2025-02-02"]),
    )
    table = pd.concat([elections, coronavirus, extra], ignore_index=True)
    return analysis.load_corpus(table.drop(columns=["duplicate_of"]))


def test_auto_period_leaves_a_thin_tail_off_the_axis_but_in_the_tables(uneven):
    span = time_span(uneven)
    assert (span.freq, span.periods) == ("month", 99)
    assert (span.start, span.end) == (pd.Timestamp("2012-05-01"), pd.Timestamp("2020-07-01"))
    assert (span.before, span.after) == (3, 2)
    said = span.describe()
    assert "Counted by month" in said and "3 dated before May 2012 and 2 after July 2020" in said
    monthly = coverage(uneven)
    assert monthly.attrs["freq"] == "month"
    assert len(monthly) == 288 and monthly["documents"].sum() == uneven["date"].notna().sum()
    assert len(span.clip(monthly)) == 99  # what a chart shows
    weekly = coverage(uneven, freq="week")  # a period asked for is kept, the tail still cut
    assert time_span(uneven, freq="week").periods == 427 and len(weekly) > 1200


@pytest.mark.parametrize(
    ("dates", "freq", "periods"),
    [
        (["2020-03-03"] * 6, "day", 1),  # every date one day
        (["2020-03-01", "2020-03-09", "2020-03-31"] * 2, "day", 31),  # one month
        (["2020-01-01", "2020-06-30"] * 3, "week", 27),  # half a year
        (["2015-01-01", "2020-12-31"] * 3, "month", 72),
        (["1980-01-01", "2020-12-31"] * 3, "year", 41),
        (["2000-01-01", "2024-12-31"] * 3, "quarter", 100),
    ],
)
def test_auto_period_gives_at_most_150_periods(dates, freq, periods):
    docs = analysis.load_corpus(pd.DataFrame({"text": ["A text."] * len(dates), "date": dates}))
    span = time_span(docs)
    assert (span.freq, span.periods, span.before, span.after) == (freq, periods, 0, 0)
    assert len(coverage(docs)) == periods


def test_no_share_comes_from_a_period_under_the_minimum(coronavirus, tables):
    docs = coronavirus
    base = coverage(docs, freq="week").set_index("period")["documents"]
    for table in (
        coverage(docs, freq="week", by="outlet"),
        actor_attention(docs, tables.mentions, freq="week", top=4),
        term_trend(docs, ["vaccine"], freq="week"),
    ):
        held = table["period"].map(base)
        assert table.loc[held < 5, "share"].isna().all()
        assert table.loc[held >= 5, "share"].notna().all()
        assert (held < 5).sum() > 0 and (held >= 5).sum() > 0
    rolled = coverage(docs, freq="week", by="outlet", rolling=4)
    top = rolled.groupby("outlet")["documents"].sum().idxmax()
    one = rolled[rolled["outlet"] == top].reset_index(drop=True)
    known = one["share"].notna().rolling(4).sum().eq(4)
    k = int(np.flatnonzero(known)[0])  # the first of four shares in a row
    assert one["share_rolling"].iloc[k] == pytest.approx(one["share"].iloc[k - 3 : k + 1].mean())


def test_a_jump_from_nothing_to_a_handful_is_not_a_spike():
    quiet = [0] * 20 + [4] + [0] * 10 + [30] + [1] * 5
    series = pd.DataFrame(
        {
            "period": pd.date_range("2020-01-06", periods=len(quiet), freq="W-MON"),
            "documents": quiet,
        }
    )
    found = spikes(series, value="documents")
    assert found["period"].tolist() == [series["period"][31]]  # 30, not 4
    assert len(spikes(series, value="documents", min_documents=1, min_rise=1)) == 2


def test_a_burst_corpus_has_its_spikes_ranked_and_at_most_ten_marked():
    """Two years of about ten articles a day with 14 bursts of 5-10 times that: every burst
    is found, ranked by how far it rose; a chart marks ten."""
    rng = np.random.default_rng(3)
    days = pd.date_range("2019-01-01", "2020-12-31", freq="D")
    level = np.full(len(days), 10.0)
    for start in range(20, 720, 50):
        level[start : start + 3] *= rng.uniform(5, 10)
    counts = rng.poisson(level)
    docs = analysis.load_corpus(
        pd.DataFrame({"text": ["A text."] * int(counts.sum()), "date": np.repeat(days, counts)})
    )
    daily = coverage(docs)
    assert daily.attrs["freq"] == "week"  # 105 weeks: the finest under 150
    found = spikes(coverage(docs, freq="day"), value="documents")
    assert found["rank"].tolist() == list(range(1, len(found) + 1))
    rise = found["peak"] - found["baseline"]
    assert rise.is_monotonic_decreasing
    bursts = {days[start] for start in range(20, 720, 50)}
    assert set(found["period"].head(14)) == bursts  # every burst, above any chance one
    assert len(found) <= 16  # two years of daily noise give a chance spike or two at most
    assert len(analysis.marked_spikes(found)) == 10


def _label_boxes(fig) -> list:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)  # the figure is closed: draw it as save_figure does
    canvas.draw()
    renderer = canvas.get_renderer()
    return [
        t.get_window_extent(renderer)
        for ax in fig.axes
        for t in ax.texts
        if t.get_gid() == "spike-label"
    ]


def test_spike_numbers_never_overlap_on_a_chart():
    from analysis import plots

    rng = np.random.default_rng(5)
    level = np.full(150, 10.0)
    for start in range(12, 150, 9):  # a spike every nine periods: numbers crowd
        level[start] = 60
    series = pd.DataFrame(
        {
            "period": pd.date_range("2020-01-06", periods=150, freq="W-MON"),
            "documents": rng.poisson(level),
        }
    )
    found = spikes(series, value="documents", name="all documents")
    assert len(found) > 10
    fig = plots.lines(series, x="period", y="documents", marks=found, title="t")
    boxes = _label_boxes(fig)
    assert len(boxes) == 10  # the ten largest marked
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)
    texts = sorted(t.get_text() for ax in fig.axes for t in ax.texts if t.get_gid())
    assert texts == sorted(str(k) for k in range(1, 11))


def test_several_series_are_small_multiples_one_panel_each(coronavirus, tables):
    from analysis import plots

    attention = actor_attention(coronavirus, tables.mentions, top=5)
    fig = plots.small_multiples(attention, x="period", y="share", facet="actor", title="t")
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.axison]
    assert len(panels) == 5
    assert [ax.get_title(loc="left") for ax in panels] == attention["actor"].unique().tolist()
    assert len({ax.get_ylim() for ax in panels}) == 1 and len({ax.get_xlim() for ax in panels}) == 1
    chart = analysis.save_figure(fig, "x", "")
    assert chart.description == "one panel each for " + ", ".join(attention["actor"].unique())
