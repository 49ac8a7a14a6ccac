"""Sentiment: identical to vaderSentiment, document and arc figures checked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis import ParameterError, load_corpus, sentences
from analysis.config import PROJ_ROOT
from analysis.sentiment import (
    ARC_COLUMNS,
    DOCUMENT_SENTIMENT_COLUMNS,
    SENTENCE_SENTIMENT_COLUMNS,
    document_sentiment,
    mean_arc,
    rating_correlation,
    sentence_sentiment,
    sentiment_arc,
)
from analysis.timeline import sentiment_trend

VADER = SentimentIntensityAnalyzer()
RATINGS = PROJ_ROOT / "tests" / "data" / "ratings.tsv"


def _reference(texts):
    return pd.DataFrame([VADER.polarity_scores(t) for t in texts])


def test_identical_to_vader_on_every_seed_sentence(seed_docs):
    scored = sentence_sentiment(seed_docs)
    assert list(scored.columns) == list(SENTENCE_SENTIMENT_COLUMNS)
    ref = _reference(scored["text"])
    for column in ("neg", "neu", "pos", "compound"):
        assert scored[column].tolist() == ref[column].tolist()


def test_identical_to_vader_on_a_bbc_sample(bbc_sample):
    scored = sentence_sentiment(bbc_sample)
    assert len(scored) > 1500
    assert scored["compound"].tolist() == _reference(scored["text"])["compound"].tolist()


def test_parallel_scoring_gives_the_same_rows(bbc_docs):
    sample = bbc_docs.iloc[:300]
    one = sentence_sentiment(sample)
    two = sentence_sentiment(sample, n_jobs=2)
    assert len(one) > 2000  # enough sentences to use the worker processes
    pd.testing.assert_frame_equal(one, two)


def test_seed_sentences_by_hand(seed_docs):
    scored = sentence_sentiment(seed_docs).set_index("sent_id")
    # McKenzie's quoted praise ("they helped us secure the airfield", "a very good effort")
    assert scored.loc[8, "compound"] == pytest.approx(0.34)
    assert scored.loc[9, "compound"] == pytest.approx(0.7786)
    assert scored.loc[[8, 9], "label"].tolist() == ["positive", "positive"]
    # the ISIS-K suicide attack, ISIS as the shared adversary, ISIS-K and Al Qaeda as a threat
    assert scored.loc[4, "compound"] == pytest.approx(-0.8519)
    assert scored.loc[3, "compound"] == pytest.approx(-0.4404)
    assert scored.loc[21, "compound"] == pytest.approx(-0.8442)
    assert scored.loc[[3, 4, 21], "label"].tolist() == ["negative"] * 3
    # the headline "... Safely Escape Kabul ..." reads positive
    assert scored.loc[0, "compound"] == pytest.approx(0.5994)


def test_seed_document_by_hand(seed_docs):
    doc = document_sentiment(seed_docs)
    assert list(doc.columns) == list(DOCUMENT_SENTIMENT_COLUMNS)
    row = doc.iloc[0]
    assert row.n_sentences == 21  # body sentences; the headline is title_compound
    # mean of the 21 body compounds: 6 positive, 5 negative, 10 zero, sum -0.8594
    assert row.compound_mean == pytest.approx(-0.8594 / 21)
    assert row.label == "neutral"  # -0.041 lies inside VADER's neutral band
    assert (row.share_positive, row.share_negative, row.share_neutral) == pytest.approx(
        (6 / 21, 5 / 21, 10 / 21)
    )
    assert row.title_compound == pytest.approx(0.5994)
    # VADER on the whole article saturates (vaderSentiment #151): far below the sentence mean
    assert row.compound_whole == pytest.approx(VADER.polarity_scores(seed_docs.text[0])["compound"])
    assert row.compound_whole == pytest.approx(-0.8822)


def test_document_sentiment_reuses_sentence_scores(seed_docs):
    sents = sentences(seed_docs)
    scored = sentence_sentiment(seed_docs, sents=sents)
    scored.loc[scored.sent_id == 1, "compound"] = (
        1.0  # a marker: must flow through, not be rescored
    )
    doc = document_sentiment(seed_docs, sent_sentiment=scored, sents=sents)
    assert doc.compound_mean[0] == pytest.approx((-0.8594 - 0.128 + 1.0) / 21)


def test_arc(seed_docs):
    arc = sentiment_arc(seed_docs, window=3)
    assert list(arc.columns) == list(ARC_COLUMNS)
    assert len(arc) == 21
    assert arc["position"].iloc[0] == 0 and arc["position"].iloc[-1] == 1
    # centred mean of sentences 3, 4, 5: (-0.4404 - 0.8519 + 0.1531) / 3
    assert arc.set_index("sent_id").loc[4, "rolling"] == pytest.approx(
        (-0.4404 - 0.8519 + 0.1531) / 3
    )
    # the edge uses the two sentences it has
    assert arc["rolling"].iloc[0] == pytest.approx((0.128 + 0.3818) / 2)


def test_mean_arc_by_group_leaves_a_document_without_a_group_out(bbc_sample):
    docs = bbc_sample.assign(group=bbc_sample["group"].where(bbc_sample.index % 7 != 0))
    arc = sentiment_arc(docs)
    by_group = mean_arc(arc, docs, by="group", bins=4)
    assert sorted(set(by_group["group"])) == sorted(set(docs["group"].dropna()))
    group_of = docs.set_index("doc_id")["group"]
    grouped = arc[arc["doc_id"].map(group_of).notna()]
    assert by_group["n"].sum() == len(grouped) < len(arc)
    # the first quarter of sport's articles, by hand
    sport = arc[arc["doc_id"].map(group_of).eq("sport") & (arc["position"] < 0.25)]
    row = by_group[(by_group["group"] == "sport") & (by_group["position"] == 0.125)]
    assert row["n"].item() == len(sport)
    assert row["compound_mean"].item() == pytest.approx(sport["compound"].mean())


def test_sentiment_by_week_of_body_sentences():
    docs = load_corpus(
        pd.DataFrame(
            {
                "doc_id": ["a", "b", "c", "d"],
                "text": ["A great win.", "A terrible loss.", "Good news.", "No date here."],
                "date": ["2021-08-30", "2021-09-01", "2021-09-07", "not a date"],
            }
        )
    )
    scored = sentence_sentiment(docs)
    weekly = sentiment_trend(docs, scored, freq="week", min_documents=1)
    assert weekly["period"].tolist() == [pd.Timestamp("2021-08-30"), pd.Timestamp("2021-09-06")]
    assert weekly["sentences"].tolist() == [2, 1] and weekly["documents"].tolist() == [2, 1]
    by_doc = dict(zip(scored["doc_id"], scored["compound"], strict=True))
    mean = (by_doc["a"] + by_doc["b"]) / 2
    assert weekly["compound_mean"][0] == pytest.approx(mean)
    half_width = 1.96 * np.std([by_doc["a"], by_doc["b"]], ddof=1) / np.sqrt(2)
    assert weekly["ci_high"][0] == pytest.approx(mean + half_width)
    assert weekly["ci_low"][0] == pytest.approx(mean - half_width)
    daily = sentiment_trend(docs, scored, freq="day", min_documents=1)
    assert daily["sentences"].tolist() == [1, 0, 1, 0, 0, 0, 0, 0, 1]  # every day listed
    assert daily["compound_mean"].isna().sum() == 6
    # by default a period of fewer than five documents has no mean (its counts stay)
    thin = sentiment_trend(docs, scored, freq="week")
    assert thin["compound_mean"].isna().all() and thin["sentences"].tolist() == [2, 1]
    assert thin.attrs["freq"] == "week" and sentiment_trend(docs, scored).attrs["freq"] == "day"


def test_rating_correlation_as_vader_evaluates():
    docs = load_corpus(RATINGS, id_column="id")
    assert len(docs) == 10
    ours = rating_correlation(docs)
    ratings = docs["rating"].astype(float).to_numpy()
    compounds = [VADER.polarity_scores(t)["compound"] for t in docs["text"]]
    assert ours == pytest.approx(np.corrcoef(compounds, ratings)[0, 1])
    assert ours > 0.8  # VADER tracks these hand ratings closely
    assert rating_correlation(docs, method="spearman") > 0.8


def test_empty_documents_are_nan_not_errors():
    doc = document_sentiment(["", "Good."])
    assert np.isnan(doc.compound_mean[0]) and doc.n_sentences[0] == 0
    assert doc.label.tolist() == ["neutral", "positive"]
    assert sentence_sentiment([""]).empty
    assert list(sentence_sentiment([""]).columns) == list(SENTENCE_SENTIMENT_COLUMNS)


def test_bad_options(seed_docs):
    with pytest.raises(ParameterError, match="n_jobs=0 is not valid"):
        sentence_sentiment(seed_docs, n_jobs=0)
    with pytest.raises(ParameterError, match="window=0 is not valid"):
        sentiment_arc(seed_docs, window=0)
    with pytest.raises(ParameterError, match="no date column"):
        sentiment_trend(seed_docs, sentence_sentiment(seed_docs))
