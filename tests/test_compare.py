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


def _summary(docs):
    """group_summary by "group" of ``docs``, with the tables it is made from."""
    stats = document_stats(docs)
    scored = sentence_sentiment(docs)
    mentions = actor_mentions(docs)
    quoted = quotes(docs, mentions)
    reported = attributions(docs, mentions, quote_table=quoted)
    summary = group_summary(
        docs,
        "group",
        stats=stats,
        sent_sentiment=scored,
        quote_table=quoted,
        attribution_table=reported,
    )
    return summary, stats, scored, mentions, quoted


def test_group_summary_on_a_bbc_sample(bbc_sample):
    summary, stats, scored, mentions, quoted = _summary(bbc_sample)
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


def test_a_document_without_a_group_is_in_no_group(bbc_sample):
    """A seventh of the sample without a group value: no group of its own (pandas 3 once
    raised TypeError sorting the groups; pandas 2 would have made a group "nan")."""
    docs = bbc_sample.assign(group=bbc_sample["group"].where(bbc_sample.index % 7 != 0))
    grouped = docs[docs["group"].notna()]
    summary, stats, _, mentions, _ = _summary(docs)
    assert docs["group"].isna().sum() == 13
    assert summary["group"].tolist() == ["business", "entertainment", "politics", "sport", "tech"]
    assert summary["documents"].sum() == len(grouped) == 76
    assert summary["words"].sum() == stats.loc[docs["group"].notna().to_numpy(), "n_words"].sum()
    shares = group_actor_shares(mentions, docs, "group", top_n=3)
    assert sorted(set(shares["group"])) == summary["group"].tolist()
    # shares are of each group's own mentions; the ungrouped documents' are in none
    group_of = docs.set_index("doc_id")["group"]
    named = mentions.assign(group=mentions["doc_id"].map(group_of)).dropna(subset=["group"])
    counts = named.groupby(["group", "actor"]).size()
    first = shares.groupby("group").head(1).set_index("group")
    assert first["mentions"].to_dict() == counts.groupby("group").max().to_dict()
    assert first["share"].to_dict() == pytest.approx(
        (first["mentions"] / counts.groupby("group").sum()).to_dict()
    )
