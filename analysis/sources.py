"""Who says what: direct quotes and their speakers, reported speech, named and anonymous sources.

* :func:`quotes` finds every direct quotation (curly or straight double quotes), also across
  sentences and paragraphs (news style: a quote that runs on into the next paragraph opens
  it again without closing the first), and survives an odd number of quote marks: an
  unclosed quote runs to the end of its paragraph and is flagged ``balanced=False``.  The
  speaker comes from a reporting verb on either side (“...,” McKenzie added / McKenzie said:
  “...” / said Rep. John Garamendi), a pronoun resolved to the nearest person named before
  (“...,” he said), the speaker of the quote just before (a continuation), or a reporting
  verb in the sentence before (McKenzie believes ... “...”).
* :func:`attributions` finds reported speech without quotation marks ("according to X",
  "X said that ...", "officials claimed", "Officials Say" in a headline) and classifies each
  source as ``named_person``, ``named_organization``, ``anonymous`` (keeping its
  description, "three senior U.S. defense officials") or ``document``.
* :func:`source_summary` sums them up; :func:`quote_flags` marks the sentences inside quotes,
  and :func:`voice_documents` blanks one voice out so that any analysis can run on the
  journalist's words or the quoted words alone (offsets are kept).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import check_choice
from analysis.parallel import map_documents, resolve_jobs
from analysis.text import as_documents, sentences

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
ATTRIBUTION_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "sent_id",
    "start",
    "end",
    "source",
    "source_actor",
    "source_kind",
    "cue",
)
FLAG_COLUMNS: tuple[str, ...] = ("doc_id", "sent_id", "inside_quotes", "quoted_share")
SOURCE_KINDS: tuple[str, ...] = ("named_person", "named_organization", "anonymous", "document")

REPORTING_VERBS: tuple[str, ...] = tuple(
    """said says say added adds told tells explained explains stated states claimed claims
    asked asks warned warns noted notes insisted insists argued argues continued wrote writes
    admitted admits acknowledged acknowledges declared declares announced announces replied
    replies responded responds urged urges conceded concedes remarked remarks stressed
    stresses believes believe believed thinks think thought suggested suggests confirmed
    confirms denied denies alleged alleges maintained maintains predicted predicts
    recalled recalls revealed reveals reported reports""".split()
)


def _trie_pattern(words: Sequence[str]) -> str:
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


_VERB = _trie_pattern(REPORTING_VERBS)
_PRONOUNS = ("he", "she", "they", "i", "we")
#: Head nouns of unnamed sources; the whole phrase is kept as the description.
ANONYMOUS_NOUNS: frozenset[str] = frozenset(
    """officials official authorities authority sources source people aides aide diplomats
    diplomat insiders insider observers critics residents witnesses commanders officers
    lawmakers investigators analysts experts spokesman spokeswoman spokesperson someone
    person individuals staff employees executives advisers advisors""".split()
)
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    """report statement study survey document documents memo filing letter data figures poll
    research analysis review release reports statements guidance""".split()
)
ORGANIZATION_NOUNS: frozenset[str] = frozenset(
    """company firm group bank government ministry department party police agency council
    commission committee court club board union army military""".split()
)
_ORG_TYPES = frozenset(
    {"organization", "government_body", "armed_group", "country", "people", "place"}
)

# straight quotes open after start/space/opening punctuation, close otherwise
_MARK_RE = re.compile(r"[“”\"]")
_SPEAKER = r"(?P<speaker>[A-Z][^.!?“”\"]{0,120}?|(?:he|she|they|I|we))"
# the tail after a closing mark is clipped to its sentence, so a speaker may hold periods
# ("Marine Gen. Frank McKenzie, commander of U.S. Central Command, said")
_AFTER_RE = re.compile(
    rf"^[\s,]*(?:(?P<pron>he|she|they|I|we)\s+(?P<pverb>{_VERB})\b"
    rf"|(?P<verb1>{_VERB})\s+(?P<speaker1>(?:(?:a|an|the)\s+)?[A-Za-z][^!?“”\"]{{0,120}}?)(?=[,;]|\.?$)"
    rf"|(?P<speaker2>(?!(?:while|and|but|as|although|though|because|whereas|if|when)\b)"
    rf"(?:[a-z][\w-]*\s+){{0,6}}[A-Z][^!?“”\"]{{0,120}}?),?\s+"
    rf"(?:has\s+|had\s+|have\s+)?(?P<verb2>{_VERB})\b)"
)
_BEFORE_RE = re.compile(
    rf"(?:^|[.!?]\s+|\n)\s*{_SPEAKER}\s+(?:has\s+|had\s+)?(?P<verb>{_VERB})(?:\s+that)?\s*[:,]?\s*$"
)
_ACCORDING_RE = re.compile(
    r"\baccording to (?P<source>(?:(?:[A-Z]\.){2,}|[^,.;:!?“”\"]){2,120})", re.IGNORECASE
)
# a reporting verb as a whole word, in casefolded text (twice as fast as ``(?i:...)``)
_VERB_WORD_RE = re.compile(rf"\b(?:{_VERB})\b")


def _verb_end(text: str, folded: str) -> int:
    """Where the sentence's last reporting verb ends; 0 if it has none.

    Every match of the "X said" patterns ends with a verb, so a search can stop there.
    ``folded`` is ``text.casefold()``: its offsets are those of the text when it is ASCII;
    other text (casefolding may change its length) gives its full length.
    """
    ends = [m.end() for m in _VERB_WORD_RE.finditer(folded)]
    if not ends:
        return 0
    return ends[-1] if text.isascii() else len(text)


_SOURCE_NOUNS = _trie_pattern(sorted(ANONYMOUS_NOUNS | DOCUMENT_NOUNS | ORGANIZATION_NOUNS))
_NAMED = r"[A-Z][^,.;:!?“”\"]{0,100}?"  # a capitalised name or phrase
# or an unnamed source: "three senior U.S. defense officials"
_UNNAMED = (
    rf"(?:the |three |two |some |many |several |senior |U\.S\. |US |\w+ ){{0,5}}(?:{_SOURCE_NOUNS})"
)
_SAID_TAIL = (
    r"(?:,(?:(?!\b(?:was|is|are|were|but|and)\b)[^,]){1,60},)?"  # ", D-Calif.,"
    rf"\s+(?:have\s+|has\s+|had\s+)?(?:publicly\s+|also\s+)?(?P<verb>(?i:{_VERB}))\b"
)
# sources start at a word start ("4Cast said" is not "Cast said")
_SAID_RE = re.compile(rf"(?<!\w)(?P<source>{_NAMED}|{_UNNAMED}){_SAID_TAIL}")
# the same without unnamed sources, for sentences with no source noun: it finds the same
# matches there, many times faster
_SAID_NAMED_RE = re.compile(rf"(?<!\w)(?P<source>{_NAMED}){_SAID_TAIL}")
_SOURCE_NOUN_RE = re.compile(rf"(?:{_SOURCE_NOUNS})[\s,]")


def _said_in(text: str, verb_end: int) -> Iterator[re.Match[str]]:
    """Matches of "X said" in ``text`` up to ``verb_end`` (:func:`_verb_end`)."""
    said_re = _SAID_RE if _SOURCE_NOUN_RE.search(text, 0, verb_end) else _SAID_NAMED_RE
    return said_re.finditer(text, 0, verb_end)


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


def _sentence_bounds(starts: list[int], ends: list[int], pos: int) -> tuple[int, int, int]:
    i = max(bisect.bisect_right(starts, pos) - 1, 0)
    return i, starts[i], ends[i]


def _clean_speaker(speaker: str) -> str:
    speaker = speaker.strip().strip(",").strip()
    if speaker.endswith(".") and not re.search(
        r"(?:\b[A-Z]\.)+$|\b(?:Jr|Sr|Inc|Corp|Co)\.$", speaker
    ):
        speaker = speaker[:-1]
    speaker = re.sub(
        r"\s+(?:on|at|in)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b.*$",
        "",
        speaker,
    )
    speaker = re.sub(
        r"\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)$",
        "",
        speaker,
    )
    return speaker.strip().strip(",").strip()


@dataclass
class _Mentions:
    """One document's actor mentions as sorted lists, for fast span look-ups."""

    starts: list[int]
    ends: list[int]
    actors: list[Any]
    types: list[Any]

    @classmethod
    def by_doc(cls, frame: pd.DataFrame) -> dict[Any, _Mentions]:
        """Each document's mentions in ``frame``, sorted by start (stable)."""
        if frame.empty:
            return {}
        codes, doc_ids = pd.factorize(frame["doc_id"], sort=False)
        order = np.lexsort((frame["start"].to_numpy(), codes))  # stable, like mergesort
        cuts = np.flatnonzero(np.diff(codes[order])) + 1
        columns = [frame[c].to_numpy(dtype=object)[order] for c in ("start", "end", "actor")]
        types = frame["type"].to_numpy(dtype=object)[order]
        out = {}
        bounds = zip([0, *cuts.tolist()], [*cuts.tolist(), len(order)], strict=True)
        for lo, hi in bounds:
            doc_id = doc_ids[codes[order[lo]]]
            starts, ends, actors = (c[lo:hi].tolist() for c in columns)
            out[doc_id] = cls(starts, ends, actors, types[lo:hi].tolist())
        return out


_NO_MENTIONS = _Mentions([], [], [], [])


def _spans_by_doc(frame: pd.DataFrame, start: str, end: str) -> dict[Any, list[tuple[int, int]]]:
    """``(start, end)`` pairs of ``frame`` by document, in table order."""
    out: dict[Any, list[tuple[int, int]]] = {}
    columns = (frame[c].tolist() for c in ("doc_id", start, end))
    for doc_id, a, b in zip(*columns, strict=True):
        out.setdefault(doc_id, []).append((a, b))
    return out


def _actor_in(
    span: tuple[int, int], mentions: _Mentions, *, prefer: str = "person"
) -> tuple[Any, Any]:
    """The first actor named inside ``span`` (a person if there is one)."""
    first = None
    i = bisect.bisect_left(mentions.starts, span[0])
    while i < len(mentions.starts) and mentions.starts[i] < span[1]:
        if mentions.ends[i] <= span[1]:
            if mentions.types[i] == prefer:
                return mentions.actors[i], mentions.types[i]
            first = first or (mentions.actors[i], mentions.types[i])
        i += 1
    return first or (None, None)


def _nearest_person(
    mentions: _Mentions, before: int, quoted: Sequence[tuple[int, int]] = ()
) -> tuple[Any, Any]:
    """The person named last before ``before``, leaving out names inside quotes."""
    i = bisect.bisect_left(mentions.starts, before) - 1
    while i >= 0:
        if mentions.types[i] == "person" and mentions.ends[i] <= before:
            start = mentions.starts[i]
            if not any(s <= start < e for s, e in quoted):
                return mentions.actors[i], mentions.types[i]
        i -= 1
    return None, None


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
    from analysis.actors import actor_mentions

    docs = as_documents(docs)
    if resolve_jobs(n_jobs) > 1:
        frames = {"mentions": mentions, "sents": sents}
        return map_documents(quotes, docs, n_jobs=n_jobs, frames=frames)
    sents = sentences(docs) if sents is None else sents
    if mentions is None:
        mentions = actor_mentions(docs, sents=sents)
    by_doc_mentions = _Mentions.by_doc(mentions)
    by_doc_sents = _spans_by_doc(sents, "start", "end")
    rows: list[tuple[Any, ...]] = []
    for doc_id, text in zip(docs["doc_id"].tolist(), docs["text"].tolist(), strict=True):
        if not isinstance(text, str) or not text:
            continue
        doc_mentions = by_doc_mentions.get(doc_id, _NO_MENTIONS)
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
    mentions: _Mentions,
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
    _, _, sent_end = _sentence_bounds(s_starts, s_ends, max(after_pos - 1, 0))
    tail_end = min(
        sent_end, text.find("\n", after_pos) if "\n" in text[after_pos:sent_end] else sent_end
    )
    tail = text[after_pos:tail_end]
    m = _AFTER_RE.match(tail)
    if m and q.close_pos is not None:
        base = after_pos
        if m.group("pron"):
            actor, kind = _nearest_person(mentions, q.open_pos, quoted)
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
        speaker = _clean_speaker(text[span[0] : span[1]])
        actor, kind = _actor_in(span, mentions)
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
    idx, sent_start, _ = _sentence_bounds(s_starts, s_ends, q.open_pos)
    head = text[sent_start : q.open_pos]
    b = _BEFORE_RE.search(head)
    if b and head.strip():
        span = (sent_start + b.start("speaker"), sent_start + b.end("speaker"))
        speaker = _clean_speaker(b.group("speaker"))
        if speaker.lower() in _PRONOUNS:
            actor, kind = _nearest_person(mentions, q.open_pos, quoted)
            attribution = "pronoun"
        else:
            actor, kind = _actor_in(span, mentions)
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
    said = list(_said_in(head, _verb_end(head, head.casefold())))
    if said:
        last = said[-1]
        source = _clean_source(last.group("source"))
        offset = sent_start + last.start("source") + last.group("source").find(source)
        span = (offset, offset + len(source))
        kind_name, actor = _classify(source, span, mentions)
        kind = "anonymous" if kind_name == "anonymous" else _actor_in(span, mentions)[1]
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
        p = re.search(rf"{name}\s+(?P<verb>{_VERB})\b", prev_sentence) or re.search(
            rf"\b(?P<verb>{_VERB})\s+{name}\s*[.!?]?$", prev_sentence
        )
        if p:
            span = (s_starts[idx - 1] + p.start("speaker"), s_starts[idx - 1] + p.end("speaker"))
            if p.group("speaker").lower() in _PRONOUNS:
                actor, kind = _nearest_person(mentions, span[0], quoted)
            else:
                actor, kind = _actor_in(span, mentions)
            if actor is not None:
                return {
                    "speaker": _clean_speaker(p.group("speaker")),
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


def _classify(source: str, span: tuple[int, int], mentions: _Mentions) -> tuple[str, Any]:
    words = re.findall(r"[\w’'-]+", source.lower())
    head = words[-1] if words else ""
    if head in ANONYMOUS_NOUNS:
        return "anonymous", None
    if head in DOCUMENT_NOUNS:
        return "document", None
    actor, kind = _actor_in(span, mentions)
    if kind == "person":
        return "named_person", actor
    if kind in _ORG_TYPES:
        return "named_organization", actor
    if head in ORGANIZATION_NOUNS:
        return "named_organization", None
    if head in _PRONOUNS:
        return "named_person", None
    return ("named_person" if source[:1].isupper() else "anonymous"), None


def attributions(
    docs: Any,
    mentions: pd.DataFrame | None = None,
    *,
    sents: pd.DataFrame | None = None,
    quote_table: pd.DataFrame | None = None,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """Reported speech without quotation marks, and the kind of each source.

    Finds "according to X", "X said/stated/claimed/added/told/explained/believes (that)",
    and "officials say" in a headline.

    Args:
        docs: A documents table or a list of texts.
        mentions: :func:`analysis.actor_mentions` of ``docs`` (default lexicon if not given).
        sents: :func:`analysis.sentences` of ``docs``, if already computed.
        quote_table: :func:`quotes` of ``docs``, if already computed: quoted words and the
            cues of direct quotes are not reported speech and are skipped.
        n_jobs: Worker processes (``-1``: one per core); documents are split into chunks
            and the rows are the same, in the same order, as with ``1``.

    Returns:
        DataFrame with columns ``doc_id, sent_id, start, end, source, source_actor,
        source_kind, cue``: ``source`` is the phrase naming the source (``start``/``end`` its
        offsets), kept whole for unnamed sources ("three senior U.S. defense officials");
        ``source_actor`` the actor it names, if any; ``source_kind`` one of
        ``named_person``, ``named_organization``, ``anonymous``, ``document``; ``cue`` the
        words that mark the attribution.  Pronoun sources ("he said") resolve to the
        nearest person named before.
    """
    from analysis.actors import actor_mentions

    docs = as_documents(docs)
    if resolve_jobs(n_jobs) > 1:
        frames = {"mentions": mentions, "sents": sents, "quote_table": quote_table}
        return map_documents(attributions, docs, n_jobs=n_jobs, frames=frames)
    sents = sentences(docs) if sents is None else sents
    if mentions is None:
        mentions = actor_mentions(docs, sents=sents)
    if quote_table is None:
        quote_table = quotes(docs, mentions, sents=sents)
    by_doc_mentions = _Mentions.by_doc(mentions)
    spans = _spans_by_doc(quote_table, "start", "end")
    with_cue = (
        quote_table[quote_table["cue_start"] >= 0]
        if "cue_start" in quote_table
        else quote_table.iloc[:0]
    )
    cues = _spans_by_doc(with_cue, "cue_start", "cue_end")
    rows: list[tuple[Any, ...]] = []
    columns = (sents[c].tolist() for c in ("doc_id", "sent_id", "start", "text"))
    for doc_id, sent_id, sent_start, text in zip(*columns, strict=True):
        folded = text.casefold()
        verb_end = _verb_end(text, folded)
        # "ACCORDING TO" too; non-ASCII text goes to the case-insensitive pattern as it is
        according = "according" in folded or not text.isascii()
        if not verb_end and not according:
            continue
        doc_mentions = by_doc_mentions.get(doc_id, _NO_MENTIONS)
        quote_free = _blank_quotes(text, sent_start, spans.get(doc_id, []))
        for m in _ACCORDING_RE.finditer(quote_free) if according else ():
            source = m.group("source").strip()
            span = (sent_start + m.start("source"), sent_start + m.start("source") + len(source))
            kind, actor = _classify(source, span, doc_mentions)
            rows.append(
                (
                    doc_id,
                    sent_id,
                    *span,
                    source,
                    actor,
                    kind,
                    m.group(0).split(" ")[0] + " to",
                )
            )
        quote_free = quote_free.replace("\x00", " ")
        doc_cues = cues.get(doc_id, [])
        for m in _said_in(quote_free, verb_end):
            a, b = sent_start + m.start(), sent_start + m.end()
            if any(a < ce and cs < b for cs, ce in doc_cues):
                continue  # the cue of a direct quote, not reported speech
            source = _clean_source(m.group("source"))
            if not source or source.lower() in ("it", "this", "that"):
                continue
            offset = m.start("source") + m.group("source").find(source)
            span = (sent_start + offset, sent_start + offset + len(source))
            if source.lower() in _PRONOUNS:
                actor, _ = _nearest_person(doc_mentions, span[0], spans.get(doc_id, []))
                kind = "named_person"
            else:
                kind, actor = _classify(source, span, doc_mentions)
            rows.append((doc_id, sent_id, *span, source, actor, kind, m.group("verb").lower()))
    out = pd.DataFrame(rows, columns=list(ATTRIBUTION_COLUMNS))
    out = out.sort_values(["doc_id", "start"], kind="mergesort", key=_doc_order(docs)).reset_index(
        drop=True
    )
    return out.astype({"sent_id": np.int64, "start": np.int64, "end": np.int64})


def _blank_quotes(sentence: str, offset: int, spans: list[tuple[int, int]]) -> str:
    """The sentence with quoted words and their marks replaced by NUL characters."""
    cuts = [
        (max(s - 1 - offset, 0), min(e + 1 - offset, len(sentence)))
        for s, e in spans
        if s - 1 - offset < len(sentence) and e + 1 - offset > 0
    ]
    if not cuts:
        return sentence
    chars = list(sentence)
    for lo, hi in cuts:
        chars[lo:hi] = "\x00" * (hi - lo)
    return "".join(chars)


def _clean_source(source: str) -> str:
    """Trim openers and clauses from a matched source phrase ("On Monday Lib Dem ... Beith")."""
    source = re.sub(r"^(?:However|But|And|While|Yet|So|Meanwhile),?\s+", "", source.strip())
    source = re.sub(
        r"^(?:On|In|At|Last|This)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year)\s+",
        "",
        source,
    )
    source = re.sub(r"^.*\b(?:what|that|as|which|who)\s+", "", source)
    return source.strip()


def _doc_order(docs: pd.DataFrame):
    order = {d: i for i, d in enumerate(docs["doc_id"])}

    def key(column: pd.Series) -> pd.Series:
        return column.map(order) if column.name == "doc_id" else column

    return key


def quote_flags(sents: pd.DataFrame, quote_table: pd.DataFrame) -> pd.DataFrame:
    """Which sentences are quoted speech, to join with sentence-level tables.

    Args:
        sents: :func:`analysis.sentences` output.
        quote_table: :func:`quotes` output for the same documents.

    Returns:
        DataFrame with columns ``doc_id, sent_id, inside_quotes, quoted_share``:
        ``quoted_share`` is the share of the sentence's characters inside quotation marks;
        ``inside_quotes`` is ``quoted_share >= 0.5``.  Join on ``doc_id, sent_id``.
    """
    spans = _spans_by_doc(quote_table, "start", "end")
    shares = []
    for row in sents.itertuples(index=False):
        covered = sum(
            max(0, min(row.end, e) - max(row.start, s)) for s, e in spans.get(row.doc_id, [])
        )
        shares.append(covered / max(row.end - row.start, 1))
    out = sents[["doc_id", "sent_id"]].reset_index(drop=True).copy()
    out["quoted_share"] = np.asarray(shares, dtype=float)
    out["inside_quotes"] = out["quoted_share"] >= 0.5
    return out[list(FLAG_COLUMNS)]


def voice_documents(
    docs: Any, quote_table: pd.DataFrame | None = None, *, voice: str = "journalist"
) -> pd.DataFrame:
    """The documents with one voice blanked out, offsets unchanged.

    Args:
        docs: A documents table or a list of texts.
        quote_table: :func:`quotes` of ``docs`` (computed if not given).
        voice: ``"journalist"`` keeps the text outside quotation marks; ``"quoted"`` keeps
            only the quoted words.  Everything else becomes spaces (newlines are kept), so
            every offset still points into the original text.

    Returns:
        A documents table like ``docs`` with the ``text`` column blanked.
    """
    check_choice("voice", voice, ("journalist", "quoted"))
    docs = as_documents(docs)
    quote_table = quotes(docs) if quote_table is None else quote_table
    spans = _spans_by_doc(quote_table, "start", "end")
    texts = []
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        chars = list(text)
        inside = np.zeros(len(text), dtype=bool)
        for s, e in spans.get(doc_id, []):
            inside[max(s - 1, 0) : min(e + 1, len(text))] = True  # the marks go with the quote
        blank = inside if voice == "journalist" else ~inside
        for i in np.flatnonzero(blank):
            if chars[i] != "\n":
                chars[i] = " "
        texts.append("".join(chars))
    out = docs.copy()
    out["text"] = texts
    return out


def source_summary(
    docs: Any,
    quote_table: pd.DataFrame,
    attribution_table: pd.DataFrame,
    *,
    by: str = "doc",
) -> pd.DataFrame:
    """Sourcing at a glance, per document, for the corpus, or per speaker.

    Args:
        docs: The documents table.
        quote_table: :func:`quotes` output.
        attribution_table: :func:`attributions` output.
        by: ``"doc"``, ``"corpus"`` or ``"speaker"``.

    Returns:
        For ``"doc"`` and ``"corpus"``: columns ``doc_id`` (doc only), ``n_quotes``,
        ``words_quoted``, ``share_quoted`` (quoted characters / all characters),
        ``n_attributions``, ``share_anonymous`` (of attributions), ``n_speakers``.
        For ``"speaker"``: ``speaker_actor, n_quotes, words_quoted, verbs`` where ``verbs``
        lists the reporting verbs used with their counts ("said 3, added 1"), sorted by
        quotes (descending), then name.
    """
    check_choice("by", by, ("doc", "corpus", "speaker"))
    docs = as_documents(docs)
    q = quote_table.assign(words=quote_table["text"].str.split().str.len().fillna(0).astype(int))
    if by == "speaker":
        named = q.assign(speaker_actor=q["speaker_actor"].fillna("(unattributed)"))
        verbs = named.groupby("speaker_actor")["cue_verb"].agg(
            lambda s: ", ".join(
                f"{v} {n}" for v, n in s.dropna().value_counts().sort_index().items()
            )
        )
        out = named.groupby("speaker_actor").agg(
            n_quotes=("quote_id", "size"), words_quoted=("words", "sum")
        )
        out["verbs"] = verbs
        out = out.reset_index().sort_values(
            ["n_quotes", "speaker_actor"], ascending=[False, True], kind="mergesort"
        )
        return out.reset_index(drop=True)
    lengths = pd.Series(
        docs["n_chars"].to_numpy() if "n_chars" in docs else docs["text"].str.len().to_numpy(),
        index=docs["doc_id"],
    )
    quoted_chars = (q["end"] - q["start"]).groupby(q["doc_id"]).sum()
    table = pd.DataFrame(index=pd.Index(docs["doc_id"], name="doc_id"))
    table["n_quotes"] = q.groupby("doc_id").size().reindex(table.index, fill_value=0)
    table["words_quoted"] = q.groupby("doc_id")["words"].sum().reindex(table.index, fill_value=0)
    table["quoted_chars"] = quoted_chars.reindex(table.index, fill_value=0)
    table["n_attributions"] = (
        attribution_table.groupby("doc_id").size().reindex(table.index, fill_value=0)
    )
    table["n_anonymous"] = (
        attribution_table[attribution_table["source_kind"] == "anonymous"]
        .groupby("doc_id")
        .size()
        .reindex(table.index, fill_value=0)
    )
    table["n_speakers"] = (
        q.dropna(subset=["speaker_actor"])
        .groupby("doc_id")["speaker_actor"]
        .nunique()
        .reindex(table.index, fill_value=0)
    )
    table["chars"] = lengths.reindex(table.index).fillna(0)
    if by == "corpus":
        total = table.sum(numeric_only=True)
        table = pd.DataFrame([total])
        table["n_speakers"] = q["speaker_actor"].dropna().nunique()
    table["share_quoted"] = table["quoted_chars"] / table["chars"].where(table["chars"] > 0)
    table["share_anonymous"] = table["n_anonymous"] / table["n_attributions"].where(
        table["n_attributions"] > 0
    )
    columns = [
        "n_quotes",
        "words_quoted",
        "share_quoted",
        "n_attributions",
        "share_anonymous",
        "n_speakers",
    ]
    if by == "doc":
        return table.reset_index()[["doc_id", *columns]]
    return table[columns].astype(
        {"n_quotes": np.int64, "words_quoted": np.int64, "n_attributions": np.int64}
    )
