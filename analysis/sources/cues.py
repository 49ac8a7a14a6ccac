"""Attribution cues: reporting verbs, speakers and sources, and what kind each source is.

The patterns that find "X said", "said X", "according to X" and the words around a quote
that name its speaker, with the rules that clean a matched phrase and classify it as a
named person, a named organization, an anonymous source or a document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from analysis.sources.spans import MentionIndex, actor_in
from analysis.wordlists import (
    ANONYMOUS_NOUNS,
    CLAUSE_OPENERS,
    DOCUMENT_NOUNS,
    ORGANIZATION_NOUNS,
    REPORTING_VERBS,
    SOURCE_OPENERS,
    SPEAKER_PRONOUNS,
    WEEKDAYS,
)

SOURCE_KINDS: tuple[str, ...] = ("named_person", "named_organization", "anonymous", "document")
_WEEKDAYS = "|".join(WEEKDAYS)


def trie_pattern(words: Sequence[str]) -> str:
    """One regex alternation for ``words`` as a prefix tree (``sa(?:id|ys?)``...).

    Python's ``re`` tries a flat alternation branch by branch at every position; the tree
    tries one character at a time, many times faster on long texts.  It matches the same
    words; callers follow it with ``\\b`` or ``\\s``, so exactly one word can match.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


VERB = trie_pattern(REPORTING_VERBS)
ORGANIZATION_TYPES = frozenset(
    {"organization", "government_body", "armed_group", "country", "people", "place"}
)

_SPEAKER = r"(?P<speaker>[A-Z][^.!?“”\"]{0,120}?|(?:he|she|they|I|we))"
# the tail after a closing mark is clipped to its sentence, so a speaker may hold periods
# ("Marine Gen. Frank McKenzie, commander of U.S. Central Command, said")
#: Verbs that report a quote only right after it ("..., states the report", "..., Vanity
#: Fair reports"): elsewhere they are nouns too often ("United States", "the reports").
POST_QUOTE_VERB = trie_pattern((*REPORTING_VERBS, "states", "reports", "notes", "reads"))
AFTER_RE = re.compile(
    rf"^[\s,]*(?:(?P<pron>he|she|they|I|we)\s+(?:also\s+)?(?P<pverb>{POST_QUOTE_VERB})\b"
    rf"|(?P<verb1>{POST_QUOTE_VERB})\s+(?P<speaker1>(?:(?:a|an|the)\s+)?[A-Za-z][^!?“”\"]{{0,120}}?)"
    rf"(?=[,;:]|\s+(?:in|on|at|during|after|before|from|via|to)\s|\.?$)"
    rf"|(?:according\s+to|as)\s+(?P<speaker3>[A-Z][^,;:!?“”\"]{{0,80}}?)"
    rf"(?:\s+(?:magazine|newspaper))?(?:\s+(?:puts|put)\s+it)?(?=[,;]|\s*\.?$)"
    rf"|(?P<speaker2>(?!(?:{'|'.join(CLAUSE_OPENERS)})\b)"
    rf"(?:(?:[\w][\w-]*,?\s+){{0,8}}[A-Z][^!?“”\"]{{0,120}}?"
    rf"|(?:the|a|an)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){{0,3}})),?\s+"
    rf"(?:has\s+|had\s+|have\s+)?(?:also\s+)?(?P<verb2>{POST_QUOTE_VERB})\b)"
)
BEFORE_RE = re.compile(
    rf"(?:^|[.!?]\s+|\n)\s*{_SPEAKER}\s+(?:has\s+|had\s+)?(?P<verb>{VERB})(?:\s+that)?\s*[:,]?\s*$"
)
#: A cue with its verb first, before the quote: "Adds Nicco Mele, a Harvard professor: “...”"
BEFORE_INVERTED_RE = re.compile(
    rf"(?:^|[.!?]\s+|\n)\s*(?P<verb>(?i:{VERB}))\s+(?P<speaker>[A-Z][^.!?:“”\"]{{0,120}}?)\s*[:,]\s*$"
)
ACCORDING_RE = re.compile(
    r"\baccording to (?P<source>(?:(?:[A-Z]\.){2,}|[^,.;:!?“”\"]){2,120})", re.IGNORECASE
)
# a reporting verb as a whole word, in casefolded text (twice as fast as ``(?i:...)``)
VERB_WORD_RE = re.compile(rf"\b(?:{VERB})\b")


def reporting_verb_end(text: str, folded: str) -> int:
    """Where the sentence's last reporting verb ends; 0 if it has none.

    Every match of the "X said" patterns ends with a verb, so a search can stop there.
    ``folded`` is ``text.casefold()``: its offsets are those of the text when it is ASCII;
    other text (casefolding may change its length) gives its full length.
    """
    ends = [m.end() for m in VERB_WORD_RE.finditer(folded)]
    if not ends:
        return 0
    return ends[-1] if text.isascii() else len(text)


_SOURCE_NOUNS = trie_pattern(sorted(ANONYMOUS_NOUNS | DOCUMENT_NOUNS | ORGANIZATION_NOUNS))
_NAMED = r"[A-Z][^,.;:!?“”\"]{0,100}?"  # a capitalised name or phrase
# or an unnamed source: "three senior U.S. defense officials"
_UNNAMED = (
    rf"(?:the |three |two |some |many |several |senior |U\.S\. |US |\w+ ){{0,5}}(?:{_SOURCE_NOUNS})"
)
_SAID_TAIL = (
    r"(?:,(?:(?!\b(?:was|is|are|were|but|and)\b)[^,]){1,60},)?"  # ", D-Calif.,"
    rf"\s+(?:have\s+|has\s+|had\s+)?(?:publicly\s+|also\s+)?(?P<verb>(?i:{VERB}))\b"
)
# sources start at a word start ("4Cast said" is not "Cast said")
_SAID_RE = re.compile(rf"(?<!\w)(?P<source>{_NAMED}|{_UNNAMED}){_SAID_TAIL}")
# the same without unnamed sources, for sentences with no source noun: it finds the same
# matches there, many times faster
_SAID_NAMED_RE = re.compile(rf"(?<!\w)(?P<source>{_NAMED}){_SAID_TAIL}")
_SOURCE_NOUN_RE = re.compile(rf"(?:{_SOURCE_NOUNS})[\s,]")


def said_in(text: str, verb_end: int) -> Iterator[re.Match[str]]:
    """Matches of "X said" in ``text`` up to ``verb_end`` (:func:`reporting_verb_end`)."""
    said_re = _SAID_RE if _SOURCE_NOUN_RE.search(text, 0, verb_end) else _SAID_NAMED_RE
    return said_re.finditer(text, 0, verb_end)


def clean_speaker(speaker: str) -> str:
    speaker = speaker.strip().strip(",").strip()
    if speaker.endswith(".") and not re.search(
        r"(?:\b[A-Z]\.)+$|\b(?:Jr|Sr|Inc|Corp|Co)\.$", speaker
    ):
        speaker = speaker[:-1]
    speaker = re.sub(
        rf"\s+(?:on|at|in)\s+(?:{_WEEKDAYS})\b.*$",
        "",
        speaker,
    )
    speaker = re.sub(
        rf"\s+(?:{_WEEKDAYS}|yesterday|today)$",
        "",
        speaker,
    )
    return speaker.strip().strip(",").strip()


def clean_source(source: str) -> str:
    """Trim openers and clauses from a matched source phrase ("On Monday Lib Dem ... Beith")."""
    source = re.sub(rf"^(?:{'|'.join(SOURCE_OPENERS)}),?\s+", "", source.strip())
    source = re.sub(
        rf"^(?:On|In|At|Last|This)\s+(?:{_WEEKDAYS}|week|month|year)\s+",
        "",
        source,
    )
    source = re.sub(r"^.*\b(?:what|that|as|which|who)\s+", "", source)
    return source.strip()


def classify(source: str, span: tuple[int, int], mentions: MentionIndex) -> tuple[str, Any]:
    words = re.findall(r"[\w’'-]+", source.lower())
    head = words[-1] if words else ""
    if head in ANONYMOUS_NOUNS:
        return "anonymous", None
    if head in DOCUMENT_NOUNS:
        return "document", None
    actor, kind = actor_in(span, mentions)
    if kind == "person":
        return "named_person", actor
    if kind in ORGANIZATION_TYPES:
        return "named_organization", actor
    if head in ORGANIZATION_NOUNS:
        return "named_organization", None
    if head in SPEAKER_PRONOUNS:
        return "named_person", None
    return ("named_person" if source[:1].isupper() else "anonymous"), None
