"""Sentiment towards a target: hand-made sentences where the target's treatment differs from
the sentence's tone, NewsMTSC's held-out articles, the shipped model's size and that
``make model`` makes it again."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis
from analysis import ParameterError
from analysis._vader import polarity
from analysis.targeted_sentiment import MODEL_FILE, TargetModel, target_scores, target_sentiment
from tests.conftest import require_data

# (sentence, target, how the sentence treats the target); VADER's score of the sentence
# says otherwise in most of them
DIFFERENT = [
    ("Supporters cheered as the jury convicted the former mayor of fraud.", "mayor", "neg"),
    ("Critics attacked Smith's plan, which Jones praised.", "Jones", "pos"),
    (
        "Fans celebrated wildly after the referee sent off Ramos for a dangerous foul.",
        "Ramos",
        "neg",
    ),
    (
        "The war was a disaster, but historians credit Lincoln with saving the union.",
        "Lincoln",
        "pos",
    ),
    ("Amid the grim news of layoffs, employees praised Chen for her honesty.", "Chen", "pos"),
    ("The happy crowd laughed as the comedian mocked the senator for his lies.", "senator", "neg"),
    (
        "Despite the deadly floods, officials thanked the firefighters for their heroic work.",
        "firefighters",
        "pos",
    ),
    (
        "Investors were delighted when the board fired the chief executive over the scandal.",
        "chief executive",
        "neg",
    ),
    (
        "Trump blasted the failing New York Times, calling its reporting fake.",
        "New York Times",
        "neg",
    ),
    (
        "The tragic shooting left five dead, and residents hailed the officer who stopped the gunman.",
        "officer",
        "pos",
    ),
]


def _label(score: float) -> str:
    return "neg" if score < -0.05 else "pos" if score > 0.05 else "neu"


def test_the_target_not_the_sentence():
    model_right = vader_right = 0
    for sentence, target, gold in DIFFERENT:
        start = sentence.index(target)
        model_right += _label(target_sentiment(sentence, start, start + len(target))) == gold
        vader_right += _label(polarity(sentence)[3]) == gold
    assert model_right >= 6 and vader_right <= 4
    text = "Critics attacked Smith's plan, which Jones praised."
    assert target_sentiment(text, 17, 22) < -0.05  # Smith


def test_held_out_articles_of_newsmtsc():
    from analysis import train_targeted_sentiment as train

    data = require_data(train.DEFAULT_DATA)
    _, development = train.split(train.read_targets(data / "train.jsonl"))
    scores = train.evaluate(TargetModel.load(), development)
    assert scores["targets"] == 1738
    assert scores["macro_f1"] >= 0.65
    assert scores["vader_sentence_macro_f1"] < 0.52  # what scoring the sentence gave


def test_make_model_makes_the_shipped_model_again(tmp_path):
    from analysis import train_targeted_sentiment as train

    data = require_data(train.DEFAULT_DATA)
    training, _ = train.split(train.read_targets(data / "train.jsonl"))
    made = train.fit(training)
    shipped = TargetModel.load()
    assert made.vocabulary.tolist() == shipped.vocabulary.tolist()
    assert np.allclose(made.coef, shipped.coef, atol=1e-5)
    assert np.allclose(made.intercept, shipped.intercept, atol=1e-6)
    assert MODEL_FILE.stat().st_size < 1_000_000  # plain arrays, no pickle
    with np.load(MODEL_FILE, allow_pickle=False) as stored:
        assert sorted(stored.files) == ["coef", "intercept", "vocabulary"]


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=80), st.data())
def test_any_span_of_any_text_scores_within_bounds(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    score = target_sentiment(text, start, end)
    assert -1.0 <= score <= 1.0


def test_scores_follow_the_most_probable_class_and_bad_spans_are_refused():
    sentences = [s for s, _, _ in DIFFERENT]
    starts = [s.index(t) for s, t, _ in DIFFERENT]
    ends = [a + len(t) for a, (_, t, _) in zip(starts, DIFFERENT, strict=True)]
    model = TargetModel.load()
    from analysis.targeted_sentiment import target_features

    probabilities = model.probabilities(
        [target_features(s, a, b) for s, a, b in zip(sentences, starts, ends, strict=True)]
    )
    labels = np.array(
        [{"neg": 0, "neu": 1, "pos": 2}[_label(x)] for x in target_scores(sentences, starts, ends)]
    )
    assert (labels == probabilities.argmax(axis=1)).all()
    assert analysis.target_sentiment is target_sentiment
    with pytest.raises(ParameterError, match="start, end"):
        target_sentiment("A sentence.", 5, 50)
