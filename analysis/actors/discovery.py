"""Discovery: names the lexicon lacks, found and typed by the name model.

Candidates are runs of capitalised words (:func:`candidate_runs`); the name model
(:mod:`analysis.actors.names`, trained on CoNLL-2003) says which words of a run are a
person, an organization, a place or another name, and where each name starts and ends
("Industry Secretary Patricia Hewitt": the person is "Patricia Hewitt").  The lexicon wins
wherever it knows a name; lone acronyms for things ("PC", "GMT") are dropped.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from analysis.actors.names import RUN_RE, Name, Run, context_after, context_before
from analysis.config import PACKAGE_DATA_DIR
from analysis.wordlists import (
    CALENDAR_WORDS,
    EVENT_WORDS,
    NAME_OPENERS_TO_DROP,
    NOT_ACTOR_ACRONYMS,
    PERSON_TITLES,
    STOP_WORDS,
)


class Candidate(NamedTuple):
    """A name discovery found: offsets, canonical name, type, confidence, and the lexicon
    mentions it replaces ("Bank of England" over "England")."""

    start: int
    end: int
    name: str
    type: str
    confidence: float
    replaces: tuple[tuple[int, int], ...] = ()


# a title as written, or without its period ("Gen" for "Gen.")
_TITLE_FORMS = PERSON_TITLES | {t[:-1] for t in PERSON_TITLES if t.endswith(".")}


def _is_title(word: str) -> bool:
    """``word`` is a title, with or without its periods ("Gen", "Gen.", "Gen..")."""
    return word in _TITLE_FORMS or (word.endswith(".") and word.rstrip(".") in PERSON_TITLES)


def _opens_sentence(text: str, pos: int, sent_starts: Sequence[int]) -> bool:
    """``pos`` starts a sentence, or follows an opening quote mark."""
    i = bisect.bisect_left(sent_starts, pos)
    return i < len(sent_starts) and (
        sent_starts[i] == pos or text[max(0, pos - 1) : pos] in "“\"‘'"
    )


def _never_a_name(word: str, common: frozenset[str]) -> bool:
    """A lone capitalised word that discovery always drops: a stop word, a day or month,
    a title, or a frequent English word not in capitals."""
    low = word.lower()
    return (
        word in CALENDAR_WORDS
        or low in STOP_WORDS
        or _is_title(word)
        or (not word.isupper() and low in common)
    )


@lru_cache(maxsize=65_536)
def _never_a_candidate(word: str) -> bool:
    """A capitalised stop word (not in capitals: "US", "WHO"), day, month or title: never
    a name."""
    return (
        word in CALENDAR_WORDS
        or (word.lower() in STOP_WORDS and not (word.isupper() and len(word) > 1))  # not US
        or _is_title(word)
    )


@lru_cache(maxsize=65_536)
def _lone_word_dropped(word: str) -> bool:
    """:func:`_never_a_name` with the common words, remembered: the same few thousand
    capitalised words ("The", "But", "Monday") make most of discovery's matches."""
    return _never_a_name(word, common_words())


COMMON_WORDS_FILE = PACKAGE_DATA_DIR / "common_words.txt"


def common_words_from_wordfreq() -> list[str]:
    """English words with a Zipf frequency of at least 4.2 in wordfreq, most frequent first
    (what ``analysis/data/common_words.txt`` holds; a test keeps the two equal)."""
    import wordfreq

    ranked = wordfreq.top_n_list("en", 12_000)  # most frequent first
    # frequencies fall along the list, so the words at or above 4.2 are a prefix of it
    cut = bisect.bisect_right(ranked, -4.2, key=lambda w: -wordfreq.zipf_frequency(w, "en"))
    return ranked[:cut]


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Frequent English words (wordfreq, Zipf >= 4.2): a lone capitalised one is no name.

    Read from package data (1 ms) rather than from wordfreq (0.2 s in every worker)."""
    lines = COMMON_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def candidate_runs(
    text: str,
    sent_starts: Sequence[int],
    body_start: int = 0,
    taken: Sequence[tuple[int, int]] = (),
) -> list[Run]:
    """Runs of capitalised words after ``body_start`` that may hold a name: every
    :data:`~analysis.actors.names.RUN_RE` match but a lone stop word, day, month or title
    ("The", "Monday", "President") or one inside a span already ``taken`` (sorted
    ``(start, end)`` pairs: the lexicon's mentions): the model judges the rest."""
    starts = [a for a, _ in taken]
    ends = [b for _, b in taken]
    out = []
    for m in RUN_RE.finditer(text, body_start):
        start, end = m.span()
        i = bisect.bisect_right(starts, start)
        if i and ends[i - 1] >= end:
            continue  # all of it is a lexicon mention
        if _never_a_candidate(m.group(1)):  # "The Acme Corp", "On Monday", "The"
            words = m.group(0).split()
            while words and _never_a_candidate(words[0]):
                del words[0]
            if not words:
                continue
            start = text.index(words[0], start + len(m.group(1)))
            opens = False
        else:
            opens = _opens_sentence(text, start, sent_starts)
        run = text[start:end]
        if " " in run or "\t" in run:
            offsets = tuple(w.span() for w in _SPACE_RE.finditer(text, start, end))
            words = tuple(text[a:b] for a, b in offsets)
        else:
            offsets, words = ((start, end),), (run,)
        before, after = context_before(text, start), context_after(text, end)
        out.append(Run(start, end, words, offsets, before, after, opens))
    return out


_SPACE_RE = re.compile(r"\S+")
#: One word with a capital inside after small letters, not a name prefix as in McDonald.
_CAMEL_RE = re.compile(r"(?!Mc|Mac|Di|De|Le|La|Van|Von|O['’])[A-Z][a-z]+[A-Z]")

#: The model's types as actor types; other names (``MISC``) are kept only as events.
MODEL_TYPES: dict[str, str] = {"PER": "person", "ORG": "organization", "LOC": "place"}


def typed_names(
    text: str,
    runs: Sequence[Run],
    names: Sequence[Sequence[Name]],
    taken: Sequence[tuple[int, int]],
    kinds: Mapping[tuple[int, int], str],
) -> list[Candidate]:
    """The model's ``names`` in the ``runs`` of one document as actor candidates.

    A name that holds lexicon places (``taken``, sorted, of ``kinds``: "Bank of England",
    "New York Times") replaces them unless the model calls it a place too; one that
    overlaps any other lexicon mention is left to the lexicon.  ``MISC`` names are kept as
    events when they end in an event word ("World Cup"); titles and sentence openers are
    cut from a name ("Ms Hewitt", "Later Smith"); lone acronyms for things ("PC", "GMT")
    are dropped.  A person named twice or more by one word alone is one only when the
    document gives that word as someone's surname (a full name, or a title before it: "Mr
    Henman"); otherwise it is taken for an organization ("Chelsea", "Sony", "Yukos": a
    Reuters model's usual slip).
    """
    starts = [s for s, _ in taken]
    out: list[Candidate] = []
    called: set[str] = set()  # names written after a title: "Mr Henman"
    for run, found in zip(runs, names, strict=True):
        for name in found:
            start, end = name.start, name.end
            surface = text[start:end]
            words = surface.split()
            if name.label == "MISC":
                if words[-1] not in EVENT_WORDS or len(words) < 2:
                    continue
                kind = "event"
            else:
                kind = MODEL_TYPES[name.label]
            # titles are no part of a name ("Ms Hewitt"), nor an opener ("Later Smith")
            lead = 0
            while lead < len(words) - 1 and (
                _is_title(words[lead])
                or (
                    lead == 0
                    and start == run.start
                    and run.opens_sentence
                    and words[0] in NAME_OPENERS_TO_DROP
                )
            ):
                lead += 1
            titled = lead > 0 and _is_title(words[lead - 1])
            if lead:
                start = text.index(words[lead], start)
                words = words[lead:]
            if not titled:
                before = text[max(0, start - 12) : start].split()
                titled = bool(before) and _is_title(before[-1])
            if len(words) == 1:
                word = words[0]
                if word in NOT_ACTOR_ACRONYMS:
                    continue  # "PC", "GMT": things
                if _lone_word_dropped(word) and (
                    name.confidence < 0.6
                    or (start == run.start and run.opens_sentence)
                    or _written_small(text, word)
                ):
                    continue  # "Trade", "Autumn": an ordinary word, written with a capital
                if kind == "person" and _CAMEL_RE.match(word):
                    kind = "organization"  # "TimeWarner", "ArtWorks": a brand, not a person
            i = bisect.bisect_left(starts, end)
            inside = [(a, b) for a, b in taken[max(0, i - 8) : i] if b > start]
            replaces: tuple[tuple[int, int], ...] = ()
            if inside:
                if (
                    kind == "place"
                    or any(a < start or b > end for a, b in inside)
                    or (start, end) in inside
                    or any(kinds.get(span) not in ("country", "place", "people") for span in inside)
                ):
                    continue
                replaces = tuple(inside)
            out.append(
                Candidate(start, end, " ".join(words), kind, round(name.confidence, 3), replaces)
            )
            if titled:
                called.add(words[-1])
    surnames = called | {c.name.split()[-1] for c in out if c.type == "person" and " " in c.name}
    surnames |= {text[a:b].split()[-1] for (a, b), t in kinds.items() if t == "person"}
    out = _one_type_per_name(out)
    lone = Counter(c.name for c in out if c.type == "person" and " " not in c.name)
    return [
        c._replace(type="organization")
        if lone.get(c.name, 0) >= 2 and c.name not in surnames
        else c
        for c in out
    ]


def _written_small(text: str, word: str) -> bool:
    """``word`` stands in ``text`` in small letters too, as a whole word."""
    low = word.lower()
    at = text.find(low)
    while at >= 0:
        end = at + len(low)
        if (at == 0 or not text[at - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            return True
        at = text.find(low, end)
    return False


def _one_type_per_name(found: list[Candidate]) -> list[Candidate]:
    """A name written the same way twice in a document is one actor: every mention takes
    the type with the most confidence summed over its mentions ("TimeWarner")."""
    votes: dict[str, dict[str, float]] = {}
    for c in found:
        by_type = votes.setdefault(c.name, {})
        by_type[c.type] = by_type.get(c.type, 0.0) + c.confidence
    return [
        c
        if len(votes[c.name]) == 1
        else c._replace(type=max(votes[c.name].items(), key=lambda kv: kv[1])[0])
        for c in found
    ]
