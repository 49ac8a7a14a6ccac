"""Topic models on the term counts the workbook already has.

:func:`topics` fits scikit-learn's NMF (on TF-IDF weights, l2 rows, as
:func:`analysis.tfidf` makes them) or LatentDirichletAllocation (on raw counts), seeded, so
the same corpus and options give the same topics.  The vocabulary is the word counts of
:func:`analysis.count_terms` (stop words out), without words in fewer than ``min_df``
documents or in more than ``max_df`` of them.

Coherence is NPMI over the corpus's own documents (Aletras and Stevenson 2013; the C_NPMI
of Röder et al. 2015 with whole documents as the co-occurrence window): for each pair of a
topic's top ``coherence_terms`` terms, ``log(P(a, b) / (P(a) P(b))) / -log P(a, b)``, with
-1 for a pair that never occurs together; a topic's coherence is the mean over its pairs,
from -1 to 1.  ``n_topics="auto"`` fits every number of topics in ``auto_range`` and keeps
the one with the highest mean coherence.

A corpus of more than ``sample`` documents (10,000 by default) is fitted on a random
sample of that many documents (seeded by ``seed``; the vocabulary and its TF-IDF weights
are the whole corpus's), the number of topics is chosen on that sample, and then every
document's shares come from the fitted model (``transform``), 10,000 documents at a time:
the time of a fit stops growing with the corpus.  A smaller corpus is fitted whole, as
before.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import as_documents
from analysis.errors import check_choice, check_int, invalid_value
from analysis.terms import TermCounts, count_terms, document_term_matrix, tfidf_weights
from analysis.timeline import FREQUENCIES, MIN_DOCUMENTS, resolve_freq

TOPIC_TERM_COLUMNS: tuple[str, ...] = ("topic", "label", "term", "weight", "rank")
DOCUMENT_TOPIC_COLUMNS: tuple[str, ...] = ("doc_id", "topic", "share")
COHERENCE_COLUMNS: tuple[str, ...] = ("topic", "label", "coherence")
AUTO_RANGE: tuple[int, int] = (4, 12)


@dataclass
class TopicModel:
    """What :func:`topics` found.

    Attributes:
        terms: ``topic, label, term, weight, rank``: the top terms of each topic.
        documents: ``doc_id, topic, share``: each document's mix of topics (shares sum
            to 1 for a document with any term; a document without one has no rows).
        coherence: ``topic, label, coherence``: NPMI of each topic's top terms.
        method: ``"nmf"`` or ``"lda"``.
        n_topics: The number of topics.
        tried: For ``n_topics="auto"``, the mean coherence of every number tried.
    """

    terms: pd.DataFrame
    documents: pd.DataFrame
    coherence: pd.DataFrame
    method: str
    n_topics: int
    tried: dict[int, float] = field(default_factory=dict)
    components: Any = None  # topic-term weights, one row per topic
    vocabulary: Any = None

    @property
    def labels(self) -> dict[int, str]:
        return dict(zip(self.coherence["topic"], self.coherence["label"], strict=True))

    def prevalence(
        self,
        docs: Any,
        *,
        by: str | None = None,
        freq: str | None = None,
        min_documents: int = MIN_DOCUMENTS,
    ) -> pd.DataFrame:
        """The mean share of each topic by a column of ``docs`` and/or over time.

        Args:
            docs: The documents table the model was fitted on.
            by: A column (``group``, ``outlet``).
            freq: ``"auto"`` (:func:`analysis.time_span`), ``"day"``, ``"week"``,
                ``"month"``, ``"quarter"`` or ``"year"``: by period of the ``date`` column
                (undated documents left out).
            min_documents: Over time, a period's shares are given only when it holds at
                least this many documents (missing otherwise).

        Returns:
            DataFrame with columns ``topic, label, [by], [period], documents, share``:
            ``share`` is the topic's mean share over the documents of that group or period;
            ``attrs["freq"]`` is the period used.
        """
        docs = as_documents(docs)
        keys: list[str] = []
        frame = docs[["doc_id"]].copy()
        if by is not None:
            if by not in docs.columns:
                raise invalid_value("by", by, f"a column of docs ({', '.join(docs.columns)})")
            frame[by] = docs[by].to_numpy()
            keys.append(by)
        check_int("min_documents", min_documents, minimum=0)
        if freq is not None:
            if "date" not in docs.columns:
                raise invalid_value("freq", freq, "used only when the documents have dates")
            freq = resolve_freq(docs, freq)
            frame["period"] = docs["date"].dt.to_period(FREQUENCIES[freq]).dt.start_time
            keys.append("period")
        frame = frame.dropna(subset=keys)
        shares = self.documents.pivot(index="doc_id", columns="topic", values="share")
        shares = shares.reindex(frame["doc_id"]).fillna(0.0)
        shares.index = pd.MultiIndex.from_frame(frame[keys]) if keys else shares.index
        if keys:
            grouped = shares.groupby(level=list(range(len(keys))))
            mean, size = grouped.mean(), grouped.size()
        else:
            mean = shares.mean().to_frame().T
            size = pd.Series([len(shares)])
        out = mean.stack().rename("share").reset_index()
        if keys:
            out.columns = [*keys, "topic", "share"]
            out["documents"] = (
                pd.MultiIndex.from_frame(out[keys]).map(size.to_dict())
                if len(keys) > 1
                else out[keys[0]].map(size.to_dict())
            )
        else:
            out = out.rename(columns={"level_1": "topic"})[["topic", "share"]]
            out["documents"] = int(size.iloc[0])
        out["label"] = out["topic"].map(self.labels)
        if freq is not None:
            out.loc[out["documents"] < max(min_documents, 1), "share"] = np.nan
        out = (
            out[["topic", "label", *keys, "documents", "share"]]
            .sort_values(["topic", *keys], kind="mergesort")
            .reset_index(drop=True)
        )
        out.attrs["freq"] = freq
        return out


def _no_topics(method: str) -> TopicModel:
    return TopicModel(
        terms=pd.DataFrame(columns=list(TOPIC_TERM_COLUMNS)),
        documents=pd.DataFrame(columns=list(DOCUMENT_TOPIC_COLUMNS)),
        coherence=pd.DataFrame(columns=list(COHERENCE_COLUMNS)),
        method=method,
        n_topics=0,
    )


def _npmi(binary: Any, top: Sequence[np.ndarray]) -> list[float]:
    """Mean NPMI of each topic's term columns over the documents of ``binary``."""
    n = binary.shape[0]
    out = []
    for cols in top:
        sub = binary[:, cols]
        df = np.asarray(sub.sum(axis=0)).ravel().astype(float)
        together = (sub.T @ sub).toarray().astype(float)
        scores = []
        for a in range(len(cols)):
            for b in range(a + 1, len(cols)):
                joint = together[a, b] / n
                if joint <= 0:
                    scores.append(-1.0)
                elif joint >= 1:
                    scores.append(1.0)
                else:
                    pmi = np.log(joint / ((df[a] / n) * (df[b] / n)))
                    scores.append(float(pmi / -np.log(joint)))
        out.append(float(np.mean(scores)) if scores else float("nan"))
    return out


def _fit(matrix: Any, weights: Any, method: str, k: int, seed: int) -> tuple[Any, Any]:
    """Fit one model; a fit that stops at its iteration limit is kept (its topics are
    read, not its last digits), so scikit-learn's ConvergenceWarning is not passed on."""
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return _fit_quietly(matrix, weights, method, k, seed)


def _fit_quietly(matrix: Any, weights: Any, method: str, k: int, seed: int) -> tuple[Any, Any]:
    if method == "nmf":
        from sklearn.decomposition import NMF

        model = NMF(n_components=k, init="nndsvd", random_state=seed, max_iter=300)
        doc_topic = model.fit_transform(weights)
    else:
        from sklearn.decomposition import LatentDirichletAllocation

        model = LatentDirichletAllocation(
            n_components=k, learning_method="batch", random_state=seed, max_iter=20
        )
        doc_topic = model.fit_transform(matrix)
    return doc_topic, model


def topics(
    docs: Any,
    *,
    n_topics: int | str = 10,
    method: str = "nmf",
    counts: TermCounts | None = None,
    top_terms: int = 10,
    min_df: int = 2,
    max_df: float = 0.5,
    max_terms: int = 10_000,
    seed: int = 0,
    auto_range: tuple[int, int] = AUTO_RANGE,
    coherence_terms: int = 10,
    sample: int = 10_000,
) -> TopicModel:
    """Fit a topic model (see the module's notes).

    Args:
        docs: A documents table or a list of texts.
        n_topics: How many topics, or ``"auto"``: the most coherent number in
            ``auto_range`` (both ends included).
        method: ``"nmf"`` (default) or ``"lda"``.
        counts: :func:`analysis.count_terms` of ``docs`` (words), if already made.
        top_terms: Terms listed per topic.
        min_df: Leave out words in fewer documents.
        max_df: Leave out words in more than this share of documents.
        max_terms: Keep at most this many words, those in the most documents.
        seed: The random seed of the fit.
        auto_range: The numbers of topics ``"auto"`` tries.
        coherence_terms: Top terms of each topic its coherence is measured on.
        sample: A corpus of more documents is fitted on a random sample of this many, then
            every document's shares are computed from the fitted model (module notes).

    Returns:
        A :class:`TopicModel`; topics are numbered from 1, the most prevalent first.  With
        ``"auto"`` and too few documents or shared words for the smallest number tried, a
        model with no topics (``n_topics == 0``, empty tables).

    Raises:
        ParameterError: a bad option, or fewer usable words than topics.
    """
    check_choice("method", method, ("nmf", "lda"))
    check_int("top_terms", top_terms, minimum=1)
    check_int("min_df", min_df, minimum=1)
    check_int("max_terms", max_terms, minimum=1)
    check_int("coherence_terms", coherence_terms, minimum=2)
    check_int("sample", sample, minimum=2)
    if not 0 < max_df <= 1:
        raise invalid_value("max_df", max_df, "a share of documents above 0 and at most 1")
    if n_topics == "auto":
        lo, hi = auto_range
        check_int("auto_range[0]", lo, minimum=2)
        check_int("auto_range[1]", hi, minimum=lo)
        candidates = list(range(lo, hi + 1))
    else:
        check_int("n_topics", n_topics, minimum=1)
        candidates = [int(n_topics)]
    docs = as_documents(docs)
    counts = count_terms(docs) if counts is None else counts
    matrix, doc_ids, terms = document_term_matrix(None, counts=counts)
    binary = (matrix > 0).astype(np.int32).tocsc()
    df = np.asarray(binary.sum(axis=0)).ravel()
    keep = (df >= min_df) & (df <= max_df * max(matrix.shape[0], 1))
    if keep.sum() > max_terms:  # the words in the most documents (ties: the first)
        ranked = np.argsort(-np.where(keep, df, -1), kind="stable")[:max_terms]
        keep = np.zeros_like(keep)
        keep[ranked] = True
    matrix, binary, terms = matrix[:, keep].tocsr(), binary[:, keep].tocsr(), terms[keep]
    weights = tfidf_weights(matrix) if method == "nmf" else None
    rows = None  # the documents fitted: all of them, or a sample of a big corpus
    if matrix.shape[0] > sample:
        rng = np.random.default_rng(seed)
        rows = np.sort(rng.choice(matrix.shape[0], size=sample, replace=False))
    fitted = (matrix, weights, binary)
    if rows is not None:
        fitted = (matrix[rows], None if weights is None else weights[rows], binary[rows])
    usable = min(fitted[0].shape[1], fitted[0].shape[0])
    if n_topics == "auto":
        candidates = [k for k in candidates if k <= usable]
        if not candidates:  # too small a corpus: no topics, said in the result
            return _no_topics(method)
    elif candidates[0] > usable:
        raise invalid_value(
            "n_topics",
            n_topics,
            f"at most {usable} (the documents, and the words in {min_df} or more of them)",
        )
    best: tuple[float, int, Any, Any, list[float]] | None = None
    tried: dict[int, float] = {}
    for k in candidates:
        doc_topic, model = _fit(*fitted[:2], method, k, seed)
        top = [np.argsort(-row, kind="stable")[:coherence_terms] for row in model.components_]
        scores = _npmi(fitted[2], top)
        tried[k] = float(np.nanmean(scores))
        if best is None or tried[k] > best[0]:
            best = (tried[k], k, doc_topic, model, scores)
    assert best is not None
    _, k, doc_topic, model, scores = best
    components = model.components_
    if rows is not None:  # every document's shares from the model, a chunk at a time
        source = weights if method == "nmf" else matrix
        chunks = range(0, source.shape[0], 10_000)
        doc_topic = np.vstack([model.transform(source[at : at + 10_000]) for at in chunks])
    totals = doc_topic.sum(axis=1, keepdims=True)
    shares = np.divide(doc_topic, totals, out=np.zeros_like(doc_topic), where=totals > 0)
    order = np.argsort(-shares.sum(axis=0), kind="stable")  # most prevalent first
    shares, components = shares[:, order], components[order]
    scores = [scores[i] for i in order]
    term_rows, labels = [], {}
    for t, row in enumerate(components, start=1):
        best_terms = np.argsort(-row, kind="stable")[:top_terms]
        labels[t] = " · ".join(str(terms[j]) for j in best_terms[:3])
        for rank, j in enumerate(best_terms, start=1):
            term_rows.append((t, labels[t], str(terms[j]), float(row[j]), rank))
    doc_rows = pd.DataFrame(
        {
            "doc_id": np.repeat(np.asarray(doc_ids, dtype=object), k),
            "topic": np.tile(np.arange(1, k + 1), len(doc_ids)),
            "share": shares.ravel(),
        }
    )
    has_terms = np.repeat(totals.ravel() > 0, k)
    return TopicModel(
        terms=pd.DataFrame(term_rows, columns=list(TOPIC_TERM_COLUMNS)),
        documents=doc_rows[has_terms].reset_index(drop=True),
        coherence=pd.DataFrame(
            {
                "topic": range(1, k + 1),
                "label": [labels[t] for t in range(1, k + 1)],
                "coherence": scores,
            }
        ),
        method=method,
        n_topics=k,
        tried=tried if n_topics == "auto" else {},
        components=components,
        vocabulary=terms,
    )
