"""Actors: lexicon loading and validation, hand counts on the seed and three BBC articles."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis import LexiconError, sentence_sentiment
from analysis.actors import (
    ACTOR_SENTIMENT_COLUMNS,
    CANDIDATE_COLUMNS,
    COUNT_COLUMNS,
    EDGE_COLUMNS,
    MENTION_COLUMNS,
    actor_counts,
    actor_mentions,
    actor_network,
    actor_sentiment,
    discover_actors,
    lexicon_template,
    load_lexicon,
)

# Hand count of the seed with the default lexicon.  "U.S." appears 11 times, but one is part
# of "U.S. Central Command" (longest match), so the country has 10 + the one "US" = 11.
SEED_COUNTS = {
    "Taliban": 11,
    "United States": 11,
    "Americans": 6,
    "Frank McKenzie": 5,
    "ISIS-K": 4,
    "Islamic State": 2,  # "Islamic State" and "ISIS"
    "Abdul Ghani Baradar": 2,
    "John Garamendi": 2,
    "Afghans": 2,
    "Kabul": 2,
    "Al Qaeda": 1,
    "Defense Department": 1,
    "Pentagon": 1,
    "U.S. Central Command": 1,
    "Doha": 1,
    "Qatar": 1,
}


@pytest.fixture(scope="module")
def seed_mentions(seed_docs):
    return actor_mentions(seed_docs)


def test_seed_counts_equal_the_hand_count(seed_mentions):
    assert list(seed_mentions.columns) == list(MENTION_COLUMNS)
    counts = actor_counts(seed_mentions)
    assert list(counts.columns) == list(COUNT_COLUMNS)
    lexicon_counts = dict(zip(counts["actor"], counts["mentions"], strict=True))
    assert {a: lexicon_counts.get(a) for a in SEED_COUNTS} == SEED_COUNTS
    assert counts["actor"].iloc[:2].tolist() == ["Taliban", "United States"]


def test_seed_mentions_in_detail(seed_mentions, seed_text):
    m = seed_mentions
    assert all(seed_text[s:e] == t for s, e, t in zip(m.start, m.end, m.surface, strict=True))
    mckenzie = m[m.actor == "Frank McKenzie"]
    assert mckenzie["method"].tolist() == ["lexicon"] + ["coreference"] * 4
    assert mckenzie["surface"].tolist() == ["Frank McKenzie"] + ["McKenzie"] * 4
    assert mckenzie["sent_id"].tolist() == [7, 9, 12, 15, 18]
    assert m[m.actor == "John Garamendi"]["method"].tolist() == ["lexicon", "coreference"]
    assert m[m.actor == "Abdul Ghani Baradar"]["surface"].tolist() == [
        "Abdul Ghani Baradar",
        "Baradar",
    ]
    # longest match: one organization, not the United States plus a command
    central = m[m.surface == "U.S. Central Command"]
    assert central[["actor", "type", "affiliation"]].values.tolist() == [
        ["U.S. Central Command", "government_body", "United States"]
    ]
    # "they helped us secure": the pronoun is never the country
    assert not m[(m.actor == "United States") & (m.sent_id == 8)].shape[0]
    assert set(m.loc[m.actor == "United States", "surface"]) == {"U.S.", "US"}
    # ISIS inside ISIS-K is not the Islamic State
    assert m[m.actor == "Islamic State"]["surface"].tolist() == ["Islamic State", "ISIS"]
    assert m[m.actor == "Afghans"]["affiliation"].unique().tolist() == ["Afghanistan"]


def test_possessives_titles_and_boundaries():
    text = (
        "The Taliban’s grip and the Taliban's men. Mullah Abdul Ghani Baradar spoke. Talibanesque."
    )
    m = actor_mentions([text])
    taliban = m[m.actor == "Taliban"]
    assert taliban["surface"].tolist() == ["Taliban", "Taliban"]
    assert m[m.actor == "Abdul Ghani Baradar"]["surface"].tolist() == ["Abdul Ghani Baradar"]
    # the lexicon's "Taliban" is a whole word: not the start of "Talibanesque"
    assert m[m.actor == "Taliban"]["end"].max() < text.index("Talibanesque")


def test_discovered_names_are_typed_by_the_model_with_its_confidence():
    found = discover_actors(
        [
            "Defence Secretary Ann Smith-Jones spoke. Later Smith-Jones said so. The Acme Corp board met."
        ]
    )
    # the title and the sentence opener are no part of a name; the surname is coreference
    assert found[["name", "type", "mentions"]].values.tolist() == [
        ["Ann Smith-Jones", "person", 2],
        ["Acme Corp", "organization", 1],
    ]
    assert found["confidence"].between(0.5, 1.0).all()


def test_a_name_after_a_lexicon_mention_is_still_found():
    """ "US President Ann Smith-Jones": the country is the lexicon's; the person follows."""
    m = actor_mentions(["US Trade Secretary Ann Smith-Jones spoke in Washington."])
    people = m[m["type"] == "person"]
    assert people[["surface", "actor"]].values.tolist() == [["Ann Smith-Jones", "Ann Smith-Jones"]]
    assert "United States" in m["actor"].tolist()


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Yesterday Manchester United beat Chelsea again.", "Manchester United", "organization"),
        ("Yesterday Aston Villa lost at home.", "Aston Villa", "organization"),
        ("She flew on to New York for talks.", "New York", "place"),
        ("Later Los Angeles voted no.", "Los Angeles", "place"),
        ("He won the Australian Open twice.", "Australian Open", "event"),
        ("They lost the World Cup final.", "World Cup", "event"),
        ("He spoke to BBC Radio about it.", "BBC Radio", "organization"),
    ],
    ids=["club", "club with a place name", "city", "city", "event", "event", "broadcaster"],
)
def test_clubs_cities_and_events_are_not_people(text, name, kind):
    found = discover_actors([text])
    assert found.set_index("name").loc[name, "type"] == kind


def test_things_and_times_are_not_actors():
    found = discover_actors(["The PC and DVD sold at 10 GMT with an ID card. The CEO said so."])
    assert found.empty


def test_bbc_names_to_review_hold_no_club_city_or_event_as_a_person(bbc_docs):
    found = discover_actors(bbc_docs)
    people = set(found.loc[found["type"] == "person", "name"])
    for name in (
        "Manchester United",
        "Manchester City",
        "New York",
        "Los Angeles",
        "World Cup",
        "Australian Open",
        "Grand Slam",
        "Davis Cup",
        "French Open",
        "BBC Radio",
        "BBC Sport",
        "Chelsea",
        "Arsenal",
        "Liverpool",
    ):
        assert name not in people, name
    typed = found.set_index("name")["type"]
    assert typed["Manchester United"] == "organization" and typed["World Cup"] == "event"
    assert not {"PC", "DVD", "GMT", "ID"} & set(found["name"])


def test_discovered_people_get_titles_stripped_and_coreference():
    text = "Defence Secretary Ann Smith-Jones spoke. Later Smith-Jones said it was over."
    m = actor_mentions([text])
    rows = m[m.actor == "Ann Smith-Jones"]
    assert rows["method"].tolist() == ["discovered", "coreference"]
    assert rows["type"].unique().tolist() == ["person"]


@pytest.mark.parametrize(
    ("doc_id", "people", "organizations"),
    [
        (
            "politics/001",
            {
                "Patricia Hewitt": 4,
                "Theresa May": 1,
                "Gordon Brown": 1,
                "Tony Blair": 1,
                "Sandra Gidley": 1,
                "David Frost": 1,
            },
            {
                "Liberal Democrats": 3,
                "Conservative Party": 2,
                "GMTV": 1,
                "British Chambers of Commerce": 1,
                "Labour Party": 1,
            },
        ),
        (
            "politics/002",
            {"Richard Thomas": 4, "Alan Beith": 3, "Michael Howard": 1, "Tony Blair": 1},
            {
                "Cabinet Office": 2,
                "Conservative Party": 2,
                "Liberal Democrats": 2,
                "Hutton Inquiry": 1,
            },
        ),
        (
            "business/001",
            {"Richard Parsons": 1},
            {
                "AOL": 5,
                "SEC": 2,
                "AOL Europe": 2,
                "Bertelsmann": 1,
                "Warner Bros": 1,
                "US Securities Exchange Commission": 1,
            },
        ),
    ],
)
def test_bbc_articles_read_by_hand(bbc_docs, doc_id, people, organizations):
    counts = actor_counts(actor_mentions(bbc_docs[bbc_docs.doc_id == doc_id])).set_index("actor")
    for name, n in people.items():
        assert counts.loc[name, "mentions"] == n, name
        assert counts.loc[name, "type"] == "person", name
    for name, n in organizations.items():
        assert counts.loc[name, "mentions"] == n, name
        assert counts.loc[name, "type"] in ("organization", "government_body"), name


def test_actor_sentiment_reuses_sentence_scores(seed_docs, seed_mentions):
    scored = sentence_sentiment(seed_docs)
    table = actor_sentiment(seed_mentions, scored).set_index("actor")
    # McKenzie's sentences 7, 9, 12, 15, 18 score 0, 0.7786, -0.3818, 0, 0
    assert table.loc["Frank McKenzie", "n_sentences"] == 5
    assert table.loc["Frank McKenzie", "compound_mean"] == pytest.approx((0.7786 - 0.3818) / 5)
    assert table.loc["Frank McKenzie", "share_negative"] == pytest.approx(1 / 5)
    # Taliban is named in the headline (sentence 0, left out: sentiment means are of body
    # sentences) and in 9 body sentences, twice in sentence 10: that sentence counts once
    assert table.loc["Taliban", "n_sentences"] == 9
    with_title = sentence_sentiment(seed_docs).assign(is_title=False)
    assert (
        actor_sentiment(seed_mentions, with_title).set_index("actor").loc["Taliban", "n_sentences"]
        == 10
    )


def test_actor_network(seed_mentions):
    graph, edges = actor_network(seed_mentions)
    assert list(edges.columns) == list(EDGE_COLUMNS)
    weights = {(a, b): w for a, b, w in edges.itertuples(index=False)}
    # sentences naming both: 1, 11, 12, 15, 19
    assert weights[("Taliban", "United States")] == 5
    assert graph["Taliban"]["United States"]["weight"] == 5
    assert graph.nodes["Taliban"]["mentions"] == 11
    assert all(a < b for a, b in weights)
    _, by_doc = actor_network(seed_mentions, window="doc")
    assert set(by_doc["weight"]) == {1}


def test_discover_and_template_round_trip(seed_docs, tmp_path):
    found = discover_actors(seed_docs)
    assert list(found.columns) == list(CANDIDATE_COLUMNS)
    assert found[["name", "type"]].values.tolist() == [["Abbey Gate", "place"]]
    path = tmp_path / "mine.yaml"
    lexicon_template(found, path)
    lexicon = load_lexicon(path)
    assert lexicon.actors["Abbey Gate"].type == "place"
    m = actor_mentions(seed_docs, lexicon)
    assert m.loc[m.actor == "Abbey Gate", "method"].tolist() == ["lexicon"]


def test_user_lexicon_extends_and_overrides(tmp_path, seed_docs):
    path = tmp_path / "user.yaml"
    path.write_text(
        "actors:\n"
        "  - name: Afghan people\n    type: people\n    aliases: [Afghans, Afghan nationals, Afghan civilians]\n"
        "  - name: Abbey Gate\n    type: place\n    affiliation: Kabul\n",
        encoding="utf-8",
    )
    counts = actor_counts(actor_mentions(seed_docs, path)).set_index("actor")
    assert counts.loc["Afghan people", "mentions"] == 4  # the alias moved from "Afghans"
    assert "Afghans" not in counts.index
    assert counts.loc["Taliban", "mentions"] == 11  # the defaults are still there
    # alone, the user's lexicon lacks Kabul: the affiliation is rejected, naming the file
    with pytest.raises(LexiconError, match=r"user\.yaml: actor 'Abbey Gate': affiliation 'Kabul'"):
        load_lexicon(path, extend=False)
    path.write_text("actors:\n  - name: Abbey Gate\n    type: place\n", encoding="utf-8")
    assert sorted(load_lexicon(path, extend=False).actors) == ["Abbey Gate"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("actors: [\n  - name: x", r"bad\.yaml: invalid YAML at line"),
        ("actors:\n  - type: person\n", r"bad\.yaml: entry 1 has no name"),
        ("actors:\n  - name: X\n    type: alien\n", r"bad\.yaml: actor 'X': unknown type 'alien'"),
        (
            "actors:\n  - name: X\n    type: person\n    alias: [Y]\n",
            r"actor 'X': unknown key\(s\) alias",
        ),
        (
            "actors:\n  - name: X\n    type: person\n    patterns: ['(']\n",
            r"actor 'X': pattern '\(' does not compile",
        ),
        (
            "actors:\n  - name: X\n    type: person\n    aliases: [Z]\n  - name: Y\n    type: person\n    aliases: [Z]\n",
            r"bad\.yaml: alias 'Z' is claimed by both 'X' and 'Y'",
        ),
        (
            "actors:\n  - name: X\n    type: person\n    affiliation: Nobody\n",
            r"actor 'X': affiliation 'Nobody' is not an actor",
        ),
        ("people: []\n", r"bad\.yaml: expected a list of actors under the key 'actors'"),
    ],
)
def test_malformed_lexicons_are_rejected_with_the_file_and_actor(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        load_lexicon(path)


def test_default_lexicon_covers_the_world():
    lexicon = load_lexicon()
    actors = lexicon.actors
    assert actors["France"].type == "country" and actors["Paris"].affiliation == "France"
    assert actors["Qatar"].type == "country" and actors["Doha"].affiliation == "Qatar"
    assert actors["Brazilians"].type == "people"
    assert len([a for a in actors.values() if a.type == "country"]) > 190
    table = lexicon.to_frame()
    assert list(table.columns) == ["name", "type", "affiliation", "aliases"]


def test_empty_input():
    assert actor_mentions([""]).empty
    assert actor_counts(actor_mentions([""])).empty
    _, edges = actor_network(actor_mentions(["Nothing here."]))
    assert edges.empty
    assert discover_actors([""]).empty
    no_scores = pd.DataFrame(columns=["doc_id", "sent_id", "compound", "label"])
    empty = actor_sentiment(actor_mentions([""]), no_scores)
    assert empty.empty and list(empty.columns) == list(ACTOR_SENTIMENT_COLUMNS)


def test_shipped_common_words_are_wordfreqs():
    from analysis.actors import common_words, common_words_from_wordfreq

    listed = common_words_from_wordfreq()
    assert len(listed) == 5181 and listed[:3] == ["the", "to", "and"]
    assert common_words() == frozenset(listed)


def test_actor_sentiment_says_how_each_actor_is_treated_beside_the_sentences_tone():
    """Two actors in one sentence, treated in opposite ways: the sentence's tone is the
    same for both, the sentiment towards each is its own."""
    docs = analysis.load_corpus(
        [
            "Critics savagely attacked Smith, calling him a liar and a fraud. "
            "Officials warmly praised Jones for her courage and honesty.",
            "Supporters cheered as the jury convicted Smith of fraud and bribery.",
        ]
    )
    tables = analysis.corpus_tables(docs)
    mentions = tables.mentions
    assert mentions["target_compound"].between(-1, 1).all()
    framing = analysis.actor_sentiment(mentions, tables.sentiment).set_index("actor")
    assert framing.loc["Smith", "target_mean"] < -0.05 < 0.05 < framing.loc["Jones", "target_mean"]
    assert framing.loc["Smith", "target_share_negative"] == 1.0
    # without the column (the mentions of actor_mentions alone) the sentences' tone only
    plain = analysis.actor_sentiment(analysis.actor_mentions(docs), tables.sentiment)
    assert plain["target_mean"].isna().all() and plain["compound_mean"].notna().all()
