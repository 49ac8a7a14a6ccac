"""Sentiment towards a target: how a sentence treats the person or group at a span of it.

VADER scores a whole sentence, so "Critics attacked Smith's plan, which Jones praised" gives
Smith and Jones the same score.  :func:`target_sentiment` reads the words around the target
instead: a multinomial logistic regression (scikit-learn) over

- the words just before and after the target (five each side, and the pairs among them),
  the words of the clause it stands in (cut at commas, dashes and words such as *but*,
  *which*, *while*), the other words of the sentence and the target's own words;
- VADER's valences: of the words on each side, weighted by nearness to the target; of the
  clause (its compound, and its positive and negative words); of the whole sentence (the
  compounds of the text before and after the target, tried, added nothing);
- the target's role: first in the sentence, the agent after *by*, the speaker before a
  reporting verb (*said*, *told*...); inside a quotation; a negation in its clause.

It was trained on NewsMTSC's training split (Hamborg and Donnay, EACL 2021: 8,739 targets in
English political news, crowd-labelled negative, neutral or positive; ``make model``
retrains it from ``../shared/data/newsmtsc``) and ships as plain arrays
(``analysis/data/target_model.npz``, read with ``allow_pickle=False``).  On a development
split of its articles (a fifth, held out by article) it reaches macro F1 .65-.67, against .51
for VADER's score of the whole sentence (``make accuracy``); published transformer models
reach .80-.83 on the paper's test split.

The score is in [-1, 1]: the probability of *positive* less that of *negative*, placed in
the neutral band (-.05 to .05) when *neutral* is the most probable, and outside it
otherwise, so that VADER's thresholds (negative below -.05, positive above .05) give the
model's label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from itertools import pairwise

import numpy as np
import pandas as pd

from analysis._vader import polarity, reference
from analysis.config import PACKAGE_DATA_DIR
from analysis.errors import invalid_value
from analysis.wordlists import NEGATIONS, REPORTING_VERBS

MODEL_FILE = PACKAGE_DATA_DIR / "target_model.npz"
LABELS: tuple[str, ...] = ("negative", "neutral", "positive")
WINDOW = 5  # words each side of the target read one by one

_WORD_RE = re.compile(r"[\w'’-]+")  # words with their apostrophes and hyphens, as VADER reads
_CLAUSE_RE = re.compile(
    r"[,;:—–()]|\b(?:but|while|although|though|whereas|which|who|after|because)\b",
    re.IGNORECASE,
)
_REPORTING = frozenset(REPORTING_VERBS)
DENSE: tuple[str, ...] = (
    "left_positive",
    "left_negative",
    "right_positive",
    "right_negative",
    "sentence_compound",
    "clause_compound",
    "first",
    "in_quote",
    "negated",
    "clause_positive",
    "clause_negative",
)


@cache
def _lexicon() -> dict[str, float]:
    return reference().lexicon


@lru_cache(maxsize=4096)  # the clause of several targets, a sentence reprinted
def _compound(text: str) -> float:
    return polarity(text)[3] if text.strip() else 0.0


def _clause(sentence: str, start: int, end: int) -> str:
    """The part of ``sentence`` between the clause marks around ``start:end``."""
    before = [m.end() for m in _CLAUSE_RE.finditer(sentence, 0, start)]
    after = _CLAUSE_RE.search(sentence, end)
    return sentence[(before[-1] if before else 0) : (after.start() if after else len(sentence))]


def _near_valence(words: Sequence[str], lexicon: dict[str, float]) -> tuple[float, float]:
    """Positive and negative VADER valence of ``words`` (nearest first), each weighted by
    one over the square root of its distance from the target."""
    positive = negative = 0.0
    for distance, word in enumerate(words, start=1):
        value = lexicon.get(word, 0.0) / distance**0.5
        if value > 0:
            positive += value
        else:
            negative += value
    return positive, negative


def target_features(
    sentence: str, start: int, end: int, *, compound: float | None = None
) -> tuple[list[str], list[float]]:
    """The features of the target ``sentence[start:end]``: word features (strings) and the
    dense values named in :data:`DENSE` (``compound``: the sentence's VADER compound, when
    already known)."""
    lexicon = _lexicon()
    left, right = sentence[:start], sentence[end:]
    lw = [w.lower() for w in _WORD_RE.findall(left)]
    rw = [w.lower() for w in _WORD_RE.findall(right)]
    clause = _clause(sentence, start, end)
    cw = [w.lower() for w in _WORD_RE.findall(clause)]
    words = [f"L_{w}" for w in lw[-WINDOW:]] + [f"R_{w}" for w in rw[:WINDOW]]
    words += [f"S_{w}" for w in lw + rw] + [f"C_{w}" for w in cw]
    words += [f"LB_{a}_{b}" for a, b in pairwise(lw[-WINDOW:])]
    words += [f"RB_{a}_{b}" for a, b in pairwise(rw[: WINDOW + 1])]
    words += [f"T_{w.lower()}" for w in _WORD_RE.findall(sentence[start:end])]
    if rw[:1] and rw[0] in _REPORTING:
        words.append("REPORTER")
    if lw[-1:] == ["by"]:
        words.append("AGENT")
    if start == 0:
        words.append("FIRST")
    left_positive, left_negative = _near_valence(lw[-12:][::-1], lexicon)
    right_positive, right_negative = _near_valence(rw[:12], lexicon)
    valences = [lexicon[w] for w in cw if w in lexicon]
    straight = left.count('"') % 2
    curly = (left.count("“") - left.count("”")) % 2
    dense = [
        left_positive,
        left_negative,
        right_positive,
        right_negative,
        _compound(sentence) if compound is None else compound,
        _compound(clause),
        float(start == 0),
        float(bool(straight or curly)),
        float(any(w in NEGATIONS for w in cw)),
        sum(v for v in valences if v > 0) / 4,
        sum(v for v in valences if v < 0) / 4,
    ]
    return words, dense


@dataclass(frozen=True)
class TargetModel:
    """The fitted model as arrays: ``vocabulary`` (word features), ``coef`` (classes x
    (words + dense)), ``intercept`` (classes)."""

    vocabulary: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray

    def save(self, path: str = str(MODEL_FILE)) -> None:
        np.savez_compressed(
            path,
            vocabulary=self.vocabulary.astype(str),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float64),
        )

    @classmethod
    def load(cls, path: str = str(MODEL_FILE)) -> TargetModel:
        with np.load(path, allow_pickle=False) as stored:
            return cls(stored["vocabulary"], stored["coef"], stored["intercept"])

    @cached_property
    def index(self) -> dict[str, int]:
        """Each word feature's column."""
        return {w: i for i, w in enumerate(self.vocabulary.tolist())}

    def probabilities(self, features: Sequence[tuple[list[str], list[float]]]) -> np.ndarray:
        """Class probabilities (negative, neutral, positive) of each target's features."""
        from scipy import sparse

        index = self.index
        n_words = len(self.vocabulary)
        columns, lengths = [], []
        for words, _ in features:
            present = {index[w] for w in words if w in index}  # binary, as in training
            columns.extend(present)
            lengths.append(len(present))
        rows = np.repeat(np.arange(len(features)), lengths)
        matrix = sparse.csr_matrix(
            (np.ones(len(columns)), (rows, np.asarray(columns, dtype=np.int64))),
            shape=(len(features), n_words),
        )
        dense = np.asarray([d for _, d in features], dtype=float).reshape(len(features), -1)
        scores = matrix @ self.coef[:, :n_words].T.astype(float)
        scores += dense @ self.coef[:, n_words:].T.astype(float)
        scores += self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)


@cache
def shipped_model() -> TargetModel:
    """The model shipped with the workbook (``make model`` makes it)."""
    return TargetModel.load()


def score_from_probabilities(probabilities: np.ndarray) -> np.ndarray:
    """Scores in [-1, 1] whose VADER thresholds give the most probable class (module notes)."""
    difference = probabilities[:, 2] - probabilities[:, 0]
    neutral = probabilities.argmax(axis=1) == 1
    return np.where(
        neutral,
        0.049 * difference,
        np.sign(difference) * (0.051 + 0.949 * np.abs(difference)),
    )


def target_scores(
    sentences: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    *,
    compounds: Sequence[float] | None = None,
    model: TargetModel | None = None,
) -> np.ndarray:
    """:func:`target_sentiment` of many targets at once (``compounds``: each sentence's
    VADER compound, when already known, as the sentiment table has them)."""
    model = shipped_model() if model is None else model
    if not len(sentences):
        return np.zeros(0)
    features = [
        target_features(s, a, b, compound=None if compounds is None else compounds[i])
        for i, (s, a, b) in enumerate(zip(sentences, starts, ends, strict=True))
    ]
    return score_from_probabilities(model.probabilities(features))


#: The column of the mentions table that holds each mention's :func:`target_sentiment`.
TARGET_COLUMN = "target_compound"


def mention_sentiment(
    mentions: pd.DataFrame, sentences: pd.DataFrame, sentiment: pd.DataFrame | None = None
) -> np.ndarray:
    """:func:`target_sentiment` of every mention (``doc_id, sent_id, start, end``, offsets
    into the document) within its sentence (``sentences``: ``doc_id, sent_id, start,
    text``), in the order of ``mentions``; ``sentiment`` (:func:`analysis.sentence_sentiment`)
    gives the sentences' compounds when they are already scored.  A mention outside the
    sentence table gets NaN."""
    if mentions.empty:
        return np.zeros(0)
    key = ["doc_id", "sent_id"]
    where = sentences[[*key, "start", "text"]].rename(columns={"start": "sentence_start"})
    if sentiment is not None:
        where = where.merge(sentiment[[*key, "compound"]], on=key, how="left")
    rows = mentions[[*key, "start", "end"]].merge(where, on=key, how="left", sort=False)
    found = rows["text"].notna().to_numpy()
    out = np.full(len(rows), np.nan)
    if not found.any():
        return out
    rows = rows[found]
    texts = rows["text"].tolist()
    starts = (rows["start"] - rows["sentence_start"]).astype(np.int64).tolist()
    ends = (rows["end"] - rows["sentence_start"]).astype(np.int64).tolist()
    ends = [min(max(e, a + 1), len(t)) for a, e, t in zip(starts, ends, texts, strict=True)]
    compounds = rows["compound"].tolist() if "compound" in rows.columns else None
    out[found] = target_scores(texts, starts, ends, compounds=compounds)
    return out


def target_sentiment(text: str, start: int, end: int) -> float:
    """The sentiment the sentence ``text`` expresses towards the span ``text[start:end]``.

    Args:
        text: One sentence.
        start, end: The target's character offsets in ``text``.

    Returns:
        A score in [-1, 1]: negative below -.05, positive above .05, neutral between.

    Example:
        >>> text = "Supporters cheered as the jury convicted the former mayor of fraud."
        >>> round(target_sentiment(text, 52, 57), 2)  # the mayor: negative
        -0.68
    """
    if not isinstance(text, str):
        raise invalid_value("text", text, "a sentence (text)")
    if not (0 <= start < end <= len(text)):
        raise invalid_value(
            "start, end", (start, end), f"offsets of a span of the text (0 to {len(text)})"
        )
    return float(target_scores([text], [start], [end])[0])


__all__ = [
    "DENSE",
    "LABELS",
    "MODEL_FILE",
    "TARGET_COLUMN",
    "TargetModel",
    "mention_sentiment",
    "score_from_probabilities",
    "target_features",
    "target_scores",
    "target_sentiment",
]
