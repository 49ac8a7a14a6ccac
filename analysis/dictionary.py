"""Dictionaries: word lists by category (LIWC ``.dic`` files, quanteda-style YAML) counted
in documents, sentences, actors' sentences or groups.

A dictionary maps each category to entries: a word (``tax``), a wildcard (``abandon*``:
every word that starts so) or several words (``climate change``, ``a lot``).  Text is read
as lowercased words (letters, digits, inner apostrophes and hyphens: what LIWC counts as
words); an entry matches where its words follow one another.  Every match counts once per
category it belongs to.

Formats:

* LIWC ``.dic``: a header between two lines holding ``%`` that numbers the categories
  (``1<TAB>posemo``), then one entry a line, its word(s) then the numbers of its categories
  (``abandon*<TAB>2 5``; a multi-word entry keeps its spaces: ``kind of<TAB>3``).
* YAML, as quanteda writes dictionaries: categories as keys, lists of entries as values,
  nested categories joined with a dot (``economy.jobs``).

No licensed dictionary ships with the workbook; ``analysis/data/news_topics.yaml`` is a
small example written for it (public domain).  A LIWC or Lexicoder file you hold a licence
for loads the same way: ``analysis.load_dictionary("LSD2015.dic")``.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.config import PACKAGE_DATA_DIR
from analysis.corpus import as_documents
from analysis.errors import CorpusError, invalid_value
from analysis.text import sentences as make_sentences
from analysis.text import word_codes

DICTIONARY_COLUMNS: tuple[str, ...] = ("category", "matches", "words", "per_1000")
EXAMPLE_DICTIONARY: Path = PACKAGE_DATA_DIR / "news_topics.yaml"
#: A word of a dictionary's texts: letters and digits joined by single apostrophes or
#: hyphens (``don't``, ``al-qaeda``, ``covid-19``); texts are lowercased and ’ read as '.
WORD_RE = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")


@dataclass(frozen=True)
class Dictionary:
    """Categories and their entries (lowercased), as :func:`load_dictionary` reads them."""

    categories: dict[str, tuple[str, ...]]
    source: str = ""

    def __len__(self) -> int:
        return sum(len(v) for v in self.categories.values())


class _Matcher:
    """Exact words, wildcard prefixes and multi-word entries, each with its categories."""

    def __init__(self, dictionary: Dictionary) -> None:
        self.names = list(dictionary.categories)
        exact: dict[tuple[str, ...], set[int]] = defaultdict(set)
        prefixes: dict[str, set[int]] = defaultdict(set)
        for c, entries in enumerate(dictionary.categories.values()):
            for entry in entries:
                words = tuple(entry.split())
                if len(words) == 1 and words[0].endswith("*"):
                    prefixes[words[0][:-1]].add(c)
                else:
                    exact[words].add(c)
        self.exact = {k: tuple(sorted(v)) for k, v in exact.items()}
        self.longest = max((len(k) for k in self.exact), default=1)
        self.prefix_of = {p: tuple(sorted(c)) for p, c in prefixes.items()}
        self.prefix_sizes = sorted({len(p) for p in prefixes})
        self.single = {k[0]: v for k, v in self.exact.items() if len(k) == 1}

    def _categories(self, word: str) -> tuple[int, ...]:
        """The categories one word counts for (exact and wildcard entries), each once."""
        found = self.single.get(word, ())
        prefix_of = self.prefix_of
        for size in self.prefix_sizes:
            if size > len(word):
                break
            hit = prefix_of.get(word[:size])
            if hit is not None:
                found = tuple(sorted({*found, *hit})) if found else hit
        return found

    def count_all(self, texts: list[Any]) -> tuple[np.ndarray, np.ndarray]:
        """Matches per category of every text (one row each), and the words of each text.

        Every distinct word of the corpus is looked up once; each word's categories are
        then counted for every place it stands in one pass of array arithmetic; phrases are
        tried only where a phrase's first word stands.
        """
        codes, lengths, vocabulary = word_codes(texts, WORD_RE)
        rows = np.repeat(np.arange(len(texts)), lengths)
        n_cats = len(self.names)
        found = np.zeros((len(texts), n_cats), dtype=np.int64)
        if not len(codes):
            return found, lengths
        # each word's categories as one flat array, word j's at cats[starts[j]:starts[j + 1]]
        per_word = [self._categories(word) for word in vocabulary]
        sizes = np.fromiter(map(len, per_word), np.int64, len(per_word))
        cats = np.fromiter(chain.from_iterable(per_word), np.int64, int(sizes.sum()))
        starts = np.concatenate(([0], np.cumsum(sizes)))
        matched = np.flatnonzero(sizes[codes])  # the places whose word counts for something
        if len(matched):
            many = sizes[codes[matched]]
            first = np.repeat(starts[codes[matched]] - np.cumsum(many) + many, many)
            where = np.repeat(rows[matched], many) * n_cats
            cell = where + cats[first + np.arange(int(many.sum()))]
            found += np.bincount(cell, minlength=found.size).reshape(found.shape)
        if self.longest > 1:  # phrases: only where a phrase's first word stands
            code_of = {word: j for j, word in enumerate(vocabulary)}
            phrases: dict[tuple[int, ...], tuple[int, ...]] = {}
            for words, hits in self.exact.items():
                if len(words) > 1 and all(w in code_of for w in words):
                    phrases[tuple(code_of[w] for w in words)] = hits
            firsts = np.fromiter({k[0] for k in phrases}, np.int64)
            ends = np.cumsum(lengths)
            for at in np.flatnonzero(np.isin(codes, firsts)).tolist():
                row = int(rows[at])
                longest = min(self.longest, int(ends[row]) - at)
                following = codes[at : at + longest].tolist()
                for size in range(2, longest + 1):
                    for c in phrases.get(tuple(following[:size]), ()):
                        found[row, c] += 1
        return found, lengths


def load_dictionary(path: str | os.PathLike[str] | Mapping[str, Any] | None = None) -> Dictionary:
    """Read a LIWC ``.dic`` or a YAML dictionary (see the module's notes), or take a dict;
    by default the example dictionary (:data:`EXAMPLE_DICTIONARY`).

    Raises:
        CorpusError: naming the file, the line and the problem.
    """
    if isinstance(path, Mapping):
        return Dictionary(_flatten(path, "dictionary"), "a dict")
    p = Path(path) if path is not None else EXAMPLE_DICTIONARY
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CorpusError(f"{p}: no such dictionary file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{p}: cannot be read as UTF-8 text ({exc})") from None
    if p.suffix.lower() in (".yml", ".yaml"):
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}: " if mark is not None else ""
            raise CorpusError(f"{p}: {where}not valid YAML") from None
        if not isinstance(data, Mapping) or not data:
            raise CorpusError(f"{p}: expected categories as keys, each with a list of entries")
        return Dictionary(_flatten(data, str(p)), str(p))
    return Dictionary(_read_dic(text, p), str(p))


def _flatten(data: Mapping[str, Any], source: str, prefix: str = "") -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, source, f"{name}."))
        elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            out[name] = tuple(" ".join(v.lower().split()) for v in value if v.strip())
        elif isinstance(value, str):
            out[name] = (" ".join(value.lower().split()),)
        else:
            raise CorpusError(
                f"{source}: category {name!r} holds {type(value).__name__}, expected a list "
                "of words or nested categories"
            )
    return out


def _read_dic(text: str, path: Path) -> dict[str, tuple[str, ...]]:
    lines = text.splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(marks) < 2:
        raise CorpusError(
            f"{path}: line 1: a LIWC dictionary starts with a header of categories between "
            "two lines holding '%'"
        )
    numbers: dict[str, str] = {}
    for i in range(marks[0] + 1, marks[1]):
        line = lines[i].strip()
        if not line:
            continue
        parts = line.split(None, 1)
        if len(parts) != 2:
            raise CorpusError(f"{path}: line {i + 1}: expected a number and a category name")
        numbers[parts[0]] = parts[1].strip()
    entries: dict[str, list[str]] = {name: [] for name in numbers.values()}
    for i in range(marks[1] + 1, len(lines)):
        line = lines[i].strip()
        if not line:
            continue
        parts = line.split("\t") if "\t" in line else line.split()
        if "\t" in line:
            words, cats = parts[0], " ".join(parts[1:]).split()
        else:
            k = len(parts)
            while k > 1 and parts[k - 1] in numbers:
                k -= 1
            words, cats = " ".join(parts[:k]), parts[k:]
        if not cats:
            raise CorpusError(f"{path}: line {i + 1}: {words!r} has no category number")
        for c in cats:
            if c not in numbers:
                raise CorpusError(
                    f"{path}: line {i + 1}: category {c!r} is not in the header "
                    f"({', '.join(numbers)})"
                )
            entries[numbers[c]].append(" ".join(words.lower().split()))
    return {name: tuple(v) for name, v in entries.items()}


def dictionary_counts(
    docs: Any,
    dictionary: Dictionary | str | os.PathLike[str] | Mapping[str, Any],
    *,
    by: str = "doc",
    sents: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Matches of each category, and their rate per 1,000 words.

    Args:
        docs: A documents table or a list of texts.
        dictionary: A :class:`Dictionary` or what :func:`load_dictionary` reads.
        by: ``"doc"``, ``"sentence"``, ``"actor"`` (the sentences that name each actor;
            needs ``mentions``) or a column of ``docs`` (``group``, ``outlet``).
        sents: :func:`analysis.sentences` of ``docs``, for ``"sentence"`` and ``"actor"``.
        mentions: :func:`analysis.actor_mentions` of ``docs``, for ``"actor"``.

    Returns:
        DataFrame with columns ``[doc_id | doc_id, sent_id | actor | by], category,
        matches, words, per_1000``: one row per unit and category (``words`` counts every
        word of the unit).
    """
    if not isinstance(dictionary, Dictionary):
        dictionary = load_dictionary(dictionary)
    matcher = _Matcher(dictionary)
    docs = as_documents(docs)
    if by == "actor" and mentions is None:
        raise invalid_value("mentions", None, "the actor mentions, for by='actor'")
    if by in ("sentence", "actor"):
        sents = make_sentences(docs) if sents is None else sents
        units = sents[["doc_id", "sent_id", "text"]]
        keys = ["doc_id", "sent_id"]
        if by == "actor":  # only the sentences that name someone are counted
            named = pd.MultiIndex.from_frame(mentions[keys])
            units = units[pd.MultiIndex.from_frame(units[keys]).isin(named)]
    elif by == "doc" or by in docs.columns:
        units = docs[["doc_id", "text"]]
        keys = ["doc_id"]
    else:
        raise invalid_value(
            "by", by, f"'doc', 'sentence', 'actor' or a column ({', '.join(docs.columns)})"
        )
    found, words = matcher.count_all(units["text"].tolist())
    table = units[keys].reset_index(drop=True)
    wide = pd.DataFrame(found, columns=matcher.names)
    wide["words"] = words
    wide = pd.concat([table, wide], axis=1)
    if by == "actor":
        named = mentions[["doc_id", "sent_id", "actor"]].drop_duplicates()
        wide = named.merge(wide, on=["doc_id", "sent_id"]).drop(columns=["doc_id", "sent_id"])
        wide = wide.groupby("actor", sort=True).sum().reset_index()
        keys = ["actor"]
    elif by not in ("doc", "sentence"):
        wide[by] = wide["doc_id"].map(dict(zip(docs["doc_id"], docs[by], strict=True)))
        wide = wide.drop(columns=["doc_id"]).groupby(by, sort=True).sum().reset_index()
        keys = [by]
    long = wide.melt(
        id_vars=[*keys, "words"],
        value_vars=matcher.names,
        var_name="category",
        value_name="matches",
    )
    long["per_1000"] = np.where(
        long["words"] > 0, 1000 * long["matches"] / long["words"].clip(lower=1), np.nan
    )
    order = {name: i for i, name in enumerate(matcher.names)}
    long = long.sort_values(
        [*keys, "category"],
        key=lambda s: s.map(order) if s.name == "category" else s,
        kind="mergesort",
    )
    return long[[*keys, "category", "matches", "words", "per_1000"]].reset_index(drop=True)
