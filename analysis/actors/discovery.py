"""Discovery: capitalised names the lexicon lacks, found by rules and typed by their cues.

A run of capitalised words (with ``of``, ``bin``, ``al``... inside) is a candidate name; a
title before it makes a person ("Industry Secretary Patricia Hewitt"), a last word such as
``Ministry`` or ``Ltd`` an organization (``United``, ``Rovers``: a club), ``Cup`` or ``Open``
an event, ``New``/``Los``/``San`` opening two words a place, ``in``/``at`` before it a
place; lone capitalised
words that are frequent English words ("Election") are dropped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from analysis.config import PACKAGE_DATA_DIR
from analysis.wordlists import (
    CALENDAR_WORDS,
    EVENT_WORDS,
    NAME_CONNECTORS,
    NAME_OPENERS_TO_DROP,
    NOT_ACTOR_ACRONYMS,
    ORG_CUES,
    ORG_WORDS,
    PERSON_CUES,
    PERSON_TITLES,
    PLACE_OPENERS,
    STOP_WORDS,
    TEAM_WORDS,
)

_CAP = (
    r"(?:[A-Z][a-z]+(?:['’][A-Za-z]+)?(?:-[A-Z][a-z]+)*"  # Hewitt, O'Brien, Smith-Jones
    r"|[A-Z]{2,6}(?:-[A-Z0-9]+)?"  # AOL, ISIS-K
    r"|[A-Z]\.|Inc\.|Corp\.|Co\.|Ltd\.?)"  # initials, company forms
)
_LINK = rf"(?:{'|'.join(NAME_CONNECTORS)})"
# _CAP with its first capital taken out, so the pattern opens with a character class: the
# regex engine then jumps from capital to capital instead of trying every position (twice
# as fast; a test checks it finds what the plain pattern finds).  A capital opens a name
# if the character before it is no word character or hyphen.
_CAP_REST = (
    r"(?:[a-z]+(?:['’][A-Za-z]+)?(?:-[A-Z][a-z]+)*"
    r"|[A-Z]{1,5}(?:-[A-Z0-9]+)?"
    r"|\.|(?<=I)nc\.|(?<=C)orp\.|(?<=C)o\.|(?<=L)td\.?)"
)
_NAME_RE = re.compile(rf"[A-Z](?<![\w-].){_CAP_REST}(?:[ \t]+(?:{_LINK}[ \t]+)?{_CAP})*(?![\w-])")


@dataclass
class Candidate:
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


def _strip_titles(words: list[str]) -> tuple[list[str], bool]:
    """Drop everything up to the last title word ("Industry Secretary Patricia Hewitt")."""
    last = len(words) - 1
    while last >= 0 and not _is_title(words[last]):
        last -= 1
    if last < 0:
        return words, False
    rest = words[last + 1 :]
    while rest and rest[0] in NAME_CONNECTORS:
        rest = rest[1:]
    return rest, True


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


def find_names(
    text: str,
    sent_starts: Sequence[int],
    taken: list[tuple[int, int]],
    body_start: int = 0,
    kinds: Mapping[tuple[int, int], str] | None = None,
) -> list[Candidate]:
    """Name candidates in one document, outside the spans already ``taken``.

    The headline (before ``body_start``) is skipped: headlines capitalise every word.
    """
    kinds = kinds or {}
    common = common_words()
    taken_sorted = sorted(taken)
    ends = [e for _, e in taken_sorted]
    starts = [s for s, _ in taken_sorted]
    out: list[Candidate] = []
    for m in _NAME_RE.finditer(text, body_start):
        start, end = m.start(), m.end()
        words = m.group(0).split()
        if words[-1].endswith(("'s", "’s")):
            words[-1] = words[-1][:-2]
            end -= 2
        i = bisect.bisect_left(starts, end)
        if i and ends[i - 1] > start and words[-1] not in ORG_WORDS:
            # "US President Donald Trump": what follows the lexicon's mentions may be a name
            last = max(b for a, b in taken_sorted[:i] if b > start)
            rest = text[last:end]
            if last >= end or not rest[:1].isspace() or not rest.strip():
                continue  # inside or right after a lexicon mention
            start = last + len(rest) - len(rest.lstrip())
            words = text[start:end].split()
        elif i and ends[i - 1] > start:
            replaces = [(a, b) for a, b in taken_sorted if a >= start and b <= end]
            if (
                not replaces
                or (start, end) in replaces
                or any(kinds.get(span) not in ("country", "place", "people") for span in replaces)
                or any(a < start < b or a < end < b for a, b in taken_sorted)
            ):
                continue
            # "US Securities Exchange Commission": the longer organization wins
            out.append(Candidate(start, end, " ".join(words), "organization", 0.8, tuple(replaces)))
            continue
        if len(words) == 1 and _lone_word_dropped(words[0]):
            continue  # the bulk of matches: "The", "But", "Monday", "Election"
        words, titled = _strip_titles(words)
        while words and (
            words[0] in CALENDAR_WORDS
            or words[0].lower() in STOP_WORDS
            or (
                len(words) > 1
                and words[0] in NAME_OPENERS_TO_DROP
                and _opens_sentence(text, m.start(), sent_starts)
            )
        ):
            words = words[1:]  # "However Frank Smith", "Later Smith", "Thursday" -> drop opener
        if not words or (len(words) == 1 and words[0] in NOT_ACTOR_ACRONYMS):
            continue  # nothing left, or "PC", "GMT": a thing, not an actor
        run_start = start
        name = " ".join(words)
        start = end - len(name) if text[end - len(name) : end] == name else start
        before = text[max(0, run_start - 40) : run_start].split()
        cue = before[-1].lower().strip(",") if before else ""
        after_the = cue == "the"
        if after_the and len(before) > 1:
            cue = before[-2].lower()  # "at the Abbey Gate": a place; "the X" is never a person
        single = len(words) == 1
        if single and not words[0].isupper() and words[0].lower() in common:
            continue  # "Election", "Trade": ordinary words written with a capital
        several = len(words) >= 2
        if words[-1] in ORG_WORDS or any(w in ORG_WORDS for w in words[1:]):
            out.append(Candidate(start, end, name, "organization", 0.8))
        elif several and not titled and words[-1] in TEAM_WORDS:
            out.append(Candidate(start, end, name, "organization", 0.7))  # Manchester United
        elif several and not titled and words[-1] in EVENT_WORDS:
            out.append(Candidate(start, end, name, "event", 0.7))  # World Cup, Australian Open
        elif len(words) == 2 and not titled and words[0] in PLACE_OPENERS:
            out.append(Candidate(start, end, name, "place", 0.6))  # New York, Los Angeles
        elif (
            not titled
            and several
            and words[0] not in NOT_ACTOR_ACRONYMS
            and any(w.isupper() and len(w) >= 2 for w in words)
        ):
            out.append(Candidate(start, end, name, "organization", 0.6))  # BBC Radio
        elif cue in ORG_CUES:
            out.append(Candidate(start, end, name, "organization", 0.7))
        elif after_the:
            kind = "place" if cue in {"in", "at", "from", "to", "near"} else "organization"
            out.append(Candidate(start, end, name, kind, 0.4))
        elif titled or (len(words) >= 2 and cue in PERSON_CUES):
            out.append(Candidate(start, end, name, "person", 0.9 if titled else 0.7))
        elif any(w.isupper() and len(w) >= 2 for w in words):
            if words[0] not in NOT_ACTOR_ACRONYMS:
                out.append(Candidate(start, end, name, "organization", 0.5))  # AOL, AOL Europe
        elif len(words) >= 2 and all(w[:1].isupper() for w in words):
            out.append(Candidate(start, end, name, "person", 0.5))
        elif single and cue in {"in", "at", "from"}:
            out.append(Candidate(start, end, name, "place", 0.4))
    return out
