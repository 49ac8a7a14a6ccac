"""Where words occur: keyword in context (KWIC) and dispersion through each document.

:func:`kwic` searches the text itself (a word, a phrase or a regular expression), as a
concordancer does.  :func:`dispersion` places a term where the counting engine counts it: the
same tokens, the same folding (``US`` is ``u.s.``, ``Taliban’s`` holds ``Taliban``), so a
dispersion plot and a frequency table always agree; documents that cannot hold the term are
skipped by their term counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import as_documents
from analysis.errors import check_int, check_strings, invalid_value
from analysis.segment import TOKEN_RE, is_word, token_spans
from analysis.terms.counting import TermCounts, normalize_term
from analysis.text import check_sentences, sentence_starts, sentences

MATCH_COLUMNS: tuple[str, ...] = ("doc_id", "start", "end", "position")
KWIC_COLUMNS: tuple[str, ...] = ("doc_id", "sent_id", "start", "end", "left", "match", "right")
CONCORDANCE_COLUMNS: tuple[str, ...] = ("query", *KWIC_COLUMNS)
DISPERSION_COLUMNS: tuple[str, ...] = ("doc_id", "term", "sent_id", "start", "end", "position")


def _query_pattern(query: str, *, regex: bool, case: bool) -> re.Pattern[str]:
    if not isinstance(query, str) or not query.strip():
        raise invalid_value("query", query, "a non-empty word, phrase or regular expression")
    if regex:
        try:
            return re.compile(query, 0 if case else re.IGNORECASE)
        except re.error as exc:
            raise invalid_value("query", query, f"a valid regular expression ({exc})") from None
    first, *rest = query.split()
    words = [re.sub("['’]", "['’]", re.escape(w)) for w in (first, *rest)]
    # "no letter or hyphen before" checked after the first word, whose length is known:
    # then the search can skip ahead to that word's first letter (4x faster than a
    # look-behind at every place of every text, and the same matches)
    words[0] += rf"(?<![\w-][\s\S]{{{len(first)}}})"
    body = r"\s+".join(words)
    return re.compile(rf"{body}(?![\w-]|’\w|'\w)", 0 if case else re.IGNORECASE)


def find_matches(docs: Any, query: str, *, regex: bool = False, case: bool = False) -> pd.DataFrame:
    """Where a word, phrase or regular expression occurs: the search behind :func:`kwic`,
    without the context (fast enough to run as a person types).

    Args:
        docs: A documents table or a list of texts.
        query, regex, case: As in :func:`kwic`.

    Returns:
        DataFrame with columns ``doc_id, start, end, position``: one row per match in
        document order; ``position`` is ``start / len(text)``.
    """
    pattern = _query_pattern(query, regex=regex, case=case)
    docs = as_documents(docs)
    ids, starts, ends, positions = [], [], [], []
    for doc_id, text in zip(docs["doc_id"].tolist(), docs["text"].tolist(), strict=True):
        if not isinstance(text, str) or not text:
            continue
        size = len(text)
        for m in pattern.finditer(text):
            start, end = m.span()
            if end > start:
                ids.append(doc_id)
                starts.append(start)
                ends.append(end)
                positions.append(start / size)
    return pd.DataFrame(
        {
            "doc_id": pd.Series(ids, dtype=object),
            "start": np.asarray(starts, dtype=np.int64),
            "end": np.asarray(ends, dtype=np.int64),
            "position": np.asarray(positions, dtype=float),
        }
    )[list(MATCH_COLUMNS)]


def kwic_lines(
    docs: Any,
    found: pd.DataFrame,
    *,
    window: int = 8,
    sents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keyword-in-context lines of matches found by :func:`find_matches` (all of them, or
    the few a page shows).

    Args:
        docs: The documents table the matches were found in.
        found: :func:`find_matches` rows (``doc_id, start, end``).
        window: Tokens of context on each side.
        sents: :func:`analysis.sentences` of ``docs``, if already computed.

    Returns:
        DataFrame with the columns of :func:`kwic`, one row per match, in the order given.
    """
    check_int("window", window, minimum=0)
    docs = as_documents(docs)
    if sents is None:
        sents = sentences(docs[docs["doc_id"].isin(set(found["doc_id"]))])
    else:
        sents = check_sentences(sents, docs)
    starts_by_doc = sentence_starts(sents)
    texts = dict(zip(docs["doc_id"].tolist(), docs["text"].tolist(), strict=True))
    tokens: dict[Any, tuple[np.ndarray, np.ndarray]] = {}
    rows = []
    for doc_id, start, end in zip(found["doc_id"], found["start"], found["end"], strict=True):
        text = texts[doc_id]
        if doc_id not in tokens:
            spans = token_spans(text)
            tokens[doc_id] = (
                np.asarray([s for s, _ in spans], dtype=np.int64),
                np.asarray([e for _, e in spans], dtype=np.int64),
            )
        tok_starts, tok_ends = tokens[doc_id]
        first_after = int(np.searchsorted(tok_starts, end, side="left"))
        first_inside = int(np.searchsorted(tok_ends, start, side="right"))
        left_from = tok_starts[max(first_inside - window, 0)] if window and first_inside else start
        last = min(first_after + window, len(tok_starts)) - 1
        right_to = tok_ends[last] if window and last >= first_after else end
        sent_id = int(np.searchsorted(starts_by_doc.get(doc_id, [0]), start, side="right")) - 1
        rows.append(
            (
                doc_id,
                max(sent_id, 0),
                int(start),
                int(end),
                " ".join(text[left_from:start].split()),
                text[start:end],
                " ".join(text[end:right_to].split()),
            )
        )
    out = pd.DataFrame(rows, columns=list(KWIC_COLUMNS))
    return out.astype({"sent_id": np.int64, "start": np.int64, "end": np.int64})


def kwic(
    docs: Any,
    query: str,
    *,
    window: int = 8,
    regex: bool = False,
    case: bool = False,
    sents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keyword in context: every match of a word, phrase or regular expression.

    Args:
        docs: A documents table or a list of texts.
        query: A word or phrase (matched as whole words, any whitespace between words,
            straight or curly apostrophes alike), or a regular expression if ``regex``.
        window: Tokens of context on each side.
        regex: Treat ``query`` as a regular expression.
        case: Match case exactly.
        sents: :func:`analysis.sentences` of ``docs``, if already computed.

    Returns:
        DataFrame with columns ``doc_id, sent_id, start, end, left, match, right``: one row
        per match in document order; ``start``/``end`` are offsets of the match in the
        document text; ``left``/``right`` hold ``window`` tokens of context, whitespace
        collapsed.

    Example:
        >>> hits = kwic(["The Taliban left. The Taliban came back."], "taliban", window=1)
        >>> hits["right"].tolist()
        ['left', 'came']
    """
    check_int("window", window, minimum=0)
    docs = as_documents(docs)
    found = find_matches(docs, query, regex=regex, case=case)
    return kwic_lines(docs, found, window=window, sents=sents)


def concordance(
    docs: Any,
    queries: Sequence[str],
    *,
    window: int = 8,
    regex: bool = False,
    case: bool = False,
    sents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`kwic` of several queries in one table.

    Args:
        docs: A documents table or a list of texts.
        queries: Words, phrases or (with ``regex``) regular expressions.
        window, regex, case, sents: As in :func:`kwic`.

    Returns:
        DataFrame with columns ``query, doc_id, sent_id, start, end, left, match, right``:
        the rows of each query in the order the queries are given.
    """
    queries = check_strings("queries", queries)
    docs = as_documents(docs)
    sents = sentences(docs) if sents is None else check_sentences(sents, docs)
    frames = [
        kwic(docs, q, window=window, regex=regex, case=case, sents=sents).assign(query=q)
        for q in queries
    ]
    if not frames:
        return pd.DataFrame(columns=list(CONCORDANCE_COLUMNS))
    return pd.concat(frames, ignore_index=True)[list(CONCORDANCE_COLUMNS)]


def _query_terms(query: str, *, case: bool) -> list[str]:
    return [normalize_term(query[s:e], lowercase=not case) for s, e in token_spans(query)]


def _holding_documents(query: str, counts: TermCounts | None, case: bool) -> set[Any] | None:
    """Documents whose term counts hold ``query`` (``None``: they cannot tell)."""
    if counts is None or case or counts.options.normalize is not None:
        return None
    spans = token_spans(query)
    words = [query[s:e] for s, e in spans]
    terms = [normalize_term(w) for w in words]
    low, high = counts.options.ngram_range
    if not (low <= len(terms) <= high) or not all(
        is_word(w) and t not in counts.options.stop_words for w, t in zip(words, terms, strict=True)
    ):
        return None
    table = counts.terms
    return set(table.loc[table["term"] == " ".join(terms), "doc_id"])


def dispersion(
    docs: Any,
    terms: Sequence[str],
    *,
    case: bool = False,
    sents: pd.DataFrame | None = None,
    counts: TermCounts | None = None,
) -> pd.DataFrame:
    """Where each term occurs in each document, for a dispersion plot.

    A term is found where the counting engine counts it: the same tokens and folding, so
    "Taliban’s" holds ``Taliban`` and "US" is ``u.s.``; a phrase is a run of tokens.

    Args:
        docs: A documents table or a list of texts.
        terms: Words or phrases.
        case: Match case exactly.
        sents: :func:`analysis.sentences` of ``docs``, if already computed.
        counts: :func:`analysis.count_terms` of ``docs``, if already made: documents whose
            counts lack the term are not read.

    Returns:
        DataFrame with columns ``doc_id, term, sent_id, start, end, position`` where
        ``position`` is ``start / len(text)`` (0 = beginning of the article, 1 = end): the
        rows of each term in the order given, each in document order.
    """
    if isinstance(terms, str):
        raise invalid_value("terms", terms, "a list of words or phrases")
    terms = check_strings("terms", terms)
    docs = as_documents(docs)
    sents = sentences(docs) if sents is None else check_sentences(sents, docs)
    starts_by_doc = sentence_starts(sents)
    tokenized: dict[Any, tuple[list[str], list[tuple[int, int]]]] = {}
    rows = []
    for term in terms:
        wanted = _query_terms(term, case=case)
        if not wanted:
            continue
        holding = _holding_documents(term, counts, case)
        for doc_id, text in zip(docs["doc_id"].tolist(), docs["text"].tolist(), strict=True):
            if (
                not isinstance(text, str)
                or not text
                or (holding is not None and doc_id not in holding)
            ):
                continue
            if doc_id not in tokenized:
                found = [m.span(1) for m in TOKEN_RE.finditer(text)]
                forms = [normalize_term(text[s:e], lowercase=not case) for s, e in found]
                tokenized[doc_id] = (forms, found)
            forms, spans = tokenized[doc_id]
            width = len(wanted)
            for i in range(len(forms) - width + 1):
                if forms[i : i + width] == wanted:
                    start, end = spans[i][0], spans[i + width - 1][1]
                    sent_id = int(np.searchsorted(starts_by_doc.get(doc_id, [0]), start, "right"))
                    rows.append((doc_id, term, max(sent_id - 1, 0), start, end, start / len(text)))
    out = pd.DataFrame(rows, columns=list(DISPERSION_COLUMNS))
    return out.astype({"sent_id": np.int64, "start": np.int64, "end": np.int64})


def suggest_queries(
    mentions: pd.DataFrame | None, counts: TermCounts | None, *, n: int = 3
) -> list[str]:
    """What to look up when no one said: the most named people and organizations (as they
    are most often written), else the most frequent words.

    Args:
        mentions: :func:`analysis.actor_mentions` of the corpus, if made.
        counts: :func:`analysis.count_terms` of the corpus, if made.
        n: Queries wanted.

    Returns:
        Up to ``n`` words or phrases, most named first.
    """
    check_int("n", n, minimum=1)
    out: list[str] = []
    if mentions is not None and len(mentions):
        named = mentions[mentions["type"].isin(["person", "organization", "armed_group"])]
        order = named.groupby("actor").size().sort_values(ascending=False, kind="mergesort")
        surfaces = named.groupby(["actor", "surface"]).size()
        for actor in order.index:
            written = surfaces.loc[actor].sort_values(ascending=False, kind="mergesort").index[0]
            if written not in out:
                out.append(str(written))
            if len(out) == n:
                return out
    if counts is not None:
        words = counts.totals[counts.totals["n"] == 1]["term"]
        out.extend(t for t in words.head(2 * n) if t not in out)
    return out[:n]


__all__ = [
    "CONCORDANCE_COLUMNS",
    "DISPERSION_COLUMNS",
    "KWIC_COLUMNS",
    "MATCH_COLUMNS",
    "concordance",
    "dispersion",
    "find_matches",
    "kwic",
    "kwic_lines",
    "suggest_queries",
]
