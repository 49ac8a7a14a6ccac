"""Direct quotes and who said them.

:func:`quotes` finds every direct quotation (curly or straight double quotes), also across
sentences and paragraphs (news style: a quote that runs on into the next paragraph opens it
again without closing the first), and survives an odd number of quote marks: an unclosed
quote runs to the end of its paragraph and is flagged ``balanced=False``.  The speaker comes
from a reporting verb on either side (“...,” McKenzie added / McKenzie said: “...” / said
Rep. John Garamendi), a pronoun resolved to the nearest person named before (“...,” he
said), the speaker of the quote just before (a continuation), or a reporting verb in the
sentence before (McKenzie believes ... “...”).
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
    BEFORE_RE,
    SPEAKER_PRONOUNS,
    VERB,
    classify,
    clean_source,
    clean_speaker,
    reporting_verb_end,
    said_in,
)
from analysis.sources.spans import (
    NO_MENTIONS,
    MentionIndex,
    actor_in,
    nearest_person,
    sentence_bounds,
    spans_by_doc,
)
from analysis.text import check_sentences, sentences

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
)
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
        ``same_sentence``, ``pronoun``, ``continuation``, ``previous_sentence`` or ``none``;
        ``balanced`` is False for a quote whose closing mark is missing; ``cue_start``,
        ``cue_end`` the offsets of the cue (-1 without one).
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
                )
            )
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
        }
    )


def _attribute(
    text: str,
    q: _Quote,
    s_starts: list[int],
    s_ends: list[int],
    mentions: MentionIndex,
    previous: dict[str, Any] | None,
    quoted: list[tuple[int, int]],
) -> dict[str, Any]:
    none = {
        "speaker": None,
        "actor": None,
        "type": None,
        "cue": None,
        "verb": None,
        "attribution": "none",
        "cue_span": None,
    }
    after_pos = (q.close_pos + 1) if q.close_pos is not None and q.close_pos < len(text) else q.end
    _, _, sent_end = sentence_bounds(s_starts, s_ends, max(after_pos - 1, 0))
    tail_end = min(
        sent_end, text.find("\n", after_pos) if "\n" in text[after_pos:sent_end] else sent_end
    )
    tail = text[after_pos:tail_end]
    m = AFTER_RE.match(tail)
    if m and q.close_pos is not None:
        base = after_pos
        if m.group("pron"):
            actor, kind = nearest_person(mentions, q.open_pos, quoted)
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
        key = "1" if m.group("verb1") else "2"
        span = (base + m.start(f"speaker{key}"), base + m.end(f"speaker{key}"))
        verb = m.group(f"verb{key}")
        speaker = clean_speaker(text[span[0] : span[1]])
        actor, kind = actor_in(span, mentions)
        cue_start = min(span[0], base + m.start(f"verb{key}"))
        cue_end = max(span[1], base + m.end(f"verb{key}"))
        return {
            "speaker": speaker,
            "actor": actor,
            "type": kind,
            "cue": " ".join(text[cue_start:cue_end].split()),
            "verb": verb.lower(),
            "attribution": "same_sentence",
            "cue_span": (cue_start, cue_end),
        }
    # a cue before the opening mark: "McKenzie said: “...”"
    idx, sent_start, _ = sentence_bounds(s_starts, s_ends, q.open_pos)
    head = text[sent_start : q.open_pos]
    b = BEFORE_RE.search(head)
    if b and head.strip():
        span = (sent_start + b.start("speaker"), sent_start + b.end("speaker"))
        speaker = clean_speaker(b.group("speaker"))
        if speaker.lower() in SPEAKER_PRONOUNS:
            actor, kind = nearest_person(mentions, q.open_pos, quoted)
            attribution = "pronoun"
        else:
            actor, kind = actor_in(span, mentions)
            attribution = "same_sentence"
        return {
            "speaker": speaker,
            "actor": actor,
            "type": kind,
            "cue": " ".join(text[span[0] : sent_start + b.end("verb")].split()),
            "verb": b.group("verb").lower(),
            "attribution": attribution,
            "cue_span": (span[0], sent_start + b.end("verb")),
        }
    # reported speech that embeds the quote: "a spokeswoman said the move was “...”"
    said = list(said_in(head, reporting_verb_end(head, head.casefold())))
    if said:
        last = said[-1]
        source = clean_source(last.group("source"))
        offset = sent_start + last.start("source") + last.group("source").find(source)
        span = (offset, offset + len(source))
        kind_name, actor = classify(source, span, mentions)
        kind = "anonymous" if kind_name == "anonymous" else actor_in(span, mentions)[1]
        return {
            "speaker": source,
            "actor": actor,
            "type": kind,
            "cue": " ".join(text[span[0] : sent_start + last.end("verb")].split()),
            "verb": last.group("verb").lower(),
            "attribution": "same_sentence",
            "cue_span": (span[0], sent_start + last.end("verb")),
        }
    # no cue in this sentence: the previous quote continues, or the sentence before names one
    if previous is not None and previous["actor"] is not None:
        gap = text[previous["end"] + 1 : q.open_pos]
        prev_idx = bisect.bisect_right(s_starts, previous["end"]) - 1
        if prev_idx >= idx - 1 and not re.search(
            r"[A-Za-z]{3,}", _strip_cue(gap, previous.get("cue"))
        ):
            return {**previous, "attribution": "continuation", "cue_span": None}
    if idx > 0:
        prev_sentence = text[s_starts[idx - 1] : s_ends[idx - 1]]
        name = r"(?P<speaker>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)"
        p = re.search(rf"{name}\s+(?P<verb>{VERB})\b", prev_sentence) or re.search(
            rf"\b(?P<verb>{VERB})\s+{name}\s*[.!?]?$", prev_sentence
        )
        if p:
            span = (s_starts[idx - 1] + p.start("speaker"), s_starts[idx - 1] + p.end("speaker"))
            if p.group("speaker").lower() in SPEAKER_PRONOUNS:
                actor, kind = nearest_person(mentions, span[0], quoted)
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
                }
    return none


def _strip_cue(gap: str, cue: str | None) -> str:
    if cue:
        gap = gap.replace(cue, " ")
    return gap
