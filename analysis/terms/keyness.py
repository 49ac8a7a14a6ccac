"""Keyness: terms a part of the corpus over- or under-uses against a reference.

G² (log-likelihood, Rayson & Garside 2000) says how sure the difference is; the Log Ratio
(Hardie 2014) how big it is.  The reference is other documents, or general English
(wordfreq).  Counts are made once for the whole corpus (:class:`TermCounts`) and each group
is selected from them; the reference of a group is the corpus totals less the group's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import as_documents, document_positions, group_labels
from analysis.errors import ParameterError, check_choice, check_int, invalid_value
from analysis.terms.counting import TermCounts, TermOptions, resolve_counts

KEYNESS_COLUMNS: tuple[str, ...] = (
    "term",
    "count_target",
    "count_reference",
    "per_10k_target",
    "per_10k_reference",
    "log_likelihood",
    "p_value",
    "log_ratio",
    "direction",
)
KEYNESS_MEASURES: tuple[str, ...] = ("log_likelihood", "log_ratio")
#: Size in words assumed for the general-English reference (wordfreq proportions x this).
GENERAL_ENGLISH_SIZE: int = 100_000_000


def log_likelihood(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Log-likelihood G² (Rayson & Garside 2000) for counts ``a`` in a corpus of ``c`` words
    against ``b`` in one of ``d`` words; a zero count contributes 0 (0 * ln 0 = 0)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return 2 * (t1 + t2)


def log_ratio(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Log Ratio (Hardie 2014): log2 of the ratio of relative frequencies; a zero count is
    replaced by 0.5 so that the ratio stays finite."""
    a = np.where(np.asarray(a, dtype=float) == 0, 0.5, a)
    b = np.where(np.asarray(b, dtype=float) == 0, 0.5, b)
    return np.log2((a / c) / (b / d))


def _chi2_sf(g2: np.ndarray) -> np.ndarray:
    """P(chi² with 1 degree of freedom > g2): what ``scipy.stats.chi2.sf(g2, 1)`` computes
    (it calls this same function), without importing scipy.stats (2 s)."""
    from scipy.special import chdtrc

    return chdtrc(1, g2)


def general_english(terms: Iterable[str]) -> tuple[pd.Series, int]:
    """Counts of ``terms`` in a general-English reference of ``GENERAL_ENGLISH_SIZE`` words
    (wordfreq's frequencies), and that size."""
    import wordfreq

    freqs = wordfreq.get_frequency_dict("en", wordlist="large")
    counts = {}
    for term in terms:
        f = freqs.get(term) or freqs.get(term.rstrip(".")) or 0.0
        counts[term] = round(f * GENERAL_ENGLISH_SIZE)
    return pd.Series(counts, dtype=float), GENERAL_ENGLISH_SIZE


def keyness_table(
    target_counts: pd.Series,
    c: int,
    ref_counts: pd.Series,
    d: int,
    *,
    measure: str,
    min_count: int,
    general: bool,
    top_n: int | None = None,
    over_only: bool = False,
) -> pd.DataFrame:
    """G2, p and Log Ratio for term counts in a target of ``c`` words against ``d`` words:
    the first ``top_n`` rows (all with ``None``), of the over-used terms only if
    ``over_only``.  The p-values are computed for the rows kept only."""
    table = pd.concat([target_counts.rename("a"), ref_counts.rename("b")], axis=1).fillna(0.0)
    table = table[(table["a"] + table["b"]) >= min_count]
    if general:
        table = table[table["a"] > 0]
    a, b = table["a"].to_numpy(), table["b"].to_numpy()
    c, d = max(c, 1), max(d, 1)
    out = pd.DataFrame(
        {
            "term": table.index.astype(object),
            "count_target": a.astype(np.int64),
            "count_reference": b.astype(np.int64),
            "per_10k_target": a * 10_000 / c,
            "per_10k_reference": b * 10_000 / d,
            "log_likelihood": log_likelihood(a, b, c, d),
            "log_ratio": log_ratio(a, b, c, d),
        }
    )
    out["direction"] = np.where(out["per_10k_target"] >= out["per_10k_reference"], "over", "under")
    key = out["log_likelihood"] if measure == "log_likelihood" else out["log_ratio"].abs()
    out = out.assign(_key=key).sort_values(
        ["_key", "term"], ascending=[False, True], kind="mergesort"
    )
    if over_only:
        out = out[out["direction"] == "over"]
    if top_n is not None:
        out = out.head(top_n)
    out = out.reset_index(drop=True)
    out["p_value"] = _chi2_sf(out["log_likelihood"].to_numpy())
    return out[list(KEYNESS_COLUMNS)]


def _unigrams(counts: TermCounts) -> pd.Series:
    """Each unigram's count, in a Series indexed (and sorted) by term."""
    totals = counts.totals[counts.totals["n"] == 1]
    return totals.set_index("term")["count"].sort_index()


def _term_options(options: dict[str, Any]) -> TermOptions:
    if "ngram_range" in options:
        raise ParameterError("keyness compares single words; ngram_range is not an option here")
    return TermOptions.build(**options)


def _as_counts(part: Any, options: TermOptions, name: str) -> TermCounts:
    if isinstance(part, TermCounts):
        return resolve_counts(None, part, options)
    if part is None:
        raise invalid_value(name, part, "documents or term counts")
    return resolve_counts(part, None, options)


def keyness(
    target: Any,
    reference: Any = None,
    *,
    measure: str = "log_likelihood",
    min_count: int = 3,
    top_n: int | None = 50,
    **options: Any,
) -> pd.DataFrame:
    """Terms over- and under-used in ``target`` compared with ``reference``.

    Args:
        target: Documents (a documents table or list of texts) to characterise, or their
            :class:`TermCounts` (``counts.select(doc_ids)`` of a corpus counted once).
        reference: Documents or counts to compare against (e.g. the other BBC sections),
            or ``None`` for general English: wordfreq's English frequencies scaled to a
            reference of ``GENERAL_ENGLISH_SIZE`` words (under-use is not meaningful there
            for rare words).
        measure: Sort by ``"log_likelihood"`` (G², significance) or ``"log_ratio"`` (effect
            size, absolute value).
        min_count: Keep terms whose target + reference count reaches this.
        top_n: Rows returned (``None`` for all).
        **options: ``lowercase``, ``stop_words``, ``extra_stop_words``, ``normalize``.

    Returns:
        DataFrame with columns ``term, count_target, count_reference, per_10k_target,
        per_10k_reference, log_likelihood, p_value, log_ratio, direction`` (``"over"`` or
        ``"under"``: more or less frequent in the target).  ``p_value`` is from the
        chi-squared distribution with one degree of freedom.  Sorted by the measure
        (descending), then term.
    """
    check_choice("measure", measure, KEYNESS_MEASURES)
    check_int("min_count", min_count, minimum=1)
    if top_n is not None:
        check_int("top_n", top_n, minimum=1)
    opts = _term_options(options)
    target_counts = _as_counts(target, opts, "target")
    a = _unigrams(target_counts)
    if reference is None:
        b, d = general_english(a.index)
    else:
        reference_counts = _as_counts(reference, opts, "reference")
        b, d = _unigrams(reference_counts), reference_counts.words
    out = keyness_table(
        a,
        target_counts.words,
        b,
        d,
        measure=measure,
        min_count=min_count,
        general=reference is None,
        top_n=top_n,
    )
    return out


def _group_counts(
    counts: TermCounts, doc_ids: pd.Series, labels: np.ndarray, names: list[str], terms: pd.Index
) -> Iterator[tuple[int, np.ndarray]]:
    """Each group's words and its count of each of ``terms`` (a vector), group after group
    (one vector at a time: a column of many values, such as dates, makes many groups).

    A document without a label, or one the counts hold but ``doc_ids`` lacks, is in no
    group (and so in every group's rest).  Rows are placed by integer codes (each distinct
    document and term looked up once), not grouped by strings.
    """
    group_of_doc = pd.Index(names).get_indexer(labels)

    def group_of(ids: pd.Series) -> np.ndarray:  # -1: in no group
        place = document_positions(ids, doc_ids)
        return np.where(place >= 0, group_of_doc[place], -1)

    unigrams = counts.terms[counts.terms["n"] == 1]
    group = group_of(unigrams["doc_id"])
    codes, distinct = pd.factorize(unigrams["term"])
    term = terms.get_indexer(distinct)[codes]
    weights = unigrams["count"].to_numpy()
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(len(names) + 1))
    size_group = group_of(counts.sizes["doc_id"])
    grouped = size_group >= 0
    words = np.bincount(
        size_group[grouped],
        weights=counts.sizes["n_words"].to_numpy()[grouped],
        minlength=len(names),
    )
    for i in range(len(names)):
        rows = order[bounds[i] : bounds[i + 1]]
        yield int(words[i]), np.bincount(term[rows], weights=weights[rows], minlength=len(terms))


def keyness_by_group(
    docs: pd.DataFrame,
    group_by: str = "group",
    *,
    top_n: int = 10,
    measure: str = "log_likelihood",
    min_count: int = 3,
    counts: TermCounts | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Keyness of each group of documents against all the other documents.

    The corpus is counted once (or ``counts`` are read); each group is selected from the
    counts and compared with the corpus totals less its own.  A document without a value in
    ``group_by`` is no group of its own, and part of every group's rest.

    Args:
        docs: A documents table with the ``group_by`` column.
        group_by: Column naming each document's group (``group``: the corpus subfolders).
        top_n: Over-used terms kept per group.
        measure: As in :func:`keyness`.
        min_count: As in :func:`keyness`.
        counts: :func:`analysis.count_terms` of ``docs``, if already made.
        **options: ``lowercase``, ``stop_words``, ``extra_stop_words``, ``normalize``.

    Returns:
        DataFrame with the column ``group`` followed by the columns of :func:`keyness`:
        the ``top_n`` most over-used terms of each group, groups in sorted order.  A corpus
        with one group gives an empty table.
    """
    docs = as_documents(docs)
    if group_by not in docs.columns:
        raise invalid_value(
            "group_by", group_by, f"a column of docs ({', '.join(map(str, docs.columns))})"
        )
    check_int("top_n", top_n, minimum=1)
    check_choice("measure", measure, KEYNESS_MEASURES)
    check_int("min_count", min_count, minimum=1)
    opts = _term_options(options)
    counts = resolve_counts(docs, counts, opts)
    labels = group_labels(docs, group_by)
    names = sorted(set(labels.dropna()))
    if len(names) < 2:
        return pd.DataFrame(columns=["group", *KEYNESS_COLUMNS])
    total = _unigrams(counts)
    everywhere = total.to_numpy(dtype=float)
    groups = _group_counts(counts, docs["doc_id"], labels.to_numpy(), names, total.index)
    frames = []
    for name, (c, in_group) in zip(names, groups, strict=True):
        key = keyness_table(
            pd.Series(in_group, index=total.index),
            c,
            pd.Series(everywhere - in_group, index=total.index),
            counts.words - c,
            measure=measure,
            min_count=min_count,
            general=False,
            top_n=top_n,
            over_only=True,
        )
        frames.append(key.assign(group=name))
    out = pd.concat(frames, ignore_index=True)
    return out[["group", *KEYNESS_COLUMNS]]


def key_terms(
    docs: Any,
    *,
    group_by: str | None = "group",
    top_n: int = 20,
    min_count: int = 3,
    measure: str = "log_likelihood",
    counts: TermCounts | None = None,
    **options: Any,
) -> pd.DataFrame:
    """The terms that set the corpus, or each of its groups, apart: the usual keyness view.

    With a ``group_by`` column of two or more groups, each group against all the other
    documents (:func:`keyness_by_group`); otherwise the whole corpus against general English
    (:func:`keyness` with no reference).  ``attrs["reference"]`` says which.

    Args:
        docs: A documents table.
        group_by: Column naming each document's group; ``None`` or a column the table
            lacks compares the corpus with general English.
        top_n: Rows per group (or for the corpus).
        min_count: As in :func:`keyness`.
        measure: As in :func:`keyness`.
        counts: :func:`analysis.count_terms` of ``docs``, if already made.
        **options: As in :func:`keyness`.

    Returns:
        DataFrame with the columns of :func:`keyness` and ``group`` (``"corpus"`` against
        general English); ``attrs["reference"]`` is ``"the other groups"`` or
        ``"general English"``.
    """
    docs = as_documents(docs)
    if group_by and group_by in docs.columns and docs[group_by].nunique() > 1:
        out = keyness_by_group(
            docs,
            group_by,
            top_n=top_n,
            min_count=min_count,
            measure=measure,
            counts=counts,
            **options,
        )
        out.attrs["reference"] = "the other groups"
        return out
    opts = _term_options(options)
    target = resolve_counts(docs, counts, opts)
    out = keyness(target, None, measure=measure, min_count=min_count, top_n=top_n, **options)
    out = out.assign(group="corpus")
    out.attrs["reference"] = "general English"
    return out


__all__ = [
    "GENERAL_ENGLISH_SIZE",
    "KEYNESS_COLUMNS",
    "KEYNESS_MEASURES",
    "general_english",
    "key_terms",
    "keyness",
    "keyness_by_group",
    "keyness_table",
    "log_likelihood",
    "log_ratio",
]
