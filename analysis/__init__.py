"""News text analytics workbook: a flat public API over one module per analysis family.

Example:
    >>> import analysis
    >>> docs = analysis.load_corpus()          # the seed article in seeds/
    >>> len(analysis.sentences(docs))          # headline + 21 body sentences
    22
"""

from analysis.actors import (
    Lexicon,
    actor_counts,
    actor_mentions,
    actor_network,
    actor_sentiment,
    discover_actors,
    lexicon_template,
    load_lexicon,
)
from analysis.compare import group_actor_shares, group_summary
from analysis.corpus import DOCUMENT_COLUMNS, iter_corpus, load_corpus
from analysis.errors import (
    AnalysisError,
    CorpusError,
    CorpusWarning,
    LexiconError,
    ParameterError,
    ReportError,
)
from analysis.extract import (
    EXTRACT_TABLES,
    extract,
    extract_to_parquet,
    prepare_tables,
    read_extract,
)
from analysis.parameters import check_parameters
from analysis.report import save_figure, save_table
from analysis.sentiment import (
    document_sentiment,
    rating_correlation,
    sentence_sentiment,
    sentiment_arc,
    sentiment_timeline,
)
from analysis.sources import (
    attributions,
    quote_flags,
    quotes,
    source_summary,
    voice_documents,
)
from analysis.terms import (
    collocations,
    dispersion,
    document_term_matrix,
    keyness,
    keyness_by_group,
    kwic,
    term_frequencies,
    tfidf,
)
from analysis.text import (
    DOCUMENT_STATS_COLUMNS,
    SENTENCE_COLUMNS,
    TOKEN_COLUMNS,
    document_stats,
    sentences,
    tokens,
)

__version__ = "0.1.0"

__all__ = [
    "DOCUMENT_COLUMNS",
    "DOCUMENT_STATS_COLUMNS",
    "EXTRACT_TABLES",
    "SENTENCE_COLUMNS",
    "TOKEN_COLUMNS",
    "AnalysisError",
    "CorpusError",
    "CorpusWarning",
    "Lexicon",
    "LexiconError",
    "ParameterError",
    "ReportError",
    "actor_counts",
    "actor_mentions",
    "actor_network",
    "actor_sentiment",
    "attributions",
    "check_parameters",
    "collocations",
    "discover_actors",
    "dispersion",
    "document_sentiment",
    "document_stats",
    "document_term_matrix",
    "extract",
    "extract_to_parquet",
    "group_actor_shares",
    "group_summary",
    "iter_corpus",
    "keyness",
    "keyness_by_group",
    "kwic",
    "lexicon_template",
    "load_corpus",
    "load_lexicon",
    "prepare_tables",
    "quote_flags",
    "quotes",
    "rating_correlation",
    "read_extract",
    "save_figure",
    "save_table",
    "sentence_sentiment",
    "sentences",
    "sentiment_arc",
    "sentiment_timeline",
    "source_summary",
    "term_frequencies",
    "tfidf",
    "tokens",
    "voice_documents",
]
