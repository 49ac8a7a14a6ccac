"""Near-duplicates found in planted reprints, stories found in BASIL's triplets, wire copy
found by its credit lines."""

from __future__ import annotations

import ast
import itertools
import json
import re
import zlib
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis
import analysis.stories
from analysis.stories import (
    BIGGEST_COLUMNS,
    jaccard,
    near_duplicates,
    shingle_sets,
    shingles,
    story_clusters,
    wire_copy,
)
from tests.conftest import BASIL_DIR, require_data


def _reprint(text: str, rng: np.random.Generator) -> str:
    """What syndication does to a story: a new dateline, the last paragraph cut, and 2% of
    the words changed."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    if len(paragraphs) > 2:
        paragraphs = paragraphs[:-1]
    words = "\n".join(paragraphs).split(" ")
    for i in rng.choice(len(words), size=max(1, len(words) // 50), replace=False):
        words[i] = rng.choice(["reportedly", "officials", "Tuesday", "new", "said"])
    city = rng.choice(["LONDON", "NEW YORK", "SYDNEY", "PARIS"])
    return f"{city} (Wire) — " + " ".join(words)


@pytest.fixture(scope="module")
def planted(coronavirus):
    """400 dated originals of at least 150 words, and a reprint of every other one."""
    rng = np.random.default_rng(2020)
    pool = coronavirus[
        coronavirus["date"].notna() & coronavirus["text"].str.split().str.len().ge(150)
    ]
    originals = pool.sample(400, random_state=1).reset_index(drop=True)
    reprints = originals.iloc[::2].copy()
    reprints["text"] = [_reprint(t, rng) for t in reprints["text"]]
    reprints["date"] = reprints["date"] + pd.Timedelta(days=1)
    reprints["doc_id"] = "reprint-" + reprints["doc_id"]
    table = pd.concat([originals, reprints], ignore_index=True)
    table = table.sample(frac=1, random_state=3).reset_index(drop=True)  # not in date order
    docs = analysis.load_corpus(table[["doc_id", "title", "text", "date", "outlet"]])
    truth = dict(zip(reprints["doc_id"], originals.iloc[::2]["doc_id"], strict=True))
    return docs, truth


def test_planted_reprints_are_found(planted):
    docs, truth = planted
    found = near_duplicates(docs)
    pairs = dict(zip(found["doc_id"], found["duplicate_of"], strict=True))
    recall = sum(pairs.get(r) == o for r, o in truth.items()) / len(truth)
    assert recall >= 0.95
    # precision, judged by exact Jaccard on the same shingles: every pair is above 0.5
    text = dict(zip(docs["doc_id"], docs["text"], strict=True))
    exact = [jaccard(shingles(text[a]), shingles(text[b])) for a, b in pairs.items()]
    assert np.allclose(exact, found["similarity"]) and min(exact) >= 0.5
    planted_share = sum(a in truth for a in pairs) / len(pairs)
    assert planted_share >= 0.95  # and they are the planted ones
    assert set(found["duplicate_of"]).isdisjoint(truth)  # pointing at the earlier original


def _lsh_reference(docs: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """What near_duplicates gives, by datasketch's own index built row after row (earliest
    document first) and the exact check of each candidate, earliest candidate first."""
    from datasketch import MinHash, MinHashLSH

    ordered = analysis.stories._order(docs)
    index = MinHashLSH(threshold=threshold - 0.2, num_perm=128)
    rows, sets = [], {}
    for k, (doc_id, text) in enumerate(zip(ordered["doc_id"], ordered["text"], strict=True)):
        sets[k] = shingles(text)
        if not len(sets[k]):
            continue
        signature = MinHash(num_perm=128, seed=1, hashfunc=lambda v: v)
        signature.update_batch(sets[k].tolist())
        for j in sorted(index.query(signature)):
            similarity = jaccard(sets[j], sets[k])
            if similarity >= threshold:
                rows.append((doc_id, ordered["doc_id"][j], similarity))
                break
        index.insert(k, signature)
    return pd.DataFrame(rows, columns=["doc_id", "duplicate_of", "similarity"])


def test_near_duplicates_equal_datasketchs_index_built_row_by_row(planted):
    docs, _ = planted
    found = near_duplicates(docs)
    assert len(found) >= 190
    pd.testing.assert_frame_equal(found, _lsh_reference(docs))


def test_minhash_signatures_are_datasketchs(coronavirus):
    from datasketch import MinHash

    sets = shingle_sets([*coronavirus["text"].head(200).tolist(), "", "one two"])
    expected = [MinHash(num_perm=128, seed=1, hashfunc=lambda v: v) for _ in sets]
    for signature, s in zip(expected, sets, strict=True):
        signature.update_batch(s.tolist())
    made = analysis.stories.minhash_signatures(sets)
    assert made.dtype == np.uint32 and made.shape == (202, 128)
    assert np.array_equal(made, np.vstack([m.hashvalues for m in expected]))


def test_near_duplicates_read_texts_batch_by_batch(planted):
    """A big corpus's texts come from its extract chunk by chunk: the same rows."""
    docs, _ = planted
    texts = docs["text"].tolist()
    batches = (texts[at : at + 37] for at in range(0, len(texts), 37))
    found = near_duplicates(docs.drop(columns="text"), texts=batches)
    pd.testing.assert_frame_equal(found, near_duplicates(docs))
    with pytest.raises(ValueError, match="texts="):
        near_duplicates(docs.drop(columns="text"), texts=[texts[:5]])


def _shingles_by_definition(text: str, size: int) -> np.ndarray:
    """Every run of ``size`` words (fewer if the text has fewer), as the hash the module
    documents: each word's CRC-32, mixed run by run; distinct, sorted."""
    words = re.findall(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*", text.lower())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    mix, mask = 0x9E3779B97F4A7C15, 0xFFFFFFFF
    size = min(size, len(words))
    found = set()
    for start in range(len(words) - size + 1):
        h = 0
        for word in words[start : start + size]:
            h = (h * mix + zlib.crc32(word.encode("utf-8"))) % 2**64
        found.add((h ^ (h >> 29)) & mask)
    return np.array(sorted(found), dtype=np.uint64)


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(
        st.lists(
            st.sampled_from(["a", "B", "a", "c’d", "é", "1", "-", ".", "x.y"]), max_size=12
        ).map(" ".join),
        max_size=6,
    ),
    size=st.integers(1, 5),
)
def test_shingles_of_a_corpus_are_each_texts_own(texts, size):
    # made for a batch of texts at once, no run crosses from one text into the next, and
    # batches of two texts give the same
    made = shingle_sets(texts, size=size)
    with mock.patch.object(analysis.stories, "_BATCH", 2):
        in_twos = shingle_sets(texts, size=size)
    assert len(made) == len(in_twos) == len(texts)
    for text, got, got_in_twos in zip(texts, made, in_twos, strict=True):
        expected = _shingles_by_definition(text, size)
        assert got.dtype == np.uint64 and np.array_equal(got, expected), text
        assert np.array_equal(got_in_twos, expected), text


def test_shingles_and_jaccard_on_a_known_pair():
    a = "one two three four five six seven"
    b = "one two three four five six eight"
    assert len(shingles(a)) == 3 and len(shingles(b)) == 3
    assert jaccard(shingles(a), shingles(b)) == pytest.approx(2 / 4)
    assert jaccard(shingles(a.upper()), shingles(a)) == 1.0


@pytest.fixture(scope="module")
def basil() -> pd.DataFrame:
    """BASIL: the same 100 stories from Fox News, the New York Times and HuffPost."""
    rows = []
    for path in sorted((require_data(BASIL_DIR) / "articles").glob("*/*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = record["body-paragraphs"]
        if isinstance(paragraphs, str):
            paragraphs = ast.literal_eval(paragraphs)
        text = "\n\n".join(" ".join(p) if isinstance(p, list) else p for p in paragraphs)
        rows.append(
            {
                "doc_id": path.stem,
                "title": record["title"],
                "text": text,
                "date": record["date"],
                "outlet": record["source"].lower(),
                "story": record["triplet-uuid"],
            }
        )
    return analysis.load_corpus(pd.DataFrame(rows))


def test_stories_across_outlets_match_basils_triplets(basil):
    stories = story_clusters(basil)
    assert len(stories) == 300 and stories["doc_id"].is_unique
    truth = dict(zip(basil["doc_id"], basil["story"], strict=True))
    got = dict(zip(stories["doc_id"], stories["story_id"], strict=True))
    tp = fp = fn = 0
    for a, b in itertools.combinations(basil["doc_id"], 2):
        same, joined = truth[a] == truth[b], got[a] == got[b]
        tp, fp, fn = tp + (same and joined), fp + (joined and not same), fn + (same and not joined)
    assert tp / (tp + fp) >= 0.95  # measured 0.967
    assert tp / (tp + fn) >= 0.85  # measured 0.880
    biggest = stories.drop_duplicates("story_id").sort_values("story_id").iloc[0]
    assert biggest["n_outlets"] == 3 and biggest["n_docs"] >= 3
    # what page 08 says: the biggest story's own outlets; none named when there are none
    near, wires = pd.DataFrame(columns=["doc_id", "duplicate_of", "similarity"]), wire_copy([])
    said = analysis.story_findings(near, stories, wires, documents=300)
    largest = stories.loc[stories["n_docs"].idxmax()]
    assert said.lines[0] == "No document nearly repeats another of the 300."
    assert said.lines[1].endswith(
        f"the biggest has {largest['n_docs']} articles from {largest['n_outlets']} outlets."
    )
    no_outlets = story_clusters(basil.drop(columns="outlet"))
    said = analysis.story_findings(near, no_outlets, wires, documents=300)
    assert said.lines[1].endswith(f"the biggest has {no_outlets['n_docs'].max()} articles.")


def test_biggest_stories_name_their_first_headline_and_outlets(basil):
    stories = story_clusters(basil)
    biggest = analysis.biggest_stories(stories, basil)
    shared = stories[stories["n_docs"] >= 2]
    assert list(biggest.columns) == list(BIGGEST_COLUMNS)
    assert biggest["story_id"].tolist() == sorted(set(shared["story_id"]))
    title = dict(zip(basil["doc_id"], basil["title"], strict=True))
    outlet = dict(zip(basil["doc_id"], basil["outlet"], strict=True))
    for row in biggest.itertuples():
        part = shared[shared["story_id"] == row.story_id]
        assert row.headline == title[part["doc_id"].iloc[0]]
        assert (row.n_docs, row.n_outlets) == (len(part), part["doc_id"].map(outlet).nunique())
        named = [o.split(" (")[0] for o in row.outlets.split(", ")]
        assert sorted(named) == sorted(set(part["doc_id"].map(outlet)))
    # outlets by articles, most first; a tie in the order the story's rows name them
    hand = pd.DataFrame(
        {
            "doc_id": ["a1", "a2", "a3", "a4", "a5", "b1"],
            "story_id": [7, 7, 7, 7, 7, 3],
            "n_docs": [5, 5, 5, 5, 5, 1],
            "n_outlets": [2, 2, 2, 2, 2, 1],
            "first_date": pd.NaT,
        }
    )
    docs = pd.DataFrame(
        {
            "doc_id": ["b1", "a1", "a2", "a3", "a4", "a5"],
            "text": ["x"] * 6,
            "title": ["", "First", "", "", "", ""],
            "outlet": ["AP", "Fox", "AP", "Fox", "AP", None],
        }
    )
    got = analysis.biggest_stories(hand, docs)
    assert got[["story_id", "headline", "n_docs", "outlets"]].values.tolist() == [
        [7, "First", 5, "Fox (2), AP (2)"]
    ]


def test_biggest_stories_show_outlets_and_dates_only_where_the_corpus_has_them(basil):
    assert analysis.biggest_columns(basil) == list(BIGGEST_COLUMNS)
    no_outlets = basil.assign(outlet=None)
    assert "outlets" not in analysis.biggest_columns(no_outlets)
    assert "n_outlets" not in analysis.biggest_columns(no_outlets)
    assert analysis.biggest_columns(basil.drop(columns=["outlet", "date"])) == [
        "story_id",
        "headline",
        "n_docs",
    ]


def test_wire_copy_is_found_by_its_credits(coronavirus):
    wires = wire_copy(coronavirus)
    assert set(wires["wire"]) == {"AP", "Reuters"}
    text = dict(zip(coronavirus["doc_id"], coronavirus["text"], strict=True))
    for doc_id, _wire, evidence in wires.itertuples(index=False):
        assert evidence in text[doc_id] or evidence in str(
            coronavirus.set_index("doc_id").loc[doc_id, "authors"]
        )
    # every text whose dateline credits Reuters is found
    dateline = re.compile(r"^\W{0,3}[A-Z][A-Za-z .,'’-]{1,60}?\s*\(Reuters\)\s*-")
    reuters = {d for d, t in text.items() if dateline.search(t[:400])}
    assert reuters and reuters <= set(wires.loc[wires["wire"] == "Reuters", "doc_id"])
    made_up = analysis.load_corpus(
        [
            "WASHINGTON (AP) — The Senate voted on Tuesday.",
            "The minister said, according to Reuters, that talks had failed.",
            "Prices rose.\n\nReporting by Jane Doe; Editing by John Roe",
        ]
    )
    found = wire_copy(made_up)
    assert found[["doc_id", "wire"]].values.tolist() == [
        ["doc00000", "AP"],
        ["doc00002", "Reuters"],
    ]
