"""Any text: every public extraction function returns a well-formed table and never raises."""

from __future__ import annotations

import re
import warnings

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import analysis
from analysis.actors import MENTION_COLUMNS
from analysis.actors.names import RUN_RE
from analysis.segment import TOKEN_RE, _word_before, token_spans
from analysis.sentiment import SENTENCE_SENTIMENT_COLUMNS
from analysis.sources import ATTRIBUTION_COLUMNS, QUOTE_COLUMNS
from analysis.terms import TERM_COLUMNS, TermOptions, count_terms, normalize_term
from analysis.wordlists import NAME_LINKS, STOP_WORDS

# news-like alphabet: letters, digits, quotes of both kinds, punctuation, spaces, newlines
NEWSY = st.lists(
    st.sampled_from(
        [*"abcUSTK .,;:!?-'’\"“”‘()0123456789£", "\n", "\n\n", "Taliban", " said ", "Mr ", "U.S."]
    ),
    max_size=80,
).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=300), NEWSY)


def _check_spans(table: pd.DataFrame, texts: dict[str, str]) -> None:
    for doc_id, start, end in zip(table["doc_id"], table["start"], table["end"], strict=True):
        assert 0 <= start <= end <= len(texts[doc_id])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ANY_TEXT, min_size=1, max_size=3))
def test_every_extraction_is_well_formed(texts):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", analysis.CorpusWarning)
        docs = analysis.load_corpus(texts)
    by_id = dict(zip(docs["doc_id"], docs["text"], strict=True))
    sents = analysis.sentences(docs)
    _check_spans(sents, by_id)
    toks = analysis.tokens(docs, sents=sents)
    _check_spans(toks, by_id)
    counts = count_terms(docs, sents, TermOptions.build(ngram_range=(1, 2)))
    tf = analysis.term_frequencies(docs, ngram_range=(1, 2), counts=counts)
    assert list(tf.columns) == list(TERM_COLUMNS)
    assert (tf["count"] >= 1).all()
    scored = analysis.sentence_sentiment(docs, sents=sents)
    assert list(scored.columns) == list(SENTENCE_SENTIMENT_COLUMNS)
    assert scored["compound"].between(-1, 1).all()
    doc = analysis.document_sentiment(docs, sent_sentiment=scored, sents=sents)
    assert doc["compound_mean"].dropna().between(-1, 1).all()
    assert len(doc) == len(docs)
    mentions = analysis.actor_mentions(docs, sents=sents)
    assert list(mentions.columns) == list(MENTION_COLUMNS)
    _check_spans(mentions, by_id)
    assert all(
        by_id[d][s:e] == t
        for d, s, e, t in zip(
            mentions.doc_id, mentions.start, mentions.end, mentions.surface, strict=True
        )
    )
    quoted = analysis.quotes(docs, mentions, sents=sents)
    assert list(quoted.columns) == list(QUOTE_COLUMNS)
    _check_spans(quoted, by_id)
    reported = analysis.attributions(docs, mentions, sents=sents, quote_table=quoted)
    assert list(reported.columns) == list(ATTRIBUTION_COLUMNS)
    _check_spans(reported, by_id)
    analysis.kwic(docs, "Taliban", sents=sents)
    analysis.collocations(docs, counts=counts)
    analysis.collocations(docs, window=3)
    analysis.dispersion(docs, ["Taliban", "U.S."], sents=sents, counts=counts)


def _naive_counts(toks: pd.DataFrame, n_max: int) -> dict[tuple[str, str], int]:
    """The straightforward route: per sentence, each token a term or a gap, n-grams counted
    in a dict; what the engine's vectorized one pass must give."""
    counts: dict[tuple[str, str], int] = {}
    for (doc_id, _), sentence in toks.groupby(["doc_id", "sent_id"], sort=False):
        terms = [
            normalize_term(t) if alpha and normalize_term(t) not in STOP_WORDS else None
            for t, alpha in zip(sentence["token"], sentence["is_alpha"], strict=True)
        ]
        for n in range(1, n_max + 1):
            for i in range(len(terms) - n + 1):
                gram = terms[i : i + n]
                if None not in gram:
                    key = (doc_id, " ".join(gram))
                    counts[key] = counts.get(key, 0) + 1
    return counts


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ANY_TEXT, min_size=1, max_size=3))
def test_one_pass_term_counts_equal_a_plain_count_over_the_token_table(texts):
    # count_terms reads each sentence with one character of the next (for look-aheads such
    # as "Inc. The") and codes n-grams by hashing; any text must give the plain counts
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", analysis.CorpusWarning)
        docs = analysis.load_corpus(texts)
    sents = analysis.sentences(docs)
    toks = analysis.tokens(docs, sents=sents)
    counted = count_terms(docs, sents, TermOptions.build(ngram_range=(1, 3)))
    got = {
        (d, t): c
        for d, t, c in zip(
            counted.terms.doc_id, counted.terms.term, counted.terms["count"], strict=True
        )
    }
    assert got == _naive_counts(toks, 3)
    assert counted.sizes["n_tokens"].sum() == len(toks)
    assert counted.sizes["n_words"].sum() == int(toks["is_alpha"].sum())
    tables = analysis.extract(docs)
    assert tables["corpus_totals"]["tokens"].item() == len(toks)
    assert (tables["term_totals"]["count"] >= 1).all()


def _plain_token_re() -> re.Pattern[str]:
    """The tokenizer as written before tuning: no whitespace prefix, no possessive forms."""
    body = TOKEN_RE.pattern.replace(r"\s*+(", "", 1).rsplit(")", 1)[0]
    return re.compile(body.replace("++", "+").replace(")*+", ")*"), re.VERBOSE)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, st.integers(0, 40), st.integers(0, 400))
def test_tuned_tokenizer_equals_the_backtracking_one(text, start, end):
    # the whitespace prefix and the possessive quantifiers are for speed only: on any text
    # and any slice they must give the tokens plain backtracking gives
    plain = _plain_token_re()
    assert TOKEN_RE.findall(text, start, end) == plain.findall(text, start, end)
    assert token_spans(text) == [m.span() for m in plain.finditer(text)]


NAMEY = st.lists(
    st.sampled_from(
        [*"AICLnorpctd.-’'s\t ", " of ", "Inc.", "Corp.", "McKenzie", "ISIS-K", "NATO", "x1"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(NAMEY, ANY_TEXT))
@example("NATOAI and ISIS-K, X-Ray Ltd. of Smith-Jones Co. O’Brien's al Qaeda")
def test_a_name_run_is_capitalised_words_on_one_line(text):
    # every run the name model reads starts and ends on a capitalised word, keeps to one
    # line, holds no possessive 's, and has only link words ("of", "and") in lower case
    for m in RUN_RE.finditer(text):
        words = m.group(0).split()
        assert "\n" not in m.group(0) and words[0][:1].isupper() and words[-1][:1].isupper()
        assert all(w[:1].isupper() or w in NAME_LINKS for w in words)
        assert not m.group(0).endswith(("'s", "’s"))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=' \t\n"“‘([abcU.S\u00a0\u2003', max_size=70), st.integers(0, 80))
@example("Gen\n.", 4)
def test_word_before_a_period_equals_its_regex(text, pos):
    # the sentence splitter's look-back uses string methods for speed; it must find what
    # the regex it replaced finds, including "$" matching before a final newline
    pos = min(pos, len(text))
    found = re.compile(r"[^\s\"“‘(\[]+$").search(text, max(0, pos - 40), pos)
    assert _word_before(text, pos) == (found.group(0) if found else "")
