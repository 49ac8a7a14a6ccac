"""Dictionaries: LIWC .dic files with every feature of the format, YAML, malformed files,
and counts by document, sentence, actor and group."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis
from analysis import CorpusError, dictionary_counts, load_dictionary
from analysis.corpus import as_documents

DIC = """%
1\tposemo
2\tnegemo
3\thedge
%
happy\t1
love*\t1
abandon*\t2
hate\t2
kind of\t3
a bit\t3
sort of\t3 1
"""


def test_a_liwc_file_with_wildcards_and_phrases(tmp_path):
    path = tmp_path / "mini.dic"
    path.write_text(DIC, encoding="utf-8")
    d = load_dictionary(path)
    assert d.categories == {
        "posemo": ("happy", "love*", "sort of"),
        "negemo": ("abandon*", "hate"),
        "hedge": ("kind of", "a bit", "sort of"),
    }
    docs = analysis.load_corpus(
        [
            "I love it, loved it, was happy. They abandoned us; I hate it. It is kind of sort of a bit odd."
        ]
    )
    counts = dictionary_counts(docs, d).set_index("category")
    assert counts.loc["posemo", "matches"] == 4  # love, loved, happy, sort of
    assert counts.loc["negemo", "matches"] == 2  # abandoned, hate
    assert counts.loc["hedge", "matches"] == 3  # kind of, sort of, a bit
    words = counts.loc["posemo", "words"]
    assert words == 22 and counts.loc["posemo", "per_1000"] == pytest.approx(4000 / 22)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("happy\t1\n", r"line 1: a LIWC dictionary starts with a header"),
        ("%\n1\tposemo\n%\nhappy\t7\n", r"line 4: category '7' is not in the header"),
        ("%\n1\tposemo\n%\nhappy\n", r"line 4: 'happy' has no category number"),
        ("%\nposemo\n%\n", r"line 2: expected a number and a category name"),
    ],
)
def test_malformed_dic_files_name_the_line(tmp_path, text, message):
    path = tmp_path / "bad.dic"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_dictionary(path)


def test_yaml_with_nested_categories(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("economy:\n  jobs: [job*, unemployment]\n  tax: tax\nhealth: [nhs]\n")
    d = load_dictionary(path)
    assert d.categories == {
        "economy.jobs": ("job*", "unemployment"),
        "economy.tax": ("tax",),
        "health": ("nhs",),
    }
    bad = tmp_path / "bad.yaml"
    bad.write_text("economy: [tax\n")
    with pytest.raises(CorpusError, match=r"bad.yaml: line \d+: not valid YAML"):
        load_dictionary(bad)
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("economy: 5\n")
    with pytest.raises(CorpusError, match="category 'economy' holds int"):
        load_dictionary(wrong)


def test_counts_by_sentence_actor_and_group(bbc_sample):
    tables = analysis.corpus_tables(bbc_sample)
    d = load_dictionary()  # the example
    by_doc = dictionary_counts(bbc_sample, d)
    by_group = dictionary_counts(bbc_sample, d, by="group")
    totals = by_doc.groupby("category")["matches"].sum()
    assert by_group.groupby("category")["matches"].sum().equals(totals)
    by_sentence = dictionary_counts(bbc_sample, d, by="sentence", sents=tables.sentences)
    assert by_sentence.groupby("category")["matches"].sum().equals(totals)
    tech = by_group[(by_group["group"] == "tech")].set_index("category")
    assert tech["per_1000"].idxmax() == "technology"
    by_actor = dictionary_counts(
        bbc_sample, d, by="actor", sents=tables.sentences, mentions=tables.mentions
    )
    blair = by_actor[by_actor["actor"] == "Tony Blair"].set_index("category")
    assert blair.loc["elections", "matches"] > 0


def test_empty_documents_give_nan_rates():
    counts = dictionary_counts(analysis.load_corpus(["", "Tax."]), {"money": ["tax"]})
    assert counts["per_1000"].isna().tolist() == [True, False]
    assert counts["matches"].tolist() == [0, 1]


#: What the module documents as a word: the counts must be its counts.
WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
TEXTS = st.one_of(
    st.text(st.characters(exclude_categories=("Cs", "Cn")), max_size=200),
    st.lists(
        st.sampled_from([*"ab1 -'’_.,\n", "--", "Öl", "²", "İ", "don't", "co-op", "a-"]),
        max_size=40,
    ).map("".join),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=4), st.data())
def test_words_and_matches_are_those_of_the_documented_word(texts, data):
    docs = as_documents(texts)
    words = [WORD.findall(t.lower().replace("’", "'")) for t in docs["text"]]
    vocabulary = sorted({w for ws in words for w in ws}) or ["none"]
    picked = data.draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=3, unique=True))
    counts = dictionary_counts(docs, {"picked": picked})
    assert counts["words"].tolist() == [len(ws) for ws in words]
    assert counts["matches"].tolist() == [sum(Counter(ws)[w] for w in picked) for ws in words]
