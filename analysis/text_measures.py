"""Readability and lexical diversity of each document.

Words are runs of letters, with inner apostrophes, hyphens, periods or ampersands
(:data:`WORD_RE`: ``U.S``, ``don't``, ``al-Qaeda``; numbers and punctuation are not words),
sentences the units of :func:`analysis.sentences` that hold a word (a headline is one).
Syllables are counted by rule (:func:`syllables`: groups of vowels, a silent final ``e``
left out), as Flesch counted them by hand; no word list is needed.

Readability (the published formulas, as quanteda's ``textstat_readability`` writes them):

* ``flesch`` (Flesch 1948): ``206.835 - 1.015 * words/sentences - 84.6 * syllables/words``;
* ``flesch_kincaid`` (Kincaid et al. 1975): ``0.39 * words/sentences + 11.8 *
  syllables/words - 15.59``;
* ``fog`` (Gunning 1952): ``0.4 * (words/sentences + 100 * complex/words)``, complex words
  having three syllables or more;
* ``smog`` (McLaughlin 1969): ``1.043 * sqrt(30 * polysyllables/sentences) + 3.1291``.

Lexical diversity, on lowercased word tokens:

* ``ttr``: types / tokens;
* ``mattr`` (Covington and McFall 2010): the mean TTR of every window of ``window`` tokens
  (the TTR when the text is shorter);
* ``mtld`` (McCarthy and Jarvis 2010): the mean length of runs of tokens whose TTR stays
  above 0.72, read forwards and backwards and averaged, a final partial run counted
  pro rata;
* ``hdd`` (McCarthy and Jarvis 2007): the expected TTR of a random sample of 42 tokens,
  from the hypergeometric distribution.

An empty document gives NaN everywhere; a text shorter than the sample gives NaN HD-D.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import as_documents
from analysis.errors import check_int, invalid_value
from analysis.segment import sentence_spans

READABILITY_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "sentences",
    "words",
    "syllables",
    "flesch",
    "flesch_kincaid",
    "fog",
    "smog",
)
DIVERSITY_COLUMNS: tuple[str, ...] = ("doc_id", "tokens", "types", "ttr", "mattr", "mtld", "hdd")

MTLD_THRESHOLD = 0.72
HDD_SAMPLE = 42


_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=200_000)
def syllables(word: str) -> int:
    """Syllables of one word: its groups of vowels (``y`` counted as one), less a silent
    final ``e`` ("ate", "hope"; not "the", "table"); at least one."""
    word = word.lower()
    count = len(_VOWEL_GROUPS.findall(word))
    if count > 1 and word.endswith("e") and not word.endswith(("le", "ee", "ye")):
        count -= 1
    return max(count, 1)


#: A word: letters, with inner apostrophes, hyphens, periods or ampersands (``U.S``,
#: ``don't``, ``al-Qaeda``, ``AT&T``); numbers and punctuation are not words.
WORD_RE = re.compile(r"[^\W\d_]+(?:['’.&\u2011-][^\W\d_]+)*")


def readability(docs: Any, *, sents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Flesch reading ease, Flesch-Kincaid grade, Gunning fog and SMOG of each document.

    Args:
        docs: A documents table or a list of texts.
        sents: :func:`analysis.sentences` of ``docs``, if already made.

    Returns:
        DataFrame with columns ``doc_id, sentences, words, syllables, flesch,
        flesch_kincaid, fog, smog`` (NaN for a document without words); ``sentences``
        counts the units that hold a word.

    Example:
        >>> row = readability(["The cat in the hat ate breakfast."]).iloc[0]
        >>> round(row.flesch), round(row.fog, 1)
        (103, 2.8)
    """
    docs = as_documents(docs)
    if sents is None:
        spans_of = {
            d: [(a, b) for a, b, _ in sentence_spans(t if isinstance(t, str) else "")]
            for d, t in zip(docs["doc_id"], docs["text"], strict=True)
        }
    else:
        spans_of = {
            d: list(zip(g["start"].tolist(), g["end"].tolist(), strict=True))
            for d, g in sents.groupby("doc_id", sort=False)
        }
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        text = text if isinstance(text, str) else ""
        words = WORD_RE.findall(text)
        counted = sum(WORD_RE.search(text, a, b) is not None for a, b in spans_of.get(doc_id, []))
        n = len(words)
        if n == 0 or counted == 0:
            rows.append((doc_id, counted, n, 0, *([np.nan] * 4)))
            continue
        total = poly = 0
        for word, times in Counter(words).items():
            count = syllables(word.replace(".", ""))
            total += count * times
            poly += times if count >= 3 else 0
        asl, asw = n / counted, total / n
        rows.append(
            (
                doc_id,
                counted,
                n,
                total,
                206.835 - 1.015 * asl - 84.6 * asw,
                0.39 * asl + 11.8 * asw - 15.59,
                0.4 * (asl + 100 * poly / n),
                1.043 * math.sqrt(30 * poly / counted) + 3.1291,
            )
        )
    out = pd.DataFrame(rows, columns=list(READABILITY_COLUMNS))
    return out.astype({"sentences": np.int64, "words": np.int64, "syllables": np.int64})


def _mtld_one_way(tokens: list[str]) -> float:
    factors, types, count = 0.0, set(), 0
    for token in tokens:
        count += 1
        types.add(token)
        if len(types) / count <= MTLD_THRESHOLD:
            factors += 1
            types, count = set(), 0
    if count:
        ttr = len(types) / count
        factors += (1 - ttr) / (1 - MTLD_THRESHOLD)
    return len(tokens) / factors if factors else float("nan")


def mtld(tokens: list[str]) -> float:
    """MTLD of a token list (McCarthy and Jarvis 2010): see the module's notes."""
    if not tokens:
        return float("nan")
    return (_mtld_one_way(tokens) + _mtld_one_way(tokens[::-1])) / 2


def mattr(tokens: list[str], window: int = 50) -> float:
    """Moving-average TTR over windows of ``window`` tokens."""
    n = len(tokens)
    if n == 0:
        return float("nan")
    if n <= window:
        return len(set(tokens)) / n
    counts: dict[str, int] = {}
    for token in tokens[:window]:
        counts[token] = counts.get(token, 0) + 1
    total = len(counts)
    for i in range(window, n):
        old, new = tokens[i - window], tokens[i]
        counts[old] -= 1
        if counts[old] == 0:
            del counts[old]
        counts[new] = counts.get(new, 0) + 1
        total += len(counts)
    return total / (n - window + 1) / window


def hdd(tokens: list[str], sample: int = HDD_SAMPLE) -> float:
    """HD-D: the expected TTR of ``sample`` tokens drawn without replacement."""
    n = len(tokens)
    if n < sample:
        return float("nan")
    freq: dict[str, int] = {}
    for token in tokens:
        freq[token] = freq.get(token, 0) + 1
    log_all = math.lgamma(n + 1) - math.lgamma(sample + 1) - math.lgamma(n - sample + 1)
    total = 0.0
    for f in freq.values():
        if n - f < sample:
            total += 1.0  # every sample holds the type
            continue
        log_none = (
            math.lgamma(n - f + 1) - math.lgamma(sample + 1) - math.lgamma(n - f - sample + 1)
        )
        total += 1.0 - math.exp(log_none - log_all)
    return total / sample


def lexical_diversity(docs: Any, *, window: int = 50) -> pd.DataFrame:
    """TTR, MATTR, MTLD and HD-D of each document (see the module's notes).

    Args:
        docs: A documents table or a list of texts.
        window: MATTR's window, in tokens.

    Returns:
        DataFrame with columns ``doc_id, tokens, types, ttr, mattr, mtld, hdd``.

    Example:
        >>> lexical_diversity(["b a b a b a b a"]).ttr.item()
        0.25
    """
    check_int("window", window, minimum=1)
    docs = as_documents(docs)
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        text = text if isinstance(text, str) else ""
        words = WORD_RE.findall(text.lower().replace("’", "'"))
        n = len(words)
        types = len(set(words))
        rows.append(
            (
                doc_id,
                n,
                types,
                types / n if n else float("nan"),
                mattr(words, window),
                mtld(words),
                hdd(words),
            )
        )
    out = pd.DataFrame(rows, columns=list(DIVERSITY_COLUMNS))
    return out.astype({"tokens": np.int64, "types": np.int64})


def measures_by_group(docs: Any, table: pd.DataFrame, by: str) -> pd.DataFrame:
    """The mean of each measure of :func:`readability` or :func:`lexical_diversity` per
    value of a column of ``docs`` (documents without words left out), with ``documents``.
    """
    docs = as_documents(docs)
    if by not in docs.columns:
        raise invalid_value("by", by, f"a column of docs ({', '.join(docs.columns)})")
    measures = [c for c in table.columns if c != "doc_id" and table[c].dtype.kind == "f"]
    frame = table.assign(
        **{by: table["doc_id"].map(dict(zip(docs["doc_id"], docs[by], strict=True)))}
    )
    frame = frame.dropna(subset=[measures[0]]) if measures else frame
    out = frame.groupby(by, sort=True)[measures].mean()
    out.insert(0, "documents", frame.groupby(by, sort=True).size())
    return out.reset_index()
