"""The sentences that open each page, written from the tables (analysis/findings.py)."""

from __future__ import annotations

import pytest

import analysis


@pytest.fixture(scope="module")
def seed():
    return analysis.corpus_tables("seeds")


def test_seed_findings_hold_the_hand_counts(seed):
    docs = seed.documents
    stats = analysis.document_stats(docs, sizes=seed.counts.sizes)
    assert analysis.overview_findings(stats, analysis.group_stats(stats), seed.notes).lines == [
        "The corpus holds 1 document with 464 words in 22 sentences."
    ]
    words = analysis.term_frequencies(docs, counts=seed.counts)
    key = analysis.key_terms(docs, counts=seed.counts, top_n=20)
    pairs = analysis.collocations(docs, counts=seed.counts, min_count=2, top_n=None)
    lines = analysis.terms_findings(words, key, pairs, key.attrs["reference"]).lines
    assert lines[0] == "The most frequent words are u.s. (12), taliban (11) and americans (6)."
    assert lines[1].startswith("Against general English, the corpus over-uses taliban, ")


def test_seed_sentiment_findings_are_of_body_sentences(seed):
    docs = seed.documents
    by_doc = analysis.document_sentiment(docs, sent_sentiment=seed.sentiment, sents=seed.sentences)
    lines = analysis.sentiment_findings(by_doc, seed.sentiment, docs).lines
    # 21 body sentences summing to -0.8594 (the headline, +0.5994, apart): mean -0.04;
    # 5 of them negative (24%), 6 positive (29%)
    assert lines == [
        "The coverage reads neutral on balance: the mean sentence scores -0.04 (VADER "
        "compound, body sentences, headlines apart).",
        "24% of sentences are negative and 29% positive.",
    ]


def test_seed_actor_and_source_findings(seed):
    docs, mentions = seed.documents, seed.mentions
    counts = analysis.actor_counts(mentions)
    framing = analysis.actor_sentiment(mentions, seed.sentiment)
    candidates = analysis.discover_actors(docs, mentions=mentions)
    lines = analysis.actor_findings(counts, framing, candidates, len(docs)).lines
    assert lines[0] == (
        "Coverage is led by Taliban (11 mentions in 1 of 1 document), then United States "
        "(11 mentions in 1 of 1 document) and Americans (6 mentions in 1 of 1 document)."
    )
    assert lines[1] == (
        "17 actors are named: 4 armed groups, 3 people, 3 places and 3 government bodies."
    )
    # ISIS-K's 4 sentences are more negative, but 4 is too few to compare; how the actor is
    # treated (the sentiment towards it) beside the tone of its sentences
    assert lines[2] == (
        "Of the actors named in 5 sentences or more, United States is treated most "
        "negatively (-0.16 on average towards it over 11 sentences, which themselves score "
        "-0.14)."
    )
    assert lines[3] == (
        "1 name the lexicon lacks was found; the most frequent is Abbey Gate (1 mention)."
    )
    speakers = analysis.source_summary(docs, seed.quotes, seed.attributions, by="speaker")
    voices = analysis.voice_comparison(
        docs,
        quote_table=seed.quotes,
        sent_sentiment=seed.sentiment,
        sents=seed.sentences,
        counts=seed.counts,
    )
    lines = analysis.source_findings(seed.quotes, seed.attributions, speakers, voices.sentiment)
    assert lines.lines == [
        "The documents hold 6 direct quotes; 100% have a speaker the workbook could name.",
        "The most quoted speaker is Frank McKenzie (5 quotes, 101 words).",
        # 5, 5 and 1 of 11
        "Of 11 attributions without quotation marks, 45% cite unnamed sources, 45% named "
        "people and 9% organizations.",
        "Quoted sentences score +0.19 on average, the journalist's -0.13.",
    ]


def test_overview_findings_count_the_documents_without_a_group(bbc_sample):
    docs = bbc_sample.assign(group=bbc_sample["group"].where(bbc_sample.index % 7 != 0))
    stats = analysis.document_stats(docs)
    groups = analysis.group_stats(stats)
    line = analysis.overview_findings(stats, groups, []).lines[2]
    assert line.startswith("They fall into 5 groups: ")
    assert line.endswith("; 13 documents have none.")
    assert groups["documents"].sum() == 89 - 13


def test_bbc_compare_findings_name_the_extremes(bbc_sample):
    corpus = analysis.corpus_tables(bbc_sample)
    summary = analysis.group_summary(
        bbc_sample,
        "group",
        stats=analysis.document_stats(bbc_sample, sizes=corpus.counts.sizes),
        sent_sentiment=corpus.sentiment,
        quote_table=corpus.quotes,
        attribution_table=corpus.attributions,
    )
    key = analysis.keyness_by_group(bbc_sample, "group", counts=corpus.counts)
    shares = analysis.group_actor_shares(corpus.mentions, bbc_sample, "group", top_n=3)
    lines = analysis.compare_findings(summary, key, shares, "group").lines
    by_tone = summary.sort_values("compound_mean")
    high, low = by_tone.iloc[-1], by_tone.iloc[0]
    assert lines[0].startswith(
        f"{high['group'].capitalize()} reads the most positive "
        f"({high['compound_mean']:+.2f}), {low['group']} the least"
    )
    assert len(lines) <= 4
    alone = analysis.compare_findings(summary.head(1), key, shares, "outlet").lines
    assert alone == ["There is only one outlet here: nothing to compare."]


def test_empty_tables_give_a_sentence_that_says_so(seed):
    empty = seed.documents.head(0)
    stats = analysis.document_stats(empty)
    assert analysis.overview_findings(stats, stats, []).lines == ["The corpus holds no documents."]
    counts = analysis.actor_counts(seed.mentions.head(0))
    assert analysis.actor_findings(counts, counts, counts, 0).lines == [
        "No actor is named in this corpus."
    ]
