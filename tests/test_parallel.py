"""n_jobs: worker processes give the rows of the serial run, in the same order."""

from __future__ import annotations

import os

import pytest

import analysis
from analysis import ParameterError
from analysis.parallel import map_chunks, map_documents, resolve_jobs, split_documents


@pytest.fixture(scope="module")
def docs(bbc_docs):
    """Every 4th BBC article: 557 documents, so 3 chunks of 250."""
    return bbc_docs.iloc[::4].reset_index(drop=True)


@pytest.mark.parametrize(
    "function",
    [
        analysis.sentences,
        analysis.tokens,
        analysis.actor_mentions,
        analysis.quotes,
        analysis.attributions,
        analysis.term_frequencies,
        analysis.tfidf,
    ],
    ids=lambda f: f.__name__,
)
def test_two_workers_give_the_serial_rows(docs, function):
    serial = function(docs)
    parallel = function(docs, n_jobs=2)
    assert len(serial) > 500
    assert serial.equals(parallel)


def test_precomputed_tables_are_split_with_their_documents(docs):
    sents = analysis.sentences(docs)
    mentions = analysis.actor_mentions(docs, sents=sents)
    serial = analysis.quotes(docs, mentions, sents=sents)
    assert serial.equals(analysis.quotes(docs, mentions, sents=sents, n_jobs=2))
    # map_documents hands each chunk the rows of its own documents only
    seen = map_documents(_doc_ids_of_sentences, docs, n_jobs=2, frames={"sents": sents})
    assert seen["doc_id"].tolist() == docs["doc_id"].tolist()
    assert seen["own"].all()


def _doc_ids_of_sentences(chunk, *, sents):
    own = set(chunk["doc_id"])
    return chunk[["doc_id"]].assign(own=all(d in own for d in sents["doc_id"]))


def test_map_chunks_keeps_order_and_reads_ahead_a_little():
    pulled = []

    def chunks():
        for i in range(20):
            pulled.append(i)
            yield i

    results = map_chunks(_square, chunks(), n_jobs=2)
    first = next(results)
    assert first == 0 and len(pulled) <= 5  # at most two per worker ahead, plus one
    assert [first, *results] == [i * i for i in range(20)]


def _square(x):
    return x * x


def test_job_counts():
    assert resolve_jobs(1) == 1
    assert resolve_jobs(-1) == os.cpu_count()
    for bad in (0, -2, 1.5, "2", True):
        with pytest.raises(ParameterError, match=r"n_jobs="):
            resolve_jobs(bad)
    assert [len(c) for c in split_documents(analysis.load_corpus(["a"] * 7), 3)] == [3, 3, 1]
