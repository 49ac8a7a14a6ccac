"""Term statistics: frequencies, n-grams, TF-IDF, keyness, collocations, KWIC, dispersion.

All counts are built from :func:`analysis.tokens`: a *term* is a word token (``is_alpha``),
lowercased by default, with ``US`` (the country, never the pronoun when written in capitals)
folded into ``u.s.`` so that "U.S." and "US" count together.  N-grams are runs of ``n``
consecutive terms inside one sentence; punctuation, numbers and stop words break a run, so
no n-gram spans a sentence boundary, a comma or a stop word.

Counting is vectorized: tokens become integer codes, n-grams are rows of codes grouped with
pandas, and strings are built once per distinct n-gram.  Results are long tidy tables sorted
by count (descending) then term, never a dense document-term matrix.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import ParameterError, check_choice, check_int, invalid_value
from analysis.text import STOP_WORDS, _sentence_starts, as_documents, is_word, sentences, tokens

TERM_COLUMNS: tuple[str, ...] = ("term", "n", "count", "per_10k", "doc_count")
DOC_TERM_COLUMNS: tuple[str, ...] = ("doc_id", "term", "n", "count", "per_10k", "doc_count")
TFIDF_COLUMNS: tuple[str, ...] = ("doc_id", "term", "tfidf", "rank")
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
COLLOCATION_COLUMNS: tuple[str, ...] = ("w1", "w2", "count", "score")
KWIC_COLUMNS: tuple[str, ...] = ("doc_id", "sent_id", "start", "end", "left", "match", "right")
DISPERSION_COLUMNS: tuple[str, ...] = ("doc_id", "term", "sent_id", "start", "end", "position")

#: Surface forms folded into one term before lowercasing (case-sensitive keys).
TERM_ALIASES: dict[str, str] = {"US": "u.s."}
#: Normalizations offered by ``normalize``: Snowball stemming needs no data package;
#: lemmatizing (WordNet) needs a download we cannot make, so it is not offered.
NORMALIZATIONS: tuple[str | None, ...] = (None, "stem")
COLLOCATION_MEASURES: tuple[str, ...] = ("pmi", "likelihood_ratio", "t", "chi_sq")
KEYNESS_MEASURES: tuple[str, ...] = ("log_likelihood", "log_ratio")
#: Size in words assumed for the general-English reference (wordfreq proportions x this).
GENERAL_ENGLISH_SIZE: int = 100_000_000


@dataclass(frozen=True)
class TermOptions:
    """The options that turn tokens into terms, validated once."""

    ngram_range: tuple[int, int] = (1, 1)
    lowercase: bool = True
    stop_words: frozenset[str] = STOP_WORDS
    normalize: str | None = None

    @classmethod
    def build(
        cls,
        *,
        ngram_range: Sequence[int] = (1, 1),
        lowercase: bool = True,
        stop_words: str | Iterable[str] | None = "english",
        extra_stop_words: Iterable[str] = (),
        normalize: str | None = None,
    ) -> TermOptions:
        if (
            isinstance(ngram_range, str)
            or len(tuple(ngram_range)) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in ngram_range)
            or not 1 <= ngram_range[0] <= ngram_range[1] <= 6
        ):
            raise invalid_value(
                "ngram_range", ngram_range, "(min_n, max_n) with 1 <= min_n <= max_n <= 6"
            )
        if normalize == "lemma":
            raise invalid_value(
                "normalize",
                normalize,
                "None or 'stem' (lemmatizing needs the WordNet download, which is not available)",
            )
        check_choice("normalize", normalize, NORMALIZATIONS)
        if stop_words == "english":
            stops = set(STOP_WORDS)
        elif stop_words is None:
            stops = set()
        elif isinstance(stop_words, str):
            raise invalid_value("stop_words", stop_words, "'english', None or a list of words")
        else:
            stops = {w.lower() for w in stop_words}
        if isinstance(extra_stop_words, str):
            raise invalid_value("extra_stop_words", extra_stop_words, "a list of words")
        stops |= {normalize_term(w, lowercase=True) for w in extra_stop_words}
        return cls(
            ngram_range=(int(ngram_range[0]), int(ngram_range[1])),
            lowercase=bool(lowercase),
            stop_words=frozenset(stops),
            normalize=normalize,
        )


def normalize_term(token: str, *, lowercase: bool = True) -> str:
    """The term for one token: aliases folded (``US`` -> ``u.s.``), lowercased, ``’`` -> ``'``."""
    token = TERM_ALIASES.get(token, token).replace("’", "'")
    return token.lower() if lowercase else token


_stemmer: Any = None


def _stem(term: str) -> str:
    global _stemmer
    if _stemmer is None:
        from nltk.stem.snowball import SnowballStemmer

        _stemmer = SnowballStemmer("english")
    if "." in term:  # acronyms such as u.s. are kept as they are
        return term
    return " ".join(_stemmer.stem(part) for part in term.split(" "))


@dataclass
class _Coded:
    """Tokens as integer codes: the shared input of every counting function."""

    doc_ids: list[Any]  # doc_id per document code
    doc_code: np.ndarray  # per token
    sent_key: np.ndarray  # per token, unique per (doc, sentence)
    term_code: np.ndarray  # per token, -1 where the token is not a term (breaks n-grams)
    vocab: np.ndarray  # term string per code
    words_per_doc: np.ndarray  # word tokens (stop words included) per document code


def _code_tokens(docs: pd.DataFrame, toks: pd.DataFrame, options: TermOptions) -> _Coded:
    doc_ids = docs["doc_id"].tolist()
    doc_index = {d: i for i, d in enumerate(doc_ids)}
    doc_code = toks["doc_id"].map(doc_index).to_numpy(dtype=np.int64)
    sent_key = doc_code * 1_000_000 + toks["sent_id"].to_numpy(dtype=np.int64)
    raw_codes, raw_uniques = pd.factorize(toks["token"], sort=False)
    forms = [normalize_term(t, lowercase=options.lowercase) for t in raw_uniques]
    keep = [
        bool(alpha) and f.lower() not in options.stop_words
        for f, alpha in zip(forms, [is_word(t) for t in raw_uniques], strict=True)
    ]
    if options.normalize == "stem":
        forms = [_stem(f) for f in forms]
    term_codes, vocab = pd.factorize(pd.Series(forms, dtype=object), sort=False)
    mapped = np.where(np.asarray(keep, dtype=bool), term_codes, -1)
    term_code = mapped[raw_codes] if len(raw_codes) else np.empty(0, np.int64)
    word_mask = toks["is_alpha"].to_numpy(dtype=bool)
    words_per_doc = np.bincount(doc_code[word_mask], minlength=len(doc_ids))
    return _Coded(
        doc_ids, doc_code, sent_key, term_code, np.asarray(vocab, dtype=object), words_per_doc
    )


def _ngram_counts(coded: _Coded, n: int) -> pd.DataFrame:
    """Counts of n-grams per document: columns doc_code, g0..g{n-1}, count."""
    codes = coded.term_code
    length = len(codes) - n + 1
    if length <= 0:
        return pd.DataFrame({"doc_code": [], **{f"g{k}": [] for k in range(n)}, "count": []})
    valid = coded.sent_key[:length] == coded.sent_key[n - 1 :]
    parts = {}
    for k in range(n):
        part = codes[k : k + length]
        valid &= part >= 0
        parts[f"g{k}"] = part
    frame = pd.DataFrame({"doc_code": coded.doc_code[:length][valid]})
    for key, part in parts.items():
        frame[key] = part[valid]
    keys = ["doc_code", *parts]
    return frame.groupby(keys, sort=False).size().rename("count").reset_index()


def _doc_term_counts(coded: _Coded, options: TermOptions) -> pd.DataFrame:
    """Long table doc_code, term, n, count for every n in the n-gram range."""
    frames = []
    for n in range(options.ngram_range[0], options.ngram_range[1] + 1):
        counts = _ngram_counts(coded, n)
        gram_cols = [f"g{k}" for k in range(n)]
        if n == 1:
            terms = coded.vocab[counts["g0"].to_numpy(dtype=np.int64)]
        else:
            # build each distinct n-gram string once
            grams = counts[gram_cols].drop_duplicates()
            strings = [" ".join(coded.vocab[list(row)]) for row in grams.itertuples(index=False)]
            lookup = grams.assign(term=strings)
            counts = counts.merge(lookup, on=gram_cols, how="left", sort=False)
            terms = counts["term"].to_numpy()
        frames.append(
            pd.DataFrame(
                {
                    "doc_code": counts["doc_code"].to_numpy(dtype=np.int64),
                    "term": pd.Series(terms, dtype=object),
                    "n": n,
                    "count": counts["count"].to_numpy(dtype=np.int64),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    if options.normalize == "stem" and len(out):  # two surface forms may share a stem
        out = out.groupby(["doc_code", "term", "n"], as_index=False, sort=False)["count"].sum()
    return out


def _prepare(
    docs: Any, toks: pd.DataFrame | None, options: TermOptions, n_jobs: int = 1
) -> tuple[pd.DataFrame, _Coded]:
    docs = as_documents(docs)
    if toks is None:
        toks = tokens(docs, n_jobs=n_jobs)
    return docs, _code_tokens(docs, toks, options)


def _sort_terms(frame: pd.DataFrame, *, by_doc: bool = False) -> pd.DataFrame:
    keys = (["doc_order"] if by_doc else []) + ["count", "term"]
    ascending = ([True] if by_doc else []) + [False, True]
    return frame.sort_values(keys, ascending=ascending, kind="mergesort").reset_index(drop=True)


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
    toks: pd.DataFrame | None = None,
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
        voice: ``"all"``, ``"journalist"`` (text outside quotation marks) or ``"quoted"``
            (the quoted words only), split by :func:`analysis.quotes`.
        quote_table: :func:`analysis.quotes` of ``docs``, if already computed.
        toks: :func:`analysis.tokens` of ``docs``, if already computed (ignored unless
            ``voice="all"``).
        n_jobs: Worker processes that tokenize (``-1``: one per core); same result.

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
    check_choice("voice", voice, ("all", "journalist", "quoted"))
    check_int("min_count", min_count, minimum=1)
    if voice != "all":
        from analysis.sources import voice_documents

        docs, toks = voice_documents(docs, quote_table, voice=voice), None
    options = TermOptions.build(
        ngram_range=ngram_range,
        lowercase=lowercase,
        stop_words=stop_words,
        extra_stop_words=extra_stop_words,
        normalize=normalize,
    )
    docs, coded = _prepare(docs, toks, options, n_jobs)
    long = _doc_term_counts(coded, options)
    totals = long.groupby("term", sort=False).agg(
        count=("count", "sum"), doc_count=("doc_code", "nunique")
    )
    totals = totals[totals["count"] >= min_count]
    if by == "corpus":
        out = totals.reset_index()
        out["n"] = out["term"].str.count(" ").astype(np.int64) + 1
        words = max(int(coded.words_per_doc.sum()), 1)
        out["per_10k"] = out["count"] * 10_000 / words
        return _sort_terms(out)[list(TERM_COLUMNS)]
    long = long[long["term"].isin(totals.index)]
    out = long.assign(
        doc_id=[coded.doc_ids[c] for c in long["doc_code"]],
        doc_order=long["doc_code"],
        per_10k=long["count"] * 10_000 / np.maximum(coded.words_per_doc[long["doc_code"]], 1),
        doc_count=long["term"].map(totals["doc_count"]).to_numpy(dtype=np.int64),
    )
    return _sort_terms(out, by_doc=True)[list(DOC_TERM_COLUMNS)]


def document_term_matrix(
    docs: Any, *, toks: pd.DataFrame | None = None, **options: Any
) -> tuple[Any, list[Any], np.ndarray]:
    """A sparse document-term count matrix, for scikit-learn.

    Args:
        docs: A documents table or a list of texts.
        toks: :func:`analysis.tokens` of ``docs``, if already computed.
        **options: ``ngram_range``, ``lowercase``, ``stop_words``, ``extra_stop_words``,
            ``normalize``, as in :func:`term_frequencies`.

    Returns:
        ``(matrix, doc_ids, terms)``: a ``scipy.sparse.csr_matrix`` of counts with one row
        per document (in ``doc_ids`` order) and one column per term (sorted alphabetically).
    """
    from scipy import sparse

    opts = TermOptions.build(**options)
    docs, coded = _prepare(docs, toks, opts)
    long = _doc_term_counts(coded, opts)
    term_codes, terms = pd.factorize(long["term"], sort=True)
    matrix = sparse.csr_matrix(
        (long["count"].to_numpy(dtype=np.float64), (long["doc_code"].to_numpy(), term_codes)),
        shape=(len(coded.doc_ids), len(terms)),
    )
    return matrix, coded.doc_ids, np.asarray(terms, dtype=object)


def tfidf(
    docs: Any,
    *,
    top_n: int = 10,
    ngram_range: tuple[int, int] = (1, 1),
    min_df: int = 1,
    sublinear_tf: bool = False,
    toks: pd.DataFrame | None = None,
    n_jobs: int = 1,
    **options: Any,
) -> pd.DataFrame:
    """The most distinctive terms of each document by TF-IDF.

    Counts come from our tokenizer; weights from scikit-learn's ``TfidfTransformer`` (the
    weighting half of ``TfidfVectorizer``: smooth IDF, l2 norm), on a sparse matrix.

    Args:
        docs: A documents table or a list of texts.
        top_n: Terms kept per document.
        ngram_range: As in :func:`term_frequencies`.
        min_df: Ignore terms found in fewer documents.
        sublinear_tf: Use ``1 + log(tf)``.
        toks: :func:`analysis.tokens` of ``docs``, if already computed.
        n_jobs: Worker processes that tokenize (``-1``: one per core); same result.
        **options: ``lowercase``, ``stop_words``, ``extra_stop_words``, ``normalize``.

    Returns:
        DataFrame with columns ``doc_id, term, tfidf, rank`` (rank 1 = most distinctive),
        ``top_n`` rows per document at most, in document order; ties broken by term.
    """
    from sklearn.feature_extraction.text import TfidfTransformer

    check_int("top_n", top_n, minimum=1)
    check_int("min_df", min_df, minimum=1)
    if toks is None:
        docs = as_documents(docs)
        toks = tokens(docs, n_jobs=n_jobs)
    matrix, doc_ids, terms = document_term_matrix(
        docs, toks=toks, ngram_range=ngram_range, **options
    )
    if min_df > 1:
        keep = np.asarray((matrix > 0).sum(axis=0)).ravel() >= min_df
        matrix, terms = matrix[:, keep], terms[keep]
    if matrix.shape[1] == 0:  # no terms at all (empty documents): nothing is distinctive
        return pd.DataFrame(columns=list(TFIDF_COLUMNS))
    weights = TfidfTransformer(sublinear_tf=sublinear_tf).fit_transform(matrix).tocsr()
    rows = []
    for i, doc_id in enumerate(doc_ids):
        lo, hi = weights.indptr[i], weights.indptr[i + 1]
        cols, vals = weights.indices[lo:hi], weights.data[lo:hi]
        order = np.lexsort((terms[cols], -vals))[:top_n]
        for rank, j in enumerate(order, start=1):
            rows.append((doc_id, terms[cols[j]], float(vals[j]), rank))
    return pd.DataFrame(rows, columns=list(TFIDF_COLUMNS))


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


def _unigram_totals(docs: Any, options: TermOptions) -> tuple[pd.Series, int]:
    docs, coded = _prepare(docs, None, options)
    long = _doc_term_counts(coded, options)
    return long.groupby("term")["count"].sum(), int(coded.words_per_doc.sum())


def _general_english(terms: Iterable[str]) -> tuple[pd.Series, int]:
    import wordfreq

    freqs = wordfreq.get_frequency_dict("en", wordlist="large")
    counts = {}
    for term in terms:
        f = freqs.get(term) or freqs.get(term.rstrip(".")) or 0.0
        counts[term] = round(f * GENERAL_ENGLISH_SIZE)
    return pd.Series(counts, dtype=float), GENERAL_ENGLISH_SIZE


def _keyness_table(
    target_counts: pd.Series,
    c: int,
    ref_counts: pd.Series,
    d: int,
    *,
    measure: str,
    min_count: int,
    general: bool,
) -> pd.DataFrame:
    """G2, p and Log Ratio for counts in a target of ``c`` words against ``d`` words."""
    from scipy.stats import chi2

    table = pd.concat([target_counts.rename("a"), ref_counts.rename("b")], axis=1).fillna(0.0)
    table = table[(table["a"] + table["b"]) >= min_count]
    if general:
        table = table[table["a"] > 0]
    a, b = table["a"].to_numpy(), table["b"].to_numpy()
    c, d = max(c, 1), max(d, 1)
    g2 = log_likelihood(a, b, c, d)
    out = pd.DataFrame(
        {
            "term": table.index.astype(object),
            "count_target": a.astype(np.int64),
            "count_reference": b.astype(np.int64),
            "per_10k_target": a * 10_000 / c,
            "per_10k_reference": b * 10_000 / d,
            "log_likelihood": g2,
            "p_value": chi2.sf(g2, 1),
            "log_ratio": log_ratio(a, b, c, d),
        }
    )
    out["direction"] = np.where(out["per_10k_target"] >= out["per_10k_reference"], "over", "under")
    key = out["log_likelihood"] if measure == "log_likelihood" else out["log_ratio"].abs()
    out = out.assign(_key=key).sort_values(
        ["_key", "term"], ascending=[False, True], kind="mergesort"
    )
    out = out.drop(columns="_key").reset_index(drop=True)
    return out


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
        target: Documents table (or list of texts) to characterise.
        reference: Documents to compare against (e.g. the other BBC sections), or ``None``
            for general English: wordfreq's English frequencies scaled to a reference of
            ``GENERAL_ENGLISH_SIZE`` words (under-use is not meaningful there for rare words).
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
    if "ngram_range" in options:
        raise ParameterError("keyness compares single words; ngram_range is not an option here")
    opts = TermOptions.build(**options)
    target_counts, c = _unigram_totals(target, opts)
    if reference is None:
        ref_counts, d = _general_english(target_counts.index)
    else:
        ref_counts, d = _unigram_totals(reference, opts)
    out = _keyness_table(
        target_counts,
        c,
        ref_counts,
        d,
        measure=measure,
        min_count=min_count,
        general=reference is None,
    )
    return (out if top_n is None else out.head(top_n))[list(KEYNESS_COLUMNS)]


def collocations(
    docs: Any,
    *,
    measure: str = "pmi",
    window: int = 2,
    min_count: int = 2,
    top_n: int | None = 50,
    toks: pd.DataFrame | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Word pairs that occur together more than chance, scored with NLTK's association measures.

    Args:
        docs: A documents table or a list of texts.
        measure: ``"pmi"``, ``"likelihood_ratio"``, ``"t"`` (Student's t) or ``"chi_sq"``.
        window: Words apart at most (2 = adjacent); windows never cross a sentence.
        min_count: Keep pairs seen at least this often.
        top_n: Rows returned (``None`` for all).
        toks: :func:`analysis.tokens` of ``docs``, if already computed.
        **options: ``lowercase``, ``stop_words``, ``extra_stop_words``, ``normalize``.

    Returns:
        DataFrame with columns ``w1, w2, count, score``, sorted by score (descending), then
        count (descending), then the words.  A score NLTK cannot compute (a math domain
        error, NLTK #2200) is NaN and sorts last; it never raises.
    """
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    check_choice("measure", measure, COLLOCATION_MEASURES)
    check_int("window", window, minimum=2)
    check_int("min_count", min_count, minimum=1)
    opts = TermOptions.build(**options)
    docs, coded = _prepare(docs, toks, opts)
    words: list[str | None] = []
    vocab, codes, keys = coded.vocab, coded.term_code, coded.sent_key
    last_key = None
    for code, key in zip(codes.tolist(), keys.tolist(), strict=True):
        if key != last_key:
            words.extend([None] * (window - 1))  # windows never cross sentences
            last_key = key
        words.append(vocab[code] if code >= 0 else None)
    finder = BigramCollocationFinder.from_words(words, window_size=window)
    finder.apply_freq_filter(min_count)
    scorer = {
        "pmi": BigramAssocMeasures.pmi,
        "likelihood_ratio": BigramAssocMeasures.likelihood_ratio,
        "t": BigramAssocMeasures.student_t,
        "chi_sq": BigramAssocMeasures.chi_sq,
    }[measure]
    n_all = finder.N
    rows = []
    for (w1, w2), count in finder.ngram_fd.items():
        if w1 is None or w2 is None:
            continue
        try:
            score = float(scorer(count, (finder.word_fd[w1], finder.word_fd[w2]), n_all))
        except (ValueError, ZeroDivisionError, OverflowError):
            score = math.nan
        rows.append((w1, w2, int(count), score))
    out = pd.DataFrame(rows, columns=list(COLLOCATION_COLUMNS))
    out = out.sort_values(
        ["score", "count", "w1", "w2"],
        ascending=[False, False, True, True],
        kind="mergesort",
        na_position="last",
    ).reset_index(drop=True)
    return out if top_n is None else out.head(top_n)


def _query_pattern(query: str, *, regex: bool, case: bool) -> re.Pattern[str]:
    if not isinstance(query, str) or not query.strip():
        raise invalid_value("query", query, "a non-empty word, phrase or regular expression")
    if regex:
        try:
            return re.compile(query, 0 if case else re.IGNORECASE)
        except re.error as exc:
            raise invalid_value("query", query, f"a valid regular expression ({exc})") from None
    words = [re.sub("['’]", "['’]", re.escape(w)) for w in query.split()]
    body = r"\s+".join(words)
    return re.compile(rf"(?<![\w-]){body}(?![\w-]|’\w|'\w)", 0 if case else re.IGNORECASE)


def kwic(
    docs: Any,
    query: str,
    *,
    window: int = 8,
    regex: bool = False,
    case: bool = False,
    sents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keyword in context: every match of a word, phrase or regular expression.

    Args:
        docs: A documents table or a list of texts.
        query: A word or phrase (matched as whole words, any whitespace between words,
            straight or curly apostrophes alike), or a regular expression if ``regex``.
        window: Tokens of context on each side.
        regex: Treat ``query`` as a regular expression.
        case: Match case exactly.
        sents: :func:`analysis.sentences` of ``docs``, if already computed.

    Returns:
        DataFrame with columns ``doc_id, sent_id, start, end, left, match, right``: one row
        per match in document order; ``start``/``end`` are offsets of the match in the
        document text; ``left``/``right`` hold ``window`` tokens of context, whitespace
        collapsed.
    """
    from analysis.text import token_spans

    check_int("window", window, minimum=0)
    pattern = _query_pattern(query, regex=regex, case=case)
    docs = as_documents(docs)
    sents = sentences(docs) if sents is None else sents
    starts_by_doc = _sentence_starts(sents)
    rows = []
    for doc_id, text in zip(docs["doc_id"].tolist(), docs["text"].tolist(), strict=True):
        if not isinstance(text, str):
            continue
        matches = [m for m in pattern.finditer(text) if m.end() > m.start()]
        if not matches:
            continue
        spans = token_spans(text)
        tok_starts = np.asarray([s for s, _ in spans], dtype=np.int64)
        tok_ends = np.asarray([e for _, e in spans], dtype=np.int64)
        sent_starts = starts_by_doc.get(doc_id, [0])
        for m in matches:
            first_after = int(np.searchsorted(tok_starts, m.end(), side="left"))
            first_inside = int(np.searchsorted(tok_ends, m.start(), side="right"))
            left_from = (
                tok_starts[max(first_inside - window, 0)] if window and first_inside else m.start()
            )
            last = min(first_after + window, len(spans)) - 1
            right_to = tok_ends[last] if window and last >= first_after else m.end()
            sent_id = int(np.searchsorted(sent_starts, m.start(), side="right")) - 1
            rows.append(
                (
                    doc_id,
                    max(sent_id, 0),
                    m.start(),
                    m.end(),
                    " ".join(text[left_from : m.start()].split()),
                    m.group(0),
                    " ".join(text[m.end() : right_to].split()),
                )
            )
    out = pd.DataFrame(rows, columns=list(KWIC_COLUMNS))
    return out.astype({"sent_id": np.int64, "start": np.int64, "end": np.int64})


def dispersion(
    docs: Any, terms: Sequence[str], *, case: bool = False, sents: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Where each term occurs in each document, for a dispersion plot.

    Args:
        docs: A documents table or a list of texts.
        terms: Words or phrases (matched as in :func:`kwic`).
        case: Match case exactly.
        sents: :func:`analysis.sentences` of ``docs``, if already computed.

    Returns:
        DataFrame with columns ``doc_id, term, sent_id, start, end, position`` where
        ``position`` is ``start / len(text)`` (0 = beginning of the article, 1 = end).
    """
    if isinstance(terms, str):
        raise invalid_value("terms", terms, "a list of words or phrases")
    docs = as_documents(docs)
    sents = sentences(docs) if sents is None else sents
    lengths = dict(zip(docs["doc_id"], docs["text"].map(len), strict=True))
    frames = []
    for term in terms:
        hits = kwic(docs, term, window=0, case=case, sents=sents)
        frames.append(hits.assign(term=term))
    if not frames:
        return pd.DataFrame(columns=list(DISPERSION_COLUMNS))
    out = pd.concat(frames, ignore_index=True)
    out["position"] = out["start"] / out["doc_id"].map(lengths).clip(lower=1)
    return out[list(DISPERSION_COLUMNS)]


def keyness_by_group(
    docs: pd.DataFrame, group_by: str = "group", *, top_n: int = 10, **options: Any
) -> pd.DataFrame:
    """Keyness of each group of documents against all the other documents.

    Args:
        docs: A documents table with the ``group_by`` column.
        group_by: Column naming each document's group (``group``: the corpus subfolders).
        top_n: Over-used terms kept per group.
        **options: As in :func:`keyness` (``measure``, ``min_count``, ``stop_words``...).

    Returns:
        DataFrame with the column ``group`` followed by the columns of :func:`keyness`:
        the ``top_n`` most over-used terms of each group, groups in sorted order.  A corpus
        with one group gives an empty table.
    """
    if group_by not in docs.columns:
        raise invalid_value(
            "group_by", group_by, f"a column of docs ({', '.join(map(str, docs.columns))})"
        )
    check_int("top_n", top_n, minimum=1)
    measure = options.pop("measure", "log_likelihood")
    min_count = options.pop("min_count", 3)
    check_choice("measure", measure, KEYNESS_MEASURES)
    check_int("min_count", min_count, minimum=1)
    opts = TermOptions.build(**options)
    docs, coded = _prepare(docs, None, opts)
    long = _doc_term_counts(coded, opts)
    labels = docs[group_by].astype(str).to_numpy()
    long["group"] = labels[long["doc_code"].to_numpy()]
    words = pd.Series(coded.words_per_doc).groupby(labels).sum()
    by_group = long.groupby(["group", "term"])["count"].sum()
    total = long.groupby("term")["count"].sum()
    frames = []
    for name in sorted(set(labels)) if len(set(labels)) > 1 else []:
        target_counts = by_group.loc[name]
        reference_counts = total.sub(target_counts, fill_value=0)
        c, d = int(words[name]), int(words.sum() - words[name])
        key = _keyness_table(
            target_counts,
            c,
            reference_counts,
            d,
            measure=measure,
            min_count=min_count,
            general=False,
        )
        frames.append(key[key["direction"] == "over"].head(top_n).assign(group=name))
    if not frames:
        return pd.DataFrame(columns=["group", *KEYNESS_COLUMNS])
    out = pd.concat(frames, ignore_index=True)
    return out[["group", *KEYNESS_COLUMNS]]


# --- one pass from text to counts (the extraction's path) ---------------------------------
@dataclass
class TextCounts:
    """Term counts by document straight from the text, and the sizes found on the way."""

    terms: pd.DataFrame  # doc_id, term, n, count, per_10k
    totals: pd.DataFrame  # term, n, count, doc_count over these documents
    n_tokens: int
    n_words: int


class _FirstSeen(dict[str, int]):
    """Codes for strings in order of first appearance: ``map(codes.__getitem__, words)``
    codes a list in C, calling Python only for a string not seen before."""

    def __missing__(self, key: str) -> int:
        code = self[key] = len(self)
        return code


def count_terms(
    docs: pd.DataFrame, sents: pd.DataFrame, options: TermOptions | None = None
) -> TextCounts:
    """Term counts by document straight from the text, without a token table.

    The same numbers as ``term_frequencies(docs, by="doc", ...)`` without its corpus-wide
    ``doc_count`` column (a test compares the two on BBC): tokens of
    :func:`analysis.tokens`, terms of :func:`normalize_term`, n-grams within sentences.
    Each distinct token string becomes a term once; n-grams are counted as integer keys.

    Args:
        docs: A documents table.
        sents: :func:`analysis.sentences` of ``docs``.
        options: Term options (``TermOptions.build()``: unigrams, English stop words).

    Returns:
        The ``doc_id, term, n, count, per_10k`` table, sorted as ``term_frequencies``
        sorts by document; the ``term, n, count, doc_count`` totals over ``docs`` (in no
        order); the number of tokens and of word tokens.
    """
    from analysis.text import _TOKEN_RE

    options = TermOptions.build() if options is None else options
    findall = _TOKEN_RE.findall
    sent_starts = _sentence_starts(sents)
    index = _FirstSeen()  # token string -> code, in order of first appearance
    token_codes: list[int] = []
    lengths: list[int] = []  # tokens per sentence
    sent_doc: list[int] = []  # document code per sentence
    for d, (doc_id, text) in enumerate(zip(docs["doc_id"].tolist(), docs["text"], strict=True)):
        starts = sent_starts.get(doc_id, []) if isinstance(text, str) else []
        for i, start in enumerate(starts):
            if i + 1 < len(starts):
                # Sentences are parted by whitespace, which no token crosses; reading one
                # character into the next sentence lets look-aheads ("Inc. The") see what
                # they see in the whole text; the cut token read there is dropped.
                found = findall(text, start, starts[i + 1] + 1)[:-1]
            else:
                found = findall(text, start)
            token_codes.extend(map(index.__getitem__, found))
            lengths.append(len(found))
            sent_doc.append(d)
    doc = np.repeat(np.asarray(sent_doc, dtype=np.int64), lengths)
    sent = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    raw_codes = np.asarray(token_codes, dtype=np.int64)
    uniques = list(index)
    vocab: dict[str, int] = {}
    token_term = np.full(len(uniques), -1, dtype=np.int64)
    token_word = np.zeros(len(uniques), dtype=bool)
    for i, token in enumerate(uniques):
        form = normalize_term(token, lowercase=options.lowercase)
        token_word[i] = word = is_word(token)
        if word and form.lower() not in options.stop_words:
            if options.normalize == "stem":
                form = _stem(form)
            token_term[i] = vocab.setdefault(form, len(vocab))
    code = token_term[raw_codes] if len(raw_codes) else np.empty(0, np.int64)
    is_word_token = token_word[raw_codes] if len(raw_codes) else np.empty(0, bool)
    words_per_doc = np.bincount(doc[is_word_token], minlength=len(docs))
    terms = np.asarray(list(vocab), dtype=object)
    orders = range(options.ngram_range[0], options.ngram_range[1] + 1)
    parts = [_count_ngrams(doc, sent, code, n, terms) for n in orders]
    # one table of distinct terms of every order; rows point into it
    offsets = np.cumsum([0] + [len(p[3]) for p in parts])
    strings = np.concatenate([p[3] for p in parts]) if parts else np.empty(0, object)
    doc_code = np.concatenate([p[0] for p in parts])
    term_index = np.concatenate([p[1] + off for p, off in zip(parts, offsets, strict=False)])
    count = np.concatenate([p[2] for p in parts])
    n_of_term = np.repeat(np.asarray(list(orders), dtype=np.int64), [len(p[3]) for p in parts])
    rank = np.empty(len(strings), dtype=np.int64)
    rank[sorted(range(len(strings)), key=strings.__getitem__)] = np.arange(len(strings))
    order = np.lexsort((rank[term_index], -count, doc_code))
    doc_ids = docs["doc_id"].to_numpy(dtype=object)
    per_word = np.maximum(words_per_doc, 1)
    rows = term_index[order]
    table = pd.DataFrame(
        {
            "doc_id": pd.Series(doc_ids[doc_code[order]], dtype=object),
            "term": pd.Series(strings[rows], dtype=object),
            "n": n_of_term[rows],
            "count": count[order],
            "per_10k": count[order] * 10_000 / per_word[doc_code[order]],
        }
    )
    totals = pd.DataFrame(
        {
            "term": pd.Series(strings, dtype=object),
            "n": n_of_term,
            "count": np.bincount(term_index, weights=count, minlength=len(strings)).astype(
                np.int64
            ),
            "doc_count": np.bincount(term_index, minlength=len(strings)).astype(np.int64),
        }
    )
    return TextCounts(table, totals, len(token_codes), int(words_per_doc.sum()))


def _count_ngrams(
    doc: np.ndarray, sent: np.ndarray, code: np.ndarray, n: int, terms: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Distinct n-grams per document: document codes, index of each n-gram in the array
    of distinct n-gram strings, counts, and that array (each string built once)."""
    length = len(code) - n + 1
    if length <= 0:
        empty = np.empty(0, np.int64)
        return empty, empty, empty, np.empty(0, object)
    valid = (doc[:length] == doc[n - 1 :]) & (sent[:length] == sent[n - 1 :])
    columns = []
    for k in range(n):
        part = code[k : k + length]
        valid &= part >= 0
        columns.append(part)
    grams = np.stack([c[valid] for c in columns], axis=1)
    docs_of = doc[:length][valid]
    base = max(len(terms), 1)
    if base**n < 2**62:  # one integer key per n-gram, coded by hashing (no sort)
        key = grams[:, 0].copy()
        for k in range(1, n):
            key = key * base + grams[:, k]
        gram_id, gram_keys = pd.factorize(key)
        distinct_grams = np.empty((len(gram_keys), n), dtype=np.int64)
        for k in range(n - 1, -1, -1):
            distinct_grams[:, k] = gram_keys % base
            gram_keys = gram_keys // base
    else:
        distinct_grams, gram_id = np.unique(grams, axis=0, return_inverse=True)
    gram_id = gram_id.reshape(-1)
    width = max(len(distinct_grams), 1)
    pair_id, distinct_pairs = pd.factorize(docs_of * width + gram_id)  # (document, n-gram)
    counts = np.bincount(pair_id, minlength=len(distinct_pairs))
    if n == 1:
        strings = terms[distinct_grams[:, 0]]
    else:
        words = [terms[distinct_grams[:, k]] for k in range(n)]
        strings = np.asarray([" ".join(g) for g in zip(*words, strict=True)], dtype=object)
    return distinct_pairs // width, distinct_pairs % width, counts.astype(np.int64), strings
