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
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import as_documents, document_positions
from analysis.errors import check_int, invalid_value
from analysis.segment import sentence_spans
from analysis.text import check_sentences, word_codes

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
    texts = [t if isinstance(t, str) else "" for t in docs["text"]]
    if sents is None:
        spans = [(i, a, b) for i, t in enumerate(texts) for a, b, _ in sentence_spans(t)]
    else:
        sents = check_sentences(sents, docs)
        spans = zip(
            document_positions(sents["doc_id"], docs["doc_id"]).tolist(),
            sents["start"].tolist(),
            sents["end"].tolist(),
            strict=True,
        )
    search = WORD_RE.search
    holding = [i for i, a, b in spans if search(texts[i], a, b) is not None]
    counted = np.bincount(np.asarray(holding, dtype=np.int64), minlength=len(texts))
    codes, n, forms = word_codes(texts, WORD_RE, fold=False)
    per_form = np.array([syllables(w.replace(".", "")) for w in forms], dtype=np.int64)
    per_word = per_form[codes]
    doc = np.repeat(np.arange(len(texts)), n)
    total = np.bincount(doc, weights=per_word, minlength=len(texts)).astype(np.int64)
    poly = np.bincount(doc, weights=per_word >= 3, minlength=len(texts)).astype(np.int64)
    ok = (n > 0) & (counted > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        asl, asw = n / counted, total / n
        out = pd.DataFrame(
            {
                "doc_id": docs["doc_id"].to_numpy(),
                "sentences": counted,
                "words": n,
                "syllables": np.where(ok, total, 0),
                "flesch": np.where(ok, 206.835 - 1.015 * asl - 84.6 * asw, np.nan),
                "flesch_kincaid": np.where(ok, 0.39 * asl + 11.8 * asw - 15.59, np.nan),
                "fog": np.where(ok, 0.4 * (asl + 100 * poly / n), np.nan),
                "smog": np.where(ok, 1.043 * np.sqrt(30 * poly / counted) + 3.1291, np.nan),
            }
        )
    return out[list(READABILITY_COLUMNS)]


def _mtld_one_way(tokens: list[Any]) -> float:
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


def mtld(tokens: list[Any]) -> float:
    """MTLD of a token list (McCarthy and Jarvis 2010): see the module's notes."""
    if not tokens:
        return float("nan")
    return (_mtld_one_way(tokens) + _mtld_one_way(tokens[::-1])) / 2


def _mattr_hdd(
    codes: np.ndarray, lengths: np.ndarray, window: int, sample: int = HDD_SAMPLE
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Types, MATTR and HD-D of every document at once, from the word codes of the corpus
    (the documents one after the other, ``lengths`` words each).

    MATTR sums the types of every window without sliding one: a word adds a type to each
    window that holds it but not the same word earlier, i.e. the windows starting after
    its previous occurrence and at most ``window - 1`` words before it.  HD-D sums, over
    the types of a document in order of first appearance, the chance that a sample of
    ``sample`` words holds the type.
    """
    n_docs = len(lengths)
    doc = np.repeat(np.arange(n_docs), lengths)
    starts = np.cumsum(lengths) - lengths
    pos = np.arange(len(codes), dtype=np.int64) - starts[doc]  # place in its document
    n = lengths[doc]
    key = doc * (int(codes.max(initial=-1)) + 1) + codes  # a word of a document
    order = np.argsort(key, kind="stable")  # each word's occurrences in text order
    same = key[order[1:]] == key[order[:-1]]
    prev = np.full(len(codes), -1, dtype=np.int64)  # the word's previous place, or -1
    prev[order[1:][same]] = pos[order[:-1][same]]
    heads = np.flatnonzero(np.concatenate([[True], ~same])) if len(order) else order
    sizes = np.diff(np.append(heads, len(order)))
    by_text = np.argsort(order[heads], kind="stable")
    first, freq = order[heads][by_text], sizes[by_text]  # each type: first place, count
    types = np.bincount(doc[first], minlength=n_docs)
    # MATTR: the windows [a, a + window) for a in 0 .. n - window
    low = np.maximum(np.maximum(pos - window + 1, prev + 1), 0)
    high = np.minimum(pos, n - window)
    total = np.bincount(doc, weights=np.maximum(high - low + 1, 0), minlength=n_docs)
    with np.errstate(divide="ignore", invalid="ignore"):
        mattr = np.where(lengths > window, total / (lengths - window + 1) / window, types / lengths)
    # HD-D: log C(n - f, sample) - log C(n, sample), by log-gamma of whole numbers
    top = max(int(lengths.max(initial=0)), sample) + 2
    lg = np.array([math.inf] + [math.lgamma(k) for k in range(1, top)])  # lg[k] = log (k-1)!
    big = np.maximum(lengths[doc[first]], sample)
    rest = big - freq
    some = rest >= sample  # else every sample holds the type
    rest = np.where(some, rest, sample)
    log_all = lg[big + 1] - lg[sample + 1] - lg[big - sample + 1]
    log_none = lg[rest + 1] - lg[sample + 1] - lg[rest - sample + 1]
    chance = np.where(some, 1.0 - np.exp(log_none - log_all), 1.0)
    hdd = np.bincount(doc[first], weights=chance, minlength=n_docs) / sample
    return types, mattr, np.where(lengths >= sample, hdd, np.nan)


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
    codes, lengths, _ = word_codes(docs["text"].tolist(), WORD_RE)
    types, mattr, hdd = _mattr_hdd(codes, lengths, window)
    words = np.split(codes, np.cumsum(lengths)[:-1]) if len(lengths) else []
    with np.errstate(divide="ignore", invalid="ignore"):
        ttr = np.where(lengths > 0, types / lengths, np.nan)
    return pd.DataFrame(
        {
            "doc_id": docs["doc_id"].to_numpy(),
            "tokens": lengths,
            "types": types.astype(np.int64),
            "ttr": ttr,
            "mattr": mattr,
            "mtld": [mtld(w.tolist()) for w in words],
            "hdd": hdd,
        }
    )[list(DIVERSITY_COLUMNS)]


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
