"""VADER's ``polarity_scores``, step for step, without its per-word overheads.

``vaderSentiment.SentimentIntensityAnalyzer.polarity_scores`` lower-cases the whole sentence
again for every lexicon word it meets (in its negation, idiom and "but" checks) and walks
the text one character at a time to look for emoji.  This module runs the same rules, in
the same order, with the same constants and lexicon (imported from ``vaderSentiment``), on
a sentence lower-cased once; the emoji pass runs only when the text has a non-ASCII
character (every emoji in VADER's lexicon is non-ASCII); the "but" rule, quadratic in
VADER (a whole article spent most of its time there), runs in O(n log n).  The scores
are identical: a test compares them with ``polarity_scores`` on every sentence of the BBC
corpus, on whole articles and on generated text full of boosters, negations, "but",
capitals and emoji, and the "but" rule with VADER's own on generated scores.
"""

from __future__ import annotations

import heapq
import math
import string
from functools import lru_cache
from typing import Any

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    normalize,
    scalar_inc_dec,
)

#: VADER's standard thresholds: compound >= 0.05 is positive, <= -0.05 negative.
POSITIVE_THRESHOLD: float = 0.05
NEGATIVE_THRESHOLD: float = -0.05

_NEGATE = frozenset(NEGATE)
_IDIOM_WORDS = frozenset(
    word for key in [*SPECIAL_CASES, *BOOSTER_DICT] if " " in key for word in key.split()
)
_PUNCTUATION = string.punctuation


@lru_cache(maxsize=1)
def reference() -> SentimentIntensityAnalyzer:
    """The ``vaderSentiment`` analyzer whose lexicon and emoji table are used."""
    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _scoring() -> frozenset[str]:
    """The words that get a valence: in the lexicon and no booster."""
    return frozenset(reference().lexicon) - frozenset(BOOSTER_DICT)


def _negated(word: str) -> bool:
    return word in _NEGATE or "n't" in word


def _negation_check(valence: float, low: list[str], start_i: int, i: int) -> float:
    if start_i == 0:
        if _negated(low[i - 1]):
            valence = valence * N_SCALAR
    elif start_i == 1:
        if low[i - 2] == "never" and (low[i - 1] == "so" or low[i - 1] == "this"):
            valence = valence * 1.25
        elif low[i - 2] == "without" and low[i - 1] == "doubt":
            pass
        elif _negated(low[i - 2]):
            valence = valence * N_SCALAR
    else:
        if (low[i - 3] == "never" and (low[i - 2] == "so" or low[i - 2] == "this")) or (
            low[i - 1] == "so" or low[i - 1] == "this"
        ):
            valence = valence * 1.25
        elif low[i - 3] == "without" and (low[i - 2] == "doubt" or low[i - 1] == "doubt"):
            pass
        elif _negated(low[i - 3]):
            valence = valence * N_SCALAR
    return valence


def _special_idioms_check(valence: float, low: list[str], i: int) -> float:
    onezero = f"{low[i - 1]} {low[i]}"
    twoonezero = f"{low[i - 2]} {low[i - 1]} {low[i]}"
    twoone = f"{low[i - 2]} {low[i - 1]}"
    threetwoone = f"{low[i - 3]} {low[i - 2]} {low[i - 1]}"
    threetwo = f"{low[i - 3]} {low[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(low) - 1 > i:
        zeroone = f"{low[i]} {low[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(low) - 1 > i + 1:
        zeroonetwo = f"{low[i]} {low[i + 1]} {low[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


def _least_check(valence: float, low: list[str], i: int, lexicon: dict[str, float]) -> float:
    if i > 1 and low[i - 1] not in lexicon and low[i - 1] == "least":
        if low[i - 2] != "at" and low[i - 2] != "very":
            valence = valence * N_SCALAR
    elif i > 0 and low[i - 1] not in lexicon and low[i - 1] == "least":
        valence = valence * N_SCALAR
    return valence


def _valence(
    words: list[str], low: list[str], i: int, is_cap_diff: bool, lexicon: dict[str, float]
) -> float:
    """``SentimentIntensityAnalyzer.sentiment_valence`` for a word found in the lexicon."""
    item, item_lowercase = words[i], low[i]
    n = len(low)
    valence = lexicon[item_lowercase]
    if item_lowercase == "no" and i != n - 1 and low[i + 1] in lexicon:
        valence = 0.0
    if (
        (i > 0 and low[i - 1] == "no")
        or (i > 1 and low[i - 2] == "no")
        or (i > 2 and low[i - 3] == "no" and low[i - 1] in ("or", "nor"))
    ):
        valence = lexicon[item_lowercase] * N_SCALAR
    if item.isupper() and is_cap_diff:
        if valence > 0:
            valence += C_INCR
        else:
            valence -= C_INCR
    for start_i in range(3):
        j = i - (start_i + 1)
        if i > start_i and low[j] not in lexicon:
            if low[j] in BOOSTER_DICT:  # scalar_inc_dec is 0 for any other word
                s = scalar_inc_dec(words[j], valence, is_cap_diff)
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
            valence = _negation_check(valence, low, start_i, i)
            # an idiom or n-gram booster needs one of its words within i-3..i+2
            if start_i == 2 and not _IDIOM_WORDS.isdisjoint(low[i - 3 : i + 3]):
                valence = _special_idioms_check(valence, low, i)
    return _least_check(valence, low, i, lexicon)


@lru_cache(maxsize=1)
def _emoji_characters() -> frozenset[str]:
    """The emoji VADER reads one character at a time (its keys of one character)."""
    return frozenset(key for key in reference().emojis if len(key) == 1)


def _replace_emoji(text: str, emojis: dict[str, str]) -> str:
    if _emoji_characters().isdisjoint(text):  # most non-ASCII text: "£", "é", "’"
        return text
    out = []
    prev_space = True
    for ch in text:
        if ch in emojis:
            if not prev_space:
                out.append(" ")
            out.append(emojis[ch])
            prev_space = False
        else:
            out.append(ch)
            prev_space = ch == " "
    return "".join(out)


def _score_valence(sentiments: list[Any], text: str) -> tuple[float, float, float, float]:
    if not sentiments:
        return 0.0, 0.0, 0.0, 0.0
    # zeros (most words) add nothing to the sums, and count as neutral
    scored = [score for score in sentiments if score]
    sum_s = float(sum(scored))
    ep_count = min(text.count("!"), 4)
    qm_count = text.count("?")
    qm_amplifier: float = 0
    if qm_count > 1:
        qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
    punct_emph_amplifier = ep_count * 0.292 + qm_amplifier
    if sum_s > 0:
        sum_s += punct_emph_amplifier
    elif sum_s < 0:
        sum_s -= punct_emph_amplifier
    compound = normalize(sum_s)
    pos_sum = 0.0
    neg_sum = 0.0
    neu_count = len(sentiments) - len(scored)
    for score in scored:
        if score > 0:
            pos_sum += float(score) + 1
        else:
            neg_sum += float(score) - 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += punct_emph_amplifier
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= punct_emph_amplifier
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return (
        round(math.fabs(neg_sum / total), 3),
        round(math.fabs(neu_count / total), 3),
        round(math.fabs(pos_sum / total), 3),
        round(compound, 4),
    )


def polarity(text: str) -> tuple[float, float, float, float]:
    """``neg, neu, pos, compound`` exactly as ``polarity_scores(text)`` gives them."""
    ref = reference()
    lexicon = ref.lexicon
    if text.isascii():
        text = text.strip()
        # lower-casing ASCII keeps every character in place: the lower-cased words are the
        # words lower-cased, and a sentence with none in the lexicon scores neutral
        low = [w if len(s := w.strip(_PUNCTUATION)) <= 2 else s for w in text.lower().split()]
        if _scoring().isdisjoint(low):
            return (0.0, 1.0, 0.0, 0.0) if low else (0.0, 0.0, 0.0, 0.0)
        words = [w if len(s := w.strip(_PUNCTUATION)) <= 2 else s for w in text.split()]
    else:
        text = _replace_emoji(text, ref.emojis).strip()
        words = [w if len(s := w.strip(_PUNCTUATION)) <= 2 else s for w in text.split()]
        low = [w.lower() for w in words]
    n_upper = sum(map(str.isupper, words))
    is_cap_diff = 0 < len(words) - n_upper < len(words)
    sentiments: list[Any] = [0] * len(low)  # words outside the lexicon score 0
    last = len(low) - 1
    for i, item_lowercase in enumerate(low):
        if item_lowercase not in lexicon or item_lowercase in BOOSTER_DICT:
            continue  # boosters modify the next word; they score 0 themselves
        if item_lowercase == "kind" and i < last and low[i + 1] == "of":
            continue  # "kind of" is a modifier too
        sentiments[i] = _valence(words, low, i, is_cap_diff, lexicon)
    if "but" in low:
        sentiments = but_check(low.index("but"), sentiments)
    return _score_valence(sentiments, text)


def but_check(but: int, sentiments: list[Any]) -> list[Any]:
    """VADER's ``_but_check`` with the first "but" at ``but``, in O(n log n), same result.

    VADER walks the scores and, for each, finds the *first* position holding an equal
    value (``list.index``) and halves it before the "but" or multiplies it by 1.5 after:
    quadratic on a long text (a whole article took most of its scoring time there), and
    with repeated values it rescales the first copy, not the one it is reading.  This keeps
    each value's positions in a heap, so the first copy is found without a scan, and does
    exactly what VADER does, copies included.
    """
    out = list(sentiments)
    where: dict[Any, list[int]] = {}  # each value's places, ascending: already a heap
    scored = []
    for i, value in enumerate(out):
        if value:  # a zero stays zero (VADER writes 0.0 for 0: the same score)
            where.setdefault(value, []).append(i)
            scored.append(i)
    for i in scored:
        value = out[i]
        heap = where[value]
        first = heap[0]
        if first == but:
            continue
        new = value * 0.5 if first < but else value * 1.5
        out[first] = new
        heapq.heappop(heap)
        if not heap:
            del where[value]
        heapq.heappush(where.setdefault(new, []), first)
    return out
