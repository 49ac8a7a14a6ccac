"""News text analytics workbook: a flat public API over one module per analysis family.

Every public name is importable from here (``analysis.load_corpus``,
``analysis.keyness``...); each module is imported when one of its names is first used, so
``import analysis`` is instant and pulls in neither scikit-learn, SciPy, Dask nor matplotlib.

Example:
    >>> import analysis
    >>> docs = analysis.load_corpus()          # the seed article in seeds/
    >>> len(analysis.sentences(docs))          # headline + 21 body sentences
    22
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Where each public name lives.
_EXPORTS: dict[str, tuple[str, ...]] = {
    "analysis.actors": (
        "Lexicon",
        "actor_counts",
        "actor_mentions",
        "actor_network",
        "actor_sentiment",
        "discover_actors",
        "lexicon_template",
        "load_lexicon",
        "mentions_by_method",
    ),
    "analysis.compare": ("group_actor_shares", "group_summary"),
    "analysis.corpus": ("DOCUMENT_COLUMNS", "CorpusNotes", "iter_corpus", "load_corpus"),
    "analysis.errors": (
        "AnalysisError",
        "CorpusError",
        "CorpusWarning",
        "LexiconError",
        "ParameterError",
        "ReportError",
    ),
    "analysis.display": ("show_notes", "show_table"),
    "analysis.explore": ("explore_actors", "explore_concordance", "explore_table", "read_articles"),
    "analysis.extraction": ("EXTRACT_TABLES", "extract", "extract_to_parquet", "read_extract"),
    "analysis.findings": (
        "actor_findings",
        "compare_findings",
        "overview_findings",
        "sentiment_findings",
        "source_findings",
        "story_findings",
        "terms_findings",
        "themes_findings",
        "time_findings",
    ),
    "analysis.overview": (
        "DOCUMENT_STATS_COLUMNS",
        "document_stats",
        "group_stats",
        "repeats",
    ),
    "analysis.parameters": ("check_parameters",),
    "analysis.dictionary": ("Dictionary", "dictionary_counts", "load_dictionary"),
    "analysis.text_measures": ("lexical_diversity", "measures_by_group", "readability"),
    "analysis.topic_models": ("TopicModel", "topics"),
    "analysis.targeted_sentiment": ("target_scores", "target_sentiment"),
    "analysis.fields": ("FIELD_NAMES", "has_dates", "parse_dates", "recognise_fields"),
    "analysis.stories": (
        "biggest_columns",
        "biggest_stories",
        "near_duplicates",
        "story_clusters",
        "wire_copy",
    ),
    "analysis.timeline": (
        "TimeSpan",
        "actor_attention",
        "coverage",
        "marked_spikes",
        "sentiment_trend",
        "spikes",
        "term_trend",
        "time_span",
    ),
    "analysis.prepared": ("CorpusTables", "corpus_tables", "notebook_corpus", "prepare_tables"),
    "analysis.report": ("run_report", "save_figure", "save_table"),
    "analysis.sentiment": (
        "document_sentiment",
        "extreme_documents",
        "extreme_sentences",
        "mean_arc",
        "rating_correlation",
        "sentence_sentiment",
        "sentiment_arc",
    ),
    "analysis.sources": (
        "attributions",
        "quote_flags",
        "quotes",
        "source_kinds",
        "source_summary",
        "speech_quotes",
        "top_quotes",
        "unnamed_sources",
        "voice_comparison",
        "voice_documents",
    ),
    "analysis.terms": (
        "TermCounts",
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
        "suggest_queries",
        "term_frequencies",
        "tfidf",
        "tfidf_summary",
        "tfidf_weights",
    ),
    "analysis.text": ("SENTENCE_COLUMNS", "TOKEN_COLUMNS", "sentences", "tokens"),
}
_WHERE: dict[str, str] = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    """Import the module that holds ``name`` on first use (PEP 562)."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # next time, no look-up
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:  # what type checkers and editors see: the same names, imported eagerly
    from analysis.actors import (
        Lexicon,
        actor_counts,
        actor_mentions,
        actor_network,
        actor_sentiment,
        discover_actors,
        lexicon_template,
        load_lexicon,
        mentions_by_method,
    )
    from analysis.compare import group_actor_shares, group_summary
    from analysis.corpus import DOCUMENT_COLUMNS, CorpusNotes, iter_corpus, load_corpus
    from analysis.dictionary import Dictionary, dictionary_counts, load_dictionary
    from analysis.display import show_notes, show_table
    from analysis.errors import (
        AnalysisError,
        CorpusError,
        CorpusWarning,
        LexiconError,
        ParameterError,
        ReportError,
    )
    from analysis.explore import explore_actors, explore_concordance, explore_table, read_articles
    from analysis.extraction import EXTRACT_TABLES, extract, extract_to_parquet, read_extract
    from analysis.fields import FIELD_NAMES, has_dates, parse_dates, recognise_fields
    from analysis.findings import (
        actor_findings,
        compare_findings,
        overview_findings,
        sentiment_findings,
        source_findings,
        story_findings,
        terms_findings,
        themes_findings,
        time_findings,
    )
    from analysis.overview import DOCUMENT_STATS_COLUMNS, document_stats, group_stats, repeats
    from analysis.parameters import check_parameters
    from analysis.prepared import CorpusTables, corpus_tables, notebook_corpus, prepare_tables
    from analysis.report import run_report, save_figure, save_table
    from analysis.sentiment import (
        document_sentiment,
        extreme_documents,
        extreme_sentences,
        mean_arc,
        rating_correlation,
        sentence_sentiment,
        sentiment_arc,
    )
    from analysis.sources import (
        attributions,
        quote_flags,
        quotes,
        source_kinds,
        source_summary,
        speech_quotes,
        top_quotes,
        unnamed_sources,
        voice_comparison,
        voice_documents,
    )
    from analysis.stories import biggest_stories, near_duplicates, story_clusters, wire_copy
    from analysis.targeted_sentiment import target_scores, target_sentiment
    from analysis.terms import (
        TermCounts,
        collocations,
        concordance,
        count_terms,
        dispersion,
        document_term_matrix,
        find_matches,
        key_terms,
        keyness,
        keyness_by_group,
        kwic,
        kwic_lines,
        suggest_queries,
        term_frequencies,
        tfidf,
        tfidf_summary,
        tfidf_weights,
    )
    from analysis.text import SENTENCE_COLUMNS, TOKEN_COLUMNS, sentences, tokens
    from analysis.text_measures import lexical_diversity, measures_by_group, readability
    from analysis.timeline import (
        TimeSpan,
        actor_attention,
        coverage,
        marked_spikes,
        sentiment_trend,
        spikes,
        term_trend,
        time_span,
    )
    from analysis.topic_models import TopicModel, topics
