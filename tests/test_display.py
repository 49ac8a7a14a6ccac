"""Tables, findings and notes as a reader sees them (analysis/display.py)."""

from __future__ import annotations

import html
import math
import warnings

import pandas as pd
import pytest

import analysis
from analysis.display import Findings, Table, format_value, label, rows_text, signed
from analysis.errors import CorpusWarning
from tests.conftest import TagCollector


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        (5039982, "int", "5,039,982"),
        (0.203704, "share", "20.4%"),
        (258.620690, "float1", "258.6"),
        (4.489582e-289, "p", "<0.001"),
        (0.0213, "p", "0.021"),
        (-0.0004, "score", "0.000"),  # rounds to zero: no sign
        (-0.1234, "score", "-0.123"),
        (0.5, "score2", "+0.50"),
        (math.nan, "float1", ""),
        (None, "text", ""),
        (pd.NA, "int", ""),
        ("named_person", "category", "named person"),
        (True, "bool", "yes"),
        (False, "bool", ""),
        (pd.Timestamp("2020-01-05"), "date", "2020-01-05"),
        (pd.Timestamp("2020-01-05 14:30"), "date", "2020-01-05 14:30"),
    ],
)
def test_values_are_shown_for_people(value, kind, shown):
    assert format_value(value, kind) == shown


def test_headers_and_counts_in_words():
    assert label("compound_mean") == "Mean sentiment"
    assert label("n_tokens") == "Tokens"
    assert label("some_new_column") == "Some new column"
    assert rows_text(1) == "1 row" and rows_text(2225) == "2,225 rows"
    assert signed(0.0, 2) == "0.00" and signed(0.126, 2) == "+0.13"


def test_a_concordance_keeps_whole_contexts_with_the_keyword_in_the_middle(seed_docs):
    lines = analysis.kwic(seed_docs, "ISIS-K", window=8)
    assert len(lines) == 4
    table = analysis.show_table(lines, "02_kwic", "", columns=["query", "left", "match", "right"])
    page = table._repr_html_()
    for row in lines.itertuples():
        # the whole left context, right-aligned against the keyword (not cut next to it)
        assert f'<td class="kwic-left">{html.escape(row.left)}</td>' in page
        assert f'<td class="kwic-match"><strong>{html.escape(row.match)}</strong></td>' in page
        assert f'<td class="kwic-right">{html.escape(row.right)}</td>' in page
    assert "an ISIS-K" not in lines["left"].iloc[0]  # the match is not in its left context
    assert "<th" in page and "Unnamed" not in page and "<th></th>" not in page


def test_a_table_shows_its_first_rows_and_saves_every_row(seed_docs, tmp_path):
    words = analysis.term_frequencies(seed_docs)
    table = analysis.show_table(words, "02_top_words", str(tmp_path), about="One row per word")
    page = table._repr_html_()
    saved = pd.read_csv(tmp_path / "tables" / "02_top_words.csv")
    assert len(saved) == len(words) == 188  # the CSV keeps every row and the raw numbers
    assert page.count("<tr>") == 21  # the header and 20 rows
    assert f"20 of {len(words)} rows" in page
    assert 'href="tables/02_top_words.csv"' in page
    # u.s. 12 times in 464 words: 258.620690 per 10,000 as raw number, 258.6 for people
    assert saved.set_index("term").loc["u.s.", "per_10k"] == pytest.approx(12 / 464 * 10_000)
    assert '<td class="num" data-value="258.62068965517244">258.6</td>' in page
    link = analysis.show_table(words, "02_top_words", str(tmp_path), rows=0)._repr_html_()
    assert "<table" not in link and "188 rows" in link


def test_rows_are_sorted_by_what_matters_and_per_group(bbc_sample):
    stats = analysis.document_stats(bbc_sample)
    table = analysis.show_table(stats, "", "", sort_by="n_words", rows=5)
    assert table._shown()["n_words"].tolist() == sorted(stats["n_words"], reverse=True)[:5]
    per = analysis.show_table(stats, "", "", sort_by="n_words", rows=2, per="group")._shown()
    assert per.groupby("group").size().tolist() == [2] * 5
    assert (
        per.groupby("group", sort=False)["n_words"].apply(lambda s: s.is_monotonic_decreasing).all()
    )


def test_article_text_and_missing_values_in_a_table():
    frame = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "title": ['<img src=x onerror="alert(1)">', None],
            "compound_mean": [math.nan, 0.25],
        }
    )
    page = Table(frame)._repr_html_()
    parser = TagCollector()
    parser.feed(page)
    assert "img" not in parser.tags
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "NaN" not in page and "None" not in page and "nan" not in page
    assert "<th" in page and ">Mean sentiment<" in page and ">+0.250<" in page


def test_discovered_names_are_shown_in_their_example(seed_docs):
    candidates = analysis.discover_actors(seed_docs)
    gate = candidates.set_index("name").loc["Abbey Gate"]
    # the example is cut between words, around the name
    assert "Abbey Gate" in gate["example"]
    assert gate["example"].startswith("…") and gate["example"].endswith("…")
    words = gate["example"].strip("…").split()
    text = " ".join(seed_docs["text"].iloc[0].split())
    assert " ".join(words) in text
    assert f" {words[0]} " in f" {text} " and f" {words[-1]} " in f" {text} "  # whole words
    page = analysis.show_table(candidates, "", "")._repr_html_()
    assert "<strong>Abbey Gate</strong>" in page


def test_notes_say_in_plain_words_what_loading_found(tmp_path):
    folder = tmp_path / "c"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Title one\n\nSame body here.\n", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("Title one\n\nSame body here.\n", encoding="utf-8")
    (folder / "e.txt").write_text("", encoding="utf-8")
    (folder / "f.txt").write_bytes(b"Caf\xe9 owners\n\nprices rose.\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        docs = analysis.load_corpus(folder, encoding_errors="replace")
    corpus = analysis.corpus_tables(docs)
    texts = [note["text"] for note in corpus.notes]
    assert texts == [
        "1 document repeats an earlier one word for word (sub/b repeats a)",
        "1 document is empty (e); it has no sentences",
        "1 byte that was not valid text was replaced with \ufffd (in f.txt)",
    ]
    deduplicated = corpus.deduplicated()
    assert len(deduplicated.documents) == 3
    assert deduplicated.notes[0]["text"].endswith("; each text is counted once below")
    page = analysis.show_notes(deduplicated.notes)._repr_html_()
    assert str(tmp_path) not in page and "Notes on this corpus" in page
    assert "Nothing odd" in analysis.show_notes([])._repr_html_()


def test_findings_open_with_a_capital():
    assert Findings(["entertainment reads the most positive"]).lines == [
        "Entertainment reads the most positive"
    ]


def test_a_count_column_holding_weights_keeps_its_decimals():
    # "weight" counts co-mentions in the actor network and is a float in a topic's terms
    assert format_value(0.44031, "int") == "0.440"
    assert format_value(12.0, "int") == "12"
    assert format_value(2225, "int") == "2,225"


def test_the_themes_tables_have_headers_and_formats():
    from analysis.dictionary import DICTIONARY_COLUMNS
    from analysis.display import COLUMNS
    from analysis.text_measures import DIVERSITY_COLUMNS, READABILITY_COLUMNS
    from analysis.topic_models import COHERENCE_COLUMNS, TOPIC_TERM_COLUMNS

    columns = {*READABILITY_COLUMNS, *DIVERSITY_COLUMNS, *TOPIC_TERM_COLUMNS, *COHERENCE_COLUMNS}
    columns |= set(DICTIONARY_COLUMNS)
    assert columns <= set(COLUMNS)
    html_text = Table(
        analysis.readability(["The cat in the hat ate breakfast."]), rows=5
    )._repr_html_()
    assert "Flesch reading ease" in html_text and ">103.0<" in html_text  # quanteda: 103


def test_the_stories_and_quotes_tables_have_headers_and_formats(seed_docs):
    # every column of the stories page and of the quote tables is named and formatted
    # (the near-duplicates' similarity was shown with sixteen decimals)
    from analysis.display import COLUMNS
    from analysis.sources import QUOTE_COLUMNS
    from analysis.stories import BIGGEST_COLUMNS, NEAR_DUPLICATE_COLUMNS, WIRE_COLUMNS

    columns = {*BIGGEST_COLUMNS, *NEAR_DUPLICATE_COLUMNS, *WIRE_COLUMNS, *QUOTE_COLUMNS}
    assert columns <= set(COLUMNS)
    text = seed_docs.loc[0, "text"]
    reprint = analysis.load_corpus([text, text.replace("Taliban", "Taleban", 1)])
    near = analysis.near_duplicates(reprint)
    html_text = Table(near, rows=5)._repr_html_()
    assert "Similarity" in html_text and f">{near['similarity'].iloc[0]:.2f}<" in html_text
