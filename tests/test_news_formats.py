"""News as it arrives: saved web pages, web archives, feeds, news-database exports and
compressed archives load like any corpus.

The web pages are written here: 45 articles of AllSides (their own text, title, outlet,
authors and date) inside three page layouts as news sites make them (navigation, a cookie
banner, adverts, a newsletter box, related links, readers' comments, a footer), so the
expected body of each page is known exactly.  The WARC is made with warcio, the Word export
with python-docx, in the layout the loader recognises.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import re
import tarfile
import warnings
import zipfile
from collections import Counter

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import CorpusError
from analysis.errors import CorpusWarning
from tests.conftest import ALLSIDES_DIR, require_data

LAYOUTS = (
    """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}"><meta name="author" content="{author}">
<meta property="article:published_time" content="{date}T08:00:00Z"></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/world">World</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<main><article><h1>{title}</h1><p class="byline">By {author}</p>{body}</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/x">Markets fall as investors weigh new data on the economy</a></li>
<li><a href="/y">What the new rules mean for travellers this summer</a></li></ul></aside>
<section class="comments"><h2>Comments</h2><div class="comment">
<p>This is exactly what I have been saying for months and nobody listens to me.</p></div>
</section></main>
<footer><p>Copyright 2020 {site}. All rights reserved. Terms of use. Privacy policy.</p>
</footer></body></html>""",
    """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{title}</title><meta name="date" content="{date}"></head>
<body><div id="top"><a href="/">{site}</a> | <a href="/subscribe">Subscribe</a> |
<a href="/login">Log in</a></div>
<div class="ad-slot">ADVERTISEMENT Get half off your first box of meal kits today!</div>
<div class="story-body"><h1 class="headline">{title}</h1>{body}</div>
<div class="more"><h3>More from {site}</h3><a href="/1">Ten things to do this weekend</a>
<a href="/2">The best recipes for a quick dinner after work</a></div>
<div class="newsletter">Sign up for our newsletter and get the news every morning.</div>
<div id="footer">{site} - About - Careers - Advertise</div></body></html>""",
    """<!doctype html><html><head><meta charset="utf-8">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": {title_json},
"datePublished": "{date}", "author": {{"@type": "Person", "name": {author_json}}},
"publisher": {{"@type": "Organization", "name": {site_json}}}}}</script>
<title>{title}</title></head><body>
<div class="site-header"><span class="logo">{site}</span><form><input name="q"></form></div>
<div class="layout"><div class="main-column"><h1>{title}</h1>
<div class="article-content">{body}</div>
<div class="share">Share this story on Facebook Twitter Email</div></div>
<div class="sidebar"><h4>Most read</h4><ol><li>Five ways to save on energy bills</li>
<li>Police appeal for witnesses after crash</li><li>School holidays: what is open</li></ol>
</div></div><div class="site-footer">Contact us - Accessibility - Cookie settings</div>
</body></html>""",
)


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _token_f1(found: str, expected: str) -> float:
    a, b = Counter(_tokens(found)), Counter(_tokens(expected))
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


@pytest.fixture(scope="module")
def saved_pages(tmp_path_factory):
    """45 saved article pages in three layouts, and what each article says."""
    folder = tmp_path_factory.mktemp("pages") / "site"
    folder.mkdir()
    rows = [
        json.loads(line)
        for line in (require_data(ALLSIDES_DIR) / "coronavirus.jsonl").read_text().splitlines()
    ]
    rows = [r for r in rows if r["date"] and r["authors"] and r["content_original"].count("\n") > 3]
    expected = {}
    for i, row in enumerate(rows[:45]):
        paragraphs = [p.strip() for p in row["content_original"].split("\n") if p.strip()]
        page = LAYOUTS[i % 3].format(
            title=html.escape(row["title"]),
            title_json=json.dumps(row["title"]),
            site=html.escape(row["source"]),
            site_json=json.dumps(row["source"]),
            author=html.escape(row["authors"]),
            author_json=json.dumps(row["authors"]),
            date=row["date"],
            body="".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs),
        )
        (folder / f"story-{i:02d}.html").write_text(page, encoding="utf-8")
        expected[f"story-{i:02d}"] = {**row, "body": "\n\n".join(paragraphs)}
    return folder, expected


def test_article_bodies_of_saved_pages(saved_pages):
    folder, expected = saved_pages
    docs = analysis.load_corpus(folder)
    assert docs["doc_id"].tolist() == sorted(expected)
    said = {n["kind"]: n["text"] for n in docs.attrs["notes"]}  # what was read from where
    assert said["read_pages"].startswith("45 documents read from saved web pages")
    scores = [
        _token_f1(text, expected[d]["body"])
        for d, text in zip(docs["doc_id"], docs["text"], strict=True)
    ]
    assert np.mean(scores) >= 0.95 and min(scores) >= 0.9
    # nothing of the page's furniture is in the text
    shown_elsewhere = (
        "We use cookies",
        "Related stories",
        "nobody listens to me",
        "Sign up for our newsletter",
        "Most read",
        "ADVERTISEMENT",
        "Share this story",
        "All rights reserved. Terms of use",
    )
    for furniture in shown_elsewhere:
        assert not docs["text"].str.contains(furniture).any(), furniture
    for doc_id, row in expected.items():
        doc = docs.set_index("doc_id").loc[doc_id]
        assert doc["title"] == row["title"].strip()
        assert doc["date"] == pd.Timestamp(row["date"])
        assert doc["group"] == "site"
    layout_one = docs.iloc[::3]
    assert (layout_one["outlet"] == [expected[d]["source"] for d in layout_one["doc_id"]]).all()
    names = lambda text: set(re.split(r"\s*[;,]\s*", text.replace(".", "").strip()))  # noqa: E731
    for doc_id, authors in zip(layout_one["doc_id"], layout_one["authors"], strict=True):
        assert names(authors) == names(expected[doc_id]["authors"])


def test_a_page_in_windows_1252_and_one_gzipped(tmp_path):
    page = (
        '<html><head><meta charset="windows-1252"><title>Caf\xe9 reopens</title></head><body>'
        "<article><h1>Caf\xe9 reopens</h1><p>The caf\xe9 on Main Street reopened on Monday, "
        "its owner said. \u201cWe are glad to be back,\u201d she told the paper after weeks of "
        "closure.</p><p>Customers queued from early morning to buy coffee and pastries.</p>"
        "</article></body></html>"
    )
    (tmp_path / "cafe.html").write_bytes(page.encode("cp1252"))
    (tmp_path / "cafe2.html.gz").write_bytes(gzip.compress(page.encode("cp1252")))
    docs = analysis.load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["cafe", "cafe2"]
    assert docs["title"].tolist() == ["Café reopens"] * 2
    assert docs["text"].str.startswith("The café on Main Street").all()
    assert docs["text"].str.contains("“We are glad to be back,” she told").all()


def test_a_page_without_an_article_is_an_empty_document_counted_in_the_notes(tmp_path):
    (tmp_path / "index.html").write_text(
        "<html><body><nav><a href='/a'>World</a> <a href='/b'>Sport</a></nav><ul>"
        "<li><a href='/1'>Story one</a></li><li><a href='/2'>Story two</a></li></ul></body></html>"
    )
    (tmp_path / "error.html").write_text("<html><body><h1>404 Not Found</h1></body></html>")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        docs = analysis.load_corpus(tmp_path)
    assert docs["text"].tolist() == ["", ""]
    said = {n["kind"]: n for n in docs.attrs["notes"]}
    assert said["no_article"]["count"] == 2
    assert "2 web pages hold no article" in said["no_article"]["text"]


def test_a_binary_file_named_html_is_one_clear_error(tmp_path):
    fake = tmp_path / "photo.html"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(CorpusError, match=r"photo\.html: is a binary file \(a PNG image\)"):
        analysis.load_corpus(fake)


@pytest.fixture(scope="module")
def crawl(saved_pages, tmp_path_factory):
    """A gzipped WARC of six of the pages, a 404 response and an image."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder, _ = saved_pages
    path = tmp_path_factory.mktemp("crawl") / "crawl.warc.gz"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)

        def write(url: str, status: str, kind: str, body: bytes) -> None:
            http = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http
            )
            writer.write_record(record)

        for page in sorted(folder.glob("*.html"))[:6]:
            write(f"https://news.example/{page.stem}", "200 OK", "text/html", page.read_bytes())
        write("https://news.example/gone", "404 Not Found", "text/html", b"<html>gone</html>")
        write("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG....")
    return path


def test_every_html_response_of_a_web_archive_is_a_document(crawl, saved_pages):
    _, expected = saved_pages
    docs = analysis.load_corpus(crawl)
    assert docs["doc_id"].tolist() == [f"crawl-{k:05d}" for k in range(1, 7)]
    assert docs["url"].tolist() == [f"https://news.example/story-{i:02d}" for i in range(6)]
    assert pd.to_datetime(docs["crawl_date"]).notna().all()
    for i, text in enumerate(docs["text"]):
        assert _token_f1(text, expected[f"story-{i:02d}"]["body"]) >= 0.95
    chunks = list(analysis.iter_corpus(crawl, chunk_size=4))  # read as a stream
    assert [len(c) for c in chunks] == [4, 2]
    same = lambda t: t.astype(object).where(t.notna(), None)  # noqa: E731  (None or NaN)
    pd.testing.assert_frame_equal(same(pd.concat(chunks, ignore_index=True)), same(docs))


def test_a_feed_gives_one_document_per_entry(tmp_path):
    feed = tmp_path / "times.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example Times</title>'
        "<item><title>Council votes</title><link>https://times.example/1</link>"
        "<pubDate>Tue, 03 Mar 2020 10:00:00 GMT</pubDate><author>Ann Lee</author>"
        "<description>&lt;p&gt;The council voted on Monday.&lt;/p&gt;&lt;p&gt;It passed by "
        "nine votes.&lt;/p&gt;</description></item>"
        "<item><title>Bridge opens</title><link>https://times.example/2</link>"
        "<pubDate>Wed, 04 Mar 2020 11:30:00 GMT</pubDate>"
        "<description>The new bridge opened to traffic.</description></item>"
        "</channel></rss>"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        docs = analysis.load_corpus(feed)
    assert docs["title"].tolist() == ["Council votes", "Bridge opens"]
    assert docs["text"].tolist() == [
        "The council voted on Monday.\n\nIt passed by nine votes.",
        "The new bridge opened to traffic.",
    ]
    assert docs["date"].tolist() == [
        pd.Timestamp("2020-03-03 10:00"),
        pd.Timestamp("2020-03-04 11:30"),
    ]
    assert docs["outlet"].tolist() == ["Example Times"] * 2
    assert docs["url"].tolist() == ["https://times.example/1", "https://times.example/2"]
    said = {n["kind"]: n["text"] for n in docs.attrs["notes"]}
    assert said["summaries_only"].startswith("2 feed entries carry only a summary")


NEXIS_UNI = [
    line
    for k, (day, length) in enumerate([("14", "312"), ("15", "87"), ("16", "1,024")])
    for line in (
        f"Council approves budget {k}",
        "The Daily Example",
        f"March {day}, 2020 Saturday",
        "Copyright 2020 The Daily Example All Rights Reserved",
        f"Section: NEWS; Pg. A{k + 1}",
        f"Length: {length} words",
        f"Byline: Jane Doe {k}",
        "Body",
        "",
        f"The council approved the budget on Friday, article {k} says.",
        "",
        "The mayor said the vote was a victory for the city.",
        "",
        "Classification",
        "Language: ENGLISH",
        f"Load-Date: March {day}, 2020",
        "",
        "End of Document",
        "",
    )
]


def _check_export(docs: pd.DataFrame, stem: str) -> None:
    assert docs["doc_id"].tolist() == [f"{stem}-{k:05d}" for k in (1, 2, 3)]
    assert docs["title"].tolist() == [f"Council approves budget {k}" for k in range(3)]
    assert docs["outlet"].tolist() == ["The Daily Example"] * 3
    assert docs["date"].tolist() == [pd.Timestamp(f"2020-03-{d}") for d in (14, 15, 16)]
    assert docs["authors"].tolist() == [f"Jane Doe {k}" for k in range(3)]
    assert docs["section"].tolist() == ["NEWS; Pg. A1", "NEWS; Pg. A2", "NEWS; Pg. A3"]
    assert docs["length"].tolist() == ["312 words", "87 words", "1,024 words"]
    assert docs["text"][1] == (
        "The council approved the budget on Friday, article 1 says.\n\n"
        "The mayor said the vote was a victory for the city."
    )


def test_a_nexis_uni_word_export_splits_into_its_articles(tmp_path):
    import docx

    document = docx.Document()
    for line in NEXIS_UNI:
        document.add_paragraph(line)
    document.save(tmp_path / "nexis.docx")
    _check_export(analysis.load_corpus(tmp_path / "nexis.docx"), "nexis")


def test_nexis_uni_and_lexisnexis_academic_text_exports(tmp_path):
    (tmp_path / "uni.txt").write_text("\n".join(NEXIS_UNI))
    _check_export(analysis.load_corpus(tmp_path / "uni.txt"), "uni")
    academic = "\n".join(
        line
        for k, day in enumerate(["14", "15", "16"])
        for line in (
            f"                             {k + 1} of 3 DOCUMENTS",
            "",
            "                              The Daily Example",
            "",
            f"                            March {day}, 2020 Saturday",
            "",
            f"Council approves budget {k}",
            "",
            f"BYLINE: Jane Doe {k}",
            "",
            f"SECTION: NEWS; Pg. A{k + 1}",
            "",
            f"LENGTH: {['312', '87', '1,024'][k]} words",
            "",
            f"The council approved the budget on Friday, article {k} says.",
            "",
            "The mayor said the vote was a victory for the city.",
            "",
            f"LOAD-DATE: March {day}, 2020",
            "",
            "LANGUAGE: ENGLISH",
            "",
        )
    )
    (tmp_path / "academic.txt").write_text(academic)
    _check_export(analysis.load_corpus(tmp_path / "academic.txt"), "academic")
    # an ordinary article mentioning the words stays one document
    (tmp_path / "plain.txt").write_text("Headline\n\nThe Length: of the bridge is 3 km.\n")
    assert len(analysis.load_corpus(tmp_path / "plain.txt")) == 1


def test_archives_of_pages_and_a_gzipped_table(saved_pages, tmp_path):
    folder, expected = saved_pages
    pages = sorted(folder.glob("*.html"))[:5]
    with zipfile.ZipFile(tmp_path / "pages.zip", "w") as archive:
        for page in pages:
            archive.write(page, f"site/world/{page.name}")
        archive.writestr("site/README.txt", "what this archive is")
    docs = analysis.load_corpus(tmp_path / "pages.zip")
    assert docs["doc_id"].tolist() == [f"site/world/{p.stem}" for p in pages]
    assert set(docs["group"]) == {"site/world"}
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        assert _token_f1(text, expected[doc_id.rsplit("/", 1)[1]]["body"]) >= 0.95
    with tarfile.open(tmp_path / "pages.tar.gz", "w:gz") as archive:
        for page in pages:
            archive.add(page, f"site/world/{page.name}")
    from_tar = analysis.load_corpus(tmp_path / "pages.tar.gz")
    pd.testing.assert_frame_equal(from_tar.drop(columns="path"), docs.drop(columns="path"))
    with gzip.open(tmp_path / "table.jsonl.gz", "wt") as handle:
        for k in range(7):
            handle.write(
                json.dumps({"title": f"T{k}", "body": f"Text {k}.", "date": "2020-01-02"}) + "\n"
            )
    table = analysis.load_corpus(tmp_path / "table.jsonl.gz")
    assert table["text"].tolist() == [f"Text {k}." for k in range(7)]
    assert [len(c) for c in analysis.iter_corpus(tmp_path / "table.jsonl.gz", chunk_size=3)] == [
        3,
        3,
        1,
    ]


def test_a_list_of_articles_without_text_says_so(tmp_path):
    listing = tmp_path / "archive_export.csv"
    listing.write_text(
        "url,title,publish_date,media_name\n"
        "https://a.example/1,One,2020-01-01,A\nhttps://b.example/2,Two,2020-01-02,B\n"
    )
    with pytest.raises(CorpusError) as caught:
        analysis.load_corpus(listing)
    message = str(caught.value)
    assert message.startswith(f"{listing}: lists 2 articles (url, title, publish_date, media_name)")
    assert "holds no text" in message and "does not fetch pages" in message
    assert "\n" not in message


def test_a_report_of_a_web_archive_renders_every_page(crawl, tmp_path):
    from analysis.report import run_report

    out = run_report(corpus=crawl, out=tmp_path / "report")
    pages = sorted(p.name for p in out.glob("*.html"))
    assert len(pages) == 10  # the front page and the nine notebooks
    overview = pd.read_csv(out / "tables" / "01_documents.csv")
    assert len(overview) == 6 and overview["doc_id"].str.startswith("crawl-").all()
    front = (out / "index.html").read_text()
    assert "crawl.warc.gz" in front and "6 documents" in front
