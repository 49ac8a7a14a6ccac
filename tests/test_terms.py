"""Term statistics on the seed and the BBC corpus, with hand counts and second routes."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from analysis import ParameterError, count_terms
from analysis.segment import is_word, token_spans
from analysis.terms import (
    COLLOCATION_COLUMNS,
    DISPERSION_COLUMNS,
    DOC_TERM_COLUMNS,
    KEYNESS_COLUMNS,
    KWIC_COLUMNS,
    TERM_COLUMNS,
    TFIDF_COLUMNS,
    collocations,
    dispersion,
    find_matches,
    keyness,
    kwic,
    log_likelihood,
    log_ratio,
    normalize_term,
    term_frequencies,
    tfidf,
)
from analysis.wordlists import STOP_WORDS


def our_terms(text: str) -> list[str]:
    """The straightforward route: tokenize, keep words, fold, drop stop words."""
    terms = []
    for s, e in token_spans(text):
        tok = text[s:e]
        term = normalize_term(tok)
        if is_word(tok) and term not in STOP_WORDS:
            terms.append(term)
    return terms


def test_seed_hand_counts(seed_docs):
    tf = term_frequencies(seed_docs)
    assert list(tf.columns) == list(TERM_COLUMNS)
    counts = dict(zip(tf["term"], tf["count"], strict=True))
    assert counts["taliban"] == 11
    assert counts["u.s."] == 12  # 11 "U.S." + 1 "US" (Garamendi's paragraph), all the country
    assert "us" not in counts  # the pronoun "us" is a stop word; "US" is not folded into it
    assert counts["mckenzie"] == 5
    assert counts["isis-k"] == 4
    assert counts["attacks"] == 3 and counts["attack"] == 1
    # sorted by count then term, per 10k words of the seed (464 word tokens)
    assert tf["term"].tolist()[:2] == ["u.s.", "taliban"]
    assert tf.loc[tf.term == "taliban", "per_10k"].item() == pytest.approx(11 * 10_000 / 464)


def test_stemming_merges_forms(seed_docs):
    tf = term_frequencies(seed_docs, normalize="stem")
    counts = dict(zip(tf["term"], tf["count"], strict=True))
    assert counts["attack"] == 4  # "attacks" x3 + "attack" x1
    assert counts["u.s."] == 12  # acronyms are not stemmed
    with pytest.raises(
        ParameterError, match="normalize='lemma' is not valid; expected None or 'stem'"
    ):
        term_frequencies(seed_docs, normalize="lemma")


def test_ngrams_stay_inside_sentences_and_between_punctuation():
    text = "The Islamic State terrorist group, often known as ISIS. Islamic State fighters left."
    tf = term_frequencies([text], ngram_range=(2, 3))
    # "often" and "as" are stop words and break runs; the comma and the period too
    assert sorted(tf["term"]) == sorted(
        [
            "islamic state",
            "state terrorist",
            "terrorist group",
            "islamic state terrorist",
            "state terrorist group",
            "state fighters",
            "fighters left",
            "islamic state fighters",
            "state fighters left",
        ]
    )
    assert tf.loc[tf.term == "islamic state", "count"].item() == 2
    assert "isis islamic" not in set(tf["term"])  # never across the sentence boundary


def test_unigram_counts_equal_countvectorizer_on_bbc(bbc_docs):
    tf = term_frequencies(bbc_docs)
    vectorizer = CountVectorizer(tokenizer=our_terms, lowercase=False, token_pattern=None)
    matrix = vectorizer.fit_transform(bbc_docs["text"])
    theirs = pd.DataFrame(
        {
            "term": vectorizer.get_feature_names_out(),
            "count": np.asarray(matrix.sum(axis=0)).ravel(),
            "doc_count": np.asarray((matrix > 0).sum(axis=0)).ravel(),
        }
    ).set_index("term")
    ours = tf.set_index("term")[["count", "doc_count"]]
    assert len(ours) == len(theirs) > 25_000
    pd.testing.assert_frame_equal(
        ours.sort_index(), theirs.sort_index(), check_dtype=False, check_index_type=False
    )


def test_by_doc_sums_to_corpus(bbc_sample):
    corpus = term_frequencies(bbc_sample, ngram_range=(1, 2), min_count=2)
    per_doc = term_frequencies(bbc_sample, ngram_range=(1, 2), min_count=2, by="doc")
    assert list(per_doc.columns) == list(DOC_TERM_COLUMNS)
    summed = per_doc.groupby("term")["count"].sum()
    assert summed.sort_index().tolist() == corpus.set_index("term")["count"].sort_index().tolist()
    assert per_doc["doc_id"].drop_duplicates().tolist() == [
        d for d in bbc_sample["doc_id"] if d in set(per_doc["doc_id"])
    ]
    assert corpus["count"].min() >= 2


def test_tfidf_equals_tfidfvectorizer_on_our_terms(bbc_sample):
    ours = tfidf(bbc_sample, top_n=5)
    assert list(ours.columns) == list(TFIDF_COLUMNS)
    vectorizer = TfidfVectorizer(analyzer=our_terms)
    matrix = vectorizer.fit_transform(bbc_sample["text"]).tocsr()
    names = vectorizer.get_feature_names_out()
    for i, doc_id in enumerate(bbc_sample["doc_id"][:20]):
        row = matrix.getrow(i)
        expected = sorted(zip(-row.data, names[row.indices], strict=True))[:5]
        got = ours[ours.doc_id == doc_id]
        assert got["term"].tolist() == [t for _, t in expected]
        np.testing.assert_allclose(got["tfidf"], [-v for v, _ in expected])
        assert got["rank"].tolist() == list(range(1, len(expected) + 1))


def test_tfidf_on_the_seed_ranks_its_subjects(seed_docs):
    top = tfidf(seed_docs, top_n=3)["term"].tolist()
    assert top == ["u.s.", "taliban", "americans"]


def test_log_likelihood_and_log_ratio_by_hand():
    # a=10 in c=1000 words, b=20 in d=5000: E1 = 1000*30/6000 = 5, E2 = 25;
    # G2 = 2 * (10 ln(10/5) + 20 ln(20/25)) = 4.937202; LR = log2(0.01 / 0.004) = 1.321928
    assert log_likelihood(np.array([10]), np.array([20]), 1000, 5000)[0] == pytest.approx(
        4.937202, abs=1e-6
    )
    assert log_ratio(np.array([10]), np.array([20]), 1000, 5000)[0] == pytest.approx(
        1.321928, abs=1e-6
    )
    # a zero count contributes nothing to G2 and is taken as 0.5 in the Log Ratio
    assert log_likelihood(np.array([0]), np.array([20]), 1000, 5000)[0] == pytest.approx(
        2 * 20 * math.log(20 / (5000 * 20 / 6000))
    )
    assert log_ratio(np.array([4]), np.array([0]), 1000, 1000)[0] == pytest.approx(math.log2(8))


def test_keyness_of_bbc_politics_against_the_rest(bbc_docs):
    politics = bbc_docs[bbc_docs.group == "politics"]
    rest = bbc_docs[bbc_docs.group != "politics"]
    key = keyness(politics, rest, top_n=None)
    assert list(key.columns) == list(KEYNESS_COLUMNS)
    top10 = key["term"].head(10).tolist()
    for term in ("labour", "blair", "party", "election", "government", "tory", "minister"):
        assert term in top10, term
    labour = key.set_index("term").loc["labour"]
    assert (labour.count_target, labour.count_reference) == (760, 36)
    assert labour.direction == "over" and labour.p_value < 1e-100
    # "game" belongs to the other sections: strongly under-used in politics
    game = key.set_index("term").loc["game"]
    assert game.direction == "under" and game.log_ratio < -2
    assert key["log_likelihood"].is_monotonic_decreasing


def test_keyness_against_general_english(seed_docs):
    key = keyness(seed_docs, top_n=5)
    assert key["term"].iloc[0] == "taliban"
    assert set(key["direction"]) == {"over"}


def test_collocations(bbc_docs):
    politics = bbc_docs[bbc_docs.group == "politics"]
    for measure in ("pmi", "likelihood_ratio", "t", "chi_sq"):
        col = collocations(politics, measure=measure, min_count=5, top_n=200)
        assert list(col.columns) == list(COLLOCATION_COLUMNS)
        assert col["score"].notna().all()
        assert (col["count"] >= 5).all()
    ll = collocations(politics, measure="likelihood_ratio", min_count=5, top_n=20)
    pairs = set(zip(ll.w1, ll.w2, strict=True))
    assert ("prime", "minister") in pairs and ("tony", "blair") in pairs


def test_kwic_on_the_seed(seed_docs):
    hits = kwic(seed_docs, "Taliban", window=3)
    assert list(hits.columns) == list(KWIC_COLUMNS)
    assert len(hits) == 11
    text = seed_docs.loc[0, "text"]
    assert all(text[s:e] == m for s, e, m in zip(hits.start, hits.end, hits.match, strict=True))
    assert hits.iloc[1][["left", "match", "right"]].tolist() == [
        "collaborated with the",
        "Taliban",
        "to assist Americans",
    ]
    assert len(kwic(seed_docs, "central command")) == 1
    assert len(kwic(seed_docs, r"U\.S\.|\bUS\b", regex=True, case=True)) == 12
    assert kwic(seed_docs, "don't")["match"].tolist() == ["don’t"]
    with pytest.raises(ParameterError, match="query='\\(' is not valid"):
        kwic(seed_docs, "(", regex=True)


_WORDS = st.text(alphabet="aAbBéÉ’'-", min_size=1, max_size=4).filter(lambda w: w[0] not in "’'-")


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="aAbBéÉ’'- \n\t.1_", max_size=60),
    words=st.lists(_WORDS, min_size=1, max_size=3),
    case=st.booleans(),
)
def test_a_word_or_phrase_matches_where_no_letter_or_hyphen_comes_before_it(text, words, case):
    # the definition, as a look-behind before the phrase (what the search did before it
    # checked the first word's left side after reading that word)
    query = " ".join(words)
    body = r"\s+".join(re.sub("['’]", "['’]", re.escape(w)) for w in words)
    pattern = re.compile(rf"(?<![\w-]){body}(?![\w-]|’\w|'\w)", 0 if case else re.IGNORECASE)
    expected = [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
    found = find_matches([text], query, case=case)
    assert list(zip(found["start"], found["end"], strict=True)) == expected


def test_dispersion(seed_docs):
    disp = dispersion(seed_docs, ["McKenzie", "Garamendi"])
    assert list(disp.columns) == list(DISPERSION_COLUMNS)
    assert disp.groupby("term").size().to_dict() == {"Garamendi": 2, "McKenzie": 5}
    assert disp["position"].between(0, 1).all()
    assert disp.loc[disp.term == "Garamendi", "position"].min() > 0.85  # the last paragraphs


def test_empty_and_tiny_inputs():
    assert term_frequencies([""]).empty
    assert tfidf(["", "Word here."])["term"].tolist() == ["word"]
    assert kwic([""], "x").empty
    assert collocations([""]).empty
    counts = count_terms(["Taliban Taliban"])
    assert term_frequencies(["Taliban Taliban"], counts=counts)["count"].tolist() == [2]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "sentence"}, "by='sentence' is not valid; expected one of 'corpus', 'doc'"),
        ({"ngram_range": (2, 1)}, "ngram_range=\\(2, 1\\) is not valid"),
        ({"min_count": 0}, "min_count=0 is not valid; expected an integer >= 1"),
        ({"stop_words": "french"}, "stop_words='french' is not valid"),
    ],
)
def test_bad_options(seed_docs, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        term_frequencies(seed_docs, **kwargs)


def test_keyness_by_group_on_bbc(bbc_docs):
    from analysis.terms import keyness_by_group

    key = keyness_by_group(bbc_docs, "group", top_n=5)
    assert list(key.columns) == ["group", *KEYNESS_COLUMNS]
    assert key.groupby("group").size().to_dict() == dict.fromkeys(
        ["business", "entertainment", "politics", "sport", "tech"], 5
    )
    tops = key.groupby("group")["term"].apply(list).to_dict()
    assert "labour" in tops["politics"]
    assert "film" in tops["entertainment"]
    assert keyness_by_group(bbc_docs.iloc[:3], "group").empty  # one group: nothing to compare
    with pytest.raises(ParameterError, match="group_by='outlet' is not valid"):
        keyness_by_group(bbc_docs, "outlet")


@pytest.mark.parametrize("measure", ["log_likelihood", "log_ratio"])
def test_keyness_by_group_is_each_group_against_the_rest(bbc_sample, measure):
    """Groups counted at once (codes, one bincount) give what counting each group and its
    rest apart gives; a document without a group, or one of the counts that the table
    lacks, is in every group's rest."""
    from analysis.terms import count_terms, keyness_by_group

    docs = bbc_sample.assign(group=bbc_sample["group"].where(bbc_sample.index % 7 != 0))
    counts = count_terms(docs)
    table = docs.iloc[1:]
    by_group = keyness_by_group(
        table, "group", top_n=15, min_count=2, measure=measure, counts=counts
    )
    assert docs["group"].isna().sum() >= 3
    names = sorted(set(table["group"].dropna()))
    assert sorted(set(by_group["group"])) == names and len(names) == 5
    for name in names:
        ids = table["doc_id"][table["group"] == name]
        rest = docs["doc_id"][~docs["doc_id"].isin(ids)]
        alone = keyness(
            counts.select(ids), counts.select(rest), measure=measure, min_count=2, top_n=None
        )
        expected = alone[alone["direction"] == "over"].head(15).reset_index(drop=True)
        got = by_group[by_group["group"] == name].drop(columns="group").reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_one_pass_counts_of_long_ngrams_on_bbc(bbc_sample):
    # 5-grams over a vocabulary this size overflow one 64-bit key per n-gram, so
    # count_terms takes its row-wise route there; both routes give term_frequencies' rows
    from analysis import sentences
    from analysis.terms import TermOptions, count_terms

    assert len(term_frequencies(bbc_sample)) ** 5 >= 2**62
    sents = sentences(bbc_sample)
    counted = count_terms(bbc_sample, sents, TermOptions.build(ngram_range=(3, 5)))
    expected = term_frequencies(bbc_sample, ngram_range=(3, 5), by="doc")
    pd.testing.assert_frame_equal(
        counted.terms.astype({"doc_id": object}),
        expected.drop(columns=["doc_count"]).astype({"doc_id": object}),
        check_dtype=False,
    )
    assert counted.totals["n"].value_counts().sort_index().index.tolist() == [3, 4, 5]
    assert int(counted.totals["count"].sum()) == int(expected["count"].sum())


def test_collocation_scores_are_nltks_to_the_last_bit(bbc_docs):
    """The four measures, written out in analysis, give the very floats NLTK's
    ``BigramAssocMeasures`` gives for the same counts (every pair of BBC politics)."""
    from nltk.metrics.association import BigramAssocMeasures

    from analysis import count_terms
    from analysis.terms.counting import TermOptions

    politics = bbc_docs[bbc_docs.group == "politics"]
    counts = count_terms(politics, options=TermOptions.build(ngram_range=(1, 2)))
    nltk_measures = {
        "pmi": BigramAssocMeasures.pmi,
        "likelihood_ratio": BigramAssocMeasures.likelihood_ratio,
        "t": BigramAssocMeasures.student_t,
        "chi_sq": BigramAssocMeasures.chi_sq,
    }
    unigrams = counts.totals[counts.totals["n"] == 1]
    words = dict(zip(unigrams["term"], unigrams["count"].astype(int), strict=True))
    n_all = int(unigrams["count"].sum())
    for measure, score_fn in nltk_measures.items():
        ours = collocations(politics, measure=measure, min_count=1, top_n=None, counts=counts)
        assert len(ours) > 20_000
        for w1, w2, count, score in ours.itertuples(index=False):
            expected = float(score_fn(count, (words[w1], words[w2]), n_all))
            assert score == expected, (measure, w1, w2)


@pytest.mark.parametrize("sublinear_tf", [False, True])
def testtfidf_weights_are_scikit_learns_to_the_last_bit(bbc_docs, sublinear_tf):
    """tfidf's weights, written out in analysis, are the very floats scikit-learn's
    ``TfidfTransformer`` gives for the same counts (all of BBC, 2,225 documents), and the top
    terms of each document are the ones those floats rank first."""
    from sklearn.feature_extraction.text import TfidfTransformer

    from analysis import count_terms, document_term_matrix

    counts = count_terms(bbc_docs)
    matrix, doc_ids, terms = document_term_matrix(None, counts=counts)
    expected = TfidfTransformer(sublinear_tf=sublinear_tf).fit_transform(matrix).tocsr()
    expected.sort_indices()
    ours = tfidf(bbc_docs, counts=counts, top_n=3, sublinear_tf=sublinear_tf)
    assert len(ours) == 3 * len(doc_ids)
    row_of = {doc_id: i for i, doc_id in enumerate(doc_ids)}
    col_of = {term: j for j, term in enumerate(terms)}
    for doc_id, term, weight, rank in ours.itertuples(index=False):
        i = row_of[doc_id]
        row = expected.getrow(i)
        assert weight == expected[i, col_of[term]]
        assert weight == np.sort(row.data)[::-1][rank - 1]
