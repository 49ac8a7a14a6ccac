"""Named actors: an editable lexicon, one-pass alias matching, coreference and discovery.

Dictionary-based actor coding, as political-event coders do it (PETRARCH/TABARI actor
dictionaries): :mod:`~analysis.actors.lexicon` (who is looked for),
:mod:`~analysis.actors.matching` (finding aliases), :mod:`~analysis.actors.discovery`
(names the lexicon lacks), :mod:`~analysis.actors.mentions` (every mention in every
document) and :mod:`~analysis.actors.tables` (counts, framing, co-occurrence).
"""

from analysis.actors.discovery import common_words, common_words_from_wordfreq
from analysis.actors.lexicon import (
    ACTOR_TYPES,
    DEFAULT_LEXICON,
    Actor,
    Lexicon,
    as_lexicon,
    default_lexicon,
    lexicon_from_records,
    lexicon_template,
    load_lexicon,
    parse_lexicon,
)
from analysis.actors.mentions import (
    CANDIDATE_COLUMNS,
    MENTION_COLUMNS,
    actor_mentions,
    discover_actors,
    warm_up,
)
from analysis.actors.tables import (
    ACTOR_SENTIMENT_COLUMNS,
    COUNT_COLUMNS,
    EDGE_COLUMNS,
    actor_counts,
    actor_network,
    actor_sentiment,
    mentions_by_method,
)

__all__ = [
    "ACTOR_SENTIMENT_COLUMNS",
    "ACTOR_TYPES",
    "CANDIDATE_COLUMNS",
    "COUNT_COLUMNS",
    "DEFAULT_LEXICON",
    "EDGE_COLUMNS",
    "MENTION_COLUMNS",
    "Actor",
    "Lexicon",
    "actor_counts",
    "actor_mentions",
    "actor_network",
    "actor_sentiment",
    "as_lexicon",
    "common_words",
    "common_words_from_wordfreq",
    "default_lexicon",
    "discover_actors",
    "lexicon_from_records",
    "lexicon_template",
    "load_lexicon",
    "mentions_by_method",
    "parse_lexicon",
    "warm_up",
]
