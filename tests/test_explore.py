"""The explorers (analysis/explore.py): what they find and show, driven as a person would
drive them (setting a widget's value runs what JupyterLab runs when someone types)."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

import analysis
from analysis.explore import Actors, Articles, Concordance, TablePages, _marked
from tests.conftest import TagCollector


@pytest.fixture(scope="module")
def bbc(bbc_sample):
    return analysis.corpus_tables(bbc_sample)


@pytest.fixture(scope="module")
def seed():
    return analysis.corpus_tables("seeds")


def _count(view: str) -> int:
    found = re.search(r'<p class="count">([\d,]+) match', view)
    return int(found.group(1).replace(",", "")) if found else 0


def test_the_concordance_counts_what_kwic_finds(bbc):
    index = Concordance(bbc)
    for query, regex in (("said", False), ("prime minister", False), (r"econom\w+", True)):
        view, n = index.html(query, regex=regex)
        expected = analysis.kwic(bbc.documents, query, regex=regex)
        assert n == _count(view) == len(expected) > 0, query
    politics = bbc.documents.loc[bbc.documents["group"] == "politics"]
    view, n = index.html("said", group="politics")
    assert n == len(analysis.kwic(politics, "said"))
    assert "in politics" in view


def test_the_concordance_pages_through_every_match(bbc):
    index = Concordance(bbc)
    every = analysis.kwic(bbc.documents, "said", sents=bbc.sentences)
    pages = -(-len(every) // 20)
    seen = []
    for page in range(pages):
        view, _ = index.html("said", page=page, page_size=20)
        seen += re.findall(r'<td class="kwic-left"[^>]*>(.*?)</td>', view)
    assert seen == [html.escape(left) for left in every["left"]]


def test_the_concordance_explorer_updates_as_one_types(bbc):
    explorer = analysis.explore_concordance(bbc, "Blair")
    first = _count(explorer.view.value)
    assert first == len(analysis.kwic(bbc.documents, "Blair"))
    explorer.query.value = "Brown"  # what a keystroke does in JupyterLab
    assert _count(explorer.view.value) == len(analysis.kwic(bbc.documents, "Brown")) != first
    explorer.regex.value = True
    explorer.query.value = "(unclosed"
    assert "not a valid" in explorer.view.value or "valid regular expression" in explorer.view.value
    explorer.query.value = ""
    assert "Type a word" in explorer.view.value
    explorer.query.value = "the"
    explorer.next_page.click()
    assert "Page 2 of" in explorer.view.value


def test_an_explorer_shows_its_view_where_no_widget_can_run(bbc):
    explorer = analysis.explore_concordance(bbc, "Blair")
    data = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data  # JupyterLab draws the widget
    assert data["text/html"].startswith(explorer.view.value)  # a static page shows the view
    assert "Blair" in data["text/html"]


def test_the_article_reader_marks_every_actor_quote_and_unnamed_source(seed):
    reader = Articles(seed)
    doc_id = seed.documents["doc_id"].iloc[0]
    page = reader.html(doc_id)
    # every mention, quote and unnamed source of the seed, once each
    assert page.count('class="m"') == len(seed.mentions) == 54
    assert page.count('class="q"') >= len(seed.quotes) == 6
    assert page.count('title="quote: Frank McKenzie"') >= 5
    anonymous = (seed.attributions["source_kind"] == "anonymous").sum()
    assert page.count('class="anon" title=') >= anonymous == 5
    # the text is all there, in order, escaped
    visible = re.sub(r"<[^>]+>", "", page.split('<div class="article">', 1)[1])
    assert html.unescape(visible).startswith(seed.documents["text"].iloc[0][:200])


def test_article_text_is_escaped_in_the_reader():
    corpus = analysis.corpus_tables(
        ['<script>alert(1)</script> Headline\n\nMr Tony Blair said: "<b>bold</b> plans."']
    )
    page = Articles(corpus).html(corpus.documents["doc_id"].iloc[0])
    parser = TagCollector()
    parser.feed(page)
    assert "script" not in parser.tags and "b" not in parser.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_overlapping_marks_always_nest():
    text = "abcdefghij"
    spans = [(0, 6, 0, '<span class="s">'), (4, 9, 1, '<span class="q">'), (2, 5, 3, "<span>")]
    out = _marked(text, spans)
    assert re.sub(r"<[^>]+>", "", out) == text
    depth = 0
    for tag in re.findall(r"</?span", out):
        depth += -1 if tag.startswith("</") else 1
        assert depth >= 0
    assert depth == 0


def test_the_reader_walks_the_corpus(bbc):
    reader = analysis.read_articles(bbc)
    first = reader.pick.value
    assert reader.previous_button.disabled
    reader.next_button.click()
    assert reader.pick.value == bbc.documents["doc_id"].iloc[1] != first
    reader.previous_button.click()
    assert reader.pick.value == first
    title = bbc.documents["title"].iloc[0]
    assert html.escape(title) in reader.view.value


def test_the_actor_explorer_shows_what_the_tables_hold(seed):
    index = Actors(seed)
    assert index.names[:2] == ["Taliban", "United States"]  # 11 mentions each
    page = index.html("Frank McKenzie")
    assert "5 mentions in 1 documents" in page or "5 mentions in 1 document" in page
    # McKenzie speaks 5 direct quotes; Taliban is named with him in sentences 12, 15, 18
    assert page.count('<td class="text">') >= 5
    assert "Mean sentiment +0.079 over 5 body sentences" in page
    named_with = re.findall(
        r'<td class="text">([^<]+)</td><td class="num" data-value="[^"]+">(\d+)</td>',
        page[page.index("<h3>Named with</h3>") :],
    )
    assert named_with == [
        ("Taliban", "3"),
        ("United States", "3"),
        ("Abdul Ghani Baradar", "1"),
        ("ISIS-K", "1"),
        ("Kabul", "1"),
        ("U.S. Central Command", "1"),
    ]
    explorer = analysis.explore_actors(seed)
    assert explorer.pick.value == "Taliban"
    explorer.pick.value = "Frank McKenzie"
    assert "Frank McKenzie" in explorer.view.value and "What it says" in explorer.view.value


def test_a_big_table_filters_sorts_and_pages(bbc):
    words = analysis.term_frequencies(bbc.documents, counts=bbc.counts)
    index = TablePages(words)
    shown, total = index.page(query="minist", sort_by="count", ascending=False)
    assert total == words["term"].str.contains("minist").sum() > 1
    assert shown["count"].is_monotonic_decreasing
    shown, total = index.page(sort_by="term", ascending=True, page=1, page_size=10)
    assert shown["term"].tolist() == sorted(words["term"])[10:20] and total == len(words)
    explorer = analysis.explore_table(words, page_size=5)
    explorer.search.value = "blair"
    assert "blair" in explorer.view.value and "Page 1 of 1" in explorer.view.value


def test_a_table_with_missing_text_filters(seed):
    """Quotes with no speaker are missing values, not text: the filter skips them."""
    quotes = seed.quotes
    table = pd.concat([quotes, quotes.head(2).assign(speaker_actor=None)], ignore_index=True)
    index = TablePages(table)

    def holding(word: str) -> int:
        cells = table.map(lambda v: isinstance(v, str) and word in v.lower())
        return int(cells.any(axis=1).sum())

    _, total = index.page(query="mckenzie")
    assert total == holding("mckenzie") == len(table) - 1  # all but Garamendi's quote
    _, total = index.page(query="nan")
    assert total == holding("nan") < len(table)
