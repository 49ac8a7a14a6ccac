"""Sentences and tokens on the seed, on BBC articles and on news-specific cases."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import SENTENCE_COLUMNS, TOKEN_COLUMNS, ParameterError, sentences, tokens
from analysis.segment import is_word, sentence_spans, token_spans
from analysis.text import word_codes

from .conftest import TINY

# Hand count of the seed, paragraph by paragraph (paragraphs are separated by blank lines):
# the headline, then 2, 2, 2, 1, 2 (a sentence ends inside McKenzie's quote: "airfield. Not
# perfectly"), 2, 3, 2, 2, 1, 2 body sentences = 1 + 21.
SEED_SENTENCES_PER_PARAGRAPH = [1, 2, 2, 2, 1, 2, 2, 3, 2, 2, 1, 2]


def test_seed_splits_into_headline_and_21_sentences(seed_docs, seed_text):
    sents = sentences(seed_docs)
    assert list(sents.columns) == list(SENTENCE_COLUMNS)
    assert len(sents) == 22
    assert sents["is_title"].tolist() == [True] + [False] * 21
    assert sents["text"].iloc[0] == (
        "The Taliban Assisted Americans and Afghans to Safely Escape Kabul, Officials Say"
    )
    paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\n", seed_text)]
    paragraph = pd.Series(sents["start"]).map(
        lambda s: sum(1 for p in paragraph_starts if p <= s) - 1
    )
    assert paragraph.value_counts().sort_index().tolist() == SEED_SENTENCES_PER_PARAGRAPH


def test_seed_sentences_read_as_written(seed_docs):
    text = sentences(seed_docs)["text"].tolist()
    assert text[8].endswith("they helped us secure the airfield.")
    assert text[9].startswith("Not perfectly, but they gave it")
    assert text[9].endswith("particularly here in the end,” McKenzie added.")
    assert text[13] == "“They don’t get the full range of information we have,” he said."
    assert text[14] == "“But we give them enough time and space to try to prevent these attacks.”"
    assert text[17].startswith("The collaboration began on Aug. 15 in Doha, Qatar,")
    assert text[19].startswith("Rep. John Garamendi, D-Calif., stated")
    assert text[5].startswith(
        "For more than a week, militants who have waged a two-decade war against"
    )
    assert "the U.S. drove Americans" in text[5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            TINY["abbrev"],
            ["Marine Gen. Frank McKenzie spoke.", "Rep. John Garamendi, D-Calif., agreed."],
        ),
        (TINY["quote_end"], ["“We left,” he said.", "“It was over.”", "Then they went home."]),
        (TINY["acronym"], ["The U.S. drove them out.", "Troops left the U.S.", "The war ended."]),
        (
            "Author J. K. Rowling wrote. Mr. and Mrs. Smith came.",
            ["Author J. K. Rowling wrote.", "Mr. and Mrs. Smith came."],
        ),
        (
            "It rose on Jan. 5 and fell in Dec. It is No. 1.",
            ["It rose on Jan. 5 and fell in Dec.", "It is No. 1."],
        ),
        (
            "Apple Inc. said so. Sen. Smith, R-Fla. The end.",
            ["Apple Inc. said so.", "Sen. Smith, R-Fla.", "The end."],
        ),
        (
            "“Why?” he asked. “Because!” She left...",
            ["“Why?” he asked.", "“Because!”", "She left..."],
        ),
        (
            "Lt. Col. Ann Day met Dr. Roe at 10 a.m. Monday.",
            ["Lt. Col. Ann Day met Dr. Roe at 10 a.m. Monday."],
        ),
        ("Headline here\n\nBody one. Body two.", ["Headline here", "Body one.", "Body two."]),
        (
            "A line that was\nhard wrapped here. Next.",
            ["A line that was\nhard wrapped here.", "Next."],
        ),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_sentence_boundaries_in_news_text(text, expected):
    assert [text[s:e] for s, e, _ in sentence_spans(text)] == expected


def test_headline_only_in_news_layout():
    assert sentence_spans("Big news today\n\nIt happened.")[0][2] is True
    # a first line ending in a period is body text, not a headline
    assert sentence_spans("It happened.\n\nThen more.")[0][2] is False
    assert sentence_spans("One line only")[0][2] is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. and ISIS-K fought al-Qaeda.",
            ["The", "U.S.", "and", "ISIS-K", "fought", "al-Qaeda", "."],
        ),
        (
            "They don’t know. They don't care.",
            ["They", "don’t", "know", ".", "They", "don't", "care", "."],
        ),
        (
            "It cost £5m, $1.13bn or 2,000 and 13 more (76%).",
            [
                "It",
                "cost",
                "£5m",
                ",",
                "$1.13bn",
                "or",
                "2,000",
                "and",
                "13",
                "more",
                "(",
                "76%",
                ")",
                ".",
            ],
        ),
        (
            "Rep. John Garamendi, D-Calif., said",
            ["Rep.", "John", "Garamendi", ",", "D-Calif.", ",", "said"],
        ),
        ("AOL's and the Taliban’s men", ["AOL", "'s", "and", "the", "Taliban", "’s", "men"]),
        (
            "“Quoted,” he said—then left...",
            ["“", "Quoted", ",", "”", "he", "said", "—", "then", "left", "..."],
        ),
    ],
)
def test_tokens_keep_news_units_whole(text, expected):
    assert [text[s:e] for s, e in token_spans(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the U.S.-led and U.N.-backed force", ["the", "U.S.-led", "and", "U.N.-backed", "force"]),
        ("AT&T sold B&Q to M&S.", ["AT&T", "sold", "B&Q", "to", "M&S", "."]),
        ("up 3.5% or 76% now", ["up", "3.5%", "or", "76%", "now"]),
        ("#MeToo says @BBCNews", ["#MeToo", "says", "@BBCNews"]),
        (
            "see bbc.co.uk, www.cdc.gov or https://x.org/a. Then",
            ["see", "bbc.co.uk", ",", "www.cdc.gov", "or", "https://x.org/a", ".", "Then"],
        ),
        (
            "a 16-year-old and a 5-day-old baby",
            ["a", "16-year-old", "and", "a", "5-day-old", "baby"],
        ),
        ("a non\u2011binding vote", ["a", "non\u2011binding", "vote"]),
        ("Yahoo! and Jeopardy! fans", ["Yahoo!", "and", "Jeopardy!", "fans"]),
        ("it was over.in the end", ["it", "was", "over", ".", "in", "the", "end"]),
    ],
    ids=[
        "compound on an abbreviation",
        "ampersand names",
        "percentages",
        "hashtags and handles",
        "urls and bare domains",
        "age compounds",
        "non-breaking hyphen",
        "names with an exclamation mark",
        "no domain from a missing space",
    ],
)
def test_tokens_news_readers_see_as_one(text, expected):
    assert [text[s:e] for s, e in token_spans(text)] == expected


def test_new_word_tokens_are_words():
    assert all(is_word(w) for w in ["U.S.-led", "AT&T", "Yahoo!", "non\u2011binding"])
    assert not any(is_word(w) for w in ["76%", "#MeToo", "16-year-old"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Steps:\n1.) Wash your hands.\n2.) Wear a mask.",
            ["Steps:", "1.) Wash your hands.", "2.) Wear a mask."],
        ),
        ("a. First item here.\nb. Second item.", ["a. First item here.", "b. Second item."]),
        (
            "Points: • lower taxes • more jobs. The end.",
            ["Points:", "• lower taxes", "• more jobs.", "The end."],
        ),
        (
            "He paused . . . and left. Then . . . Nothing happened.",
            ["He paused . . . and left.", "Then . . .", "Nothing happened."],
        ),
        (
            "See p. 55 for more. It is No. 5 now. He was N°. 3 in the race.",
            ["See p. 55 for more.", "It is No. 5 now.", "He was N°. 3 in the race."],
        ),
        (
            'She wrote, "It was over." (Smith 55). The next day came.',
            ['She wrote, "It was over." (Smith 55).', "The next day came."],
        ),
        (
            "It was you and I. Did they know? A book by J. K. Rowling sold.",
            ["It was you and I.", "Did they know?", "A book by J. K. Rowling sold."],
        ),
    ],
    ids=[
        "numbered list",
        "lettered list",
        "bullets",
        "spaced ellipsis",
        "page and number abbreviations",
        "citation after a quote",
        "single capital letter",
    ],
)
def test_sentence_boundaries_on_lists_ellipses_citations(text, expected):
    assert [text[s:e] for s, e, _ in sentence_spans(text)] == expected


def test_seed_tokens(seed_docs, seed_text):
    toks = tokens(seed_docs)
    assert list(toks.columns) == list(TOKEN_COLUMNS)
    assert len(toks) == 535
    assert (toks["token"] == "U.S.").sum() == 11  # grep -o "U\.S\." finds 11 (plus one "US")
    assert (toks["token"] == "US").sum() == 1
    assert (toks["lower"] == "taliban").sum() == 11
    assert (toks["token"] == "ISIS-K").sum() == 4
    assert toks.loc[toks["token"] == "don’t", "lower"].tolist() == ["don't"]
    assert toks.loc[toks["token"] == "13", "is_alpha"].tolist() == [False]
    assert toks.loc[toks["token"] == "U.S.", "is_alpha"].all()
    assert toks.loc[toks["lower"] == "the", "is_stop"].all()
    # offsets round-trip and token ids run 0..n-1
    assert all(
        seed_text[s:e] == t
        for s, e, t in zip(toks["start"], toks["end"], toks["token"], strict=True)
    )
    assert toks["token_id"].tolist() == list(range(len(toks)))
    # every token lies inside its sentence
    sents = sentences(seed_docs).set_index("sent_id")
    joined = toks.merge(
        sents[["start", "end"]].add_suffix("_sent"), left_on="sent_id", right_index=True
    )
    assert ((joined["start"] >= joined["start_sent"]) & (joined["end"] <= joined["end_sent"])).all()


@pytest.mark.parametrize(("doc_id", "n_units"), [("business/001", 21), ("politics/010", 11)])
def test_bbc_articles_split_as_counted_by_hand(bbc_docs, doc_id, n_units):
    doc = bbc_docs[bbc_docs["doc_id"] == doc_id]
    sents = sentences(doc)
    assert len(sents) == n_units
    assert sents["is_title"].sum() == 1


def test_bbc_business_001_tokens(bbc_docs):
    toks = tokens(bbc_docs[bbc_docs["doc_id"] == "business/001"])
    words = toks["token"].tolist()
    assert "$1.13bn" in words and "£600m" in words and "$11.1bn" in words
    assert words.count("AOL") == 7
    assert words[words.index("high-speed")] == "high-speed"


def test_bbc_corpus_offsets_round_trip(bbc_sample):
    sents = sentences(bbc_sample)
    toks = tokens(bbc_sample, sents=sents)
    texts = dict(zip(bbc_sample["doc_id"], bbc_sample["text"], strict=True))
    assert all(
        texts[d][s:e] == t
        for d, s, e, t in zip(sents.doc_id, sents.start, sents.end, sents.text, strict=True)
    )
    assert all(
        texts[d][s:e] == t
        for d, s, e, t in zip(toks.doc_id, toks.start, toks.end, toks.token, strict=True)
    )
    assert set(sents["doc_id"]) == set(bbc_sample["doc_id"])


def test_a_bare_string_is_rejected():
    with pytest.raises(ParameterError, match="single string"):
        sentences("The U.S. left.")
    with pytest.raises(ParameterError, match="missing column"):
        tokens(pd.DataFrame({"body": ["x"]}))


def test_empty_documents_give_no_rows_and_no_error():
    sents = sentences(["", "Real text here."])
    assert sents["doc_id"].tolist() == ["doc00001"]
    assert tokens(["", "  "]).empty
    assert list(tokens([""]).columns) == list(TOKEN_COLUMNS)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_splits_with_exact_offsets_and_full_cover(text):
    spans = sentence_spans(text)
    prev_end = 0
    for start, end, _ in spans:
        assert prev_end <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]
        assert text[prev_end:start].strip() == ""  # nothing but space between sentences
        prev_end = end
    assert text[prev_end:].strip() == ""
    for start, end in token_spans(text):
        assert 0 <= start < end <= len(text)
        assert not text[start:end].isspace()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(), max_size=4))
def test_any_documents_tokenize_inside_their_sentences(texts):
    toks = tokens(texts)
    sents = sentences(texts)
    for row in toks.itertuples():
        sent = sents[(sents.doc_id == row.doc_id) & (sents.sent_id == row.sent_id)].iloc[0]
        assert sent.start <= row.start and row.end <= sent.end


def test_word_codes_code_every_text_into_one_vocabulary():
    texts = ["Don’t stop, DON'T stop", None, "", "stop 2 go"]
    codes, lengths, vocabulary = word_codes(texts, re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*"))
    assert vocabulary == ["don't", "stop", "go"]  # folded: lowercased, ’ read as '
    assert lengths.tolist() == [4, 0, 0, 2]  # not a string: no words; numbers: not words
    assert codes.tolist() == [0, 1, 0, 1, 1, 2]
    codes, lengths, vocabulary = word_codes(texts[:1], re.compile(r"\w+"), fold=False)
    assert vocabulary == ["Don", "t", "stop", "DON", "T"]  # not folded: case kept
    assert codes.tolist() == [0, 1, 2, 3, 4, 2]
