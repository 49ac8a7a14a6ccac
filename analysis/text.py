"""Sentence and token tables of a corpus.

:func:`sentences` and :func:`tokens` run the rules of :mod:`analysis.segment` over every
document of a documents table and return one row per sentence or token, keyed by
``doc_id``, with ``start``/``end`` offsets into the document's ``text``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import as_documents, check_table
from analysis.parallel import map_documents, resolve_jobs
from analysis.segment import TOKEN_RE, is_word, normalize_token, sentence_spans
from analysis.wordlists import STOP_WORDS

SENTENCE_COLUMNS: tuple[str, ...] = ("doc_id", "sent_id", "start", "end", "text", "is_title")
TOKEN_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "sent_id",
    "token_id",
    "start",
    "end",
    "token",
    "lower",
    "is_alpha",
    "is_stop",
)


# --- corpus level ------------------------------------------------------------------------
def _texts(docs: pd.DataFrame) -> list[str]:
    return ["" if not isinstance(t, str) else t for t in docs["text"].tolist()]


def word_codes(
    texts: Sequence[Any], pattern: re.Pattern[str], *, fold: bool = True
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The words of every text, as codes into one vocabulary: what corpus-wide counts of
    words (dictionaries, readability, lexical diversity) are made from.

    Args:
        texts: Strings; anything else is an empty text.
        pattern: What a word is (each measure has its own: a dictionary counts numbers,
            readability does not).
        fold: Lowercase each text and read ’ as ' before finding its words.

    Returns:
        ``codes`` (each word's place in ``vocabulary``, text after text), ``lengths`` (the
        words of each text) and ``vocabulary`` (in order of first appearance).
    """
    import pyarrow as pa  # codes in order of first appearance, in C: 2.5x pandas' factorize

    findall = pattern.findall
    runs = [
        (findall(t.lower().replace("’", "'") if fold else t) if isinstance(t, str) else [])
        for t in texts
    ]
    lengths = np.fromiter(map(len, runs), np.int64, len(runs))
    coded = pa.array(list(chain.from_iterable(runs)), type=pa.large_string()).dictionary_encode()
    codes = coded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, lengths, coded.dictionary.to_pylist()


def check_sentences(sents: Any, docs: pd.DataFrame) -> pd.DataFrame:
    """``sents`` if it is a sentence table of ``docs`` (see :func:`analysis.corpus.check_table`)."""
    return check_table(sents, name="sents", columns=SENTENCE_COLUMNS[:4], docs=docs)


def sentence_starts(sents: pd.DataFrame) -> dict[Any, list[int]]:
    """Each document's sentence start offsets, in table order (for ``bisect``).

    Args:
        sents: A sentence table (:func:`sentences`).

    Returns:
        ``{doc_id: [start, ...]}``; a document without sentences is absent.
    """
    out: dict[Any, list[int]] = {}
    for doc_id, start in zip(sents["doc_id"].tolist(), sents["start"].tolist(), strict=True):
        out.setdefault(doc_id, []).append(start)
    return out


def sentences(docs: Any, *, n_jobs: int = 1) -> pd.DataFrame:
    """One row per sentence (the headline of a news-layout document is its own unit).

    Args:
        docs: A documents table from :func:`analysis.load_corpus`, or a list of texts.
        n_jobs: Worker processes (``-1``: one per core); documents are split into chunks
            and the rows are the same, in the same order, as with ``1``.

    Returns:
        DataFrame with columns ``doc_id, sent_id, start, end, text, is_title``, in document
        order; ``sent_id`` counts from 0 within each document; ``start``/``end`` are character
        offsets into the document text, so ``doc_text[start:end] == text``.

    Example:
        >>> sentences(["Hi there. Bye now."])[["sent_id", "text"]].to_dict("list")
        {'sent_id': [0, 1], 'text': ['Hi there.', 'Bye now.']}
    """
    docs = as_documents(docs)
    if resolve_jobs(n_jobs) > 1:
        return map_documents(sentences, docs, n_jobs=n_jobs)
    doc_ids: list[Any] = []
    sent_ids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    titles: list[bool] = []
    for doc_id, text in zip(docs["doc_id"].tolist(), _texts(docs), strict=True):
        for i, (s, e, is_title) in enumerate(sentence_spans(text)):
            doc_ids.append(doc_id)
            sent_ids.append(i)
            starts.append(s)
            ends.append(e)
            texts.append(text[s:e])
            titles.append(is_title)
    return pd.DataFrame(
        {
            "doc_id": pd.Series(doc_ids, dtype=object),
            "sent_id": np.asarray(sent_ids, dtype=np.int64),
            "start": np.asarray(starts, dtype=np.int64),
            "end": np.asarray(ends, dtype=np.int64),
            "text": pd.Series(texts, dtype=object),
            "is_title": np.asarray(titles, dtype=bool),
        },
        columns=list(SENTENCE_COLUMNS),
    )


def tokens(docs: Any, *, sents: pd.DataFrame | None = None, n_jobs: int = 1) -> pd.DataFrame:
    """One row per token, inside sentences.

    Args:
        docs: A documents table from :func:`analysis.load_corpus`, or a list of texts.
        sents: The table from :func:`sentences` for the same ``docs``, if already computed
            (saves splitting again).
        n_jobs: Worker processes (``-1``: one per core); documents are split into chunks
            and the rows are the same, in the same order, as with ``1``.

    Returns:
        DataFrame with columns ``doc_id, sent_id, token_id, start, end, token, lower,
        is_alpha, is_stop``; ``token_id`` counts from 0 within each document; ``lower`` is the
        token lowercased with curly apostrophes straightened; ``is_alpha`` marks word tokens
        (letters, with inner hyphens, apostrophes or periods: ``U.S.``, ``don't``);
        ``is_stop`` marks scikit-learn's English stop words.

    Example:
        >>> tokens(["The U.S. won."])["token"].tolist()
        ['The', 'U.S.', 'won', '.']
    """
    docs = as_documents(docs)
    if resolve_jobs(n_jobs) > 1:
        return map_documents(tokens, docs, n_jobs=n_jobs, frames={"sents": sents})
    sents = sentences(docs) if sents is None else check_sentences(sents, docs)
    finditer = TOKEN_RE.finditer
    doc_col: list[Any] = []
    sent_col: list[np.ndarray] = []
    tid_col: list[np.ndarray] = []
    start_col: list[int] = []
    end_col: list[int] = []
    tok_col: list[str] = []
    sent_starts = sentence_starts(sents)
    for doc_id, text in zip(docs["doc_id"].tolist(), _texts(docs), strict=True):
        matches = list(finditer(text))
        if not matches:
            continue
        starts = [m.start(1) for m in matches]
        # every token lies inside one sentence: sentences cover all non-space text
        sent_col.append(np.searchsorted(sent_starts[doc_id], starts, side="right") - 1)
        tid_col.append(np.arange(len(matches), dtype=np.int64))
        doc_col.extend([doc_id] * len(matches))
        start_col.extend(starts)
        end_col.extend([m.end(1) for m in matches])
        tok_col.extend([m.group(1) for m in matches])
    return _token_frame(
        doc_col,
        np.concatenate(sent_col) if sent_col else np.empty(0, np.int64),
        np.concatenate(tid_col) if tid_col else np.empty(0, np.int64),
        start_col,
        end_col,
        tok_col,
    )


def _token_info(token: str) -> tuple[str, bool, bool]:
    low = normalize_token(token)
    return low, is_word(token), low in STOP_WORDS


def _token_frame(
    doc_col: list[Any],
    sent_col: np.ndarray,
    tid_col: np.ndarray,
    start_col: list[int],
    end_col: list[int],
    tok_col: list[str],
) -> pd.DataFrame:
    # lower/is_alpha/is_stop depend on the token string only: compute once per distinct token
    codes, uniques = pd.factorize(pd.Series(tok_col, dtype=object), sort=False)
    infos = [_token_info(t) for t in uniques]
    lower = np.asarray([i[0] for i in infos], dtype=object)[codes]
    alpha = np.asarray([i[1] for i in infos], dtype=bool)[codes]
    stop = np.asarray([i[2] for i in infos], dtype=bool)[codes]
    return pd.DataFrame(
        {
            "doc_id": pd.Series(doc_col, dtype=object),
            "sent_id": np.asarray(sent_col, dtype=np.int64),
            "token_id": np.asarray(tid_col, dtype=np.int64),
            "start": np.asarray(start_col, dtype=np.int64),
            "end": np.asarray(end_col, dtype=np.int64),
            "token": pd.Series(tok_col, dtype=object),
            "lower": pd.Series(lower, dtype=object),
            "is_alpha": alpha,
            "is_stop": stop,
        },
        columns=list(TOKEN_COLUMNS),
    )
