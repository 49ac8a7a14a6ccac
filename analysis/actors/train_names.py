"""Train the name model (:mod:`analysis.actors.names`) on CoNLL-2003: ``make model``.

Usage: ``python -m analysis.actors.train_names [--data ../shared/data/conll2003]``

Reads ``eng.train`` (training) and ``eng.testa`` (development), turns each document into
text (a sentence a line, tokens joined by spaces), finds the candidate runs exactly as
:func:`analysis.actors.discovery.candidate_runs` finds them in any text, labels each word
of a run with its gold BIO tag, fits a multinomial logistic regression, prints the
development scores and writes ``analysis/data/names_model.npz``.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis.actors.discovery import candidate_runs
from analysis.actors.names import LABELS, MODEL_FILE, NameModel, Run
from analysis.config import PROJ_ROOT

DEFAULT_DATA = PROJ_ROOT.parent / "shared" / "data" / "conll2003"
ENTITY_TYPES: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")


@dataclass(frozen=True)
class ConllDocument:
    """One CoNLL document as text: a sentence a line, with each token's offsets and gold
    entity spans ``(start, end, type)``."""

    text: str
    sentence_starts: tuple[int, ...]
    tokens: tuple[tuple[int, int], ...]
    entities: tuple[tuple[int, int, str], ...]


def read_conll(path: str | Path) -> list[ConllDocument]:
    """The documents of a CoNLL-2003 file (``WORD POS CHUNK NER``, IOB1 tags)."""
    docs: list[list[list[tuple[str, str]]]] = []
    sentence: list[tuple[str, str]] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if sentence:
                if not docs:  # a file that does not open with -DOCSTART-
                    docs.append([])
                docs[-1].append(sentence)
                sentence = []
            continue
        if parts[0] == "-DOCSTART-":
            docs.append([])
            continue
        sentence.append((parts[0], parts[-1]))
    if sentence:
        docs[-1].append(sentence)
    return [_as_document(d) for d in docs if d]


def _as_document(sentences: list[list[tuple[str, str]]]) -> ConllDocument:
    pieces: list[str] = []
    starts, tokens, entities = [], [], []
    pos = 0
    for sentence in sentences:
        starts.append(pos)
        open_type, open_start, last_end = "", 0, 0
        for j, (word, tag) in enumerate(sentence):
            if j:
                pieces.append(" ")
                pos += 1
            tokens.append((pos, pos + len(word)))
            kind = tag[2:] if tag != "O" else ""
            if open_type and (kind != open_type or tag.startswith("B-")):
                entities.append((open_start, last_end, open_type))
                open_type = ""
            if kind and not open_type:
                open_type, open_start = kind, pos
            pieces.append(word)
            pos += len(word)
            last_end = pos
        if open_type:
            entities.append((open_start, last_end, open_type))
        pieces.append("\n")
        pos += 1
    return ConllDocument("".join(pieces), tuple(starts), tuple(tokens), tuple(entities))


def labelled_runs(doc: ConllDocument) -> Iterator[tuple[Run, list[str]]]:
    """Each candidate run of the document with the gold BIO label of each of its words."""
    tag_at: dict[int, str] = {}
    for start, end, kind in doc.entities:
        for a, b in doc.tokens:
            if start <= a and b <= end:
                tag_at[a] = ("B-" if a == start else "I-") + kind
    for run in candidate_runs(doc.text, doc.sentence_starts):
        yield run, [tag_at.get(a, "O") for a, _ in run.offsets]


def fit(docs: list[ConllDocument], *, min_count: int = 2, c: float = 1.0) -> NameModel:
    """A :class:`NameModel` fitted on the labelled runs of ``docs``."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    rows, labels = [], []
    for doc in docs:
        for run, tags in labelled_runs(doc):
            rows.extend(run.features())
            labels.extend(tags)
    counts = Counter(f for feats in rows for f in set(feats) if f)
    vocabulary = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(vocabulary)}
    indices, indptr = [], [0]
    for feats in rows:
        indices.extend(sorted({index[f] for f in feats if f in index}))
        indptr.append(len(indices))
    x = csr_matrix(
        (np.ones(len(indices), np.float32), indices, indptr), shape=(len(rows), len(vocabulary))
    )
    y = np.array([LABELS.index(t) for t in labels])
    model = LogisticRegression(C=c, max_iter=2000, fit_intercept=False)
    model.fit(x, y)
    weights = np.zeros((len(vocabulary), len(LABELS)), np.float32)
    weights[:, model.classes_] = model.coef_.T
    return NameModel(vocabulary, weights, LABELS)


def scores(
    gold: list[set[tuple[int, int, str]]], found: list[set[tuple[int, int, str]]]
) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 of exact spans, per type, over ``PER, ORG, LOC`` together
    (``labelled``: the type must match; ``unlabelled``: the span alone) and over all four."""
    out: dict[str, dict[str, float]] = {}

    def prf(g: int, f: int, hit: int) -> dict[str, float]:
        p = hit / f if f else 0.0
        r = hit / g if g else 0.0
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                "gold": g}  # fmt: skip

    for kinds, name in [((t,), t) for t in ENTITY_TYPES] + [
        (("PER", "ORG", "LOC"), "PER+ORG+LOC"),
        (ENTITY_TYPES, "all"),
    ]:
        g = [{e for e in doc if e[2] in kinds} for doc in gold]
        f = [{e for e in doc if e[2] in kinds} for doc in found]
        hit = sum(len(a & b) for a, b in zip(g, f, strict=True))
        out[name] = prf(sum(map(len, g)), sum(map(len, f)), hit)
        if len(kinds) > 1:
            gs = [{(s, e) for s, e, _ in doc} for doc in g]
            fs = [{(s, e) for s, e, _ in doc} for doc in f]
            hit = sum(len(a & b) for a, b in zip(gs, fs, strict=True))
            out[name + " unlabelled"] = prf(sum(map(len, gs)), sum(map(len, fs)), hit)
    return out


def model_entities(model: NameModel, doc: ConllDocument) -> set[tuple[int, int, str]]:
    """The names the model finds in a CoNLL document, as spans."""
    runs = candidate_runs(doc.text, doc.sentence_starts)
    return {(n.start, n.end, n.label) for found in model.names(runs) for n in found}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument("--min-count", type=int, default=2)
    args = parser.parse_args(argv)
    train = read_conll(args.data / "eng.train")
    dev = read_conll(args.data / "eng.testa")
    model = fit(train, min_count=args.min_count, c=args.c)
    result = scores([set(d.entities) for d in dev], [model_entities(model, d) for d in dev])
    for name, s in result.items():
        print(f"{name:24} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  "
              f"({s['gold']} gold)")  # fmt: skip
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, "
          f"{len(model.index):,} features)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
