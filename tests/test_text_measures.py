"""Readability and lexical diversity against published reference values and hand counts."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import (
    CorpusWarning,
    ParameterError,
    corpus_tables,
    lexical_diversity,
    measures_by_group,
    readability,
)
from analysis.text_measures import mtld


def test_quantedas_reference_values():
    row = readability(["The cat in the hat ate breakfast."]).iloc[0]
    assert round(row.flesch) == 103  # quanteda's textstat_readability
    assert row.fog == pytest.approx(2.8)
    assert (row.sentences, row.words, row.syllables) == (1, 7, 8)
    assert lexical_diversity(["b a b a b a b a"]).ttr.item() == 0.25
    assert lexical_diversity(["one one two one one two one"]).ttr.item() == pytest.approx(
        0.286, abs=5e-4
    )


#: LexicalRichness's documented example (its README's quick start), a Python implementation
#: of McCarthy and Jarvis's MTLD (2010) and HD-D (2007) and Covington and McFall's MATTR.
LEXICALRICHNESS_TEXT = """Measure of textual lexical diversity, computed as the mean length of \
sequential words in
a text that maintains a minimum threshold TTR score.
Iterates over words until TTR scores falls below a threshold, then increase factor
counter by 1 and start over. McCarthy and Jarvis (2010, pg. 385) recommends a factor
threshold in the range of [0.660, 0.750].
(McCarthy 2005, McCarthy and Jarvis 2010)"""


def test_lexicalrichness_reference_values():
    row = lexical_diversity([LEXICALRICHNESS_TEXT], window=25).iloc[0]
    assert (row.tokens, row.types) == (57, 39)  # its words and terms: numbers are no words
    assert row.ttr == pytest.approx(0.6842105263157895)
    assert row.mattr == pytest.approx(0.8351515151515151)  # mattr(window_size=25)
    assert row.mtld == pytest.approx(46.79226361031519)  # mtld(threshold=0.72)
    assert row.hdd == pytest.approx(0.7468703323966486)  # hdd(draws=42)


def test_formulas_on_a_hand_counted_text():
    text = "Readability matters. Everybody understands simple words."
    row = readability([text]).iloc[0]
    # syllables by the rule, counted by hand: re-a-da-bi-li-ty's vowel groups ea,a,i,i,y 5,
    # matters 2, everybody e,e,y,o,y 5, understands 3, simple 2 (a final "le" stays), words 1
    asl, asw = row.words / row.sentences, row.syllables / row.words
    assert row.flesch == pytest.approx(206.835 - 1.015 * asl - 84.6 * asw)
    assert row.flesch_kincaid == pytest.approx(0.39 * asl + 11.8 * asw - 15.59)
    assert (row.sentences, row.words, row.syllables) == (2, 6, 18)
    assert row.smog > 3.1291  # polysyllables present


def test_mtld_counts_factors_as_mccarthy_and_jarvis():
    # "a b a b a": forward TTR 1, 1, .67 (<= .72: a factor, reset), then "b a" TTR 1 ->
    # partial (1 - 1) / .28 = 0: 1 factor for 5 tokens; backward the same.
    assert mtld("a b a b a".split()) == pytest.approx(5.0)
    # all different: no factor completes; the partial is (1 - 1) / .28 = 0 -> NaN
    assert math.isnan(mtld("a b c d".split()))
    # forward: TTR falls to 10/14 = .714 at the last token: one factor, 14 tokens; backward
    # "a a" twice makes two factors, then ten different words leave a partial of 0: 14 / 2
    assert mtld("a b c d e f g h i j a a a a".split()) == pytest.approx((14 + 7) / 2)


def _by_definition(tokens: list[str], window: int) -> tuple[float, float]:
    """MATTR and HD-D of one document, straight from their definitions."""
    n = len(tokens)
    if n > window:
        mattr = np.mean([len(set(tokens[i : i + window])) / window for i in range(n - window + 1)])
    else:
        mattr = len(set(tokens)) / n if n else math.nan
    if n < 42:
        return mattr, math.nan
    hdd = sum(1 - math.comb(n - tokens.count(t), 42) / math.comb(n, 42) for t in set(tokens))
    return mattr, hdd / 42


def test_mattr_and_hdd_by_their_definitions():
    row = lexical_diversity(["a b a c a b d a"], window=4).iloc[0]
    windows = ["abac", "baca", "acab", "cabd", "abda"]
    assert row.mattr == pytest.approx(np.mean([len(set(w)) / 4 for w in windows]))
    # HD-D: each type's chance to appear in a sample of 42, summed, over 42
    many = " ".join(["x"] * 50 + ["y"] * 40 + ["z"] * 2)
    expect = sum(1 - math.comb(92 - f, 42) / math.comb(92, 42) for f in (50, 40, 2))
    assert lexical_diversity([many]).hdd.item() == pytest.approx(expect / 42)
    assert math.isnan(lexical_diversity([" ".join(["x"] * 41)]).hdd.item())


# documents of a few repeated words (so that windows and samples share types), some short
DOCUMENTS = st.lists(
    st.lists(st.sampled_from("a b c d e f g h i j k l".split()), max_size=120), max_size=6
)


@settings(max_examples=150, deadline=None)
@given(DOCUMENTS, st.integers(min_value=1, max_value=60))
def test_every_document_of_a_corpus_as_if_measured_alone(documents, window):
    """MATTR and HD-D are computed for the whole corpus at once: each document's values
    are its own, by the definitions."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        table = lexical_diversity([" ".join(d) for d in documents], window=window)
    for tokens, row in zip(documents, table.itertuples(), strict=True):
        mattr, hdd = _by_definition(tokens, window)
        assert row.tokens == len(tokens) and row.types == len(set(tokens))
        assert row.mattr == pytest.approx(mattr, nan_ok=True)
        assert row.hdd == pytest.approx(hdd, nan_ok=True)


def test_empty_and_one_word_documents_are_nan_not_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        read = readability(["", "Hello."])
        diverse = lexical_diversity(["", "Hello."])
    assert read.iloc[0][["flesch", "fog", "smog"]].isna().all()
    assert read.iloc[1]["words"] == 1 and not math.isnan(read.iloc[1]["flesch"])
    assert diverse.iloc[0][["ttr", "mattr", "mtld", "hdd"]].isna().all()
    assert diverse.iloc[1]["ttr"] == 1.0


def test_by_group_is_the_mean_of_the_documents(bbc_sample):
    read = readability(bbc_sample)
    by = measures_by_group(bbc_sample, read, "group")
    sport = bbc_sample.loc[bbc_sample["group"] == "sport", "doc_id"]
    assert by.set_index("group").loc["sport", "flesch"] == pytest.approx(
        read[read["doc_id"].isin(set(sport))]["flesch"].mean()
    )
    assert by["documents"].sum() == len(bbc_sample)


def test_readability_refuses_the_sentences_of_another_corpus(bbc_sample):
    seed = corpus_tables("seeds")
    with pytest.raises(ParameterError, match="sents is not from these documents"):
        readability(bbc_sample, sents=seed.sentences)
