"""Sourcing at a glance: per document, for the corpus, or per speaker."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import as_documents
from analysis.errors import check_choice


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
        quote_table: :func:`quotes` output.
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
