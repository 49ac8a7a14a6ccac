"""Train the target-sentiment model (:mod:`analysis.targeted_sentiment`) on NewsMTSC:
``make model``.

Usage: ``python -m analysis.train_targeted_sentiment [--data ../shared/data/newsmtsc]``

Reads ``train.jsonl`` (8,739 targets), holds out a fifth of its articles (seeded) as the
development split, fits a multinomial logistic regression on the rest, prints the
development macro F1 (and VADER's on the whole sentence, for comparison) and writes
``analysis/data/target_model.npz``.  The same data give the same model.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from analysis._vader import polarity
from analysis.config import PROJ_ROOT
from analysis.targeted_sentiment import (
    DENSE,
    LABELS,
    MODEL_FILE,
    TargetModel,
    score_from_probabilities,
    target_features,
)

DEFAULT_DATA = PROJ_ROOT.parent / "shared" / "data" / "newsmtsc"
POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}  # NewsMTSC's negative, neutral, positive
C = 0.1  # chosen on the development split among 0.05, 0.1, 0.2, 0.3, 1.0


def read_targets(path: Path) -> list[tuple[str, str, int, int, int]]:
    """``(article, sentence, start, end, label)`` of every target of a NewsMTSC file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        article = "_".join(row["primary_gid"].split("_")[:3])  # source, article, sentence
        for target in row["targets"]:
            label = POLARITY[float(target["polarity"])]
            out.append((article, row["sentence_normalized"], target["from"], target["to"], label))
    return out


def split(targets: list[tuple[str, str, int, int, int]], *, seed: int = 0) -> tuple[list, list]:
    """Training and development targets: a fifth of the articles held out."""
    articles = sorted({t[0] for t in targets})
    rng = np.random.default_rng(seed)
    held = set(rng.choice(articles, size=len(articles) // 5, replace=False).tolist())
    return [t for t in targets if t[0] not in held], [t for t in targets if t[0] in held]


def fit(targets: list[tuple[str, str, int, int, int]]) -> TargetModel:
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    features = [target_features(s, a, b) for _, s, a, b, _ in targets]
    vectorizer = CountVectorizer(analyzer=lambda words: words, min_df=2, binary=True)
    words = vectorizer.fit_transform([w for w, _ in features])
    dense = sparse.csr_matrix(np.array([d for _, d in features], dtype=float))
    labels = np.array([t[4] for t in targets])
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    model.fit(sparse.hstack([words, dense]).tocsr(), labels)
    return TargetModel(
        vocabulary=np.asarray(vectorizer.get_feature_names_out(), dtype=str),
        coef=model.coef_,
        intercept=model.intercept_,
    )


def macro_f1(gold: np.ndarray, predicted: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, predicted, average="macro", labels=[0, 1, 2]))


def labels_of(scores: np.ndarray) -> np.ndarray:
    """VADER's thresholds: negative below -.05, positive above .05."""
    return np.where(scores < -0.05, 0, np.where(scores > 0.05, 2, 1))


def evaluate(model: TargetModel, targets: list[tuple[str, str, int, int, int]]) -> dict[str, float]:
    """Macro F1 of the model's scores (by VADER's thresholds) and of VADER on the sentence."""
    features = [target_features(s, a, b) for _, s, a, b, _ in targets]
    scores = score_from_probabilities(model.probabilities(features))
    gold = np.array([t[4] for t in targets])
    vader = np.array([polarity(s)[3] for _, s, _, _, _ in targets])
    return {
        "targets": len(targets),
        "macro_f1": macro_f1(gold, labels_of(scores)),
        "vader_sentence_macro_f1": macro_f1(gold, labels_of(vader)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args()
    train, development = split(read_targets(args.data / "train.jsonl"))
    model = fit(train)
    scores = evaluate(model, development)
    print(
        f"target sentiment: {len(train):,} training targets, {scores['targets']:,} held out; "
        f"development macro F1 {scores['macro_f1']:.3f} (VADER on the whole sentence: "
        f"{scores['vader_sentence_macro_f1']:.3f}); {len(model.vocabulary):,} word features "
        f"+ {len(DENSE)} valences; labels {', '.join(LABELS)}"
    )
    model.save(str(args.out))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
