"""How often terms occur: frequencies, n-grams, TF-IDF and the document-term matrix.

Every function here reads a :class:`~analysis.terms.counting.TermCounts` (given, or counted
from the documents by :func:`~analysis.terms.counting.count_terms`): nothing tokenizes twice.
Results are long tidy tables sorted by count (descending) then term, never a dense
document-term frame.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import as_documents, check_table, document_positions
from analysis.errors import ParameterError, check_choice, check_int
from analysis.terms.counting import (
    TERM_COUNT_COLUMNS,
    TermCounts,
    TermOptions,
    count_terms,
    resolve_counts,
    sum_totals,
)
from analysis.text import check_sentences, sentences

TERM_COLUMNS: tuple[str, ...] = ("term", "n", "count", "per_10k", "doc_count")
DOC_TERM_COLUMNS: tuple[str, ...] = ("doc_id", "term", "n", "count", "per_10k", "doc_count")
TFIDF_COLUMNS: tuple[str, ...] = ("doc_id", "term", "tfidf", "rank")
VOICES: tuple[str, ...] = ("all", "journalist", "quoted")


def term_frequencies(
    docs: Any,
    *,
    ngram_range: tuple[int, int] = (1, 1),
    lowercase: bool = True,
    stop_words: str | Iterable[str] | None = "english",
    extra_stop_words: Iterable[str] = (),
    min_count: int = 1,
    normalize: str | None = None,
    by: str = "corpus",
    voice: str = "all",
    quote_table: pd.DataFrame | None = None,
    counts: TermCounts | None = None,
    sents: pd.DataFrame | None = None,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """How often each term (word or n-gram) occurs.

    Args:
        docs: A documents table from :func:`analysis.load_corpus`, or a list of texts.
        ngram_range: Smallest and largest n-gram order, e.g. ``(1, 2)`` for words and pairs.
        lowercase: Fold case (``Taliban`` and ``taliban`` are one term).
        stop_words: ``"english"`` (scikit-learn's list), ``None``, or your own list.
        extra_stop_words: Words added to the stop list.
        min_count: Drop terms with fewer occurrences in the whole corpus.
        normalize: ``None`` or ``"stem"`` (NLTK Snowball).  Lemmatizing is not offered: it
            needs the WordNet data download.
        by: ``"corpus"`` (one row per term) or ``"doc"`` (one row per document and term).
        voice: ``"all"``, ``"journalist"`` (words outside quotation marks) or ``"quoted"``
            (the quoted words only), split by the quotes in ``quote_table``.
        quote_table: :func:`analysis.quotes` of ``docs``; needed for a voice.
        counts: :func:`analysis.count_terms` of ``docs`` (or the prepared tables' counts),
            if already made: read instead of counting again, when their options cover these.
        sents: :func:`analysis.sentences` of ``docs``, if already computed.
        n_jobs: Worker processes that count (``-1``: one per core); same result.

    Returns:
        DataFrame with columns ``term, n, count, per_10k, doc_count`` (``by="corpus"``) or
        ``doc_id, term, n, count, per_10k, doc_count`` (``by="doc"``): ``n`` is the n-gram
        order, ``per_10k`` the count per 10,000 word tokens of the corpus (or document),
        ``doc_count`` the number of documents the term occurs in.  Sorted by count
        (descending), then term; by document first when ``by="doc"``.

    Example:
        >>> tf = term_frequencies(["The U.S. and the US left Kabul."])
        >>> tf.loc[tf.term == "u.s.", "count"].item()
        2
    """
    check_choice("by", by, ("corpus", "doc"))
    check_choice("voice", voice, VOICES)
    check_int("min_count", min_count, minimum=1)
    options = TermOptions.build(
        ngram_range=ngram_range,
        lowercase=lowercase,
        stop_words=stop_words,
        extra_stop_words=extra_stop_words,
        normalize=normalize,
    )
    if voice == "all":
        counts = resolve_counts(docs, counts, options, n_jobs=n_jobs)
    else:
        counts = voice_counts(
            docs, quote_table, voice=voice, options=options, counts=counts, sents=sents
        )
    totals = counts.totals[counts.totals["count"] >= min_count]
    if by == "corpus":
        out = totals.assign(per_10k=totals["count"] * 10_000 / max(counts.words, 1))
        return out.reset_index(drop=True)[list(TERM_COLUMNS)]
    kept = counts.terms[counts.terms["term"].isin(totals["term"])]
    doc_count = kept["term"].map(totals.set_index("term")["doc_count"]).astype(np.int64)
    return kept.assign(doc_count=doc_count).reset_index(drop=True)[list(DOC_TERM_COLUMNS)]


def voice_counts(
    docs: Any,
    quote_table: pd.DataFrame | None,
    *,
    voice: str,
    options: TermOptions | None = None,
    counts: TermCounts | None = None,
    sents: pd.DataFrame | None = None,
    quoted: TermCounts | None = None,
) -> TermCounts:
    """Term counts of one voice, composed from the counts of the whole text and the quotes.

    The quoted voice is counted on the quoted words alone (each quote inside each sentence
    is its own run: n-grams never join two quotes); the journalist's voice is everything
    else, the whole text's counts less the quoted counts.  No n-gram crosses a quote mark,
    so the two voices add up to the whole text exactly.

    Args:
        docs: The documents table.
        quote_table: :func:`analysis.quotes` of ``docs`` (``doc_id, start, end``).
        voice: ``"journalist"`` or ``"quoted"``.
        options: Term options (unigrams, English stop words by default).
        counts: The whole text's counts, if already made.
        sents: :func:`analysis.sentences` of ``docs``, if already computed.
        quoted: The quoted voice's counts (``voice="quoted"``, same options), if already
            made: the journalist's voice is the whole text's counts less these.

    Returns:
        A :class:`TermCounts` of that voice (``sizes`` counts its words).
    """
    check_choice("voice", voice, VOICES[1:])
    docs = as_documents(docs)
    if quote_table is None:
        raise ParameterError(
            f"voice={voice!r} needs quote_table=, the quotes of these documents "
            "(analysis.quotes(docs, mentions))"
        )
    quote_table = check_table(
        quote_table, name="quote_table", columns=("doc_id", "start", "end"), docs=docs
    )
    options = TermOptions.build() if options is None else options
    if quoted is None or quoted.options != options:
        sents = sentences(docs) if sents is None else check_sentences(sents, docs)
        quoted_docs, quoted_sents = _quoted_runs(docs, sents, quote_table)
        quoted = count_terms(quoted_docs, quoted_sents, options)
        quoted.sizes["n_sentences"] = 0
    if voice == "quoted":
        return quoted
    whole = resolve_counts(docs, counts, options)
    key = ["doc_id", "term"]
    merged = whole.terms.merge(
        quoted.terms[[*key, "count"]], on=key, how="left", suffixes=("", "_quoted"), sort=False
    )
    merged["count"] = merged["count"] - merged["count_quoted"].fillna(0).astype(np.int64)
    sizes = whole.sizes.copy()
    sizes["n_words"] = sizes["n_words"].to_numpy() - quoted.sizes["n_words"].to_numpy()
    sizes["n_tokens"] = sizes["n_tokens"].to_numpy() - quoted.sizes["n_tokens"].to_numpy()
    terms = merged[merged["count"] > 0]
    words = sizes["n_words"].to_numpy()[document_positions(terms["doc_id"], sizes["doc_id"])]
    terms = terms.assign(per_10k=terms["count"] * 10_000 / np.maximum(words, 1))
    terms = _sort_by_document(terms[list(TERM_COUNT_COLUMNS)], docs)
    return TermCounts(terms, sum_totals(terms), sizes, options)


def _quoted_runs(
    docs: pd.DataFrame, sents: pd.DataFrame, quote_table: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quoted words of each document as a text of their own: every piece of a quote
    inside one sentence (marks included) is a "sentence" of that text, so n-grams never
    join two quotes or cross a sentence; a document without quotes is empty."""
    spans: dict[Any, list[tuple[int, int]]] = {}
    for doc_id, start, end in zip(
        quote_table["doc_id"], quote_table["start"], quote_table["end"], strict=True
    ):
        spans.setdefault(doc_id, []).append((max(int(start) - 1, 0), int(end) + 1))
    bounds = {}
    for d, starts, ends in _sentence_bounds(sents, spans):
        order = sorted(range(len(starts)), key=starts.__getitem__)
        bounds[d] = ([starts[k] for k in order], [ends[k] for k in order])
    texts, runs = [], []
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        pieces = []
        if doc_id in spans and isinstance(text, str):
            starts, ends = bounds.get(doc_id, ([], []))
            # a sentence ends no later than the next begins: those that overlap a quote
            # start at the last one beginning at or before it
            for lo, hi in spans[doc_id]:
                hi = min(hi, len(text))
                first = max(bisect.bisect_right(starts, lo) - 1, 0)
                last = bisect.bisect_left(starts, hi)
                for s, e in zip(starts[first:last], ends[first:last], strict=True):
                    a, b = max(lo, s), min(hi, e)
                    while a < b and text[a].isspace():
                        a += 1
                    if a < b:
                        pieces.append((a, b))
        parts, position = [], 0
        for i, (a, b) in enumerate(sorted(set(pieces))):
            runs.append((doc_id, i, position, position + b - a))
            parts.append(text[a:b])
            position += b - a + 2  # the blank line between two pieces
        texts.append("\n\n".join(parts))
    quoted_docs = pd.DataFrame(
        {"doc_id": docs["doc_id"].to_numpy(dtype=object), "text": pd.Series(texts, dtype=object)}
    )
    quoted_sents = pd.DataFrame(runs, columns=["doc_id", "sent_id", "start", "end"])
    return quoted_docs, quoted_sents


def _sentence_bounds(
    sents: pd.DataFrame, wanted: dict[Any, Any]
) -> list[tuple[Any, list[int], list[int]]]:
    """Sentence starts and ends of the documents in ``wanted``, in table order."""
    rows = sents[sents["doc_id"].isin(list(wanted))]
    out: dict[Any, tuple[list[int], list[int]]] = {}
    for doc_id, start, end in zip(rows["doc_id"], rows["start"], rows["end"], strict=True):
        starts, ends = out.setdefault(doc_id, ([], []))
        starts.append(start)
        ends.append(end)
    return [(d, s, e) for d, (s, e) in out.items()]


def _sort_by_document(terms: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    return (
        terms.assign(_doc=document_positions(terms["doc_id"], docs["doc_id"]))
        .sort_values(["_doc", "count", "term"], ascending=[True, False, True], kind="mergesort")
        .drop(columns="_doc")
        .reset_index(drop=True)
    )


def document_term_matrix(
    docs: Any,
    *,
    ngram_range: tuple[int, int] = (1, 1),
    lowercase: bool = True,
    stop_words: str | Iterable[str] | None = "english",
    extra_stop_words: Iterable[str] = (),
    normalize: str | None = None,
    counts: TermCounts | None = None,
) -> tuple[Any, list[Any], np.ndarray]:
    """A sparse document-term count matrix, for scikit-learn.

    Args:
        docs: A documents table or a list of texts (``None`` if ``counts`` are given).
        ngram_range, lowercase, stop_words, extra_stop_words, normalize: As in
            :func:`term_frequencies`.
        counts: :func:`analysis.count_terms` of ``docs``, if already made.

    Returns:
        ``(matrix, doc_ids, terms)``: a ``scipy.sparse.csr_matrix`` of counts with one row
        per document (in ``doc_ids`` order, every document of the counts) and one column per
        term (sorted alphabetically).
    """
    from scipy import sparse

    options = TermOptions.build(
        ngram_range=ngram_range,
        lowercase=lowercase,
        stop_words=stop_words,
        extra_stop_words=extra_stop_words,
        normalize=normalize,
    )
    counts = resolve_counts(docs, counts, options)
    doc_ids = counts.sizes["doc_id"].tolist()
    rows = document_positions(counts.terms["doc_id"], doc_ids)
    term_codes, terms = pd.factorize(counts.terms["term"], sort=True)
    matrix = sparse.csr_matrix(
        (counts.terms["count"].to_numpy(dtype=np.float64), (rows, term_codes)),
        shape=(len(doc_ids), len(terms)),
    )
    return matrix, doc_ids, np.asarray(terms, dtype=object)


def tfidf(
    docs: Any,
    *,
    top_n: int = 10,
    ngram_range: tuple[int, int] = (1, 1),
    min_df: int = 1,
    sublinear_tf: bool = False,
    lowercase: bool = True,
    stop_words: str | Iterable[str] | None = "english",
    extra_stop_words: Iterable[str] = (),
    normalize: str | None = None,
    counts: TermCounts | None = None,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """The most distinctive terms of each document by TF-IDF.

    Counts come from the one counting engine; weights are scikit-learn's
    ``TfidfTransformer`` defaults (the weighting half of ``TfidfVectorizer``): smooth IDF
    ``ln((1 + n) / (1 + df)) + 1`` learned once from the corpus's document frequencies,
    times the count (or ``1 + ln(count)``), each document scaled to unit length (l2).
    Written out here with the same operations, because importing
    ``sklearn.feature_extraction`` costs about 2 s per kernel.

    Args:
        docs: A documents table or a list of texts.
        top_n: Terms kept per document.
        ngram_range: As in :func:`term_frequencies`.
        min_df: Ignore terms found in fewer documents.
        sublinear_tf: Use ``1 + log(tf)``.
        lowercase, stop_words, extra_stop_words, normalize: As in :func:`term_frequencies`.
        counts: :func:`analysis.count_terms` of ``docs``, if already made.
        n_jobs: Worker processes that count (``-1``: one per core); same result.

    Returns:
        DataFrame with columns ``doc_id, term, tfidf, rank`` (rank 1 = most distinctive),
        ``top_n`` rows per document at most, in document order; ties broken by term.
    """
    check_int("top_n", top_n, minimum=1)
    check_int("min_df", min_df, minimum=1)
    options = TermOptions.build(
        ngram_range=ngram_range,
        lowercase=lowercase,
        stop_words=stop_words,
        extra_stop_words=extra_stop_words,
        normalize=normalize,
    )
    counts = resolve_counts(docs, counts, options, n_jobs=n_jobs)
    matrix, doc_ids, terms = document_term_matrix(None, counts=counts, **_as_kwargs(options))
    if min_df > 1:
        keep = np.asarray((matrix > 0).sum(axis=0)).ravel() >= min_df
        matrix, terms = matrix[:, keep], terms[keep]
    if matrix.shape[1] == 0:  # no terms at all (empty documents): nothing is distinctive
        return pd.DataFrame(columns=list(TFIDF_COLUMNS))
    weights = tfidf_weights(matrix, sublinear_tf=sublinear_tf)
    rows = []
    for i, doc_id in enumerate(doc_ids):
        lo, hi = weights.indptr[i], weights.indptr[i + 1]
        cols, vals = weights.indices[lo:hi], weights.data[lo:hi]
        order = np.lexsort((terms[cols], -vals))[:top_n]
        for rank, j in enumerate(order, start=1):
            rows.append((doc_id, terms[cols[j]], float(vals[j]), rank))
    return pd.DataFrame(rows, columns=list(TFIDF_COLUMNS))


def tfidf_weights(matrix: Any, *, sublinear_tf: bool = False) -> Any:
    """TF-IDF weights of a document-term count matrix (:func:`document_term_matrix`), rows
    of unit length: ``TfidfTransformer(sublinear_tf=...).fit_transform(matrix)``, step by
    step (see :func:`tfidf`)."""
    weights = matrix.tocsr().astype(np.float64)
    weights.sort_indices()
    n_docs = weights.shape[0]
    df = np.bincount(weights.indices, minlength=weights.shape[1]).astype(np.float64)
    idf = np.log((n_docs + 1) / (df + 1)) + 1
    if sublinear_tf:
        np.log(weights.data, weights.data)
        weights.data += 1.0
    weights.data *= idf[weights.indices]
    # l2 norms summed term by term in index order, as scikit-learn's normalize does (numpy's
    # pairwise sums differ in the last bit): rows longest first, so step k adds the k-th
    # square of a shrinking prefix of the rows.
    lengths = np.diff(weights.indptr)
    order = np.argsort(-lengths, kind="stable")
    starts, longest_first = weights.indptr[:-1][order], lengths[order]
    squares = weights.data * weights.data
    sums = np.zeros(n_docs)
    active = n_docs
    for k in range(int(longest_first[0]) if n_docs else 0):
        while active and longest_first[active - 1] <= k:
            active -= 1
        sums[:active] += squares[starts[:active] + k]
    norms = np.ones(n_docs)
    norms[order] = np.where(sums > 0.0, np.sqrt(sums), 1.0)
    weights.data /= np.repeat(norms, lengths)
    return weights


TFIDF_SUMMARY_COLUMNS: tuple[str, ...] = ("term", "top_in", "tfidf")


def tfidf_summary(weights: pd.DataFrame) -> pd.DataFrame:
    """Which terms most often set a document apart: the corpus view of :func:`tfidf`.

    Args:
        weights: :func:`tfidf` output (the top terms of each document).

    Returns:
        DataFrame with columns ``term, top_in, tfidf``: in how many documents the term is
        among the top terms, and its mean weight there; most documents first, then the
        higher mean weight, then term.
    """
    if weights.empty:
        return pd.DataFrame(columns=list(TFIDF_SUMMARY_COLUMNS))
    out = weights.groupby("term").agg(top_in=("doc_id", "size"), tfidf=("tfidf", "mean"))
    out = out.reset_index().sort_values(
        ["top_in", "tfidf", "term"], ascending=[False, False, True], kind="mergesort"
    )
    return out.reset_index(drop=True)[list(TFIDF_SUMMARY_COLUMNS)]


def _as_kwargs(options: TermOptions) -> dict[str, Any]:
    return {
        "ngram_range": options.ngram_range,
        "lowercase": options.lowercase,
        "stop_words": options.stop_words,
        "normalize": options.normalize,
    }


__all__ = [
    "DOC_TERM_COLUMNS",
    "TERM_COLUMNS",
    "TFIDF_COLUMNS",
    "VOICES",
    "document_term_matrix",
    "term_frequencies",
    "tfidf",
    "tfidf_summary",
    "voice_counts",
]
