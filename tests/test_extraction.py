"""analysis.extraction: the streamed extraction equals the functions it runs, on every engine."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import warnings

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import CorpusError, ParameterError, ReportError
from analysis.extraction import (
    EXTRACT_TABLES,
    SECOND_PASS,
    TOTAL_TABLES,
    ExtractOptions,
    extract,
    extract_to_parquet,
    read_extract,
    second_pass_failed,
    write_extract,
    write_second_pass,
)
from analysis.prepared import prepare_tables
from analysis.sentiment import SENTENCE_SENTIMENT_COLUMNS
from analysis.targeted_sentiment import mention_sentiment
from analysis.terms import TERM_TOTAL_COLUMNS
from analysis.totals import ACTOR_TOTAL_COLUMNS


@pytest.fixture(scope="module")
def slice_docs(bbc_docs):
    """Every 10th BBC article (223 documents), duplicates included."""
    return bbc_docs.iloc[::10].reset_index(drop=True)


@pytest.fixture(scope="module")
def slice_tables(slice_docs):
    return extract(slice_docs, chunk_size=40)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as Python objects with None for missing: Parquet gives pandas' string
    dtype with NaN, the functions mostly object columns with None; the values are what
    the tests compare."""
    frame = frame.reset_index(drop=True).copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            values = frame[column].astype(object)
            frame[column] = values.where(values.notna(), None)
    return frame


def _same_values(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(_plain(a), _plain(b), check_dtype=False)


def test_every_table_equals_the_function_that_makes_it(slice_docs, slice_tables):
    t = slice_tables
    assert set(t) == set(EXTRACT_TABLES) | set(TOTAL_TABLES)
    sents = analysis.sentences(slice_docs)
    _same_values(t["sentences"], sents)
    _same_values(
        t["sentiment"],
        analysis.sentence_sentiment(slice_docs, sents=sents).drop(columns=["text"]),
    )
    mentions = analysis.actor_mentions(slice_docs, sents=sents)
    _same_values(t["mentions"].drop(columns=["target_compound"]), mentions)
    scored = analysis.sentence_sentiment(slice_docs, sents=sents)
    towards = mention_sentiment(mentions, sents, scored)
    assert np.array_equal(t["mentions"]["target_compound"].to_numpy(), towards)
    assert t["mentions"]["target_compound"].between(-1, 1).all()
    quoted = analysis.quotes(slice_docs, mentions, sents=sents)
    _same_values(t["quotes"], quoted)
    _same_values(
        t["attributions"],
        analysis.attributions(slice_docs, mentions, sents=sents, quote_table=quoted),
    )
    by_doc = analysis.term_frequencies(slice_docs, ngram_range=(1, 2), by="doc")
    _same_values(t["terms"], by_doc.drop(columns=["doc_count"]))
    stats = analysis.document_stats(slice_docs)  # the sizes, counted on the way
    sizes = ["n_sentences", "n_tokens", "n_words"]
    _same_values(t["documents"], slice_docs.assign(**{c: stats[c].to_numpy() for c in sizes}))


def test_totals_are_the_corpus_wide_counts(slice_docs, slice_tables):
    t = slice_tables
    corpus = analysis.term_frequencies(slice_docs, ngram_range=(1, 2))
    totals = t["term_totals"]
    assert list(totals.columns) == list(TERM_TOTAL_COLUMNS)
    _same_values(totals, corpus[["term", "n", "count", "doc_count"]])
    said = totals.set_index("term").loc["said"]
    # checked with a plain regex over the texts: 726 whole-word "said", in 192 articles
    texts = slice_docs["text"]
    whole_word = r"(?i)(?<![\w'’.-])said(?![\w'’-])"
    assert texts.str.count(whole_word).sum() == 726
    assert texts.str.contains(whole_word).sum() == 192
    assert (said["count"], said["doc_count"]) == (726, 192)
    actors = t["actor_totals"]
    assert list(actors.columns) == list(ACTOR_TOTAL_COLUMNS)
    # the same counts as actor_counts, a separate groupby over the mentions table, for
    # every actor (actor_counts keeps one type per actor, so actors are compared whole)
    counted = analysis.actor_counts(t["mentions"]).set_index("actor")
    per_actor = actors.groupby("actor")[["mentions", "doc_count"]].sum()
    assert per_actor["mentions"].sort_index().tolist() == (
        counted["mentions"].sort_index().tolist()
    )
    one_type = actors["actor"].value_counts().loc[lambda c: c == 1].index
    assert len(one_type) > 1000
    assert (per_actor.loc[one_type, "doc_count"] == counted.loc[one_type, "docs"]).all()
    assert per_actor.loc["United States", "mentions"] == (
        (t["mentions"]["actor"] == "United States").sum()
    )
    toks = analysis.tokens(slice_docs)
    sizes = t["corpus_totals"].iloc[0].to_dict()
    assert sizes == {
        "documents": 223,
        "sentences": len(t["sentences"]),
        "tokens": len(toks),
        "words": int(toks["is_alpha"].sum()),
        "chars": int(slice_docs["n_chars"].sum()),
    }


def test_chunk_size_and_workers_do_not_change_a_row(slice_docs, slice_tables):
    other = extract(slice_docs, chunk_size=223, n_jobs=2)
    for name, table in slice_tables.items():
        assert table.equals(other[name]), name


def test_parquet_extract_round_trip_and_replace(slice_docs, slice_tables, tmp_path):
    out = tmp_path / "extract"
    manifest = extract_to_parquet(slice_docs, out, chunk_size=60)
    assert manifest["rows"]["documents"] == 223
    assert manifest["source"] == "a documents table of 223 rows"  # not the table's text
    assert sorted(p.name for p in (out / "sentences").iterdir()) == [
        f"part-{i:05d}.parquet" for i in range(4)
    ]
    back = read_extract(out)
    for name, table in slice_tables.items():
        _same_values(back[name], table)
    # a second run replaces the first whole, and leaves no temporary folder
    extract_to_parquet(slice_docs.iloc[:30], out, chunk_size=60)
    assert json.loads((out / "manifest.json").read_text())["rows"]["documents"] == 30
    assert sorted(p.name for p in (out / "sentences").iterdir()) == ["part-00000.parquet"]
    assert [p.name for p in tmp_path.iterdir()] == ["extract"]


def test_two_workers_share_the_last_chunk(slice_docs, slice_tables, tmp_path):
    # 223 documents in chunks of 100: the last 23 are cut in two, one piece per worker,
    # numbered so that the parts still read back in document order
    out = tmp_path / "extract"
    extract_to_parquet(slice_docs, out, chunk_size=100, n_jobs=2)
    parts = sorted((out / "documents").iterdir())
    assert [p.name for p in parts] == [
        "part-00000.parquet",
        "part-00001.parquet",
        "part-00002-0.parquet",
        "part-00002-1.parquet",
    ]
    assert [len(pd.read_parquet(p)) for p in parts] == [100, 100, 12, 11]
    back = read_extract(out)
    for name, table in slice_tables.items():
        _same_values(back[name], table)


def _first_pass(docs: pd.DataFrame, folder) -> ExtractOptions:
    """The first pass of an extract of ``docs`` in ``folder``, as a one-job report makes it."""
    options = ExtractOptions.make(ngram_range=(1, 2), lexicon=None, discover=True)
    folder.mkdir()
    write_extract(docs, folder, options=options, chunk_size=60, second_pass_by=os.getpid())
    return options


def test_an_extract_in_two_passes_is_the_extract_in_one(slice_docs, slice_tables, tmp_path):
    """What a report with one job writes: the first pass (documents, sentences, terms and
    their totals), then the second from the first's documents and sentences read back;
    every table equals the one-pass extraction's."""
    folder = tmp_path / "extract"
    options = _first_pass(slice_docs, folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["second_pass"]["tables"] == [*SECOND_PASS, "actor_totals"]
    first = ["documents", "sentences", "terms", "corpus_totals.parquet", "term_totals.parquet"]
    assert sorted(p.name for p in folder.iterdir()) == sorted([*first, "manifest.json"])
    write_second_pass(folder, options=options)
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == sorted(
        [*EXTRACT_TABLES, *(f"{t}.parquet" for t in TOTAL_TABLES), "manifest.json"]
    )
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # nothing hidden left
    back = read_extract(folder)
    for name, table in slice_tables.items():
        _same_values(back[name], table)


def test_a_reader_waits_for_a_table_of_the_second_pass(slice_docs, slice_tables, tmp_path):
    folder = tmp_path / "extract"
    options = _first_pass(slice_docs.iloc[:60], folder)
    later = threading.Thread(target=write_second_pass, args=(folder,), kwargs={"options": options})
    later.start()  # the reader below starts before the mentions are written
    assert not (folder / "mentions").exists()
    mentions = read_extract(folder, "mentions")["mentions"]
    later.join()
    expected = slice_tables["mentions"]
    _same_values(mentions, expected[expected["doc_id"].isin(slice_docs["doc_id"].iloc[:60])])


def test_a_reader_stops_waiting_when_the_second_pass_stopped(slice_docs, tmp_path):
    folder = tmp_path / "extract"
    _first_pass(slice_docs.iloc[:5], folder)
    assert len(read_extract(folder, "sentences")["sentences"]) > 0  # the first pass: no wait
    # its writer gone (a process that has ended) before it wrote the second pass
    manifest = json.loads((folder / "manifest.json").read_text())
    ended = subprocess.Popen(["true"])
    ended.wait()
    manifest["second_pass"]["writer"] = ended.pid
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(
        ReportError,
        match=rf"mentions was not made: the process making it \({ended.pid}\) ended",
    ):
        read_extract(folder, "mentions")
    # the second pass failed, and said why
    second_pass_failed(folder, "MemoryError: out of memory")
    second_pass_failed(folder, "a later reason")  # the first one stays
    with pytest.raises(
        ReportError, match=r"actor_totals was not made: MemoryError: out of memory$"
    ):
        read_extract(folder, "actor_totals")


def test_a_failing_extract_keeps_the_earlier_one(bbc_dir, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(bbc_dir / "tech", corpus)
    out = tmp_path / "extract"
    extract_to_parquet(corpus, out, chunk_size=100)
    before = (out / "manifest.json").read_text()
    (corpus / "zzz_broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")  # read last
    with pytest.raises(CorpusError, match=r"zzz_broken\.txt: is a binary file \(a PNG image\)"):
        extract_to_parquet(corpus, out, chunk_size=100)
    assert (out / "manifest.json").read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "extract"]


def test_notebook_tables_from_an_extract_equal_computed_ones(bbc_docs, slice_docs, tmp_path):
    out = tmp_path / "extract"
    extract_to_parquet(bbc_docs.iloc[::5], out, chunk_size=150, n_jobs=2)
    names = ["sentences", "sentiment", "mentions", "quotes", "attributions"]
    read = prepare_tables(slice_docs, names, extract_dir=out)
    computed = prepare_tables(slice_docs, names, n_jobs=2)
    for name in names:
        _same_values(read[name], computed[name])
    assert list(read["sentiment"].columns) == list(SENTENCE_SENTIMENT_COLUMNS)
    # what notebook 03 asks for: only those tables are read and returned
    two = prepare_tables(slice_docs, ["sentences", "sentiment"], extract_dir=out)
    assert list(two) == ["sentences", "sentiment"]
    _same_values(two["sentiment"], computed["sentiment"])
    # an extract of other documents, or made with other options, is refused
    with pytest.raises(
        ParameterError, match=r"made from another corpus; 1 of these .* 'business/002'"
    ):
        prepare_tables(bbc_docs.iloc[1:2], names, extract_dir=out)
    with pytest.raises(ParameterError, match=r"made with lexicon=None, discover=True"):
        prepare_tables(slice_docs, names, extract_dir=out, discover=False)
    with pytest.raises(ParameterError, match=r"not a finished extract \(no manifest\.json\)"):
        prepare_tables(slice_docs, names, extract_dir=tmp_path)


def test_extract_options_are_checked_before_any_work(tmp_path):
    docs = ["One sentence."]
    cases = [
        ({"engine": "spark"}, r"engine='spark' is not valid; expected one of 'local', 'dask'"),
        ({"scheduler": "tcp://127.0.0.1:1"}, r"scheduler=.*used only with engine='dask'"),
        ({"chunk_size": 0}, r"chunk_size"),
        ({"n_jobs": 0}, r"n_jobs=0 is not valid"),
        ({"ngram_range": (2, 1)}, r"ngram_range"),
    ]
    for options, message in cases:
        with pytest.raises(ParameterError, match=message):
            extract(docs, **options)
    (tmp_path / "taken").write_text("x")
    with pytest.raises(
        ReportError, match=r"taken: exists and is a file; the extract needs a folder"
    ):
        extract_to_parquet(docs, tmp_path / "taken")
    with pytest.raises(ParameterError, match=r"tables='words' is not valid"):
        read_extract_folder = tmp_path / "e"
        extract_to_parquet(docs, read_extract_folder)
        read_extract(read_extract_folder, "words")


def test_streams_a_table_file_without_loading_it_whole(bbc_docs, tmp_path):
    path = tmp_path / "articles.jsonl"
    sample = bbc_docs.iloc[::50][["doc_id", "title", "text", "group"]]
    sample.to_json(path, orient="records", lines=True, force_ascii=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", analysis.CorpusWarning)
        tables = extract(path, chunk_size=7)
        direct = extract(analysis.load_corpus(path), chunk_size=45)
    for name, table in tables.items():
        assert table.equals(direct[name]), name
    assert tables["documents"]["doc_id"].tolist() == sample["doc_id"].tolist()


def test_a_users_lexicon_is_used_in_every_chunk(slice_docs, tmp_path):
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text(
        "actors:\n  - name: British Broadcasting Corporation\n    type: organization\n"
        "    aliases: [BBC]\n",
        encoding="utf-8",
    )
    tables = extract(slice_docs, chunk_size=50, lexicon=lexicon)
    direct = analysis.actor_mentions(slice_docs, lexicon)
    _same_values(tables["mentions"].drop(columns=["target_compound"]), direct)
    ours = tables["mentions"]["actor"] == "British Broadcasting Corporation"
    assert ours.sum() == (direct["actor"] == "British Broadcasting Corporation").sum() > 20
    totals = tables["actor_totals"].set_index("actor")
    assert totals.loc["British Broadcasting Corporation", "mentions"] == ours.sum()
