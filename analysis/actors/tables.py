"""Tables built on actor mentions: counts, framing (sentiment) and co-occurrence."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis._vader import NEGATIVE_THRESHOLD
from analysis.errors import check_choice

COUNT_COLUMNS: tuple[str, ...] = (
    "actor",
    "type",
    "affiliation",
    "mentions",
    "docs",
    "first_position",
)
ACTOR_SENTIMENT_COLUMNS: tuple[str, ...] = (
    "actor",
    "type",
    "n_sentences",
    "compound_mean",
    "share_negative",
    "target_mean",
    "target_share_negative",
)
EDGE_COLUMNS: tuple[str, ...] = ("actor_a", "actor_b", "weight")


def actor_counts(mentions: pd.DataFrame, *, by: str = "corpus") -> pd.DataFrame:
    """How often each actor is mentioned.

    Args:
        mentions: :func:`actor_mentions` output.
        by: ``"corpus"`` (one row per actor) or ``"doc"`` (per document and actor).

    Returns:
        DataFrame with columns ``actor, type, affiliation, mentions, docs, first_position``
        (with ``doc_id`` first when ``by="doc"``): ``docs`` is the number of documents that
        mention the actor, ``first_position`` the sentence index of its first mention (for
        the corpus: the mean over documents).  Sorted by mentions (descending), then actor.
    """
    check_choice("by", by, ("corpus", "doc"))
    keys = ["doc_id", "actor"] if by == "doc" else ["actor"]
    columns = (["doc_id"] if by == "doc" else []) + list(COUNT_COLUMNS)
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    first = mentions.groupby(["doc_id", "actor"], sort=False)["sent_id"].min().rename("first")
    out = mentions.groupby(keys, sort=False).agg(
        type=("type", "first"),
        affiliation=("affiliation", "first"),
        mentions=("actor", "size"),
        docs=("doc_id", "nunique"),
    )
    if by == "doc":
        out["first_position"] = first.reindex(out.index).to_numpy(dtype=float)
    else:
        out["first_position"] = first.groupby("actor").mean().reindex(out.index).to_numpy()
    out = out.reset_index()
    order = (["doc_id"] if by == "doc" else []) + ["mentions", "actor"]
    ascending = ([True] if by == "doc" else []) + [False, True]
    return out.sort_values(order, ascending=ascending, kind="mergesort").reset_index(drop=True)[
        columns
    ]


def actor_sentiment(mentions: pd.DataFrame, sentence_sentiment: pd.DataFrame) -> pd.DataFrame:
    """How the sentences that mention each actor read, and how they treat the actor (scores
    are reused, not recomputed).

    Args:
        mentions: :func:`actor_mentions` output; with its ``target_compound`` column (the
            corpus tables' mentions have it: :func:`analysis.target_sentiment` of each
            mention), also how each actor is treated.
        sentence_sentiment: :func:`analysis.sentence_sentiment` of the same documents.

    Returns:
        DataFrame with columns ``actor, type, n_sentences, compound_mean, share_negative,
        target_mean, target_share_negative``: body sentences only (headlines apart, as for
        every sentiment mean), each counted once per actor however often it names the
        actor; ``compound_mean`` and ``share_negative`` are of the sentences' VADER scores,
        ``target_mean`` and ``target_share_negative`` of the sentiment towards the actor
        (its mentions' in a sentence averaged; missing without ``target_compound``); sorted
        by n_sentences (descending), then actor.
    """
    if mentions.empty:
        return pd.DataFrame(columns=list(ACTOR_SENTIMENT_COLUMNS))
    key = ["actor", "doc_id", "sent_id"]
    pairs = mentions.drop_duplicates(key)[["actor", "type", "doc_id", "sent_id"]]
    if "target_compound" in mentions.columns:
        towards = mentions.groupby(key, sort=False)["target_compound"].mean()
        pairs = pairs.merge(towards.rename("target").reset_index(), on=key, how="left")
    else:
        pairs = pairs.assign(target=np.nan)
    scored = sentence_sentiment
    if "is_title" in scored.columns:  # body sentences only, as every sentiment mean
        scored = scored[~scored["is_title"].astype(bool)]
    joined = pairs.merge(
        scored[["doc_id", "sent_id", "compound", "label"]], on=["doc_id", "sent_id"]
    )
    out = (
        joined.assign(
            negative=joined["label"].eq("negative"),
            target_negative=(joined["target"] <= NEGATIVE_THRESHOLD).where(
                joined["target"].notna()
            ),
        )
        .groupby("actor", sort=False)
        .agg(
            type=("type", "first"),
            n_sentences=("sent_id", "size"),
            compound_mean=("compound", "mean"),
            share_negative=("negative", "mean"),
            target_mean=("target", "mean"),
            target_share_negative=("target_negative", "mean"),
        )
    )
    out = out.reset_index().sort_values(
        ["n_sentences", "actor"], ascending=[False, True], kind="mergesort"
    )
    return out.reset_index(drop=True)[list(ACTOR_SENTIMENT_COLUMNS)]


def actor_network(mentions: pd.DataFrame, *, window: str = "sentence") -> tuple[Any, pd.DataFrame]:
    """Which actors are named together.

    Args:
        mentions: :func:`actor_mentions` output.
        window: ``"sentence"`` or ``"doc"``: the unit within which two actors co-occur.

    Returns:
        ``(graph, edges)``: a ``networkx.Graph`` (node attribute ``type``, ``mentions``;
        edge attribute ``weight``) and the edge table ``actor_a, actor_b, weight`` (``weight``
        = number of sentences or documents naming both; ``actor_a < actor_b``), sorted by
        weight (descending), then names.
    """
    import networkx as nx

    check_choice("window", window, ("sentence", "doc"))
    keys = ["doc_id", "sent_id"] if window == "sentence" else ["doc_id"]
    graph = nx.Graph()
    nodes = mentions.groupby("actor", sort=True).agg(type=("type", "first"), n=("type", "size"))
    graph.add_nodes_from(
        (actor, {"type": kind, "mentions": int(n)})
        for actor, kind, n in zip(nodes.index, nodes["type"], nodes["n"], strict=True)
    )
    units = mentions.drop_duplicates([*keys, "actor"])[[*keys, "actor"]]
    pairs = units.merge(units, on=keys, suffixes=("_a", "_b"), sort=False)
    pairs = pairs[pairs["actor_a"].to_numpy(dtype=object) < pairs["actor_b"].to_numpy(dtype=object)]
    edges = pairs.groupby(["actor_a", "actor_b"], sort=False).size().rename("weight").reset_index()
    edges = edges.astype({"actor_a": object, "actor_b": object, "weight": np.int64})
    edges = edges[list(EDGE_COLUMNS)].sort_values(
        ["weight", "actor_a", "actor_b"], ascending=[False, True, True], kind="mergesort"
    )
    for a, b, w in edges.itertuples(index=False):
        graph.add_edge(a, b, weight=int(w))
    return graph, edges.reset_index(drop=True)


def mentions_by_method(mentions: pd.DataFrame) -> pd.DataFrame:
    """How each actor's mentions were found: by the lexicon, coreference or discovery.

    Args:
        mentions: :func:`analysis.actor_mentions` output.

    Returns:
        DataFrame with the column ``actor`` and one column per method found (``coreference,
        discovered, lexicon``, alphabetically), holding counts; the most mentioned actors
        first, then by name.
    """
    if mentions.empty:
        return pd.DataFrame(columns=["actor"])
    table = mentions.groupby(["actor", "method"]).size().unstack(fill_value=0)
    table.columns.name = None
    table = table.reset_index().assign(_total=table.sum(axis=1).to_numpy())
    table = table.sort_values(["_total", "actor"], ascending=[False, True], kind="mergesort")
    return table.drop(columns="_total").reset_index(drop=True)
