"""Direct quotes, what kind each is, and who said it.

:func:`quotes` finds every direct quotation (curly or straight double quotes), also across
sentences and paragraphs (news style: a quote that runs on into the next paragraph opens it
again without closing the first), and survives an odd number of quote marks: an unclosed
quote runs to the end of its paragraph and is flagged ``balanced=False``.  Titles, slogans
and scare quotes are told from speech (:func:`quote_kind`).  The speaker comes from a
reporting cue on either side (“...,” McKenzie added / McKenzie said: “...” / said Rep.
John Garamendi / according to CNBC / Adds Nicco Mele: “...”), a pronoun or a role noun
resolved to the actor it stands for (“...,” he said / said the senator / the newspaper
wrote), the speaker of the quote just before (a continuation, also in the next sentence),
the subject of the sentence that embeds the quote (“Cruz lashed out, accusing him of
“...”), or a reporting verb in the sentence before (McKenzie believes ... “...”).  Each
quote says how its speaker was found and how sure that is.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.actors import actor_mentions
from analysis.corpus import as_documents, check_table
from analysis.parallel import map_documents, resolve_jobs
from analysis.sources.cues import (
    AFTER_RE,
    BEFORE_INVERTED_RE,
    BEFORE_RE,
    SPEAKER_PRONOUNS,
    VERB,
    classify,
    clean_source,
    clean_speaker,
    reporting_verb_end,
    said_in,
    trie_pattern,
)
from analysis.sources.spans import (
    NO_MENTIONS,
    MentionIndex,
    actor_in,
    nearest_mention,
    nearest_person,
    sentence_bounds,
    spans_by_doc,
)
from analysis.text import check_sentences, sentences
from analysis.wordlists import (
    FEMALE_NAMES,
    FEMALE_ROLES,
    LINK_WORDS,
    MALE_NAMES,
    MALE_ROLES,
    MEDIA_NOUNS,
    MODIFIED_NOUNS,
    OBJECT_CUES,
    ORGANIZATION_NOUNS,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    REFLEXIVES,
    SPEECH_PARTICIPLES,
    TITLE_SMALL_WORDS,
)

QUOTE_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "quote_id",
    "start",
    "end",
    "text",
    "speaker",
    "speaker_actor",
    "speaker_type",
    "cue",
    "cue_verb",
    "attribution",
    "balanced",
    "cue_start",
    "cue_end",
    "quote_kind",
    "confidence",
)
#: What a pair of quotation marks holds: someone's words, a title or slogan ("Meet the
#: Press"), or a word the writer holds at a distance (a scare quote).
QUOTE_KINDS: tuple[str, ...] = ("speech", "title", "scare")
#: How sure each way of finding the speaker is (0-1), for the ``confidence`` column.
ATTRIBUTION_CONFIDENCE: dict[str, float] = {
    "same_sentence": 0.9,
    "continuation": 0.8,
    "pronoun": 0.7,
    "role": 0.6,
    "subject": 0.6,
    "previous_sentence": 0.5,
    "none": 0.0,
}
#: Columns of a mentions table that speakers are looked up in.
MENTION_KEYS: tuple[str, ...] = ("doc_id", "start", "end", "actor", "type")
# straight quotes open after start/space/opening punctuation, close otherwise
_MARK_RE = re.compile(r"[“”\"]")


@dataclass
class _Quote:
    open_pos: int  # position of the opening mark
    close_pos: int | None  # position of the closing mark, None if unclosed
    start: int  # text start (after the mark)
    end: int  # text end (before the mark)


def speech_quotes(quote_table: pd.DataFrame) -> pd.DataFrame:
    """The quotes that are someone's words (``quote_kind == "speech"``): what speech counts,
    speaker tables and voice comparisons read; titles and scare quotes are left out.  A
    table without ``quote_kind`` (made before it existed) is returned whole."""
    if "quote_kind" not in quote_table:
        return quote_table
    return quote_table[quote_table["quote_kind"] == "speech"]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in re.finditer(r"\n\s*\n|\n", text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _is_opening(text: str, pos: int, lo: int) -> bool:
    mark = text[pos]
    if mark == "“":
        return True
    if mark == "”":
        return False
    before = text[pos - 1] if pos > lo else " "
    return before.isspace() or before in "([{—–-:"


def _find_quotes(text: str) -> list[_Quote]:
    """Quote spans of one document (see module docs)."""
    found: list[_Quote] = []
    pending: _Quote | None = None  # a quote left open at the end of the previous paragraph
    for lo, hi in _paragraphs(text):
        marks = [m.start() for m in _MARK_RE.finditer(text, lo, hi)]
        if pending is not None:
            opens_again = bool(marks) and marks[0] == lo + (
                len(text[lo:hi]) - len(text[lo:hi].lstrip())
            )
            if opens_again and _is_opening(text, marks[0], lo):
                pending.close_pos = pending.end  # closed by the paragraph break
                found.append(pending)
            else:
                found.append(pending)  # an unclosed quote: to the end of its paragraph
            pending = None
        current: _Quote | None = None
        for pos in marks:
            if current is None:
                if _is_opening(text, pos, lo):
                    current = _Quote(pos, None, pos + 1, hi)
                continue
            new_opening = text[pos] == "“" or (
                text[pos - 1 : pos].isspace() and text[pos + 1 : pos + 2].isalnum()
            )
            if new_opening:
                # a second opening mark: the first was never closed; flag it and start again
                current.end = (
                    pos - len(text[current.start : pos]) + len(text[current.start : pos].rstrip())
                )
                found.append(current)
                current = _Quote(pos, None, pos + 1, hi)
                continue
            current.close_pos, current.end = pos, pos
            found.append(current)
            current = None
        if current is not None:
            current.end = hi
            trailing = text[current.start : hi].rstrip()
            current.end = current.start + len(trailing)
            pending = current  # closed or flagged when the next paragraph is seen
    if pending is not None:
        found.append(pending)
    return [q for q in found if text[q.start : q.end].strip()]


def quotes(
    docs: Any,
    mentions: pd.DataFrame | None = None,
    *,
    sents: pd.DataFrame | None = None,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """Every direct quotation and who said it.

    Args:
        docs: A documents table from :func:`analysis.load_corpus`, or a list of texts.
        mentions: :func:`analysis.actor_mentions` of ``docs`` (computed with the default
            lexicon when not given); links speakers to actors and resolves pronouns.
        sents: :func:`analysis.sentences` of ``docs``, if already computed.
        n_jobs: Worker processes (``-1``: one per core); documents are split into chunks
            and the rows are the same, in the same order, as with ``1``.

    Returns:
        DataFrame with columns ``doc_id, quote_id, start, end, text, speaker, speaker_actor,
        speaker_type, cue, cue_verb, attribution, balanced``: ``text`` is the quoted words
        without the marks (``doc_text[start:end]``); ``speaker`` the words that name the
        speaker ("Marine Gen. Frank McKenzie, commander of U.S. Central Command", "he");
        ``speaker_actor``/``speaker_type`` the actor they resolve to; ``cue`` the
        attribution words ("McKenzie added"); ``attribution`` how the speaker was found:
        ``same_sentence`` (a name in the cue), ``pronoun`` (he, she: the person named last
        as a subject whose first name fits, or the speaker just quoted; they, we: the body
        named last), ``role`` ("said the senator", "the newspaper wrote": the person or
        body named last), ``continuation`` (the quote goes on, in the same or the next
        sentence), ``subject`` (the sentence's subject: "X lashed out, accusing him of
        “...”", "Trump's battle cry “...”"), ``previous_sentence`` or ``none``;
        ``balanced`` is False for a quote whose closing mark is missing; ``cue_start``,
        ``cue_end`` the offsets of the cue (-1 without one); ``quote_kind`` is ``speech``,
        ``title`` ("Meet the Press", a slogan) or ``scare`` (a word held at a distance):
        only speech has a speaker and counts as a quote (:func:`speech_quotes`);
        ``confidence`` (0-1) goes with the attribution (:data:`ATTRIBUTION_CONFIDENCE`).
    """

    docs = as_documents(docs)
    if resolve_jobs(n_jobs) > 1:
        frames = {"mentions": mentions, "sents": sents}
        return map_documents(quotes, docs, n_jobs=n_jobs, frames=frames)
    sents = sentences(docs) if sents is None else check_sentences(sents, docs)
    if mentions is None:
        mentions = actor_mentions(docs, sents=sents)
    check_table(mentions, name="mentions", columns=MENTION_KEYS, docs=docs)
    by_doc_mentions = MentionIndex.by_doc(mentions)
    by_doc_sents = spans_by_doc(sents, "start", "end")
    rows: list[tuple[Any, ...]] = []
    for doc_id, text in zip(docs["doc_id"].tolist(), docs["text"].tolist(), strict=True):
        if not isinstance(text, str) or not text:
            continue
        doc_mentions = by_doc_mentions.get(doc_id, NO_MENTIONS)
        doc_sents = by_doc_sents.get(doc_id)
        if not doc_sents:
            continue
        s_starts = [a for a, _ in doc_sents]
        s_ends = [b for _, b in doc_sents]
        previous: dict[str, Any] | None = None
        found_quotes = _find_quotes(text)
        quoted = [(q.start, q.end) for q in found_quotes]
        for qid, q in enumerate(found_quotes):
            found = _attribute(text, q, s_starts, s_ends, doc_mentions, previous, quoted)
            kind = quote_kind(
                text[q.start : q.end],
                found["attribution"],
                found["cue_span"],
                before=text[max(0, q.open_pos - 40) : q.open_pos],
                end=q.end,
            )
            if kind != "speech":
                found = dict(_NONE)
            rows.append(
                (
                    doc_id,
                    qid,
                    q.start,
                    q.end,
                    text[q.start : q.end],
                    found["speaker"],
                    found["actor"],
                    found["type"],
                    found["cue"],
                    found["verb"],
                    found["attribution"],
                    q.close_pos is not None,
                    *(found.get("cue_span") or (-1, -1)),
                    kind,
                    ATTRIBUTION_CONFIDENCE[found["attribution"]],
                )
            )
            if kind == "speech":
                previous = {**found, "end": q.close_pos if q.close_pos is not None else q.end}
    out = pd.DataFrame(rows, columns=list(QUOTE_COLUMNS))
    return out.astype(
        {
            "quote_id": np.int64,
            "start": np.int64,
            "end": np.int64,
            "balanced": bool,
            "cue_start": np.int64,
            "cue_end": np.int64,
            "confidence": np.float64,
        }
    )


_NONE: dict[str, Any] = {
    "speaker": None,
    "actor": None,
    "type": None,
    "cue": None,
    "verb": None,
    "attribution": "none",
    "cue_span": None,
}
#: Actor types that "they", "we", "the newspaper" or "the company" can stand for.
GROUP_TYPES = frozenset({"organization", "government_body", "armed_group", "people"})
_PARTICIPLE_RE = re.compile(rf"\b(?:{trie_pattern(SPEECH_PARTICIPLES)})\b[^.!?“”\"]{{0,120}}$")
_TITLE_CUE_RE = re.compile(
    r"\b(?:song|album|film|movie|book|novel|essay|show|program|programme|series|column|"
    r"editorial|article|slogan|titled|entitled|called|named|dubbed|anticipated|hashtag)"
    r"[,:]?\s*$",
    re.IGNORECASE,
)
_SENTENCE_BREAK_RE = re.compile(r"[.!?;:]\s")
_PHRASE_END_RE = re.compile(r"\s+(?:for|of|at|with|from|in|on)\s+|,")
_OPENING_PRONOUN_RE = re.compile(r"\s*(He|She|They|We)\b")
_WORD3_RE = re.compile(r"[A-Za-z]{3,}")
_TITLE_WORD_RE = re.compile(r"[A-Za-z][\w’'-]*")
_TITLES = frozenset(t.rstrip(".") for t in PERSON_TITLES)


def quote_kind(
    words: str,
    attribution: str,
    cue_span: tuple[int, int] | None,
    *,
    before: str = "",
    end: int = 0,
) -> str:
    """``speech``, ``title`` or ``scare`` (see :data:`QUOTE_KINDS`) for quoted ``words``.

    A title or slogan is up to ten words, every word but small ones capitalised, with no
    sentence punctuation inside ("Meet the Press", "Make America Great Again"): two such
    words at least, or one after a word that names a work ("the song “Nasty”", ``before``
    holds the text before the quote); never when a reporting cue follows the quote (its
    ``cue_span`` starts at or after ``end``).  A scare quote is one to three words nobody is
    found to say ("a “reset”").  Everything else is speech.
    """
    if len(words) > 160:  # longer than any title or scare quote
        return "speech"
    tokens = _TITLE_WORD_RE.findall(words)
    stripped = words.strip().rstrip(",.!?")
    cue_after = cue_span is not None and cue_span[0] >= end
    named = bool(_TITLE_CUE_RE.search(before))
    title_case = (
        1 <= len(tokens) <= 10
        and not _SENTENCE_BREAK_RE.search(stripped)
        and all(t[0].isupper() or t.lower() in TITLE_SMALL_WORDS for t in tokens)
    )
    if title_case and not cue_after and (named or sum(t[0].isupper() for t in tokens) >= 2):
        return "title"
    sentence = words.strip()[-1:] in ".!?" and len(tokens) >= 2
    if len(tokens) <= 3 and not sentence and attribution in ("none", "previous_sentence"):
        return "scare"
    return "speech"


# the sentence before a quote names its speaker: "McKenzie believes ...", "... said
# McKenzie.", "... he said."
_NAME = r"(?P<speaker>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)"
_NAME_VERB_RE = re.compile(rf"{_NAME}\s+(?P<verb>{VERB})\b")
_VERB_NAME_END_RE = re.compile(rf"\b(?P<verb>{VERB})\s+{_NAME}\s*[.!?]?$")
_PRONOUN_VERB_END_RE = re.compile(rf"\b(?P<speaker>he|she|they)\s+(?P<verb>{VERB})\s*[.!?]?$")
_POSSESSOR_RE = re.compile(
    r"(?P<owner>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})[’']s\s+"
    r"(?:own\s+)?(?:[a-z][\w-]*\s+){0,3}(?:of\s+\w+\s+as\s+a\s+)?$"
)


def _plausible_source(source: str) -> bool:
    """A phrase "X said" can name a speaker: it opens with a capital or a determiner and
    does not end in a link word ("New York City in the video and")."""
    words = source.split()
    return (
        bool(words)
        and words[-1].lower() not in LINK_WORDS
        and (
            source[:1].isupper()
            or words[0].lower() in ("the", "a", "an", "his", "her", "its", "their")
        )
    )


def _gender(name: Any) -> str | None:
    """``he`` or ``she`` as a first name tells it; None when it does not."""
    first = str(name).split()[0] if isinstance(name, str) and name.split() else ""
    return "he" if first in MALE_NAMES else "she" if first in FEMALE_NAMES else None


def _resolve_pronoun(
    pronoun: str,
    mentions: MentionIndex,
    before: int,
    quoted: list[tuple[int, int]],
    text: str,
    *,
    any_gender: bool = False,
) -> tuple[Any, Any]:
    """The actor a subject pronoun stands for: for he and she, the person named last as the
    subject of a clause (not "at Donald Trump") whose first name does not tell the other
    gender, else the person named last that fits; for they and we, the group named last."""
    pronoun = pronoun.lower()
    if pronoun in ("they", "we"):
        return nearest_mention(mentions, before, quoted, types=GROUP_TYPES)
    if pronoun not in ("he", "she"):
        return nearest_person(mentions, before, quoted)

    def fits(name: Any) -> bool:
        return any_gender or _gender(name) in (None, pronoun)

    subject = nearest_mention(
        mentions,
        before,
        quoted,
        types={"person"},
        accept=fits,
        where=lambda start, end: not _is_object(text, start) and not _is_modifier(text, end),
        since=before - 600,
    )
    if subject[0] is not None:
        return subject
    return nearest_mention(mentions, before, quoted, types={"person"}, accept=fits)


def _previous_speaker(
    pronoun: str,
    previous: dict[str, Any] | None,
    text: str,
    mentions: MentionIndex,
    before: int,
    quoted: list[tuple[int, int]],
    s_starts: list[int],
) -> tuple[Any, Any] | None:
    """The speaker of the quote just before, for "“...,” he said", when no other person is
    named as a subject since and the pronoun fits: news goes on quoting one speaker."""
    if (
        previous is None
        or previous.get("type") != "person"
        or previous.get("actor") is None
        or pronoun.lower() not in ("he", "she")
        or _gender(previous["actor"]) not in (None, pronoun.lower())
    ):
        return None
    since = previous["end"] + 1
    if bisect.bisect_right(s_starts, before) - bisect.bisect_right(s_starts, since) > 2:
        return None  # more than two sentences back
    i = bisect.bisect_left(mentions.starts, since)
    while i < len(mentions.starts) and mentions.starts[i] < before:
        start = mentions.starts[i]
        if (
            mentions.types[i] == "person"
            and mentions.actors[i] != previous["actor"]
            and not any(a <= start < b for a, b in quoted)
            and not _is_object(text, start)
            and not _is_modifier(text, mentions.ends[i])
        ):
            return None  # someone else took the floor
        i += 1
    return previous["actor"], previous["type"]


def _head_noun(speaker: str) -> str:
    """The head noun of a speaker phrase: "a spokeswoman for X" -> "spokeswoman"."""
    phrase = _PHRASE_END_RE.split(speaker, maxsplit=1)[0]
    words = [w for w in phrase.lower().split() if w not in REFLEXIVES]
    return words[-1] if words else ""


def _speaker_actor(
    text: str,
    speaker: str,
    span: tuple[int, int],
    mentions: MentionIndex,
    before: int,
    quoted: list[tuple[int, int]],
) -> tuple[Any, Any, str]:
    """The actor a speaker phrase names, and how it was found: by a name inside it
    (``same_sentence``), as a pronoun, or by its role ("said the senator": the person named
    last; "the newspaper wrote": the organization named last)."""
    words = speaker.split()
    last = words[-1].lower() if words else ""
    if last in SPEAKER_PRONOUNS:  # "he", "..., who he said"
        return (*_resolve_pronoun(last, mentions, before, quoted, text), "pronoun")
    actor, kind = actor_in(span, mentions)
    if actor is None and words and words[0].lower() in SPEAKER_PRONOUNS:  # "She went on to"
        return (*_resolve_pronoun(words[0], mentions, before, quoted, text), "pronoun")
    # "Reacting to the firing, the president": the phrase after the last comma names it
    tail = speaker.rsplit(",", 1)[-1].strip()
    if tail and tail != speaker and tail.split()[0].lower() in ("the", "a", "an"):
        speaker = tail
        span = (span[1] - len(tail), span[1])
        actor, kind = actor_in(span, mentions)
    head = _head_noun(speaker)
    described = speaker[:1].islower() or speaker.split()[0] in ("The", "A", "An")
    if kind != "person" and head in PERSON_ROLE_NOUNS and described:
        gender = "he" if head in MALE_ROLES else "she" if head in FEMALE_ROLES else None
        person = _resolve_pronoun(
            gender or "he", mentions, span[0], quoted, text, any_gender=gender is None
        )
        if person[0] is not None:
            return (*person, "role")
    if actor is None and head in MEDIA_NOUNS | ORGANIZATION_NOUNS and described:
        group = nearest_mention(mentions, span[0], quoted, types=GROUP_TYPES)
        if group[0] is not None:
            return (*group, "role")
    return actor, kind, "same_sentence"


def _is_modifier(text: str, end: int) -> bool:
    """The name ending at ``end`` modifies a noun ("the Obama administration’s")."""
    after = text[end : end + 20].split()
    return bool(after) and after[0].strip(",.;:’'s") in MODIFIED_NOUNS


def _is_object(text: str, start: int) -> bool:
    """The name at ``start`` follows a word that makes it an object ("at Donald Trump")."""
    words = text[max(0, start - 40) : start].split()
    while words and (
        words[-1].rstrip(".") in _TITLES
        or words[-1].endswith(("'s", "’s"))
        or words[-1].lower() in ("the", "a", "an")
    ):
        words.pop()  # "accusing Mr. Schiff", "told MSNBC's Joy Reid", "of the Cheyenne"
    return bool(words) and words[-1].lower().strip(",") in OBJECT_CUES


def _subject(
    text: str, start: int, end: int, mentions: MentionIndex, quoted: list[tuple[int, int]]
) -> tuple[Any, Any, tuple[int, int] | None]:
    """The sentence's subject between ``start`` and ``end``: the first person or group named
    there outside quotes, or its opening pronoun resolved."""
    i = bisect.bisect_left(mentions.starts, start)
    while i < len(mentions.starts) and mentions.starts[i] < end:
        m_start, m_end = mentions.starts[i], mentions.ends[i]
        if (
            m_end <= end
            and mentions.types[i] in GROUP_TYPES | {"person"}
            and not any(a <= m_start < b for a, b in quoted)
            and not _is_object(text, m_start)
        ):
            return mentions.actors[i], mentions.types[i], (m_start, m_end)
        i += 1
    opener = _OPENING_PRONOUN_RE.match(text, start, end)
    if opener:
        actor, kind = _resolve_pronoun(opener.group(1), mentions, start, quoted, text)
        if actor is not None:
            return actor, kind, (opener.start(1), opener.end(1))
    return None, None, None


def _named_cue(
    text: str,
    speaker: str,
    span: tuple[int, int],
    cue: tuple[int, int],
    verb: str,
    mentions: MentionIndex,
    before: int,
    quoted: list[tuple[int, int]],
) -> dict[str, Any]:
    """What a reporting cue found: the speaker phrase at ``span``, resolved to its actor
    (:func:`_speaker_actor`), with the cue's words at ``cue``."""
    actor, kind, how = _speaker_actor(text, speaker, span, mentions, before, quoted)
    return {
        "speaker": speaker,
        "actor": actor,
        "type": kind,
        "cue": " ".join(text[cue[0] : cue[1]].split()),
        "verb": verb.lower(),
        "attribution": how,
        "cue_span": cue,
    }


def _attribute(
    text: str,
    q: _Quote,
    s_starts: list[int],
    s_ends: list[int],
    mentions: MentionIndex,
    previous: dict[str, Any] | None,
    quoted: list[tuple[int, int]],
) -> dict[str, Any]:
    after_pos = (q.close_pos + 1) if q.close_pos is not None and q.close_pos < len(text) else q.end
    _, _, sent_end = sentence_bounds(s_starts, s_ends, max(after_pos - 1, 0))
    tail_end = min(
        sent_end, text.find("\n", after_pos) if "\n" in text[after_pos:sent_end] else sent_end
    )
    tail = text[after_pos:tail_end]
    if not tail.strip() and "\n" not in tail and text[q.start : q.end].rstrip()[-1:] in "!?":
        # a quote that ends in ! or ? ends its sentence ("...wall!” Mr. Calderón told
        # CNBC."): the cue is the next one
        nxt = bisect.bisect_left(s_starts, after_pos)
        if nxt < len(s_starts) and "\n" not in text[after_pos : s_starts[nxt]]:
            line = text.find("\n", s_starts[nxt], s_ends[nxt])
            tail = text[after_pos : s_ends[nxt] if line < 0 else line]
    m = AFTER_RE.match(tail)
    if m and q.close_pos is not None:
        base = after_pos
        if m.group("pron"):
            actor, kind = _previous_speaker(
                m.group("pron"), previous, text, mentions, q.open_pos, quoted, s_starts
            ) or _resolve_pronoun(m.group("pron"), mentions, q.open_pos, quoted, text)
            cue = text[base + m.start("pron") : base + m.end("pverb")]
            return {
                "speaker": m.group("pron"),
                "actor": actor,
                "type": kind,
                "cue": cue,
                "verb": m.group("pverb").lower(),
                "attribution": "pronoun",
                "cue_span": (base + m.start("pron"), base + m.end("pverb")),
            }
        key = "1" if m.group("verb1") else "3" if m.group("speaker3") else "2"
        span = (base + m.start(f"speaker{key}"), base + m.end(f"speaker{key}"))
        verb = m.group(f"verb{key}") if key != "3" else "according to"
        cue_start = base + m.start() + len(m.group(0)) - len(m.group(0).lstrip(" ,"))
        speaker = clean_speaker(text[span[0] : span[1]])
        cue = (cue_start, base + m.end())
        return _named_cue(text, speaker, span, cue, verb, mentions, q.open_pos, quoted)
    # a cue before the opening mark: "McKenzie said: “...”"
    idx, sent_start, _ = sentence_bounds(s_starts, s_ends, q.open_pos)
    head = text[sent_start : q.open_pos]
    b = BEFORE_RE.search(head)
    if b and head.strip():
        span = (sent_start + b.start("speaker"), sent_start + b.end("speaker"))
        cue = (span[0], sent_start + b.end("verb"))
        speaker = clean_speaker(b.group("speaker"))
        return _named_cue(text, speaker, span, cue, b.group("verb"), mentions, q.open_pos, quoted)
    inverted = BEFORE_INVERTED_RE.search(head) if head.rstrip()[-1:] in (":", ",") else None
    if inverted:  # "Adds Nicco Mele, a Harvard professor: “...”"
        span = (sent_start + inverted.start("speaker"), sent_start + inverted.end("speaker"))
        cue = (sent_start + inverted.start("verb"), span[1])
        speaker = clean_speaker(inverted.group("speaker"))
        verb = inverted.group("verb")
        return _named_cue(text, speaker, span, cue, verb, mentions, q.open_pos, quoted)
    # the words are someone's: "Trump's battle cry “...”", "Donald Trump's “...” comment"
    owner = _POSSESSOR_RE.search(head) if "s " in head[-60:] else None
    if owner:
        span = (sent_start + owner.start("owner"), sent_start + owner.end("owner"))
        actor, kind = actor_in(span, mentions)
        if actor is not None:
            return {
                "speaker": owner.group("owner"),
                "actor": actor,
                "type": kind,
                "cue": " ".join(owner.group(0).split()),
                "verb": None,
                "attribution": "subject",
                "cue_span": None,
            }
    # reported speech that embeds the quote: "a spokeswoman said the move was “...”"
    said = [
        m
        for m in said_in(head, reporting_verb_end(head, head.casefold()))
        if _plausible_source(clean_source(m.group("source")))
    ]
    if said:
        last = said[-1]
        source = clean_source(last.group("source"))
        offset = sent_start + last.start("source") + last.group("source").find(source)
        span = (offset, offset + len(source))
        kind_name, actor = classify(source, span, mentions)
        kind = "anonymous" if kind_name == "anonymous" else actor_in(span, mentions)[1]
        how = "same_sentence"
        ends_in_pronoun = source.split()[-1].lower() in SPEAKER_PRONOUNS if source else False
        if ends_in_pronoun or (actor is None and kind_name != "anonymous"):
            actor, kind, how = _speaker_actor(text, source, span, mentions, q.open_pos, quoted)
        return {
            "speaker": source,
            "actor": actor,
            "type": kind,
            "cue": " ".join(text[span[0] : sent_start + last.end("verb")].split()),
            "verb": last.group("verb").lower(),
            "attribution": how,
            "cue_span": (span[0], sent_start + last.end("verb")),
        }
    # the quote continues the one before: in the same sentence after its cue, or opening
    # the next sentence ("“I love cats!” insists Burton. “I absolutely do.”")
    if previous is not None and previous["actor"] is not None:
        gap = text[previous["end"] + 1 : q.open_pos]
        prev_idx = bisect.bisect_right(s_starts, previous["end"]) - 1
        opens_sentence = not head.strip() and prev_idx == idx - 1
        other = _subject(text, previous["end"] + 1, q.open_pos, mentions, quoted)[0]
        if prev_idx >= idx - 1 and (
            not _WORD3_RE.search(_strip_cue(gap, previous.get("cue")))
            or (opens_sentence and other in (None, previous["actor"]))
        ):
            return {**previous, "attribution": "continuation", "cue_span": None}
    # the sentence's subject speaks: "Bloomberg contrasted ..., saying “...”", "Perry pledges
    # to end “...”", "Weiner referred to a reporter as a “jackass”"
    participle = _PARTICIPLE_RE.search(head) if "ing" in head else None
    verb_at = participle.start() if participle else reporting_verb_end(head, head.casefold())
    if verb_at:
        cut = sent_start + (participle.start() if participle else verb_at)
        actor, kind, span = _subject(text, sent_start, cut, mentions, quoted)
        if actor is not None and span is not None:
            return {
                "speaker": text[span[0] : span[1]],
                "actor": actor,
                "type": kind,
                "cue": " ".join(text[span[0] : cut].split())[:120],
                "verb": None,
                "attribution": "subject",
                "cue_span": None,
            }
    if idx > 0:
        prev_sentence = text[s_starts[idx - 1] : s_ends[idx - 1]]
        p = (
            _NAME_VERB_RE.search(prev_sentence)
            or _VERB_NAME_END_RE.search(prev_sentence)
            or _PRONOUN_VERB_END_RE.search(prev_sentence)
        )
        if p:
            span = (s_starts[idx - 1] + p.start("speaker"), s_starts[idx - 1] + p.end("speaker"))
            if p.group("speaker").lower() in SPEAKER_PRONOUNS:
                actor, kind = _resolve_pronoun(p.group("speaker"), mentions, span[0], quoted, text)
            else:
                actor, kind = actor_in(span, mentions)
            if actor is not None:
                return {
                    "speaker": clean_speaker(p.group("speaker")),
                    "actor": actor,
                    "type": kind,
                    "cue": p.group(0),
                    "verb": p.group("verb").lower(),
                    "attribution": "previous_sentence",
                    "cue_span": None,
                }
    return dict(_NONE)


def _strip_cue(gap: str, cue: str | None) -> str:
    if cue:
        gap = gap.replace(cue, " ")
    return gap
