"""News text analytics workbook: a flat public API over one module per analysis family.

Example:
    >>> import analysis
    >>> docs = analysis.load_corpus()          # the seed article in seeds/
    >>> len(analysis.sentences(docs))          # headline + 21 body sentences
    22
"""

from analysis.corpus import DOCUMENT_COLUMNS, iter_corpus, load_corpus
from analysis.errors import (
    AnalysisError,
    CorpusError,
    CorpusWarning,
    LexiconError,
    ParameterError,
    ReportError,
)
from analysis.text import SENTENCE_COLUMNS, TOKEN_COLUMNS, sentences, tokens

__version__ = "0.1.0"

__all__ = [
    "DOCUMENT_COLUMNS",
    "SENTENCE_COLUMNS",
    "TOKEN_COLUMNS",
    "AnalysisError",
    "CorpusError",
    "CorpusWarning",
    "LexiconError",
    "ParameterError",
    "ReportError",
    "iter_corpus",
    "load_corpus",
    "sentences",
    "tokens",
]
