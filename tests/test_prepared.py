"""One set of tables per corpus: the same rows as before the change, made once, checked.

The extract tables are compared, row for row, with digests pinned from commit 1e95cb4 (the
code before issue 15), on the seed and a slice of BBC; a report is counted to read and split
each document once; tables handed between stages are checked where they enter.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis import ParameterError
from analysis.config import PROJ_ROOT
from analysis.prepared import CorpusTables, corpus_tables
from tests.digests import differences, frame_digest, load

SECTIONS = ("business", "entertainment", "politics", "sport", "tech")


@pytest.fixture(scope="module")
def bbc_slice(tmp_path_factory, bbc_dir) -> Path:
    """Four articles from each BBC section: the corpus the pinned digests were made from."""
    corpus = tmp_path_factory.mktemp("slice") / "bbc_slice"
    for section in SECTIONS:
        (corpus / section).mkdir(parents=True)
        for n in range(1, 5):
            name = f"{n:03d}.txt"
            (corpus / section / name).write_bytes((bbc_dir / section / name).read_bytes())
    return corpus


@pytest.mark.parametrize("name", ["seed", "bbc_slice"])
def test_every_extract_table_is_the_one_before_the_change(name, request):
    source = None if name == "seed" else request.getfixturevalue("bbc_slice")
    tables = analysis.extract(source)
    pinned = load(name)["extract"]
    assert set(pinned) == set(tables)
    for table, digest in pinned.items():
        frame = tables[table]
        # columns added since (the documents' text and sizes, the mentions' confidence)
        # are left out; every column that was there holds the same values, row for row
        kept = [c for c in digest["columns"] if c in frame.columns]
        assert kept == digest["columns"], table
        assert differences(digest, frame_digest(frame[kept])) == [], table


def test_the_tables_a_notebook_reads_are_made_once(seed_docs, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Storm hits\n\nThe storm hit the coast. “It was loud,” said Ann.\n"
    )
    first = corpus_tables(corpus)
    assert first.sentences is first.sentences  # made on first use, then kept
    again = corpus_tables(corpus)  # a second Run All in the same kernel
    assert again is first
    assert "sentiment" not in again.__dict__  # nothing asked for, nothing made
    (corpus / "a.txt").write_text("Calm\n\nAll is calm now.\n")  # the files changed: new tables
    changed = corpus_tables(corpus)
    assert changed is not first
    assert changed.sentences["text"].tolist() == ["Calm", "All is calm now."]


def test_tables_from_an_extract_are_the_tables_computed_here(bbc_slice, tmp_path):
    out = tmp_path / "extract"
    analysis.extract_to_parquet(bbc_slice, out, ngram_range=(1, 3))
    read = corpus_tables(bbc_slice, extract_dir=out)
    computed = CorpusTables(analysis.load_corpus(bbc_slice))
    assert read.extract_dir == out.resolve() and computed.extract_dir is None
    for name in ("sentences", "mentions", "quotes", "attributions", "actor_totals"):
        a, b = getattr(read, name), getattr(computed, name)
        assert frame_digest(a) == frame_digest(b), name
    assert frame_digest(read.sentiment) == frame_digest(computed.sentiment)
    for n in (1, 2, 3):
        a, b = read.term_counts(n), computed.term_counts(n)
        assert frame_digest(a.terms) == frame_digest(b.terms), n
        assert frame_digest(a.totals) == frame_digest(b.totals), n
    assert read.corpus_totals.equals(computed.corpus_totals)
    with pytest.raises(
        ParameterError, match=r"made with lexicon=None, discover=True, not .*discover=False"
    ):
        _ = corpus_tables(bbc_slice, extract_dir=out, discover=False).mentions


def test_a_report_reads_and_splits_each_document_once(bbc_slice):
    sys.path.insert(0, str(PROJ_ROOT / "benchmarks"))
    try:
        from count_calls import count_calls
    finally:
        sys.path.pop(0)
    calls = count_calls(bbc_slice, jobs=2)
    assert calls == Counter(decode_bytes=20, sentence_spans=20, files=20)


def test_tables_are_checked_where_they_enter(seed_docs):
    other = analysis.load_corpus(["Another corpus. With two sentences."])
    sents = analysis.sentences(other)
    message = (
        r"sents is not from these documents: 1 of its doc_ids are not in docs \(e.g. 'doc00000'\)"
    )
    with pytest.raises(ParameterError, match=message):
        analysis.tokens(seed_docs, sents=sents)
    with pytest.raises(ParameterError, match=message):
        analysis.actor_mentions(seed_docs, sents=sents)
    with pytest.raises(ParameterError, match=r"sents has no column\(s\) start, end"):
        analysis.quotes(seed_docs, sents=sents[["doc_id", "sent_id"]])
    with pytest.raises(ParameterError, match=r"mentions is a list; expected a table"):
        analysis.quotes(seed_docs, [])
    with pytest.raises(ParameterError, match=r"sent_sentiment is not from these documents"):
        analysis.document_sentiment(seed_docs, sent_sentiment=analysis.sentence_sentiment(other))


def test_import_analysis_pulls_in_no_heavy_library():
    code = (
        "import sys, analysis\n"
        "heavy = [m for m in ('sklearn', 'scipy', 'dask', 'matplotlib') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert callable(analysis.extract) and callable(analysis.keyness)  # names, not modules


def test_a_story_reprinted_by_several_outlets_counts_once_with_stories():
    story = (
        "The council voted on Tuesday to close the old library on Mill Street after a long "
        "and bitter debate. Residents had gathered outside the town hall since the morning, "
        "carrying banners and petitions signed by more than two thousand people. The mayor "
        "said the building could no longer be heated safely and that the money would go to "
        "a new reading room in the school. Opponents promised to take the fight to court. "
    ) * 2
    docs = pd.DataFrame(
        {
            "doc_id": ["wire", "reprint", "other"],
            "text": [
                "LONDON (AP) " + story,
                "MILLTOWN, Tuesday. " + story.replace("bitter", "heated") + "Read more.",
                "A different article about the harvest, the weather and the price of grain.",
            ],
        }
    )
    every = corpus_tables(docs)
    once = corpus_tables(docs, stories=True)
    assert every.documents["doc_id"].tolist() == ["wire", "reprint", "other"]
    assert once.documents["doc_id"].tolist() == ["wire", "other"]
    library = lambda t: int(t.counts.totals.set_index("term").loc["library", "count"])  # noqa: E731
    assert (library(every), library(once)) == (4, 2)
    note = next(n for n in once.notes if n["kind"] == "stories")
    assert note["count"] == 1 and note["once"]
