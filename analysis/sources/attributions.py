"""Reported speech without quotation marks, and the kind of each source.

"according to X", "X said/stated/claimed/added/told/explained/believes (that)", and
"officials say" in a headline; each source is a named person, a named organization, an
anonymous source (its description kept: "three senior U.S. defense officials") or a
document.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.actors import actor_mentions
from analysis.corpus import as_documents, check_table
from analysis.parallel import map_documents, resolve_jobs
from analysis.sources.cues import (
    ACCORDING_RE,
    SPEAKER_PRONOUNS,
    classify,
    clean_source,
    reporting_verb_end,
    said_in,
)
from analysis.sources.quotes import MENTION_KEYS, quotes
from analysis.sources.spans import (
    NO_MENTIONS,
    MentionIndex,
    doc_order,
    nearest_person,
    spans_by_doc,
)
from analysis.text import check_sentences, sentences

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

    docs = as_documents(docs)
    if resolve_jobs(n_jobs) > 1:
        frames = {"mentions": mentions, "sents": sents, "quote_table": quote_table}
        return map_documents(attributions, docs, n_jobs=n_jobs, frames=frames)
    sents = sentences(docs) if sents is None else check_sentences(sents, docs)
    if mentions is None:
        mentions = actor_mentions(docs, sents=sents)
    check_table(mentions, name="mentions", columns=MENTION_KEYS, docs=docs)
    if quote_table is None:
        quote_table = quotes(docs, mentions, sents=sents)
    check_table(quote_table, name="quote_table", columns=("doc_id", "start", "end"), docs=docs)
    by_doc_mentions = MentionIndex.by_doc(mentions)
    spans = spans_by_doc(quote_table, "start", "end")
    with_cue = (
        quote_table[quote_table["cue_start"] >= 0]
        if "cue_start" in quote_table
        else quote_table.iloc[:0]
    )
    cues = spans_by_doc(with_cue, "cue_start", "cue_end")
    rows: list[tuple[Any, ...]] = []
    columns = (sents[c].tolist() for c in ("doc_id", "sent_id", "start", "text"))
    for doc_id, sent_id, sent_start, text in zip(*columns, strict=True):
        folded = text.casefold()
        verb_end = reporting_verb_end(text, folded)
        # "ACCORDING TO" too; non-ASCII text goes to the case-insensitive pattern as it is
        according = "according" in folded or not text.isascii()
        if not verb_end and not according:
            continue
        doc_mentions = by_doc_mentions.get(doc_id, NO_MENTIONS)
        quote_free = _blank_quotes(text, sent_start, spans.get(doc_id, []))
        for m in ACCORDING_RE.finditer(quote_free) if according else ():
            source = m.group("source").strip()
            span = (sent_start + m.start("source"), sent_start + m.start("source") + len(source))
            kind, actor = classify(source, span, doc_mentions)
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
        for m in said_in(quote_free, verb_end):
            a, b = sent_start + m.start(), sent_start + m.end()
            if any(a < ce and cs < b for cs, ce in doc_cues):
                continue  # the cue of a direct quote, not reported speech
            source = clean_source(m.group("source"))
            if not source or source.lower() in ("it", "this", "that"):
                continue
            offset = m.start("source") + m.group("source").find(source)
            span = (sent_start + offset, sent_start + offset + len(source))
            if source.lower() in SPEAKER_PRONOUNS:
                actor, _ = nearest_person(doc_mentions, span[0], spans.get(doc_id, []))
                kind = "named_person"
            else:
                kind, actor = classify(source, span, doc_mentions)
            rows.append((doc_id, sent_id, *span, source, actor, kind, m.group("verb").lower()))
    out = pd.DataFrame(rows, columns=list(ATTRIBUTION_COLUMNS))
    out = out.sort_values(["doc_id", "start"], kind="mergesort", key=doc_order(docs)).reset_index(
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
