"""Term statistics: counts, frequencies, n-grams, TF-IDF, keyness, collocations, KWIC, dispersion.

One engine (:mod:`analysis.terms.counting`) turns text into term counts; every statistic
reads them.
"""

from analysis.terms.collocations import COLLOCATION_COLUMNS, COLLOCATION_MEASURES, collocations
from analysis.terms.concordance import (
    CONCORDANCE_COLUMNS,
    DISPERSION_COLUMNS,
    KWIC_COLUMNS,
    MATCH_COLUMNS,
    concordance,
    dispersion,
    find_matches,
    kwic,
    kwic_lines,
    suggest_queries,
)
from analysis.terms.counting import (
    DOCUMENT_SIZE_COLUMNS,
    TERM_COUNT_COLUMNS,
    TERM_TOTAL_COLUMNS,
    TermCounts,
    TermOptions,
    count_terms,
    merge_counts,
    normalize_term,
    sum_totals,
)
from analysis.terms.frequencies import (
    DOC_TERM_COLUMNS,
    TERM_COLUMNS,
    TFIDF_COLUMNS,
    document_term_matrix,
    term_frequencies,
    tfidf,
    tfidf_summary,
    tfidf_weights,
    voice_counts,
)
from analysis.terms.keyness import (
    GENERAL_ENGLISH_SIZE,
    KEYNESS_COLUMNS,
    KEYNESS_MEASURES,
    key_terms,
    keyness,
    keyness_by_group,
    log_likelihood,
    log_ratio,
)

__all__ = [
    "COLLOCATION_COLUMNS",
    "COLLOCATION_MEASURES",
    "CONCORDANCE_COLUMNS",
    "DISPERSION_COLUMNS",
    "DOCUMENT_SIZE_COLUMNS",
    "DOC_TERM_COLUMNS",
    "GENERAL_ENGLISH_SIZE",
    "KEYNESS_COLUMNS",
    "KEYNESS_MEASURES",
    "KWIC_COLUMNS",
    "MATCH_COLUMNS",
    "TERM_COLUMNS",
    "TERM_COUNT_COLUMNS",
    "TERM_TOTAL_COLUMNS",
    "TFIDF_COLUMNS",
    "TermCounts",
    "TermOptions",
    "collocations",
    "concordance",
    "count_terms",
    "dispersion",
    "document_term_matrix",
    "find_matches",
    "key_terms",
    "keyness",
    "keyness_by_group",
    "kwic",
    "kwic_lines",
    "log_likelihood",
    "log_ratio",
    "merge_counts",
    "normalize_term",
    "suggest_queries",
    "sum_totals",
    "term_frequencies",
    "tfidf",
    "tfidf_summary",
    "tfidf_weights",
    "voice_counts",
]
