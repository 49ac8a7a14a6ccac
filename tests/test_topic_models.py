"""Topic models recover planted topics; coherence and prevalence read the corpus."""

from __future__ import annotations

import string

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import ParameterError
from analysis.topic_models import topics


def _bars(n_docs: int = 400, words_per_doc: int = 80, seed: int = 0):
    """The "bars" corpus of Griffiths and Steyvers (PNAS 2004): 25 words on a 5 x 5 grid,
    10 topics (each row, each column), documents drawn from a sparse mix of topics."""
    rng = np.random.default_rng(seed)
    vocab = ["zq" + a + b for a in string.ascii_lowercase[:5] for b in string.ascii_lowercase[5:10]]
    truth = np.zeros((10, 25))
    for r in range(5):
        truth[r, r * 5 : r * 5 + 5] = 1 / 5
    for c in range(5):
        truth[5 + c, c::5] = 1 / 5
    texts = []
    for _ in range(n_docs):
        mix = rng.dirichlet(np.full(10, 0.2))
        words = rng.choice(25, size=words_per_doc, p=mix @ truth)
        texts.append(" ".join(vocab[w] for w in words) + ".")
    return texts, vocab, truth


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_planted_topics_are_recovered(method):
    from scipy.optimize import linear_sum_assignment

    texts, vocab, truth = _bars()
    model = topics(texts, n_topics=10, method=method, min_df=1, max_df=1.0)
    learned = np.zeros((10, 25))
    column = {w: i for i, w in enumerate(vocab)}
    for j, term in enumerate(model.vocabulary):
        learned[:, column[term]] = model.components[:, j]
    unit = lambda m: m / np.linalg.norm(m, axis=1, keepdims=True)  # noqa: E731
    cosine = unit(learned) @ unit(truth).T
    rows, cols = linear_sum_assignment(-cosine)
    assert cosine[rows, cols].mean() >= 0.9


def test_bbc_sections_come_out_as_topics(bbc_docs):
    docs = bbc_docs[bbc_docs["duplicate_of"].isna()]
    model = topics(docs, n_topics=5)
    by_section = model.prevalence(docs, by="group")
    strongest = by_section.loc[by_section.groupby("group")["share"].idxmax()]
    assert strongest["topic"].nunique() == 5  # each section its own topic
    assert (strongest["share"] > 0.5).all()
    assert model.terms.groupby("topic").size().eq(10).all()
    assert set(model.coherence["label"]) == set(model.terms["label"])
    shares = model.documents.groupby("doc_id")["share"].sum()
    assert np.allclose(shares, 1.0)


def test_coherence_is_npmi_over_documents():
    """Each topic's coherence is the mean NPMI of its top-3 pairs, counted over documents."""
    import itertools
    import math

    texts = (
        ["apple banana cherry."] * 3
        + ["apple grape."] * 2
        + ["melon kiwi lime."] * 4
        + ["kiwi plum."] * 1
    )
    model = topics(texts, n_topics=2, min_df=1, max_df=1.0, coherence_terms=3)
    bags = [set(t.rstrip(".").split()) for t in texts]

    def npmi(a: str, b: str) -> float:
        n = len(bags)
        pa = sum(a in d for d in bags) / n
        pb = sum(b in d for d in bags) / n
        pab = sum(a in d and b in d for d in bags) / n
        return -1.0 if pab == 0 else math.log(pab / (pa * pb)) / -math.log(pab)

    for topic, coherence in zip(
        model.coherence["topic"], model.coherence["coherence"], strict=True
    ):
        top = model.terms[model.terms["topic"] == topic]["term"].head(3).tolist()
        expected = sum(npmi(a, b) for a, b in itertools.combinations(top, 2)) / 3
        assert coherence == pytest.approx(expected)
    assert model.coherence["coherence"].between(-1, 1).all()


def test_auto_picks_the_most_coherent_and_small_corpora_get_none(bbc_sample):
    model = topics(bbc_sample, n_topics="auto", auto_range=(3, 6))
    assert set(model.tried) == {3, 4, 5, 6}
    assert model.n_topics == max(model.tried, key=model.tried.get)
    none = topics(analysis.load_corpus(), n_topics="auto")
    assert none.n_topics == 0 and none.terms.empty
    with pytest.raises(ParameterError, match="n_topics=5 is not valid"):
        topics(analysis.load_corpus(), n_topics=5)


def test_prevalence_over_time():
    docs = analysis.load_corpus(
        pd.DataFrame(
            {
                "text": ["tax budget tax."] * 4 + ["goal match goal."] * 4,
                "date": ["2020-01-05"] * 4 + ["2020-02-05"] * 4,
            }
        )
    )
    model = topics(docs, n_topics=2, min_df=1, max_df=1.0)
    monthly = model.prevalence(docs, freq="month", min_documents=4)
    assert monthly.groupby("period")["share"].sum().round(9).eq(1.0).all()
    assert model.prevalence(docs, freq="month")["share"].isna().all()  # 4 < 5 documents
    assert model.prevalence(docs, freq="auto", min_documents=4).attrs["freq"] == "day"
    assert monthly["documents"].eq(4).all()
    assert monthly.groupby("topic")["share"].max().gt(0.99).all()  # one topic a month


def test_a_big_corpus_is_fitted_on_a_sample_and_every_document_gets_shares(bbc_docs):
    """With fewer ``sample`` documents than the corpus (as a corpus of 100,000 has by
    default), the model is fitted on a seeded sample; every document still gets its shares,
    and the sections still come out as topics."""
    docs = bbc_docs[bbc_docs["duplicate_of"].isna()]
    model = topics(docs, n_topics=5, sample=600)
    assert model.documents["doc_id"].nunique() == len(docs)  # not only the 600 fitted
    assert np.allclose(model.documents.groupby("doc_id")["share"].sum(), 1.0)
    by_section = model.prevalence(docs, by="group")
    strongest = by_section.loc[by_section.groupby("group")["share"].idxmax()]
    assert strongest["topic"].nunique() == 5 and (strongest["share"] > 0.5).all()
    again = topics(docs, n_topics=5, sample=600)
    pd.testing.assert_frame_equal(again.documents, model.documents)  # the sample is seeded
    whole = topics(docs, n_topics=5, sample=len(docs))  # not more than the sample: fitted whole
    pd.testing.assert_frame_equal(whole.documents, topics(docs, n_topics=5).documents)
    assert not model.documents.equals(whole.documents)
