"""analysis._vader gives exactly vaderSentiment's polarity_scores, on real and generated text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)

from analysis import sentences
from analysis._vader import but_check, polarity, reference


def _expected(text: str) -> tuple[float, float, float, float]:
    s = reference().polarity_scores(text)
    return s["neg"], s["neu"], s["pos"], s["compound"]


def test_identical_on_every_bbc_sentence_and_document(bbc_docs):
    texts = sentences(bbc_docs)["text"].tolist()
    assert len(texts) == 43_961  # 43,962 before list markers, ". . ." and "I." were read right
    mismatches = [t for t in texts if polarity(t) != _expected(t)]
    assert mismatches == []
    # whole documents too (newlines, many "but"s, long texts): every 10th article
    whole = bbc_docs["text"].tolist()[::10]
    assert [polarity(t) for t in whole] == [_expected(t) for t in whole]


def test_rules_that_change_a_score():
    # each pair differs only by one of VADER's rules, and the scores are VADER's
    cases = {
        "The plan is good.": 0.4404,  # 1.9 / sqrt(1.9**2 + 15)
        "The plan is not good.": -0.3412,  # negation
        "The plan is very good.": 0.4927,  # booster
        "The plan is GOOD, they said.": 0.5622,  # capitals among lower case
        "The plan is good!!!": 0.5826,  # exclamation marks
        "The plan is good but the vote was a disaster.": -0.6908,  # 1.9*0.5 - 3.1*1.5
        "The plan is the bomb.": 0.6124,  # special case: 3 / sqrt(9 + 15)
        "The plan is good 😀": 0.6597,  # emoji read as its description
    }
    for text, compound in cases.items():
        assert polarity(text)[3] == compound == _expected(text)[3], text


WORDS = sorted(
    {
        *list(reference().lexicon)[::40],
        *BOOSTER_DICT,
        *NEGATE,
        *(w for case in SPECIAL_CASES for w in case.split()),
        "but",
        "BUT",
        "kind",
        "of",
        "least",
        "at",
        "very",
        "no",
        "nor",
        "or",
        "never",
        "so",
        "this",
        "without",
        "doubt",
        "GOOD",
        "Bad",
        "isn't",
        "😀",
        "💔",
        "!",
        "?",
        ":)",
        "—",
        "é",
    }
)
SENTENCE = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=25).map(
    lambda ws: " ".join(ws)
)


@settings(max_examples=400, deadline=None)
@given(SENTENCE)
def test_identical_on_generated_text(text):
    assert polarity(text) == _expected(text)


# scores as VADER holds them: 0 for most words, a few valences, many repeated (and values
# that a first rescaling turns into another one present, e.g. 2.0 * 0.5 == 1.0)
SCORES = st.lists(st.sampled_from([0, 0, 0, 0.0, 1.0, 2.0, 0.5, -1.0, -2.0, 1.5, 3.0, -0.5]))


@settings(max_examples=1000, deadline=None)
@given(SCORES, st.integers(min_value=0, max_value=40))
def test_but_check_rescales_exactly_as_vader(scores, at):
    words = ["w"] * len(scores)
    but = min(at, len(scores))
    words.insert(but, "but")
    scores = [*scores[:but], 0, *scores[but:]]
    expected = SentimentIntensityAnalyzer._but_check(words, list(scores))
    got = but_check(but, scores)
    assert got == expected  # zeros may stay int 0 where VADER writes 0.0: the same score
    assert [type(v) for v in got if v] == [type(v) for v in expected if v]


def test_but_check_rescales_the_first_copy_as_vader_does():
    # 2.0 before "but" is halved to 1.0; reading the 1.0 after "but", VADER finds that
    # first copy (before "but") and halves it again: 0.5, and the 1.0 is never raised
    scores = [2.0, 0, 0, 1.0]
    assert SentimentIntensityAnalyzer._but_check(["a", "b", "but", "c"], list(scores)) == [
        0.5,
        0.0,
        0,
        1.0,
    ]
    assert but_check(2, scores) == [0.5, 0.0, 0, 1.0]
