"""News as it arrives: saved web pages, web archives, feeds and news-database exports.

Each reader takes the bytes of one file and gives one record per article, a dict with the
fields every loader recognises (``title``, ``text``, ``date``, ``outlet``, ``authors``,
``url``) and a local ``doc_id``; :func:`analysis.load_corpus` and
:func:`analysis.iter_corpus` turn the records into documents tables like any other input.

- **Web pages** (``.html``, ``.htm``, ``.xhtml``, also ``.gz``): the article body without
  navigation, adverts, comments and related links, and the title, date, authors, site name
  and address from the page's metadata, by trafilatura (the strongest open extractor on
  public benchmarks; htmldate for dates).  The character set comes from the page's
  declaration, or is detected.  A page without an article (an index or an error page) is an
  empty document, counted in the notes.
- **Web archives** (``.warc``, ``.warc.gz``, by warcio): every HTML response with status 200
  is a page as above, with its ``url`` and ``crawl_date`` from the record.
- **Feeds** (``.rss``, ``.atom``, and ``.xml`` holding a feed, by feedparser): one document
  per entry, with its date and link; the text is the entry's content, or its summary when the
  feed carries nothing more (the notes say so).
- **News-database exports** (``.docx``, and ``.txt`` in an export layout): Nexis Uni's
  layout (each article: headline, outlet, date, then ``Section:``, ``Length:``, ``Byline:``
  lines, ``Body``, the text, and ``End of Document``) and LexisNexis Academic's (``1 of 25
  DOCUMENTS``, outlet, date, headline, ``BYLINE:``, ``SECTION:``, ``LENGTH:``, the text,
  ``LOAD-DATE:``), as LexisNexisTools reads them: headline, outlet, date, byline, section and
  length of every article.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from typing import Any

from analysis.errors import CorpusError, CorpusWarning

#: File endings of saved web pages.
PAGE_SUFFIXES: tuple[str, ...] = (".html", ".htm", ".xhtml")
#: File endings of feeds (an ``.xml`` file is read as a feed).
FEED_SUFFIXES: tuple[str, ...] = (".rss", ".atom", ".xml")
#: File endings of web archives.
WARC_SUFFIXES: tuple[str, ...] = (".warc", ".warc.gz")
#: File endings of news-database exports.
EXPORT_SUFFIXES: tuple[str, ...] = (".docx",)
#: File endings of saved web pages, also gzip-compressed: one article a file.
PAGE_FILE_SUFFIXES: tuple[str, ...] = (*PAGE_SUFFIXES, *(s + ".gz" for s in PAGE_SUFFIXES))
#: Every file ending read here.
RECORD_SUFFIXES: tuple[str, ...] = (
    *PAGE_FILE_SUFFIXES,
    *FEED_SUFFIXES,
    *WARC_SUFFIXES,
    *EXPORT_SUFFIXES,
)
#: Columns of a record besides the recognised fields, in this order.
EXPORT_COLUMNS: tuple[str, ...] = ("section", "length")


def format_suffix(name: str) -> str:
    """The ending that says how to read a file: ``".warc.gz"``, ``".html.gz"``, ``".tar.gz"``
    count as one; otherwise the last suffix, lowercased."""
    lower = name.lower()
    for double in (".warc.gz", ".tar.gz", *PAGE_FILE_SUFFIXES[len(PAGE_SUFFIXES) :]):
        if lower.endswith(double):
            return double
    dot = lower.rfind(".")
    return lower[dot:] if dot > lower.rfind("/") else ""


def read_records(name: str, data: bytes, *, source: str) -> list[dict[str, Any]]:
    """The articles of one file of a format of this module (by :func:`format_suffix`).

    Args:
        name: The file's name (its ending says its format).
        data: The file's bytes.
        source: The file as messages name it.

    Returns:
        One record per article, each with ``doc_id`` (a local id: the page's own is ``""``),
        ``title``, ``text``, ``date``, ``outlet``, ``authors``, ``url`` and, per format,
        ``crawl_date`` or ``section`` and ``length``.

    Raises:
        CorpusError: a file that is not of its format, named with the problem.
    """
    suffix = format_suffix(name)
    if suffix.endswith(".gz") and suffix != ".warc.gz":
        data = _gunzip(data, source=source)
        suffix = suffix[: -len(".gz")]
    if suffix in PAGE_SUFFIXES:
        return [{"doc_id": "", **page_record(data, source=source)}]
    if suffix in WARC_SUFFIXES:
        return list(warc_records(io.BytesIO(data), source=source))
    if suffix in FEED_SUFFIXES:
        return list(feed_records(data, source=source))
    if suffix in EXPORT_SUFFIXES:
        return list(export_records(_docx_text(data, source=source), source=source))
    raise CorpusError(f"{source}: not a web page, web archive, feed or news-database export")


def _gunzip(data: bytes, *, source: str) -> bytes:
    import gzip

    try:
        return gzip.decompress(data)
    except (OSError, EOFError) as exc:
        raise CorpusError(f"{source}: not a readable gzip file ({exc})") from None


def page_record(data: bytes, *, source: str, url: str | None = None) -> dict[str, Any]:
    """The article of a saved web page: ``title, text, date, outlet, authors, url`` (the
    text empty, and a :class:`CorpusWarning` of kind ``no_article``, when the page holds
    no article)."""
    import trafilatura

    if not data.strip():
        found = None
    else:
        try:
            found = trafilatura.bare_extraction(
                data, url=url, with_metadata=True, include_comments=False
            )
        except Exception as exc:  # lxml and trafilatura raise many kinds on broken markup
            raise CorpusError(f"{source}: not a readable web page ({exc})") from None
    if found is None or not _is_prose(found.text or ""):
        warnings.warn(
            CorpusWarning(
                f"{source}: holds no article (an index, error or empty page); it is kept "
                "as an empty document",
                kind="no_article",
                count=1,
                example=source.rsplit("/", 1)[-1],  # no machine path on a report's page
            ),
            stacklevel=2,
        )
        title = getattr(found, "title", None) or ""
        return {
            "title": title,
            "text": "",
            "date": None,
            "outlet": None,
            "authors": None,
            "url": url,
        }
    title = found.title or ""
    text = found.text.strip()
    first, _, rest = text.partition("\n")
    if title and first.strip() == title.strip():  # the headline repeated as the first line
        text = rest.strip()
    return {
        "title": title,
        "text": text.replace("\n", "\n\n"),  # one paragraph a line: blank lines between
        "date": found.date,
        "outlet": found.sitename or found.hostname,
        "authors": found.author,
        "url": found.url or url,
    }


def _is_prose(text: str) -> bool:
    """Whether extracted text reads as an article: some line of it a sentence of more than
    six words (an index or error page leaves only links and labels)."""
    return any(len(line.split()) > 6 for line in text.split("\n"))


def warc_records(stream: Any, *, source: str) -> Iterator[dict[str, Any]]:
    """Every HTML response (status 200) of a web archive (a binary file object, read as a
    stream, compressed or not), as :func:`page_record` reads it, with ``url`` and
    ``crawl_date`` from the record."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    seen = 0
    try:
        for record in ArchiveIterator(stream):
            seen += record.rec_headers.get_header("WARC-Type") is not None  # warcio is lenient
            if record.rec_type != "response" or record.http_headers is None:
                continue
            kind = record.http_headers.get_header("Content-Type") or ""
            if "html" not in kind.lower() or record.http_headers.get_statuscode() != "200":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            body = record.content_stream().read()
            page = page_record(body, source=f"{source} ({url})", url=url)
            yield {
                "doc_id": "",
                **page,
                "url": page["url"] or url,
                "crawl_date": record.rec_headers.get_header("WARC-Date"),
            }
    except ArchiveLoadFailed as exc:
        raise CorpusError(f"{source}: not a readable web archive (WARC) ({exc})") from None
    if not seen:
        raise CorpusError(f"{source}: not a readable web archive (WARC) (no record in it)")


def feed_records(data: bytes, *, source: str) -> Iterator[dict[str, Any]]:
    """One record per entry of an RSS or Atom feed; the notes say when entries carry only
    a summary."""
    import time

    import feedparser

    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise CorpusError(
            f"{source}: not a readable feed (RSS or Atom) ({parsed.get('bozo_exception')})"
        )
    outlet = parsed.feed.get("title")
    summaries = 0
    for entry in parsed.entries:
        content = entry.get("content")
        if content:
            body = " ".join(c.get("value", "") for c in content)
        else:
            body = entry.get("summary", "")
            summaries += 1
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        yield {
            "doc_id": "",
            "title": entry.get("title", ""),
            "text": _markup_text(body),
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", when) if when else None,
            "outlet": outlet,
            "authors": entry.get("author"),
            "url": entry.get("link"),
        }
    if summaries:
        warnings.warn(
            CorpusWarning(
                f"{source}: {summaries} feed entries carry only a summary, not the article",
                kind="summaries_only",
                count=summaries,
                example=source.rsplit("/", 1)[-1],
            ),
            stacklevel=2,
        )


_BLOCK_END_RE = re.compile(r"(?i)<\s*(?:br\s*/?|/p|/div|/li|/h[1-6]|/blockquote)\s*>")


def _markup_text(markup: str) -> str:
    """Text of an HTML fragment (a feed's content): paragraphs apart, entities resolved."""
    if "<" not in markup:
        import html

        return html.unescape(markup).strip()
    import lxml.html

    marked = _BLOCK_END_RE.sub(lambda m: m.group(0) + "\n\n", markup)
    try:
        text = lxml.html.fragment_fromstring(marked, create_parent="div").text_content()
    except Exception:  # a fragment lxml cannot parse: its text as it is
        return markup.strip()
    return re.sub(r"\n\s*\n\s*", "\n\n", text).strip()


def _docx_text(data: bytes, *, source: str) -> str:
    """The paragraphs of a Word document, one a line."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a file that is not .docx
        raise CorpusError(f"{source}: not a readable Word document (.docx) ({exc})") from None
    return "\n".join(p.text for p in document.paragraphs)


_UNI_END_RE = re.compile(r"^\s*End of Document\s*$", re.MULTILINE)
_ACADEMIC_RE = re.compile(r"^\s*\d+ of \d+ DOCUMENTS\s*$", re.MULTILINE)
_META_RE = re.compile(
    r"^(Section|Length|Byline|Dateline|Highlight|Load-Date|Language|Publication-Type|"
    r"Journal Code|Graphic|Correction-Date|Document-Type|Copyright|Edition|SECTION|LENGTH|"
    r"BYLINE|DATELINE|HIGHLIGHT|LOAD-DATE|LANGUAGE|PUBLICATION-TYPE|GRAPHIC|"
    r"DOCUMENT-TYPE|EDITION|JOURNAL-CODE)\s*:\s*(.*)$"
)
_WEEKDAY_RE = re.compile(
    r"\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s*$", re.IGNORECASE
)
_AFTER_BODY = ("Classification", "Load-Date:", "LOAD-DATE:", "Language:", "LANGUAGE:")


def export_layout(text: str) -> str | None:
    """``"nexis_uni"``, ``"lexisnexis_academic"`` or ``None``: which export layout ``text``
    is in (a plain-text file in neither is an ordinary article)."""
    if _UNI_END_RE.search(text) and re.search(r"^\s*Length:\s*\d", text, re.MULTILINE):
        return "nexis_uni"
    if _ACADEMIC_RE.search(text) and re.search(r"^\s*LENGTH:\s*\d", text, re.MULTILINE):
        return "lexisnexis_academic"
    return None


def export_records(text: str, *, source: str) -> Iterator[dict[str, Any]]:
    """The articles of a news-database export (see the module's notes for the layouts).

    Raises:
        CorpusError: the text is in neither layout.
    """
    layout = export_layout(text)
    if layout is None:
        raise CorpusError(
            f"{source}: not in a news-database export layout this workbook reads (Nexis "
            "Uni: articles ending in 'End of Document' with 'Length:' lines; LexisNexis "
            "Academic: '1 of N DOCUMENTS' headers with 'LENGTH:' lines)"
        )
    academic = layout == "lexisnexis_academic"
    parts = _ACADEMIC_RE.split(text)[1:] if academic else _UNI_END_RE.split(text)
    for part in parts:
        lines = [line.strip() for line in part.split("\n")]
        if not any(lines):
            continue
        yield _export_article(lines, academic=academic)


def _export_article(lines: list[str], *, academic: bool) -> dict[str, Any]:
    meta: dict[str, str] = {}
    head: list[str] = []  # the lines before the first metadata line
    body: list[str] = []
    state = "head"
    for line in lines:
        if state == "body":
            if line.startswith(_AFTER_BODY):
                state = "tail"
                found = _META_RE.match(line)
                if found:
                    meta.setdefault(found.group(1).lower(), found.group(2).strip())
                continue
            body.append(line)
            continue
        found = _META_RE.match(line)
        if found:
            meta.setdefault(found.group(1).lower(), found.group(2).strip())
            state = "meta" if state == "head" else state
            if academic and found.group(1).upper() == "LENGTH":
                state = "body"
            continue
        if state == "head" and line:
            head.append(line)
        elif state == "meta" and line == "Body":
            state = "body"
        elif state == "meta" and line and academic:
            state = "body"
            body.append(line)
    padded = [*head, "", "", ""]
    if academic:  # outlet, date, then the headline
        outlet, date, title = padded[0], padded[1], " ".join(head[2:])
    else:  # headline, outlet, date
        title, outlet, date = padded[:3]
    date = _WEEKDAY_RE.sub("", date) or meta.get("load-date", "")
    paragraphs = [" ".join(p.split("\n")).strip() for p in "\n".join(body).split("\n\n")]
    return {
        "doc_id": "",
        "title": title,
        "text": "\n\n".join(p for p in paragraphs if p),
        "date": date or None,
        "outlet": outlet or None,
        "authors": meta.get("byline"),
        "url": None,
        "section": meta.get("section"),
        "length": meta.get("length"),
    }


__all__ = [
    "EXPORT_COLUMNS",
    "EXPORT_SUFFIXES",
    "FEED_SUFFIXES",
    "PAGE_FILE_SUFFIXES",
    "PAGE_SUFFIXES",
    "RECORD_SUFFIXES",
    "WARC_SUFFIXES",
    "export_layout",
    "export_records",
    "feed_records",
    "format_suffix",
    "page_record",
    "read_records",
    "warc_records",
]
