"""Sourcing at a glance: per document, for the corpus, or per speaker."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import as_documents
from analysis.errors import check_choice
from analysis.sources.quotes import speech_quotes


def source_summary(
    docs: Any,
    quote_table: pd.DataFrame,
    attribution_table: pd.DataFrame,
    *,
    by: str = "doc",
) -> pd.DataFrame:
    """Sourcing at a glance, per document, for the corpus, or per speaker.

    Args:
        docs: The documents table.
        quote_table: :func:`quotes` output (speech only is counted: no titles or scare
            quotes).
        attribution_table: :func:`attributions` output.
        by: ``"doc"``, ``"corpus"`` or ``"speaker"``.

    Returns:
        For ``"doc"`` and ``"corpus"``: columns ``doc_id`` (doc only), ``n_quotes``,
        ``words_quoted``, ``share_quoted`` (quoted characters / all characters),
        ``n_attributions``, ``share_anonymous`` (of attributions), ``n_speakers``.
        For ``"speaker"``: ``speaker_actor, n_quotes, words_quoted, verbs`` where ``verbs``
        lists the reporting verbs used with their counts ("said 3, added 1"), sorted by
        quotes (descending), then name.
    """
    check_choice("by", by, ("doc", "corpus", "speaker"))
    docs = as_documents(docs)
    quote_table = speech_quotes(quote_table)
    q = quote_table.assign(words=quote_table["text"].str.split().str.len().fillna(0).astype(int))
    if by == "speaker":
        named = q.assign(speaker_actor=q["speaker_actor"].fillna("(unattributed)"))
        used = named.dropna(subset=["cue_verb"]).groupby(["speaker_actor", "cue_verb"]).size()
        listed: dict[Any, list[str]] = {}
        for (speaker, verb), n in used.items():  # sorted by speaker, then verb
            listed.setdefault(speaker, []).append(f"{verb} {n}")
        verbs = pd.Series({k: ", ".join(v) for k, v in listed.items()}, dtype=object)
        out = named.groupby("speaker_actor").agg(
            n_quotes=("quote_id", "size"), words_quoted=("words", "sum")
        )
        out["verbs"] = verbs.reindex(out.index).fillna("")
        out = out.reset_index().sort_values(
            ["n_quotes", "speaker_actor"], ascending=[False, True], kind="mergesort"
        )
        return out.reset_index(drop=True)
    lengths = pd.Series(
        docs["n_chars"].to_numpy() if "n_chars" in docs else docs["text"].str.len().to_numpy(),
        index=docs["doc_id"],
    )
    quoted_chars = (q["end"] - q["start"]).groupby(q["doc_id"]).sum()
    table = pd.DataFrame(index=pd.Index(docs["doc_id"], name="doc_id"))
    table["n_quotes"] = q.groupby("doc_id").size().reindex(table.index, fill_value=0)
    table["words_quoted"] = q.groupby("doc_id")["words"].sum().reindex(table.index, fill_value=0)
    table["quoted_chars"] = quoted_chars.reindex(table.index, fill_value=0)
    table["n_attributions"] = (
        attribution_table.groupby("doc_id").size().reindex(table.index, fill_value=0)
    )
    table["n_anonymous"] = (
        attribution_table[attribution_table["source_kind"] == "anonymous"]
        .groupby("doc_id")
        .size()
        .reindex(table.index, fill_value=0)
    )
    table["n_speakers"] = (
        q.dropna(subset=["speaker_actor"])
        .groupby("doc_id")["speaker_actor"]
        .nunique()
        .reindex(table.index, fill_value=0)
    )
    table["chars"] = lengths.reindex(table.index).fillna(0)
    if by == "corpus":
        total = table.sum(numeric_only=True)
        table = pd.DataFrame([total])
        table["n_speakers"] = q["speaker_actor"].dropna().nunique()
    table["share_quoted"] = table["quoted_chars"] / table["chars"].where(table["chars"] > 0)
    table["share_anonymous"] = table["n_anonymous"] / table["n_attributions"].where(
        table["n_attributions"] > 0
    )
    columns = [
        "n_quotes",
        "words_quoted",
        "share_quoted",
        "n_attributions",
        "share_anonymous",
        "n_speakers",
    ]
    if by == "doc":
        return table.reset_index()[["doc_id", *columns]]
    return table[columns].astype(
        {"n_quotes": np.int64, "words_quoted": np.int64, "n_attributions": np.int64}
    )


SOURCE_KIND_COLUMNS: tuple[str, ...] = ("source_kind", "attributions")
TOP_QUOTE_COLUMNS: tuple[str, ...] = ("speaker_actor", "doc_id", "cue_verb", "text")
UNNAMED_COLUMNS: tuple[str, ...] = ("source", "attributions", "docs")


def top_quotes(
    quote_table: pd.DataFrame, *, speakers: int = 5, per_speaker: int = 3
) -> pd.DataFrame:
    """The longest quotes of the most quoted speakers: who says what, at a glance.

    Args:
        quote_table: :func:`analysis.quotes` output.
        speakers: Speakers shown (the most quoted, by quotes then name).
        per_speaker: Quotes of each, longest first.

    Returns:
        DataFrame with columns ``speaker_actor, doc_id, cue_verb, text``.
    """
    named = quote_table.dropna(subset=["speaker_actor"])
    if named.empty:
        return pd.DataFrame(columns=list(TOP_QUOTE_COLUMNS))
    ranked = named.groupby("speaker_actor").size().reset_index(name="n")
    ranked = ranked.sort_values(["n", "speaker_actor"], ascending=[False, True], kind="mergesort")
    order = {s: i for i, s in enumerate(ranked["speaker_actor"].head(speakers))}
    chosen = named[named["speaker_actor"].isin(order)].assign(
        _rank=lambda f: f["speaker_actor"].map(order), _length=lambda f: f["text"].str.len()
    )
    chosen = chosen.drop_duplicates(["speaker_actor", "text"]).sort_values(
        ["_rank", "_length"], ascending=[True, False], kind="mergesort"
    )
    return chosen.groupby("_rank").head(per_speaker).reset_index(drop=True)[list(TOP_QUOTE_COLUMNS)]


def unnamed_sources(attribution_table: pd.DataFrame) -> pd.DataFrame:
    """How unnamed sources are described ("officials", "a senior aide"), most used first.

    Args:
        attribution_table: :func:`analysis.attributions` output.

    Returns:
        DataFrame with columns ``source, attributions, docs``: each description (lowercased)
        with how often it is cited and in how many documents.
    """
    unnamed = attribution_table[attribution_table["source_kind"] == "anonymous"]
    if unnamed.empty:
        return pd.DataFrame(columns=list(UNNAMED_COLUMNS))
    described = unnamed.assign(source=unnamed["source"].str.lower())
    out = described.groupby("source").agg(
        attributions=("doc_id", "size"), docs=("doc_id", "nunique")
    )
    out = out.reset_index().sort_values(
        ["attributions", "source"], ascending=[False, True], kind="mergesort"
    )
    return out.reset_index(drop=True)[list(UNNAMED_COLUMNS)]


def source_kinds(attribution_table: pd.DataFrame) -> pd.DataFrame:
    """How many attributions name each kind of source.

    Args:
        attribution_table: :func:`analysis.attributions` output.

    Returns:
        DataFrame with columns ``source_kind, attributions``, most frequent first, then by
        kind.
    """
    kinds = (
        attribution_table.groupby("source_kind", as_index=False)
        .size()
        .rename(columns={"size": "attributions"})
    )
    kinds = kinds.sort_values(
        ["attributions", "source_kind"], ascending=[False, True], kind="mergesort"
    )
    return kinds.reset_index(drop=True)[list(SOURCE_KIND_COLUMNS)]
