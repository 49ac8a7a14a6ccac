"""Group comparison: per-group figures equal the per-document tables they are built from."""

from __future__ import annotations

import pytest

from analysis import (
    ParameterError,
    actor_mentions,
    attributions,
    document_stats,
    group_actor_shares,
    group_summary,
    quotes,
    sentence_sentiment,
)
from analysis.compare import GROUP_ACTOR_COLUMNS, GROUP_SUMMARY_COLUMNS


def test_group_summary_on_a_bbc_sample(bbc_sample):
    stats = document_stats(bbc_sample)
    scored = sentence_sentiment(bbc_sample)
    mentions = actor_mentions(bbc_sample)
    quoted = quotes(bbc_sample, mentions)
    reported = attributions(bbc_sample, mentions, quote_table=quoted)
    summary = group_summary(
        bbc_sample,
        "group",
        stats=stats,
        sent_sentiment=scored,
        quote_table=quoted,
        attribution_table=reported,
    )
    assert list(summary.columns) == list(GROUP_SUMMARY_COLUMNS)
    assert summary["group"].tolist() == ["business", "entertainment", "politics", "sport", "tech"]
    assert summary["documents"].sum() == len(bbc_sample) == 89
    assert summary["words"].sum() == stats["n_words"].sum()
    # speech is counted; titles and scare quotes ("desperate") are not
    assert summary["quotes"].sum() == (quoted["quote_kind"] == "speech").sum() < len(quoted)
    politics_docs = set(bbc_sample.loc[bbc_sample.group == "politics", "doc_id"])
    body = scored[~scored["is_title"]]  # sentiment means are of body sentences
    expected = body.loc[body.doc_id.isin(politics_docs), "compound"].mean()
    assert summary.set_index("group").loc["politics", "compound_mean"] == pytest.approx(expected)
    shares = group_actor_shares(mentions, bbc_sample, "group", top_n=3)
    assert list(shares.columns) == list(GROUP_ACTOR_COLUMNS)
    assert shares.groupby("group").size().max() == 3
    with pytest.raises(ParameterError, match="group_by='outlet' is not valid"):
        group_actor_shares(mentions, bbc_sample, "outlet")
