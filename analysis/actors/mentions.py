"""Actor mentions: lexicon matches, coreference of surnames, and discovered names.

:func:`actor_mentions` finds every alias of the lexicon in each document, names the lexicon
lacks (:mod:`analysis.actors.discovery`), and links a later surname to the person first
named in full (coreference).  :func:`discover_actors` lists the discovered names to review.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from analysis.actors.discovery import Candidate, candidate_runs, common_words, typed_names
from analysis.actors.lexicon import Lexicon, as_lexicon
from analysis.actors.matching import Matcher, is_word_char, matcher_for
from analysis.actors.names import name_model
from analysis.corpus import as_documents, check_table
from analysis.parallel import map_documents, resolve_jobs
from analysis.segment import headline_span
from analysis.text import check_sentences, sentence_starts, sentences
from analysis.wordlists import STOP_WORDS

MENTION_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "sent_id",
    "start",
    "end",
    "surface",
    "actor",
    "type",
    "affiliation",
    "method",
    "confidence",
)
CANDIDATE_COLUMNS: tuple[str, ...] = ("name", "type", "confidence", "mentions", "docs", "example")


def _surname(name: str) -> str | None:
    parts = name.split()
    if len(parts) < 2:
        return None
    last = parts[-1]
    return last if last[:1].isupper() and len(last) > 2 and last.lower() not in STOP_WORDS else None


class Mention(NamedTuple):
    """One mention of an actor in a document, while the document is read."""

    start: int
    end: int
    surface: str
    actor: str
    type: str
    affiliation: str | None
    method: str
    confidence: float


def _lexicon_mentions(text: str, matcher: Matcher) -> list[Mention]:
    """The lexicon's matches in one document."""
    return [
        Mention(
            s,
            e,
            text[s:e],
            matcher.actors[i].name,
            matcher.actors[i].type,
            matcher.actors[i].affiliation,
            "lexicon",
            1.0,
        )
        for s, e, i in matcher.find(text)
    ]


def _with_names(text: str, mentions: list[Mention], found: list[Candidate]) -> list[Mention]:
    """The lexicon's ``mentions`` with the names discovery ``found`` (before coreference)."""
    for c in found:
        if c.replaces:
            mentions = [m for m in mentions if (m.start, m.end) not in c.replaces]
        mentions.append(
            Mention(
                c.start,
                c.end,
                text[c.start : c.end],
                c.name,
                c.type,
                None,
                "discovered",
                c.confidence,
            )
        )
    return mentions


def actor_mentions(
    docs: Any,
    lexicon: Lexicon | str | Path | None = None,
    *,
    discover: bool = True,
    sents: pd.DataFrame | None = None,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """Every mention of an actor in every document.

    Args:
        docs: A documents table from :func:`analysis.load_corpus`, or a list of texts.
        lexicon: A :class:`Lexicon`, a path to a YAML lexicon (added to the default one), or
            ``None`` for the default lexicon.
        discover: Also report capitalised names the lexicon lacks (``method="discovered"``).
        sents: :func:`analysis.sentences` of ``docs``, if already computed.
        n_jobs: Worker processes (``-1``: one per core); documents are split into chunks
            and the rows are the same, in the same order, as with ``1``.

    Returns:
        DataFrame with columns ``doc_id, sent_id, start, end, surface, actor, type,
        affiliation, method, confidence``, in document order.  ``surface`` is
        ``text[start:end]``; ``actor`` the canonical name (titles stripped: "Marine Gen.
        Frank McKenzie" is ``Frank McKenzie``); ``method`` is ``lexicon``, ``coreference``
        (a later surname of a person named in full earlier in the same document) or
        ``discovered``; ``confidence`` is 1 for the lexicon, the cue's confidence for a
        discovered name (see :func:`discover_actors`), the full name's for coreference.

    Example:
        >>> m = actor_mentions(["Gen. Frank McKenzie met the Taliban. McKenzie left."])
        >>> m[["surface", "method"]].values.tolist()
        [['Frank McKenzie', 'lexicon'], ['Taliban', 'lexicon'], ['McKenzie', 'coreference']]
    """
    if resolve_jobs(n_jobs) > 1:
        return map_documents(
            actor_mentions,
            as_documents(docs),
            n_jobs=n_jobs,
            frames={"sents": sents},
            lexicon=as_lexicon(lexicon),
            discover=discover,
        )
    return _collect_mentions(docs, lexicon, discover=discover, sents=sents)


def _collect_mentions(
    docs: Any, lexicon: Lexicon | str | Path | None, *, discover: bool, sents: pd.DataFrame | None
) -> pd.DataFrame:
    """The mentions table."""
    matcher = matcher_for(as_lexicon(lexicon))
    docs = as_documents(docs)
    sents = sentences(docs) if sents is None else check_sentences(sents, docs)
    starts_by_doc = sentence_starts(sents)
    rows: list[tuple[Any, ...]] = []
    read = [
        (doc_id, text, starts_by_doc.get(doc_id, [0]))
        for doc_id, text in zip(docs["doc_id"].tolist(), docs["text"].tolist(), strict=True)
        if isinstance(text, str) and text
    ]
    lexicon_found = [_lexicon_mentions(text, matcher) for _, text, _ in read]
    if discover:
        # every document's candidate runs, then the name model once for the chunk
        taken = [sorted((m.start, m.end) for m in found) for found in lexicon_found]
        runs = []
        for (_, text, starts), spans in zip(read, taken, strict=True):
            head = headline_span(text)
            runs.append(candidate_runs(text, starts, head[1] if head else 0, spans))
        names = iter(name_model().names([run for doc_runs in runs for run in doc_runs]))
    for j, (doc_id, text, sent_starts) in enumerate(read):
        mentions = lexicon_found[j]
        if discover:
            found = [next(names) for _ in runs[j]]
            kinds = {(m.start, m.end): m.type for m in mentions}
            candidates = typed_names(text, runs[j], found, taken[j], kinds)
            mentions = _with_names(text, mentions, candidates)
        mentions = _resolve_surnames(text, mentions)
        mentions.sort(key=lambda m: (m.start, m.end))
        for m in mentions:
            sent_id = max(bisect.bisect_right(sent_starts, m.start) - 1, 0)
            rows.append((doc_id, sent_id, *m))
    out = pd.DataFrame(rows, columns=list(MENTION_COLUMNS))
    return out.astype(
        {"sent_id": np.int64, "start": np.int64, "end": np.int64, "confidence": np.float64}
    )


def _find_words(text: str, words: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """Whole-word occurrences of ``words`` in ``text``, left to right, never overlapping.

    What ``re.finditer(r"(?<![\\w-])(longest|...|shortest)(?![\\w-])", text)`` finds, without
    compiling a pattern for every document's list of words.
    """
    found = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or not is_word_char(text[at - 1])) and (
                end == len(text) or not is_word_char(text[end])
            ):
                found.append((at, -len(word), word))
            at = text.find(word, at + 1)
    pos = 0
    for at, negative_length, word in sorted(found):
        if at >= pos:
            pos = at - negative_length
            yield at, pos, word


def _as_coreference(m: Mention, full: Mention, surface: str | None = None) -> Mention:
    return m._replace(
        surface=m.surface if surface is None else surface,
        actor=full.actor,
        type=full.type,
        affiliation=full.affiliation,
        method="coreference",
        confidence=full.confidence,
    )


def _resolve_surnames(text: str, mentions: list[Mention]) -> list[Mention]:
    """Link later surnames to persons named in full earlier; merge discovered duplicates."""
    persons: dict[str, Mention] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.type == "person" and m.method != "coreference":
            surname = _surname(m.actor)
            if surname and surname not in persons:
                persons[surname] = m
    if not persons:
        return mentions
    out = []
    for m in mentions:
        # a discovered single word that is a known person's surname, after the full name
        if m.method == "discovered" and m.actor in persons and m.start >= persons[m.actor].end:
            out.append(_as_coreference(m, persons[m.actor]))
        else:
            out.append(m)
    taken = sorted((m.start, m.end) for m in out)
    starts = [s for s, _ in taken]
    ends = [e for _, e in taken]
    for start, end, surname in _find_words(text, list(persons)):
        full = persons[surname]
        if start < full.end:
            continue
        i = bisect.bisect_left(starts, end)
        if i and ends[i - 1] > start:
            continue
        out.append(_as_coreference(Mention(start, end, surname, "", "", None, "", 0.0), full))
    return out


def discover_actors(
    docs: Any,
    lexicon: Lexicon | str | Path | None = None,
    *,
    min_count: int = 1,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Names the lexicon lacks, with counts and an example, for an analyst to review.

    Args:
        docs: A documents table or a list of texts.
        lexicon: As in :func:`actor_mentions`.
        min_count: Keep names seen at least this often (mentions, coreference included).
        mentions: :func:`actor_mentions` of ``docs`` with discovery, if already found.

    Returns:
        DataFrame with columns ``name, type, confidence, mentions, docs, example``: the
        guessed type and its confidence (0-1, from the cue that found it: a title 0.9, an
        organization word 0.8, a reporting cue 0.7, capitalised words alone 0.5, an acronym
        0.5, a place preposition 0.4), sorted by mentions (descending), then name.
        Promote them with :func:`lexicon_template`.
    """
    docs_table = as_documents(docs)
    if mentions is None:
        mentions = _collect_mentions(docs_table, lexicon, discover=True, sents=None)
    check_table(mentions, name="mentions", columns=MENTION_COLUMNS, docs=docs_table)
    discovered = mentions[mentions["method"] == "discovered"]
    confidence = discovered.groupby("actor")["confidence"].max()
    found = mentions[mentions["method"] != "lexicon"]
    found = found[
        found["actor"].isin(set(mentions.loc[mentions["method"] == "discovered", "actor"]))
    ]
    if found.empty:
        return pd.DataFrame(columns=list(CANDIDATE_COLUMNS))
    texts = dict(zip(docs_table["doc_id"].tolist(), docs_table["text"].tolist(), strict=True))
    first = found.drop_duplicates("actor")
    examples = {
        actor: _context(texts[doc_id], start, end)
        for actor, doc_id, start, end in zip(
            *(first[c].tolist() for c in ("actor", "doc_id", "start", "end")), strict=True
        )
    }
    out = found.groupby("actor", sort=False).agg(
        mentions=("actor", "size"), docs=("doc_id", "nunique")
    )
    # the most frequent type of each name (ties: the first in alphabetical order)
    types = found.groupby(["actor", "type"]).size().rename("n").reset_index()
    types = types.sort_values(["actor", "n", "type"], ascending=[True, False, True])
    out["type"] = types.drop_duplicates("actor").set_index("actor")["type"]
    out = out.reset_index().rename(columns={"actor": "name"})
    out["confidence"] = out["name"].map(confidence).fillna(0.0)
    out["example"] = out["name"].map(examples)
    out = out[out["mentions"] >= min_count]
    out = out.sort_values(["mentions", "name"], ascending=[False, True], kind="mergesort")
    return out.reset_index(drop=True)[list(CANDIDATE_COLUMNS)]


def _context(text: str, start: int, end: int, width: int = 70) -> str:
    """About ``width`` characters either side of ``text[start:end]``, cut between words."""
    left, right = max(0, start - width), min(len(text), end + width)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else right
    snippet = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + snippet + ("…" if right < len(text) else "")


def warm_up(lexicon: Lexicon | str | Path | None = None) -> None:
    """Build the lexicon's matcher and read the word lists once, before worker processes
    are forked from this one (they inherit them instead of each loading them again)."""
    common_words()
    name_model()
    matcher_for(as_lexicon(lexicon))
