"""What a corpus holds: documents and their sizes, groups, duplicates.

Sizes (sentences, tokens, words) come from the counting engine, which counts them while it
counts terms (:attr:`analysis.terms.TermCounts.sizes`), or from an extract's documents
table, which holds them: nothing is tokenized for them alone.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import as_documents, check_table
from analysis.errors import invalid_value
from analysis.terms import DOCUMENT_SIZE_COLUMNS, count_terms
from analysis.text import check_sentences

DOCUMENT_STATS_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "title",
    "group",
    "n_chars",
    "n_sentences",
    "n_tokens",
    "n_words",
    "words_per_sentence",
    "duplicate_of",
)
GROUP_STATS_COLUMNS: tuple[str, ...] = (
    "group",
    "documents",
    "words",
    "mean_words",
    "mean_words_per_sentence",
)


def document_stats(
    docs: Any,
    *,
    sizes: pd.DataFrame | None = None,
    sents: pd.DataFrame | None = None,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """Size of each document in characters, sentences, tokens and words.

    Args:
        docs: A documents table from :func:`analysis.load_corpus`, or a list of texts.
        sizes: ``doc_id, n_sentences, n_tokens, n_words`` of ``docs``, if already counted
            (:attr:`analysis.TermCounts.sizes`); an extract's documents table holds them.
        sents: :func:`analysis.sentences` of ``docs``, if already computed (used when the
            sizes are counted here).
        n_jobs: Worker processes when the sizes are counted here.

    Returns:
        DataFrame with columns ``doc_id, title, group, n_chars, n_sentences, n_tokens,
        n_words, words_per_sentence, duplicate_of``, one row per document in corpus order;
        ``n_words`` counts word tokens; ``words_per_sentence`` is NaN for an empty
        document.

    Example:
        >>> document_stats(["One two. Three."])[["n_sentences", "n_words"]].values.tolist()
        [[2, 3]]
    """
    docs = as_documents(docs)
    if sizes is None and set(DOCUMENT_SIZE_COLUMNS) <= set(docs.columns):
        sizes = docs[list(DOCUMENT_SIZE_COLUMNS)]
    if sizes is None:
        sents = None if sents is None else check_sentences(sents, docs)
        sizes = count_terms(docs, sents, n_jobs=n_jobs if sents is None else 1).sizes
    sizes = check_table(sizes, name="sizes", columns=DOCUMENT_SIZE_COLUMNS, docs=docs)
    out = pd.DataFrame({"doc_id": docs["doc_id"].to_numpy()})
    for column in ("title", "group", "duplicate_of"):
        out[column] = docs[column].to_numpy() if column in docs else None
    out["n_chars"] = [len(t) if isinstance(t, str) else 0 for t in docs["text"]]
    indexed = sizes.set_index("doc_id")
    for column in DOCUMENT_SIZE_COLUMNS[1:]:
        out[column] = indexed[column].reindex(out["doc_id"]).fillna(0).astype(np.int64).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = out["n_words"].to_numpy(float) / out["n_sentences"].to_numpy(float)
    out["words_per_sentence"] = np.where(out["n_sentences"] > 0, ratio, np.nan)
    return out[list(DOCUMENT_STATS_COLUMNS)]


def group_stats(stats: pd.DataFrame, *, by: str = "group") -> pd.DataFrame:
    """Documents and words per group, from :func:`document_stats`.

    Args:
        stats: :func:`document_stats` output (with the ``by`` column).
        by: The column naming each document's group.

    Returns:
        DataFrame with columns ``group, documents, words, mean_words,
        mean_words_per_sentence``, sorted by documents (descending), then group.
    """
    if by not in stats.columns:
        raise invalid_value("by", by, f"a column of the table ({', '.join(stats.columns)})")
    out = stats.groupby(by, as_index=False).agg(
        documents=("doc_id", "size"),
        words=("n_words", "sum"),
        mean_words=("n_words", "mean"),
        mean_words_per_sentence=("words_per_sentence", "mean"),
    )
    out = out.rename(columns={by: "group"})
    return out.sort_values(
        ["documents", "group"], ascending=[False, True], kind="mergesort"
    ).reset_index(drop=True)[list(GROUP_STATS_COLUMNS)]


REPEAT_COLUMNS: tuple[str, ...] = ("doc_id", "duplicate_of", "title")


def repeats(docs: pd.DataFrame) -> pd.DataFrame:
    """The documents that repeat an earlier one word for word.

    Args:
        docs: A documents table (or :func:`document_stats`), with ``duplicate_of``.

    Returns:
        DataFrame with columns ``doc_id, duplicate_of, title``, in corpus order.
    """
    if "duplicate_of" not in docs.columns:
        return pd.DataFrame(columns=list(REPEAT_COLUMNS))
    found = docs.dropna(subset=["duplicate_of"])
    titles = found.get("title", "")
    return found.assign(title=titles).reset_index(drop=True)[list(REPEAT_COLUMNS)]


__all__ = [
    "DOCUMENT_STATS_COLUMNS",
    "GROUP_STATS_COLUMNS",
    "REPEAT_COLUMNS",
    "document_stats",
    "group_stats",
    "repeats",
]
