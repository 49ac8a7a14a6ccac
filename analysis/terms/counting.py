"""The one term-counting engine: text to term counts by document, in one pass.

A *term* is a word token (:func:`analysis.segment.is_word`), lowercased by default, with
``US`` (the country, never the pronoun when written in capitals) folded into ``u.s.`` so
that "U.S." and "US" count together; stop words are not terms.  N-grams are runs of ``n``
consecutive terms inside one sentence; punctuation, numbers and stop words break a run, so
no n-gram spans a sentence boundary, a comma or a stop word.

:func:`count_terms` reads each document's text once with the tokenizer of
:mod:`analysis.segment` and returns a :class:`TermCounts`: counts by document, corpus totals
(document frequencies included) and the size of every document.  Every term statistic
(frequencies, TF-IDF, keyness, collocations, dispersion) and the extraction read these
counts; statistics of a part of the corpus select its documents instead of counting again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import as_documents
from analysis.errors import ParameterError, check_choice, invalid_value
from analysis.parallel import map_chunks, resolve_jobs, split_documents
from analysis.segment import TOKEN_RE, is_word
from analysis.text import check_sentences, sentence_starts, sentences
from analysis.wordlists import STOP_WORDS

#: Counts of each term in each document.
TERM_COUNT_COLUMNS: tuple[str, ...] = ("doc_id", "term", "n", "count", "per_10k")
#: Corpus totals of each term: occurrences and the documents it occurs in.
TERM_TOTAL_COLUMNS: tuple[str, ...] = ("term", "n", "count", "doc_count")
#: The size of each document, counted on the way.
DOCUMENT_SIZE_COLUMNS: tuple[str, ...] = ("doc_id", "n_sentences", "n_tokens", "n_words")
#: Surface forms folded into one term before lowercasing (case-sensitive keys).
TERM_ALIASES: dict[str, str] = {"US": "u.s."}
#: Normalizations offered by ``normalize``: Snowball stemming needs no data package;
#: lemmatizing (WordNet) needs a download we cannot make, so it is not offered.
NORMALIZATIONS: tuple[str | None, ...] = (None, "stem")


def normalize_term(token: str, *, lowercase: bool = True) -> str:
    """The term for one token: aliases folded (``US`` -> ``u.s.``), lowercased, ``’`` -> ``'``."""
    token = TERM_ALIASES.get(token, token).replace("’", "'")
    return token.lower() if lowercase else token


_stemmer: Any = None


def stem(term: str) -> str:
    """Snowball stem of each word of ``term``; acronyms such as ``u.s.`` are kept."""
    global _stemmer
    if _stemmer is None:
        from nltk.stem.snowball import SnowballStemmer

        _stemmer = SnowballStemmer("english")
    if "." in term:
        return term
    return " ".join(_stemmer.stem(part) for part in term.split(" "))


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
        """Check every option and return them; a bad one raises ``ParameterError``."""
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

    def covers(self, other: TermOptions) -> bool:
        """Whether counts made with these options give ``other``'s by selection alone:
        the same terms, the n-gram orders asked for, and a stop list at most as long
        (extra stop words are dropped from counts; missing ones cannot be counted back)."""
        return (
            (self.lowercase, self.normalize) == (other.lowercase, other.normalize)
            and self.ngram_range[0] <= other.ngram_range[0]
            and other.ngram_range[1] <= self.ngram_range[1]
            and self.stop_words <= other.stop_words
        )


@dataclass
class TermCounts:
    """Term counts of a corpus: what every term statistic reads.

    Attributes:
        terms: ``doc_id, term, n, count, per_10k``: each term's count in each document
            (``per_10k`` per 10,000 word tokens of the document), by document in corpus
            order, then by count (descending) and term.
        totals: ``term, n, count, doc_count`` over the corpus, by count (descending), term.
        sizes: ``doc_id, n_sentences, n_tokens, n_words`` of every document, corpus order.
        options: The :class:`TermOptions` the counts were made with.
    """

    terms: pd.DataFrame
    totals: pd.DataFrame
    sizes: pd.DataFrame
    options: TermOptions

    @property
    def words(self) -> int:
        """Word tokens in the corpus (stop words included): the base of ``per_10k``."""
        return int(self.sizes["n_words"].sum())

    def select(self, doc_ids: Iterable[Any]) -> TermCounts:
        """The counts of some documents only (a group), totals summed over them."""
        wanted = set(doc_ids)
        terms = self.terms[self.terms["doc_id"].isin(wanted)].reset_index(drop=True)
        sizes = self.sizes[self.sizes["doc_id"].isin(wanted)].reset_index(drop=True)
        return TermCounts(terms, sum_totals(terms), sizes, self.options)

    def restrict(self, options: TermOptions) -> TermCounts:
        """These counts as ``options`` would count them (see :meth:`TermOptions.covers`)."""
        if not self.options.covers(options):
            raise ParameterError(
                "these term counts were made with other options "
                f"({describe(self.options)}); count again for {describe(options)}"
            )
        low, high = options.ngram_range
        keep = self.terms["n"].between(low, high)
        extra = options.stop_words - self.options.stop_words
        if extra:
            keep &= ~_holds_any(self.terms["term"], extra)
        terms = self.terms[keep].reset_index(drop=True)
        if extra or (low, high) != self.options.ngram_range:
            totals = self.totals[self.totals["n"].between(low, high)]
            if extra:
                totals = totals[~_holds_any(totals["term"], extra)]
            totals = totals.reset_index(drop=True)
        else:
            totals = self.totals
        return TermCounts(terms, totals, self.sizes, options)


def describe(options: TermOptions) -> str:
    stops = "English stop words" if options.stop_words == STOP_WORDS else "own stop words"
    return (
        f"ngram_range={options.ngram_range}, lowercase={options.lowercase}, "
        f"normalize={options.normalize!r}, {stops}"
    )


def _holds_any(terms: pd.Series, words: frozenset[str]) -> pd.Series:
    return terms.map(lambda t: any(w in words for w in t.split(" "))).astype(bool)


def sum_totals(terms: pd.DataFrame) -> pd.DataFrame:
    """``term, n, count, doc_count`` of a counts-by-document table, sorted by count, term."""
    if terms.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype=object if c == "term" else np.int64) for c in TERM_TOTAL_COLUMNS}
        )
    totals = terms.groupby("term", sort=False).agg(
        n=("n", "first"), count=("count", "sum"), doc_count=("doc_id", "size")
    )
    totals = totals.reset_index().astype(
        {"term": object, "n": np.int64, "count": np.int64, "doc_count": np.int64}
    )
    return sort_counts(totals)[list(TERM_TOTAL_COLUMNS)]


def sort_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """By count (descending), then term (code point order): how counts are always shown."""
    return frame.sort_values(
        ["count", "term"], ascending=[False, True], kind="mergesort"
    ).reset_index(drop=True)


class _FirstSeen(dict[str, int]):
    """Codes for strings in order of first appearance: ``map(codes.__getitem__, words)``
    codes a list in C, calling Python only for a string not seen before."""

    def __missing__(self, key: str) -> int:
        code = self[key] = len(self)
        return code


@dataclass
class TermStream:
    """Every token of a corpus as a term code, in text order: what counts are made from.

    Attributes:
        doc: Document code (row of the documents table) of each token.
        sent: Sentence number (over the corpus) of each token.
        code: Term code of each token; -1 where the token is no term (it breaks n-grams).
        vocabulary: The term of each code.
        words_per_doc: Word tokens (stop words included) of each document.
        tokens_per_doc: Tokens of each document.
        sentences_per_doc: Sentences of each document.
    """

    doc: np.ndarray
    sent: np.ndarray
    code: np.ndarray
    vocabulary: np.ndarray
    words_per_doc: np.ndarray
    tokens_per_doc: np.ndarray
    sentences_per_doc: np.ndarray


def term_stream(docs: pd.DataFrame, sents: pd.DataFrame, options: TermOptions) -> TermStream:
    """Tokenize every sentence once and code each token as a term (the engine's first half).

    Each distinct token string becomes a term once, however often it occurs.
    """
    findall = TOKEN_RE.findall
    starts_by_doc = sentence_starts(sents)
    index = _FirstSeen()  # token string -> code, in order of first appearance
    token_codes: list[int] = []
    lengths: list[int] = []  # tokens per sentence
    sent_doc: list[int] = []  # document code per sentence
    for d, (doc_id, text) in enumerate(zip(docs["doc_id"].tolist(), docs["text"], strict=True)):
        starts = starts_by_doc.get(doc_id, []) if isinstance(text, str) else []
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
    n_docs = len(docs)
    doc = np.repeat(np.asarray(sent_doc, dtype=np.int64), lengths)
    sent = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    raw_codes = np.asarray(token_codes, dtype=np.int64)
    vocab: dict[str, int] = {}
    uniques = list(index)
    token_term = np.full(len(uniques), -1, dtype=np.int64)
    token_word = np.zeros(len(uniques), dtype=bool)
    for i, token in enumerate(uniques):
        form = normalize_term(token, lowercase=options.lowercase)
        token_word[i] = word = is_word(token)
        if word and form.lower() not in options.stop_words:
            if options.normalize == "stem":
                form = stem(form)
            token_term[i] = vocab.setdefault(form, len(vocab))
    code = token_term[raw_codes] if len(raw_codes) else np.empty(0, np.int64)
    is_word_token = token_word[raw_codes] if len(raw_codes) else np.empty(0, bool)
    return TermStream(
        doc=doc,
        sent=sent,
        code=code,
        vocabulary=np.asarray(list(vocab), dtype=object),
        words_per_doc=np.bincount(doc[is_word_token], minlength=n_docs),
        tokens_per_doc=np.bincount(doc, minlength=n_docs),
        sentences_per_doc=np.bincount(np.asarray(sent_doc, dtype=np.int64), minlength=n_docs),
    )


def count_terms(
    docs: Any,
    sents: pd.DataFrame | None = None,
    options: TermOptions | None = None,
    *,
    sort_totals: bool = True,
    n_jobs: int = 1,
) -> TermCounts:
    """Term counts by document and for the corpus, from the text in one pass.

    Args:
        docs: A documents table (or a list of texts).
        sents: :func:`analysis.sentences` of ``docs``, if already computed.
        options: Term options (``TermOptions.build()``: unigrams, English stop words).
        sort_totals: Sort the totals (the extraction sums unsorted chunk totals instead).
        n_jobs: Worker processes (``-1``: one per core); the counts are the same.

    Returns:
        A :class:`TermCounts`.

    Example:
        >>> counts = count_terms(["The U.S. and the US left Kabul."])
        >>> counts.totals[["term", "count"]].values.tolist()
        [['u.s.', 2], ['kabul', 1], ['left', 1]]
    """
    docs = as_documents(docs)
    options = TermOptions.build() if options is None else options
    if resolve_jobs(n_jobs) > 1 and sents is None and len(docs) > 1:
        parts = list(
            map_chunks(_count_chunk, split_documents(docs, 250), n_jobs=n_jobs, options=options)
        )
        return merge_counts(parts, options=options, sort_totals=sort_totals)
    sents = sentences(docs) if sents is None else check_sentences(sents, docs)
    stream = term_stream(docs, sents, options)
    orders = range(options.ngram_range[0], options.ngram_range[1] + 1)
    parts = [
        _count_ngrams(stream.doc, stream.sent, stream.code, n, stream.vocabulary) for n in orders
    ]
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
    per_word = np.maximum(stream.words_per_doc, 1)
    rows = term_index[order]
    terms = pd.DataFrame(
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
    sizes = pd.DataFrame(
        {
            "doc_id": pd.Series(doc_ids, dtype=object),
            "n_sentences": stream.sentences_per_doc.astype(np.int64),
            "n_tokens": stream.tokens_per_doc.astype(np.int64),
            "n_words": stream.words_per_doc.astype(np.int64),
        }
    )
    return TermCounts(terms, sort_counts(totals) if sort_totals else totals, sizes, options)


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


def _count_chunk(docs: pd.DataFrame, *, options: TermOptions) -> TermCounts:
    return count_terms(docs, None, options, sort_totals=False)


def merge_counts(
    parts: Sequence[TermCounts], *, options: TermOptions, sort_totals: bool = True
) -> TermCounts:
    """One :class:`TermCounts` from the counts of consecutive chunks of documents."""
    terms = pd.concat([p.terms for p in parts], ignore_index=True)
    sizes = pd.concat([p.sizes for p in parts], ignore_index=True)
    totals = pd.concat([p.totals for p in parts], ignore_index=True)
    totals = (
        totals.groupby("term", sort=False)
        .agg(n=("n", "first"), count=("count", "sum"), doc_count=("doc_count", "sum"))
        .reset_index()[list(TERM_TOTAL_COLUMNS)]
        .astype({"term": object})
    )
    return TermCounts(terms, sort_counts(totals) if sort_totals else totals, sizes, options)


def resolve_counts(
    docs: Any, counts: TermCounts | None, options: TermOptions, *, n_jobs: int = 1
) -> TermCounts:
    """The counts a statistic reads: ``counts`` restricted to ``options`` when they cover
    them (:meth:`TermOptions.covers`), else counted from ``docs`` now."""
    if counts is not None and counts.options.covers(options):
        return counts.restrict(options)
    if docs is None:
        raise ParameterError(
            f"the term counts given were made with {describe(counts.options)}, which do not "
            f"give {describe(options)}; pass the documents to count again"
        )
    return count_terms(docs, None, options, n_jobs=n_jobs)


__all__ = [
    "DOCUMENT_SIZE_COLUMNS",
    "NORMALIZATIONS",
    "TERM_ALIASES",
    "TERM_COUNT_COLUMNS",
    "TERM_TOTAL_COLUMNS",
    "TermCounts",
    "TermOptions",
    "TermStream",
    "count_terms",
    "merge_counts",
    "normalize_term",
    "resolve_counts",
    "sort_counts",
    "stem",
    "sum_totals",
    "term_stream",
]
