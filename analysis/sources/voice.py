"""The journalist's voice and the quoted voices: which sentences are quoted speech, and
the documents with one voice blanked out."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from analysis.corpus import as_documents, check_table
from analysis.errors import check_choice, check_int
from analysis.sources.quotes import quotes, speech_quotes
from analysis.sources.spans import spans_by_doc
from analysis.terms import TermCounts, TermOptions, term_frequencies, voice_counts

FLAG_COLUMNS: tuple[str, ...] = ("doc_id", "sent_id", "inside_quotes", "quoted_share")


def quote_flags(sents: pd.DataFrame, quote_table: pd.DataFrame) -> pd.DataFrame:
    """Which sentences are quoted speech, to join with sentence-level tables.

    Args:
        sents: :func:`analysis.sentences` output.
        quote_table: :func:`quotes` output for the same documents (its speech: titles and
            scare quotes are the writer's words).

    Returns:
        DataFrame with columns ``doc_id, sent_id, inside_quotes, quoted_share``:
        ``quoted_share`` is the share of the sentence's characters inside quotation marks;
        ``inside_quotes`` is ``quoted_share >= 0.5``.  Join on ``doc_id, sent_id``.
    """
    speech = speech_quotes(quote_table)[["doc_id", "start", "end"]]
    bounds = sents[["doc_id", "start", "end"]].reset_index(drop=True)
    # every sentence with every quote of its document, and the characters they share
    pairs = bounds.assign(row=np.arange(len(bounds))).merge(
        speech.astype({"doc_id": bounds["doc_id"].dtype}), on="doc_id", suffixes=("", "_q")
    )
    shared = np.minimum(pairs["end"], pairs["end_q"]) - np.maximum(pairs["start"], pairs["start_q"])
    covered = np.bincount(pairs["row"], weights=np.maximum(shared, 0), minlength=len(bounds))
    length = np.maximum((bounds["end"] - bounds["start"]).to_numpy(), 1)
    out = sents[["doc_id", "sent_id"]].reset_index(drop=True).copy()
    out["quoted_share"] = covered / length
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
    spans = spans_by_doc(quote_table, "start", "end")
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


VOICE_SENTIMENT_COLUMNS: tuple[str, ...] = ("voice", "sentences", "compound_mean")


class VoiceComparison(NamedTuple):
    """The journalist's voice against the quoted voices (see :func:`voice_comparison`)."""

    words: pd.DataFrame
    sentiment: pd.DataFrame


def voice_comparison(
    docs: Any,
    *,
    quote_table: pd.DataFrame,
    sent_sentiment: pd.DataFrame,
    sents: pd.DataFrame | None = None,
    counts: TermCounts | None = None,
    top_n: int = 20,
) -> VoiceComparison:
    """The same word counts and sentence sentiment, split by who speaks.

    Composed from tables that already exist: the words of each voice from the term counts
    less (or only) the quoted words (:func:`analysis.terms.voice_counts`); the sentiment of
    each voice from the sentence scores of the sentences mostly outside (or inside)
    quotation marks (:func:`quote_flags`), body sentences only (headlines apart, as every
    sentiment mean).  Nothing is scored again.

    Args:
        docs: The documents table.
        quote_table: :func:`analysis.quotes` of ``docs``.
        sent_sentiment: :func:`analysis.sentence_sentiment` of ``docs``.
        sents: :func:`analysis.sentences` of ``docs``, if already computed.
        counts: :func:`analysis.count_terms` of ``docs``, if already made.
        top_n: Words kept per voice.

    Returns:
        ``words``: the columns of :func:`analysis.term_frequencies` and ``voice``, the
        ``top_n`` most frequent words of the journalist's voice, then of the quoted voices;
        ``sentiment``: ``voice, sentences, compound_mean``.
    """
    check_int("top_n", top_n, minimum=1)
    docs = as_documents(docs)
    check_table(
        sent_sentiment, name="sent_sentiment", columns=("doc_id", "sent_id", "compound"), docs=docs
    )
    sentences = (
        sents if sents is not None else sent_sentiment[["doc_id", "sent_id", "start", "end"]]
    )
    flags = quote_flags(sentences, quote_table)
    body = sent_sentiment
    if "is_title" in body.columns:  # body sentences only, as every sentiment mean
        body = body[~body["is_title"].astype(bool)]
    inside = body[["doc_id", "sent_id", "compound"]].merge(
        flags[["doc_id", "sent_id", "inside_quotes"]], on=["doc_id", "sent_id"], how="left"
    )
    options = TermOptions.build()
    quoted = voice_counts(docs, quote_table, voice="quoted", options=options, sents=sents)
    journalist = voice_counts(
        docs, quote_table, voice="journalist", options=options, counts=counts, quoted=quoted
    )
    words, rows = [], []
    for voice, voice_terms in (("journalist", journalist), ("quoted", quoted)):
        table = term_frequencies(docs, counts=voice_terms)
        words.append(table.head(top_n).assign(voice=voice))
        mask = inside["inside_quotes"].fillna(False).astype(bool)
        scored = inside[mask if voice == "quoted" else ~mask]
        mean = scored["compound"].mean() if len(scored) else float("nan")
        rows.append((voice, len(scored), mean))
    return VoiceComparison(
        words=pd.concat(words, ignore_index=True),
        sentiment=pd.DataFrame(rows, columns=list(VOICE_SENTIMENT_COLUMNS)),
    )
