"""Who says what: direct quotes and their speakers, reported speech, named and anonymous sources.

* :mod:`~analysis.sources.quotes`: every direct quotation and its speaker;
* :mod:`~analysis.sources.attributions`: reported speech without quotation marks
  ("according to X", "X said that ...", "officials claimed") and the kind of each source;
* :mod:`~analysis.sources.voice`: the sentences inside quotes, and the journalist's voice
  against the quoted voices;
* :mod:`~analysis.sources.summary`: sourcing per document, corpus or speaker;
* :mod:`~analysis.sources.cues` and :mod:`~analysis.sources.spans`: the patterns and
  look-ups the others share.
"""

from analysis.sources.attributions import ATTRIBUTION_COLUMNS, attributions
from analysis.sources.cues import SOURCE_KINDS
from analysis.sources.quotes import QUOTE_COLUMNS, QUOTE_KINDS, quotes, speech_quotes
from analysis.sources.summary import source_kinds, source_summary, top_quotes, unnamed_sources
from analysis.sources.voice import (
    FLAG_COLUMNS,
    VoiceComparison,
    quote_flags,
    voice_comparison,
    voice_documents,
)

__all__ = [
    "ATTRIBUTION_COLUMNS",
    "FLAG_COLUMNS",
    "QUOTE_COLUMNS",
    "QUOTE_KINDS",
    "SOURCE_KINDS",
    "VoiceComparison",
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
]
