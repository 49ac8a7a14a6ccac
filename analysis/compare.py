"""Two or more groups of documents side by side: size, sentiment, actors, sourcing.

Groups come from a metadata column (``group``, an outlet, a date range you have labelled),
so one corpus can be compared with itself, or two corpora loaded and concatenated with a
column telling them apart.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.corpus import as_documents, group_labels
from analysis.errors import check_int, invalid_value
from analysis.sources import speech_quotes

GROUP_SUMMARY_COLUMNS: tuple[str, ...] = (
    "group",
    "documents",
    "sentences",
    "words",
    "compound_mean",
    "share_negative_sentences",
    "quotes",
    "share_anonymous",
)
GROUP_ACTOR_COLUMNS: tuple[str, ...] = ("group", "actor", "mentions", "share")


def _labels(docs: pd.DataFrame, group_by: str) -> pd.Series:
    """Each document's group, by ``doc_id`` (:func:`analysis.corpus.group_labels`), once
    ``group_by`` is known to be a column."""
    if group_by not in docs.columns:
        raise invalid_value(
            "group_by", group_by, f"a column of docs ({', '.join(map(str, docs.columns))})"
        )
    return group_labels(docs, group_by)


def _body(sent_sentiment: pd.DataFrame) -> pd.DataFrame:
    """Body sentences only: every sentiment mean leaves headlines apart."""
    if "is_title" not in sent_sentiment.columns:
        return sent_sentiment
    return sent_sentiment[~sent_sentiment["is_title"].astype(bool)]


def group_summary(
    docs: Any,
    group_by: str,
    *,
    stats: pd.DataFrame,
    sent_sentiment: pd.DataFrame,
    quote_table: pd.DataFrame,
    attribution_table: pd.DataFrame,
) -> pd.DataFrame:
    """Per group: size, mean sentence sentiment, quotes and anonymous sourcing.

    Args:
        docs: The documents table, with the ``group_by`` column.
        group_by: The column that names each document's group.
        stats: :func:`analysis.document_stats` of ``docs``.
        sent_sentiment: :func:`analysis.sentence_sentiment` of ``docs``.
        quote_table: :func:`analysis.quotes` of ``docs``.
        attribution_table: :func:`analysis.attributions` of ``docs``.

    Returns:
        DataFrame with columns ``group, documents, sentences, words, compound_mean,
        share_negative_sentences, quotes, share_anonymous`` (``compound_mean`` and
        ``share_negative_sentences`` over the group's body sentences, headlines apart, as
        for documents; ``share_anonymous`` of its attributions, NaN without any),
        sorted by group.  A document without a ``group_by`` value is in no group.
    """
    docs = as_documents(docs)
    labels = _labels(docs, group_by)
    out = pd.DataFrame(index=pd.Index(sorted(labels.dropna().unique()), name="group"))
    by = stats.assign(group=stats["doc_id"].map(labels)).groupby("group")
    out["documents"] = by.size()
    out["sentences"] = by["n_sentences"].sum()
    out["words"] = by["n_words"].sum()
    body = _body(sent_sentiment)
    group_of = body["doc_id"].map(labels)
    out["compound_mean"] = body["compound"].groupby(group_of).mean()
    out["share_negative_sentences"] = body["label"].eq("negative").groupby(group_of).mean()
    said = speech_quotes(quote_table)
    out["quotes"] = said.assign(group=said["doc_id"].map(labels)).groupby("group").size()
    anonymous = attribution_table["source_kind"].eq("anonymous")
    out["share_anonymous"] = anonymous.groupby(attribution_table["doc_id"].map(labels)).mean()
    out = out.fillna({"quotes": 0, "sentences": 0, "words": 0}).reset_index()
    return out.astype(
        {"documents": "int64", "sentences": "int64", "words": "int64", "quotes": "int64"}
    )[list(GROUP_SUMMARY_COLUMNS)]


def group_actor_shares(
    mentions: pd.DataFrame, docs: Any, group_by: str, *, top_n: int = 10
) -> pd.DataFrame:
    """Each group's most mentioned actors and their share of the group's actor mentions.

    Args:
        mentions: :func:`analysis.actor_mentions` of ``docs``.
        docs: The documents table, with the ``group_by`` column.
        group_by: The column that names each document's group.
        top_n: Actors kept per group.

    Returns:
        DataFrame with columns ``group, actor, mentions, share``, sorted by group, then
        mentions (descending), then actor.  A document without a ``group_by`` value is in
        no group.
    """
    check_int("top_n", top_n, minimum=1)
    docs = as_documents(docs)
    labels = _labels(docs, group_by)
    if mentions.empty:
        return pd.DataFrame(columns=list(GROUP_ACTOR_COLUMNS))
    counts = (
        mentions.assign(group=mentions["doc_id"].map(labels)).groupby(["group", "actor"]).size()
    )
    table = counts.rename("mentions").reset_index()
    table["share"] = table["mentions"] / table.groupby("group")["mentions"].transform("sum")
    table = table.sort_values(
        ["group", "mentions", "actor"], ascending=[True, False, True], kind="mergesort"
    )
    return table.groupby("group").head(top_n).reset_index(drop=True)[list(GROUP_ACTOR_COLUMNS)]
