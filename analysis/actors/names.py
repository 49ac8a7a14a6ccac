"""The name model: which capitalised words are a person, an organization, a place or
another name (CoNLL-2003's PER, ORG, LOC, MISC), and where each name begins and ends.

Candidates are runs of capitalised words (:data:`RUN_RE`, with ``of``, ``and``, ``bin``...
inside: "Bank of England", "Trinidad and Tobago"). Each word of a run gets a label in the
BIO scheme (``B-PER`` opens a person, ``I-PER`` goes on with it, ``O`` is no name) from a
multinomial logistic regression over the word, its shape and suffix, its place in the run,
the run's first and last words, and two words either side.  The model is trained by
``make model`` (:mod:`analysis.actors.train_names`) on CoNLL-2003's English training split
and kept as plain arrays (``analysis/data/names_model.npz``, loaded without unpickling):
a feature vocabulary, a weight matrix and the labels.  Scoring a chunk is one gather and
one sum over those arrays, so the model costs a few per cent of the extraction.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from analysis.config import PACKAGE_DATA_DIR
from analysis.wordlists import (
    EVENT_WORDS,
    NAME_LINKS,
    ORG_WORDS,
    PERSON_TITLES,
    PLACE_OPENERS,
    PLACE_WORDS,
    TEAM_WORDS,
)

MODEL_FILE: Path = PACKAGE_DATA_DIR / "names_model.npz"
LABELS: tuple[str, ...] = (
    "O",
    "B-PER",
    "I-PER",
    "B-ORG",
    "I-ORG",
    "B-LOC",
    "I-LOC",
    "B-MISC",
    "I-MISC",
)
_WORD = (
    r"(?:[A-Z]\.){2,}(?:-[A-Za-z]+)*"  # U.S., U.N.-backed
    r"|(?:Inc|Corp|Co|Ltd|Jr|Sr|St|Mt|Ft|Bros)\."  # company forms, Jr., St.
    r"|[A-Z]\.(?=[ \t]+[A-Z])"  # an initial: George W. Bush
    r"|(?![DRI]-[A-Z][a-z]{1,4}\.)"  # not a party-state tag: D-Calif.
    r"[A-Z][\w&]*(?:(?:['’](?![sS]\b)|-)[\w&]+)*"  # Hewitt, O'Brien, AT&T, Smith-Jones
)
#: A candidate name: capitalised words, with :data:`~analysis.wordlists.NAME_LINKS`
#: between them (group 1: the first word).
RUN_RE = re.compile(
    rf"(?<![\w&.'’-])({_WORD})(?:[ \t]+(?:(?:{'|'.join(NAME_LINKS)})[ \t]+)*(?:{_WORD}))*"
)
_TITLES = frozenset(t.lower() for t in PERSON_TITLES) | {
    t[:-1].lower() for t in PERSON_TITLES if t.endswith(".")
}


@lru_cache(maxsize=131_072)
def _shape(word: str) -> str:
    """The word's shape, runs of one kind of character shortened: ``Xx``, ``X.X.``, ``XX``."""
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


#: The word lists a word may be in, as a feature: the model learns what each one means.
_WORD_LISTS: tuple[tuple[str, frozenset[str]], ...] = (
    ("org", ORG_WORDS),
    ("team", TEAM_WORDS),
    ("event", EVENT_WORDS),
    ("place", PLACE_WORDS),
    ("opener", PLACE_OPENERS),
)


@lru_cache(maxsize=131_072)
def _listed(word: str) -> str:
    """The word lists holding ``word``, as one feature value (``""``: none)."""
    return "+".join(name for name, words in _WORD_LISTS if word in words)


@lru_cache(maxsize=131_072)
def _word_features(word: str) -> tuple[str, ...]:
    """What the word itself says, whatever its place: remembered per distinct word."""
    low = word.lower()
    listed = _listed(word)
    out = ("w=" + low, "s=" + _shape(word), "x3=" + low[-3:], "x4=" + low[-4:], "p3=" + low[:3])
    if low in _TITLES:
        out += ("title",)
    return (*out, "list=" + listed) if listed else out


def _near(role: str, word: str) -> tuple[str, ...]:
    """A word near the one labelled: ``p1`` (just before), ``p2``, ``n1``, ``n2``."""
    if not word:
        return (role + "=<none>",)
    if role in ("p1", "n1"):
        return (role + "=" + word.lower(), role[0] + "s=" + _shape(word))
    return (role + "=" + word.lower(),)


def _self(key: tuple[str, str, int, bool, bool]) -> tuple[str, ...]:
    word, where, n, opens, caps = key
    out = (*_word_features(word), "at=" + where, "len=" + str(n), "bias")
    if opens:
        out += ("sent-start", "sent-start|" + word.lower())
    return (*out, "caps-line") if caps else out


#: Each group of features from its role and its key: the word labelled and its place in the
#: run; each of the two words before and after it; the run's first and last words.  Keys
#: are single words as far as they can be, so that a group's ids are remembered.
_GROUPS = {
    "self": _self,
    "p1": lambda w: _near("p1", w),
    "p2": lambda w: _near("p2", w),
    "n1": lambda w: _near("n1", w),
    "n2": lambda w: _near("n2", w),
    "first": lambda w: ("first=" + w.lower(), "first-list=" + _listed(w)),
    "last": lambda w: ("last=" + w.lower(), "last-list=" + _listed(w)),
}


#: The roles of a word's feature groups, in the order :func:`feature_keys` gives their keys.
ROLES: tuple[str, ...] = ("self", "p1", "p2", "n1", "n2", "first", "last")


def feature_keys(
    words: Sequence[str], i: int, before: Sequence[str], after: Sequence[str], opens: bool
) -> tuple[object, ...]:
    """The keys of the feature groups of ``words[i]`` in a run of capitalised ``words``,
    one per role of :data:`ROLES` (:data:`_GROUPS` turns each into feature names).

    ``before`` and ``after`` are the two tokens either side of the run (nearest last and
    first); ``opens`` that the run starts its sentence.
    """
    n = len(words)
    w = words[i]
    p1 = words[i - 1] if i > 0 else (before[-1] if before else "")
    p2 = words[i - 2] if i > 1 else (before[i - 2] if len(before) >= 2 - i else "")
    n1 = words[i + 1] if i + 1 < n else (after[0] if after else "")
    n2 = words[i + 2] if i + 2 < n else (after[i + 2 - n] if len(after) > i + 2 - n else "")
    where = "S" if n == 1 else "B" if i == 0 else "E" if i == n - 1 else "I"
    caps = w.isupper() and len(w) > 1 and (not p1 or p1.isupper()) and (not n1 or n1.isupper())
    return ((w, where, min(n, 4), opens and i == 0, caps), p1, p2, n1, n2, words[0], words[-1])


def word_features(
    words: Sequence[str], i: int, before: Sequence[str], after: Sequence[str], opens: bool
) -> list[str]:
    """The feature names of ``words[i]``; see :func:`feature_keys`."""
    keys = feature_keys(words, i, before, after, opens)
    return [f for role, key in zip(ROLES, keys, strict=True) for f in _GROUPS[role](key)]


class Run(NamedTuple):
    """One run of capitalised words: its words, their offsets and its context."""

    start: int
    end: int
    words: tuple[str, ...]
    offsets: tuple[tuple[int, int], ...]
    before: tuple[str, ...]
    after: tuple[str, ...]
    opens_sentence: bool

    def word_keys(self) -> list[tuple[object, ...]]:
        """:func:`feature_keys` of each word (one word, the most common run: inlined)."""
        words, before, after = self.words, self.before, self.after
        if len(words) == 1:
            w = words[0]
            p1 = before[-1] if before else ""
            n1 = after[0] if after else ""
            caps = (
                w.isupper() and len(w) > 1 and (not p1 or p1.isupper()) and (not n1 or n1.isupper())
            )
            p2 = before[-2] if len(before) >= 2 else ""
            n2 = after[1] if len(after) > 1 else ""
            return [((w, "S", 1, self.opens_sentence, caps), p1, p2, n1, n2, w, w)]
        return [
            feature_keys(words, i, before, after, self.opens_sentence) for i in range(len(words))
        ]

    def features(self) -> list[list[str]]:
        return [
            word_features(self.words, i, self.before, self.after, self.opens_sentence)
            for i in range(len(self.words))
        ]


#: The context either side of a run, in tokens: words (with inner hyphens, apostrophes,
#: periods) and single marks; the same in training and in use, which is all it must be.
_CONTEXT_RE = re.compile(r"\w+(?:[-'’&.]\w+)*|[^\w\s]")


def context_before(text: str, start: int) -> tuple[str, ...]:
    """The two tokens before ``start`` on its line (fewer at the line's start)."""
    left = text[start - 30 if start > 30 else 0 : start]
    left = left[left.rfind("\n") + 1 :]
    parts = left.split()[-2:]
    if "".join(parts).isalpha():
        return tuple(parts)
    return tuple(_CONTEXT_RE.findall(" ".join(parts))[-2:])


def context_after(text: str, end: int) -> tuple[str, ...]:
    """The two tokens after ``end`` on its line (fewer at the line's end)."""
    right = text[end : end + 30]
    cut = right.find("\n")
    parts = (right if cut < 0 else right[:cut]).split()[:2]
    if "".join(parts).isalpha():
        return tuple(parts)
    return tuple(_CONTEXT_RE.findall(" ".join(parts))[:2])


class Name(NamedTuple):
    """A name the model found: offsets, its CoNLL type and the model's confidence."""

    start: int
    end: int
    label: str
    confidence: float


class NameModel:
    """Feature vocabulary, weights and labels of the name model; see the module docstring."""

    def __init__(self, vocabulary: Sequence[str], weights: np.ndarray, labels: Sequence[str]):
        self.index = {f: i for i, f in enumerate(vocabulary)}
        # one row of zeros for features the model never saw
        self.weights = np.vstack([weights, np.zeros((1, weights.shape[1]), weights.dtype)])
        self.labels = tuple(labels)
        self._unknown = len(vocabulary)
        self._label_id = {label: i for i, label in enumerate(self.labels)}
        # for I-X, the index of B-X; None for O and B-X
        # per role: the slot of each feature group seen, and the groups' summed weights
        self._slots: list[dict[object, int]] = [{} for _ in ROLES]
        self._sums: list[np.ndarray] = [np.zeros((0, len(self.labels)), np.float32) for _ in ROLES]
        self._inside_of = [
            self._label_id["B-" + y[2:]] if y.startswith("I-") else None for y in self.labels
        ]

    @classmethod
    def load(cls, path: str | Path = MODEL_FILE) -> NameModel:
        """Read a model saved by :meth:`save` (``np.load`` with ``allow_pickle=False``)."""
        with np.load(path, allow_pickle=False) as data:
            vocabulary = bytes(data["vocabulary"]).decode("utf-8").split("\n")
            return cls(vocabulary, data["weights"].astype(np.float32), data["labels"].tolist())

    def save(self, path: str | Path) -> None:
        vocabulary = sorted(self.index, key=self.index.__getitem__)
        blob = np.frombuffer("\n".join(vocabulary).encode("utf-8"), dtype=np.uint8)
        np.savez_compressed(
            path,
            vocabulary=blob,
            weights=self.weights[:-1].astype(np.float16),
            labels=np.array(self.labels),
        )

    def _scores(self, keys: list[tuple[object, ...]]) -> np.ndarray:
        """Label scores (words x labels) of words given by their :func:`feature_keys`.

        A word's score is the sum of its groups' weights; the summed weights of each group
        seen are remembered per role (a slot in a matrix), so a word costs one dictionary
        look-up per role and the chunk one gather per role.
        """
        scores = np.zeros((len(keys), len(self.labels)), np.float32)
        for role, column in enumerate(zip(*keys, strict=True)):
            slots = self._slots[role]
            if len(slots) > 200_000:  # a long stream: start again rather than grow forever
                slots.clear()
            get = slots.get
            at = [get(key, -1) for key in column]
            if -1 in at:
                new = list(dict.fromkeys(k for k, i in zip(column, at, strict=True) if i < 0))
                self._add_slots(role, new)
                at = [get(key) for key in column]
            scores += self._sums[role][at]
        return scores

    def _add_slots(self, role: int, keys: list[object]) -> None:
        """Remember the summed weights of the feature groups ``keys`` of ``role``."""
        index, unknown, group = self.index, self._unknown, _GROUPS[ROLES[role]]
        rows = [[index.get(f, unknown) for f in group(key)] or [unknown] for key in keys]
        ids = [i for row in rows for i in row]
        bounds = np.cumsum([0] + [len(row) for row in rows[:-1]])
        sums = np.add.reduceat(self.weights[ids], bounds, axis=0)
        slots = self._slots[role]
        start = len(slots)
        if not slots:
            self._sums[role] = sums
        else:
            self._sums[role] = np.vstack([self._sums[role][:start], sums])
        slots.update((key, start + j) for j, key in enumerate(keys))

    def names(self, runs: Sequence[Run]) -> list[list[Name]]:
        """The names in each run: the most probable labelling of its words in which every
        ``I-X`` follows a ``B-X`` or ``I-X`` (Viterbi); confidence is the mean probability
        of a name's labels."""
        if not runs:
            return []
        probs = self._scores([keys for run in runs for keys in run.word_keys()])
        probs -= probs.max(axis=1, keepdims=True)
        np.exp(probs, out=probs)
        probs /= probs.sum(axis=1, keepdims=True)
        lengths = [len(run.words) for run in runs]
        firsts = np.cumsum([0, *lengths[:-1]])
        # a run of one word: its best label that may open a run (O or B-X), vectorized
        opening = np.flatnonzero(np.array([b is None for b in self._inside_of]))
        lone = np.flatnonzero(np.array(lengths) == 1)
        lone_probs = probs[firsts[lone]][:, opening]
        lone_best = lone_probs.argmax(axis=1)
        out: list[list[Name]] = [[] for _ in runs]
        labels = self.labels
        named = np.flatnonzero(opening[lone_best] != self._label_id["O"])
        kinds = [labels[y][2:] for y in opening[lone_best[named]].tolist()]
        confidences = lone_probs[named, lone_best[named]].tolist()
        for r, kind, conf in zip(lone[named].tolist(), kinds, confidences, strict=True):
            out[r] = [Name(runs[r].start, runs[r].end, kind, conf)]
        best_ids = probs.argmax(axis=1)
        best = best_ids.tolist()
        chosen = probs[np.arange(len(best)), best_ids].tolist()
        inside = self._inside_of
        for r in np.flatnonzero(np.array(lengths) > 1).tolist():
            k, n = int(firsts[r]), lengths[r]
            path, sure = best[k : k + n], chosen[k : k + n]
            # the best label of each word, unless a stray I-X makes Viterbi needed
            for j, y in enumerate(path):
                if inside[y] is not None and (j == 0 or path[j - 1] not in (y, inside[y])):
                    path = self._decode(probs[k : k + n].tolist())
                    sure = probs[np.arange(k, k + n), path].tolist()
                    break
            out[r] = self._run_names(runs[r], path, sure)
        return out

    def _run_names(self, run: Run, path: list[int], chosen: list[float]) -> list[Name]:
        """The names in a run of several words labelled ``path`` with probabilities
        ``chosen``."""
        n = len(run.words)
        labels = self.labels
        found: list[Name] = []
        kind, first, total = "", 0, 0.0
        for j in range(n + 1):
            tag, _, typ = (labels[path[j]] if j < n else "O").partition("-")
            if kind and tag != "I":
                s, e = run.offsets[first][0], run.offsets[j - 1][1]
                found.append(Name(s, e, kind, total / (j - first)))
                kind = ""
            if tag == "B":
                kind, first, total = typ, j, 0.0
            if kind:
                total += chosen[j]
        return _join_of(run, found) if len(found) > 1 else found

    def _decode(self, probs: list[list[float]]) -> list[int]:
        """Viterbi over one run's label probabilities under the BIO constraint."""
        inside = self._inside_of
        logp = [[math.log(max(p, 1e-12)) for p in row] for row in probs]
        score = [lp if inside[y] is None else -1e9 for y, lp in enumerate(logp[0])]
        back: list[list[int]] = []
        for row in logp[1:]:
            best = max(range(len(score)), key=score.__getitem__)
            ptr, new = [], []
            for y, lp in enumerate(row):
                b = inside[y]  # O and B-X follow anything; I-X follows B-X or I-X
                p = best if b is None else b if score[b] >= score[y] else y
                ptr.append(p)
                new.append(score[p] + lp)
            back.append(ptr)
            score = new
        y = max(range(len(score)), key=score.__getitem__)
        path = [y]
        for ptr in reversed(back):
            y = ptr[y]
            path.append(y)
        return path[::-1]


def _join_of(run: Run, found: list[Name]) -> list[Name]:
    """An organization ending in an organization word, "of", then a place or organization
    is one organization: "British Chambers of Commerce", "Bank of England"."""
    out: list[Name] = []
    for name in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label == "ORG"
            and name.label in ("ORG", "LOC")
            and _gap_is_of(run, prev.end, name.start)
        ):
            out[-1] = Name(prev.start, name.end, "ORG", min(prev.confidence, name.confidence))
        else:
            out.append(name)
    return out


def _gap_is_of(run: Run, end: int, start: int) -> bool:
    """Between ``end`` and ``start`` of the run stands the word "of" alone, after an
    organization word."""
    for j, (_, b) in enumerate(run.offsets[:-2]):
        if b == end:
            return (
                run.words[j + 1] == "of"
                and run.offsets[j + 2][0] == start
                and run.words[j] in ORG_WORDS
            )
    return False


@lru_cache(maxsize=1)
def name_model() -> NameModel:
    """The shipped model, read once per process."""
    return NameModel.load(MODEL_FILE)
