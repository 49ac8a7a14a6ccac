"""Collocations: word pairs that occur together more often than chance.

Scored with NLTK's association measures (PMI, log-likelihood ratio, Student's t, chi²),
exactly as ``nltk.collocations.BigramCollocationFinder`` scores them over the word stream in
which every token that is no term (a stop word, punctuation, a number) and every sentence
start is a gap.  The four formulas are written out here, operation for operation as in
``nltk.metrics.association`` (so the scores are the same floats, as a test checks): importing
NLTK's module costs a second (it imports scipy.stats), longer than scoring every pair.

For adjacent pairs (``window=2``) every number the measures need is in the corpus's term
counts (pair counts, word counts and their sum), so nothing is read again; wider windows walk
the engine's term stream.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

from analysis.corpus import as_documents
from analysis.errors import check_choice, check_int
from analysis.terms.counting import TermCounts, TermOptions, resolve_counts, term_stream
from analysis.text import sentences

COLLOCATION_COLUMNS: tuple[str, ...] = ("w1", "w2", "count", "score")
COLLOCATION_MEASURES: tuple[str, ...] = ("pmi", "likelihood_ratio", "t", "chi_sq")


_SMALL = 1e-20  # as NLTK: keeps logarithms and divisions finite


def _contingency(n_ii: int, n_ix: int, n_xi: int, n_xx: int) -> tuple[int, int, int, int]:
    """NLTK's bigram contingency table: (n_ii, n_oi, n_io, n_oo)."""
    n_oi = n_xi - n_ii
    n_io = n_ix - n_ii
    return n_ii, n_oi, n_io, n_xx - n_ii - n_oi - n_io


def _pmi(n_ii: int, n_ix: int, n_xi: int, n_xx: int) -> float:
    return math.log2(n_ii * n_xx) - math.log2(n_ix * n_xi)


def _student_t(n_ii: int, n_ix: int, n_xi: int, n_xx: int) -> float:
    return (n_ii - n_ix * n_xi / n_xx) / (n_ii + _SMALL) ** 0.5


def _chi_sq(n_ii: int, n_ix: int, n_xi: int, n_xx: int) -> float:
    # NLTK's phi_sq names the second and third cells the other way round; the same numbers
    n_ii, n_io, n_oi, n_oo = _contingency(n_ii, n_ix, n_xi, n_xx)
    phi_sq = (n_ii * n_oo - n_io * n_oi) ** 2 / (
        (n_ii + n_io) * (n_ii + n_oi) * (n_io + n_oo) * (n_oi + n_oo)
    )
    return n_xx * phi_sq


def _likelihood_ratio(n_ii: int, n_ix: int, n_xi: int, n_xx: int) -> float:
    cont = _contingency(n_ii, n_ix, n_xi, n_xx)
    total = sum(cont)
    expected = [(cont[i] + cont[i ^ 1]) * (cont[i] + cont[i ^ 2]) / total for i in range(4)]
    return 2 * sum(
        obs * math.log(obs / (exp + _SMALL) + _SMALL)
        for obs, exp in zip(cont, expected, strict=True)
    )


_MEASURES = {
    "pmi": _pmi,
    "likelihood_ratio": _likelihood_ratio,
    "t": _student_t,
    "chi_sq": _chi_sq,
}


def collocations(
    docs: Any,
    *,
    measure: str = "pmi",
    window: int = 2,
    min_count: int = 2,
    top_n: int | None = 50,
    lowercase: bool = True,
    stop_words: str | Iterable[str] | None = "english",
    extra_stop_words: Iterable[str] = (),
    normalize: str | None = None,
    counts: TermCounts | None = None,
) -> pd.DataFrame:
    """Word pairs that occur together more than chance, scored with NLTK's association measures.

    Args:
        docs: A documents table or a list of texts.
        measure: ``"pmi"``, ``"likelihood_ratio"``, ``"t"`` (Student's t) or ``"chi_sq"``.
        window: Words apart at most (2 = adjacent); windows never cross a sentence.
        min_count: Keep pairs seen at least this often.
        top_n: Rows returned (``None`` for all).
        lowercase, stop_words, extra_stop_words, normalize: As in
            :func:`analysis.term_frequencies`.
        counts: :func:`analysis.count_terms` of ``docs`` with bigrams, if already made
            (read for ``window=2``).

    Returns:
        DataFrame with columns ``w1, w2, count, score``, sorted by score (descending), then
        count (descending), then the words.  A score NLTK cannot compute (a math domain
        error, NLTK #2200) is NaN and sorts last; it never raises.
    """
    check_choice("measure", measure, COLLOCATION_MEASURES)
    check_int("window", window, minimum=2)
    check_int("min_count", min_count, minimum=1)
    options = TermOptions.build(
        ngram_range=(1, 2),
        lowercase=lowercase,
        stop_words=stop_words,
        extra_stop_words=extra_stop_words,
        normalize=normalize,
    )
    if window == 2:
        counts = resolve_counts(docs, counts, options)
        pairs, words, n_all = _adjacent(counts)
    else:
        pairs, words, n_all = _within(as_documents(docs), options, window)
    score_fn = _MEASURES[measure]
    rows = []
    for (w1, w2), count in pairs.items():
        if count < min_count:
            continue
        try:
            score = float(score_fn(count, words[w1], words[w2], n_all))
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


def _adjacent(counts: TermCounts) -> tuple[dict[tuple[str, str], int], dict[str, int], int]:
    """Pair counts, word counts and their sum (NLTK's ``N``) from the corpus's term counts."""
    totals = counts.totals
    bigrams = totals[totals["n"] == 2]
    pairs = {
        tuple(term.split(" ", 1)): int(count)
        for term, count in zip(bigrams["term"], bigrams["count"], strict=True)
    }
    unigrams = totals[totals["n"] == 1]
    words = dict(zip(unigrams["term"], unigrams["count"].astype(int), strict=True))
    return pairs, words, int(unigrams["count"].sum())


def _within(
    docs: pd.DataFrame, options: TermOptions, window: int
) -> tuple[dict[tuple[str, str], int], dict[str, int], int]:
    """The same numbers for pairs up to ``window - 1`` words apart, from the term stream."""
    stream = term_stream(docs, sentences(docs), options)
    vocab = stream.vocabulary
    words: dict[str, int] = {}
    pairs: dict[tuple[str, str], int] = {}
    codes, sents = stream.code.tolist(), stream.sent.tolist()
    n_all = 0
    last = None
    recent: list[int] = []
    for code, sent in zip(codes, sents, strict=True):
        if sent != last:  # windows never cross a sentence
            recent = []
            last = sent
        if code >= 0:
            n_all += 1
            word = vocab[code]
            words[word] = words.get(word, 0) + 1
            for earlier in recent[-(window - 1) :]:
                if earlier >= 0:
                    key = (vocab[earlier], word)
                    pairs[key] = pairs.get(key, 0) + 1
        recent.append(code)
    return pairs, words, n_all


__all__ = ["COLLOCATION_COLUMNS", "COLLOCATION_MEASURES", "collocations"]
