"""Loading a corpus into a documents table.

One function, :func:`load_corpus`, reads a text file, a folder of text files, a table file
(CSV, JSON Lines, Parquet), a list of strings or an existing documents DataFrame, and returns
one tidy table with a row per document.  Every problem a user can cause (a missing path, a
binary file, bytes that are not in the expected encoding, a table without its text column)
raises :class:`~analysis.errors.CorpusError` with one message naming the file and the problem.
Input files are only ever opened for reading.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import hashlib
import io
import json
import os
import re
import stat
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.config import SEEDS_DIR, TABLE_SUFFIXES, TEXT_SUFFIXES
from analysis.errors import CorpusError, CorpusWarning, ParameterError, check_choice, check_int
from analysis.fields import FIELD_NAMES, Dates, parse_dates, recognise_fields, text_values
from analysis.news_formats import (
    FEED_SUFFIXES,
    PAGE_FILE_SUFFIXES,
    PAGE_SUFFIXES,
    RECORD_SUFFIXES,
    WARC_SUFFIXES,
    export_layout,
    export_records,
    format_suffix,
    read_records,
    warc_records,
)
from analysis.segment import headline_span

#: Columns every documents table starts with, in this order.
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "title",
    "text",
    "path",
    "n_chars",
    "group",
    "duplicate_of",
)

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a zip archive"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
)
_ENCODING_ERRORS = ("strict", "replace")
#: File names (without extension, any case) in a corpus folder that document the corpus and
#: are not articles.
NOT_ARTICLES: frozenset[str] = frozenset(
    {"readme", "provenance", "license", "licence", "changelog", "contributing", "notice"}
)


def decode_bytes(
    data: bytes, *, source: str, encoding: str | None = None, errors: str = "strict"
) -> str:
    """Decode a file's bytes to normalized text.

    With no ``encoding``, a UTF-8 or UTF-16 byte-order mark decides; otherwise the bytes must
    be UTF-8.  The result is NFC-normalized, with ``\\r\\n`` and ``\\r`` turned into ``\\n``;
    curly quotes and apostrophes are kept.

    Args:
        data: The raw bytes.
        source: The file name, for messages.
        encoding: A Python codec name that overrides detection.
        errors: ``"strict"`` raises on undecodable bytes; ``"replace"`` turns each into
            U+FFFD and warns with their number.

    Returns:
        The decoded text.

    Raises:
        CorpusError: binary content, or bytes that are not valid in the encoding.
    """
    if encoding is None:
        _refuse_binary(data, source)
        if data.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8-sig"
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoding = "utf-16"
        else:
            encoding = "utf-8"
    try:
        text = data.decode(encoding, errors="strict")
    except LookupError:
        raise CorpusError(f"{source}: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        if errors != "replace":
            bad = data[exc.start : exc.start + 1].hex().upper()
            raise CorpusError(
                f"{source}: is not valid {encoding} at byte {exc.start} (0x{bad}); "
                "pass encoding='latin-1' (or the file's real encoding), "
                "or encoding_errors='replace'"
            ) from None
        text = data.decode(encoding, errors="replace")
        replaced = text.count(chr(0xFFFD)) - data.decode(encoding, "ignore").count(chr(0xFFFD))
        warnings.warn(
            CorpusWarning(
                f"{source}: {replaced} undecodable byte(s) in {encoding} replaced with U+FFFD",
                kind="replaced_bytes",
                count=replaced,
                example=Path(source).name,
            ),
            stacklevel=3,
        )
    return normalize_text(text)


def _refuse_binary(data: bytes, source: str, *, what: str = "text") -> None:
    """Refuse bytes that open as a binary file does (an image, an archive, a PDF...) or that
    hold a NUL byte where no byte-order mark says UTF-16 or UTF-8: one line naming
    ``source``."""
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise CorpusError(f"{source}: is a binary file ({kind}), not {what}")
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CorpusError(
            f"{source}: contains a NUL byte at offset {nul}; it looks binary "
            "(or UTF-16 without a byte-order mark: pass encoding='utf-16-le')"
        )


def normalize_text(text: str) -> str:
    """NFC-normalize ``text``, unify line endings and drop a leading byte-order mark."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _read_bytes(path: Path) -> bytes:
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise CorpusError(f"{_shown_name(str(path))}: is {_special_kind(mode)}, not a file to read")
    try:
        return path.read_bytes()
    except PermissionError:
        raise CorpusError(f"{path}: permission denied (the file cannot be read)") from None
    except IsADirectoryError:
        raise CorpusError(f"{path}: is a folder, expected a file") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _shown_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as surrogates) are
    shown as ``\\xNN``, so ids stay distinct and can be written anywhere."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def _special_kind(mode: int) -> str:
    for test, kind in (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return kind
    return "not a regular file"


#: Archives read member by member, like a folder.
ARCHIVE_SUFFIXES: tuple[str, ...] = (".zip", ".tar.gz", ".tgz", ".tar")


def _readable_file(name: str) -> bool:
    """Whether a file of a folder is read: text, or a format of :mod:`analysis.news_formats`."""
    return Path(name).suffix.lower() in TEXT_SUFFIXES or format_suffix(name) in RECORD_SUFFIXES


def text_files(root: Path) -> list[Path]:
    """Text files below ``root`` (and saved web pages, web archives, feeds and news-database
    exports), sorted by relative path.

    Hidden entries and README/PROVENANCE-style files are skipped, a folder reached twice
    (a symlink loop) is read once, and anything that is not a regular file (a named pipe,
    a socket, a device) is skipped with a :class:`CorpusWarning`, since reading it could
    block forever.  Folders are walked without recursion, so any depth works.

    Raises:
        CorpusError: a folder cannot be listed.
    """
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    special: list[tuple[Path, str]] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
        except OSError:
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:  # a symlink loop
            continue
        seen.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except PermissionError:
            raise CorpusError(
                f"{folder}: permission denied (the folder cannot be listed)"
            ) from None
        except OSError as exc:
            raise CorpusError(f"{folder}: cannot be listed ({exc.strerror or exc})") from None
        for entry in reversed(entries):  # popped from the stack in name order
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_dir():
                    stack.append(path)
                    continue
                is_text = _readable_file(path.name)
                if not is_text or path.stem.lower() in NOT_ARTICLES:
                    continue
                if entry.is_file():
                    found.append(path)
                elif os.path.lexists(path):
                    special.append((path, _special_kind(os.stat(path).st_mode)))
            except OSError:
                continue
    if special:
        path, kind = special[0]
        what = "1 entry that is" if len(special) == 1 else f"{len(special)} entries that are"
        example = _shown_name(path.relative_to(root).as_posix())
        warnings.warn(
            CorpusWarning(
                f"{_shown_name(str(root))}: skipped {what} not a regular file, e.g. "
                f"{example!r} ({kind})",
                kind="special_files",
                count=len(special),
                example=f"{example} ({kind})",
            ),
            stacklevel=2,
        )
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


#: What each kind of note says, in plain words ({n}: how many; {example}: one of them).
NOTE_TEXTS: dict[str, str] = {
    "duplicates": "{n} documents repeat an earlier one word for word ({example})",
    "empty": "{n} documents are empty (such as {example}); they have no sentences",
    "replaced_bytes": "{n} bytes that were not valid text were replaced with \ufffd (in {example})",
    "surrogates": "{n} broken characters (half of a UTF-16 pair) were replaced with \ufffd "
    "({example})",
    "not_text": "{n} rows had no text or a number in the text column (first: {example})",
    "special_files": "{n} entries that are not files were skipped ({example})",
    "odd_names": "{n} file names are not valid UTF-8; their ids show the odd bytes as \\xNN "
    "(such as {example})",
    "fields": "Columns read: {example}",
    "no_date": "{n} documents have no date; they are left out of anything over time",
    "bad_date": "{n} dates are unreadable or impossible (such as {example}) and count as missing",
    "read_pages": "{n} documents read from saved web pages (the article text extracted by "
    "trafilatura; such as {example})",
    "read_warc": "{n} documents read from the web pages of web archives (such as {example})",
    "read_feeds": "{n} documents read from the entries of feeds (such as {example})",
    "read_exports": "{n} articles read from news-database exports (such as {example})",
    "no_article": "{n} web pages hold no article (an index, error or empty page, such as "
    "{example}); they are kept as empty documents",
    "summaries_only": "{n} feed entries carry only a summary, not the whole article (in {example})",
}


def note_text(kind: str, count: int, example: str | None) -> str:
    """A note in plain words, with thousands separators ("14 documents repeat ...")."""
    template = NOTE_TEXTS.get(kind, "{n} times: {kind} ({example})")
    text = template.format(n=f"{count:,}", example=example or "", kind=kind)
    if count == 1:  # "1 documents repeat" -> "1 document repeats"
        for many, one in (
            ("documents repeat", "document repeats"),
            ("documents are", "document is"),
            ("they have no sentences", "it has no sentences"),
            ("(such as ", "("),
            ("bytes that were", "byte that was"),
            ("were replaced", "was replaced"),
            ("characters", "character"),
            ("rows had", "row had"),
            ("entries that are not files were", "entry that is not a file was"),
            ("file names are", "file name is"),
            ("their ids show", "its id shows"),
            ("documents have no date; they are", "document has no date; it is"),
            ("dates are unreadable", "date is unreadable"),
            ("web pages hold no article", "web page holds no article"),
            ("documents read from", "document read from"),
            ("articles read from", "article read from"),
            ("they are kept as empty documents", "it is kept as an empty document"),
            ("feed entries carry", "feed entry carries"),
        ):
            text = text.replace(many, one)
    return text.replace(" ()", "")


@dataclass
class CorpusNotes:
    """What reading a corpus found out on the way: every input file with its size and
    sha256, taken from the bytes as they are read (nothing is read twice for them).

    Pass one to :func:`iter_corpus` (``notes=``); the extraction writes it to its manifest.
    It also gathers every :class:`CorpusWarning` (duplicates, empty documents, replaced
    characters...) by kind, so that a report can say them once, in plain words.
    """

    files: list[dict[str, Any]] = field(default_factory=list)
    warnings: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add_warning(self, warning: CorpusWarning) -> None:
        kind = getattr(warning, "kind", "other")
        seen = self.warnings.setdefault(kind, {"count": 0, "example": None})
        seen["count"] += int(getattr(warning, "count", 1))
        seen["example"] = seen["example"] or getattr(warning, "example", None)

    def records(self) -> list[dict[str, Any]]:
        """The notes, each ``kind, count, example, text`` (``text``: in plain words)."""
        order = {kind: i for i, kind in enumerate(NOTE_TEXTS)}
        return [
            {"kind": kind, **seen, "text": note_text(kind, seen["count"], seen["example"])}
            for kind, seen in sorted(self.warnings.items(), key=lambda kv: order.get(kv[0], 99))
        ]

    def add_file(self, path: Path, root: Path, data: bytes) -> None:
        self.files.append(
            {
                "path": _shown_name(path.relative_to(root).as_posix()),
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )

    def add_whole_file(self, path: Path) -> None:
        """A table file read in pieces: its bytes are hashed apart, block by block."""
        digest, size = hashlib.sha256(), 0
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
        self.files.append(
            {"path": _shown_name(path.name), "bytes": size, "sha256": digest.hexdigest()}
        )


def _file_records(
    path: Path,
    data: bytes,
    doc_id: str,
    group: str,
    *,
    encoding: str | None,
    errors: str,
    name: str | None = None,
) -> list[dict[str, Any]]:
    """The documents of one file's bytes: a text file is one (or, in a news-database export
    layout, one per article); a web page one; a web archive, feed or Word export one per
    article, numbered ``DOC_ID-00001``...  ``name`` is the file's name inside an archive."""
    name = name or path.name
    source = _shown_name(str(path) if name == path.name else f"{path}:{name}")
    suffix = format_suffix(name)
    if suffix in RECORD_SUFFIXES:
        if suffix in PAGE_SUFFIXES or suffix in FEED_SUFFIXES:
            _refuse_binary(data, source, what="a web page or feed")
        records = read_records(name, data, source=source)
    else:
        text = decode_bytes(data, source=source, encoding=encoding, errors=errors)
        if export_layout(text) is None:
            head = headline_span(text)
            title = text[head[0] : head[1]] if head else ""
            return [
                {
                    "doc_id": _shown_name(doc_id),
                    "title": title,
                    "text": text,
                    "path": source,
                    "group": _shown_name(group),
                }
            ]
        records = list(export_records(text, source=source))
    single = suffix in PAGE_FILE_SUFFIXES  # one article a file; others are numbered
    kind = _read_kind(suffix)
    out = []
    for k, record in enumerate(records, start=1):
        out.append(
            {
                **record,
                "doc_id": _shown_name(doc_id if single else f"{doc_id}-{k:05d}"),
                "title": normalize_text(record.get("title") or ""),
                "text": normalize_text(record.get("text") or ""),
                "path": source,
                "group": _shown_name(group),
                "_read": kind,
            }
        )
    return out


def _read_kind(suffix: str) -> str:
    """The note that says what a file of this ending was read as."""
    if suffix in WARC_SUFFIXES:
        return "read_warc"
    if suffix in FEED_SUFFIXES:
        return "read_feeds"
    if suffix in RECORD_SUFFIXES and suffix != ".docx":
        return "read_pages"
    return "read_exports"  # a Word or text export


def _records_frame(records: list[dict[str, Any]], *, source: str) -> pd.DataFrame:
    """Documents of :func:`_file_records`: the fields their formats carry (date, outlet,
    authors, address) read as a table's are."""
    docs = pd.DataFrame.from_records(records)
    if docs.empty:
        return pd.DataFrame(columns=["doc_id", "title", "text", "path", "group"])
    if "_read" in docs.columns:  # one note per kind of file: what was read from where
        for kind, rows in docs[docs["_read"].notna()].groupby("_read", sort=False):
            name = Path(rows["path"].iloc[0]).name  # no machine path on a report's page
            said = f"{source}: {len(rows)} document(s) read"
            count = len(rows)
            warnings.warn(CorpusWarning(said, kind=kind, count=count, example=name), stacklevel=2)
        docs = docs.drop(columns="_read")
    if "date" in docs.columns:
        dates = parse_dates(docs["date"])
        docs["date"] = dates.values.to_numpy()
        _warn_dates(dates, source=source)
    for role in ("outlet", "authors", "url"):
        if role in docs.columns:
            docs[role] = text_values(docs[role]).tolist()
    return docs


def _doc_id_of(rel: str) -> str:
    """A file's id: its path below the corpus without the ending (``world/story.html.gz``:
    ``world/story``)."""
    suffix = format_suffix(rel)
    if suffix in RECORD_SUFFIXES or suffix in ARCHIVE_SUFFIXES:
        return rel[: -len(suffix)]
    return str(Path(rel).with_suffix("").as_posix()) if Path(rel).suffix else rel


def _folder_docs(
    root: Path,
    files: Sequence[Path],
    *,
    encoding: str | None,
    errors: str,
    notes: CorpusNotes | None = None,
) -> pd.DataFrame:
    """Read ``files`` below ``root``: doc_id from the relative path, group from its folder."""
    records = []
    odd = []
    for path in files:
        rel = path.relative_to(root)
        group = rel.parent.as_posix() if rel.parent != Path(".") else root.resolve().name
        data = _read_bytes(path)
        if notes is not None:
            notes.add_file(path, root, data)
        found = _file_records(
            path, data, _doc_id_of(rel.as_posix()), group, encoding=encoding, errors=errors
        )
        if found and found[0]["path"] != str(path):
            odd.append(found[0]["doc_id"])
        records += found
    if odd:
        warnings.warn(
            CorpusWarning(
                f"{_shown_name(str(root))}: {len(odd)} file name(s) are not valid UTF-8; their "
                f"ids show the undecodable bytes as \\xNN (e.g. {odd[0]!r})",
                kind="odd_names",
                count=len(odd),
                example=odd[0],
            ),
            stacklevel=3,
        )
    return _records_frame(records, source=_shown_name(str(root)))


#: A table beside a folder's text files that gives them dates, outlets and other fields.
SIDECAR = "metadata.csv"
_NAME_DATE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)"
)


def folder_fields(
    docs: pd.DataFrame,
    root: Path,
    *,
    date_column: str | None = None,
    outlet_column: str | None = None,
) -> pd.DataFrame:
    """Dates and outlets for a folder of text files.

    From ``metadata.csv`` in the folder when there is one: one row per file, keyed by a
    ``doc_id`` or ``file`` column (the path below the folder, with or without ``.txt``),
    its other columns recognised as in a table (``date``, ``outlet``...).  Otherwise a
    date written in a file name (``2020-03-14``, ``20200314``, ``2020_03_14``) is its
    date.
    """
    sidecar = root / SIDECAR
    if sidecar.is_file():
        meta = _read_table_file(sidecar, encoding=None, errors="strict")
        key = next((c for c in ("doc_id", "file", "path", "filename") if c in meta.columns), None)
        if key is None:
            raise CorpusError(
                f"{sidecar}: no doc_id or file column to match rows to files; "
                f"{_suggest('file', meta.columns)}"
            )
        ids = meta[key].astype(str).str.strip().str.replace(r"\.(txt|md)$", "", regex=True)
        fields = recognise_fields(
            [c for c in meta.columns if c != key],
            chosen={"date": date_column, "outlet": outlet_column},
        )
        fields.pop("text", None)
        row_of = pd.Series(range(len(meta)), index=ids.to_numpy())
        row_of = row_of[~row_of.index.duplicated()]
        rows = docs["doc_id"].map(row_of)
        matched = meta.reindex(rows.fillna(-1).astype(int).to_numpy()).reset_index(drop=True)
        if "date" in fields:
            dates = parse_dates(matched[fields["date"]])
            docs["date"] = dates.values.to_numpy()
            _warn_dates(dates, source=str(sidecar))
        for role in ("outlet", "authors", "url"):
            if role in fields:
                docs[role] = text_values(matched[fields[role]]).tolist()
        used = set(fields.values()) | {key}
        for column in meta.columns:
            if column not in used and column not in docs.columns:
                docs[column] = matched[column].tolist()
        return docs
    if "date" in docs.columns:  # pages, feeds and exports carry their own dates
        return docs
    found = docs["doc_id"].map(lambda d: _NAME_DATE_RE.search(Path(str(d)).name))
    if found.map(bool).any():
        written = found.map(lambda m: "-".join(m.groups()) if m else None)
        dates = parse_dates(written)
        docs["date"] = dates.values.to_numpy()
        _warn_dates(dates, source=_shown_name(str(root)))
    return docs


def _load_folder(root: Path, *, encoding: str | None, errors: str) -> pd.DataFrame:
    files = text_files(root)
    if not files:
        raise CorpusError(
            f"{root}: no text files found (looked for {', '.join(TEXT_SUFFIXES)}, web pages, "
            "web archives, feeds and .docx exports "
            f"below the folder; for tables pass the file itself)"
        )
    return _folder_docs(root, files, encoding=encoding, errors=errors)


def _suggest(column: str, columns: Sequence[str]) -> str:
    close = difflib.get_close_matches(column, [str(c) for c in columns], n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"columns are {', '.join(repr(str(c)) for c in columns)}{hint}"


class _Surrogates:
    """Lone surrogates replaced while reading one source: how many, and where first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.count = 0
        self.first: str | None = None

    def scrub(self, value: str, where: str) -> str:
        """``value`` with every lone surrogate (half of a UTF-16 pair, which ``"\\ud800"``
        in JSON makes) turned into U+FFFD: they cannot be stored in Parquet or shown."""
        if value.isascii():
            return value
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            fixed, n = _SURROGATE_RE.subn("\ufffd", value)
            self.count += n
            self.first = self.first or where
            return fixed
        return value

    def warn(self) -> None:
        if self.count:
            warnings.warn(
                CorpusWarning(
                    f"{self.source}: {self.count} lone surrogate character(s) (half of a "
                    f"UTF-16 pair, such as \\ud800 in JSON) replaced with U+FFFD (first in "
                    f"{self.first})",
                    kind="surrogates",
                    count=self.count,
                    example=self.first,
                ),
                stacklevel=4,
            )


def _json_row(
    line: str, *, path: Path, lineno: int, after: str, surrogates: _Surrogates
) -> dict[str, Any]:
    """One JSON Lines row; ``after`` says, in an error, what happened to the other rows."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{path}: line {lineno} is not valid JSON ({exc.msg}); {after}") from None
    if not isinstance(row, dict):
        raise CorpusError(
            f"{path}: line {lineno} is a JSON {type(row).__name__}, expected an object; {after}"
        )
    for key, value in row.items():
        if isinstance(value, str):
            row[key] = surrogates.scrub(value, f"line {lineno}")
    return row


def _read_jsonl(path: Path, *, encoding: str | None, errors: str) -> pd.DataFrame:
    text = decode_bytes(_read_bytes(path), source=str(path), encoding=encoding, errors=errors)
    surrogates = _Surrogates(str(path))
    rows = [
        _json_row(line, path=path, lineno=lineno, after="nothing was loaded", surrogates=surrogates)
        for lineno, line in enumerate(text.split("\n"), start=1)
        if line.strip()
    ]
    surrogates.warn()
    return pd.DataFrame.from_records(rows)


def _read_table_file(path: Path, *, encoding: str | None, errors: str) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return _read_jsonl(path, encoding=encoding, errors=errors)
    if suffix == ".parquet":
        try:
            return pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises many types for a bad file
            raise CorpusError(f"{path}: unreadable Parquet file ({exc})") from None
    text = decode_bytes(_read_bytes(path), source=str(path), encoding=encoding, errors=errors)
    # tab-separated files are read without quote handling: quote marks are article text
    tab = {"sep": "\t", "quoting": csv.QUOTE_NONE} if suffix == ".tsv" else {}
    _check_header(path, text[: text.find("\n") + 1 or len(text)], tab=bool(tab))
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, **tab)
    except pd.errors.EmptyDataError:
        raise CorpusError(f"{path}: the CSV file is empty") from None
    except pd.errors.ParserError as exc:
        raise CorpusError(f"{path}: unreadable CSV ({str(exc).strip()})") from None


def _check_header(path: Path, first_line: str, *, tab: bool) -> None:
    """Refuse a CSV/TSV header that names one column twice (pandas would rename one)."""
    reader = csv.reader(
        io.StringIO(first_line),
        delimiter="\t" if tab else ",",
        quoting=csv.QUOTE_NONE if tab else csv.QUOTE_MINIMAL,
    )
    names = next(reader, [])
    where: dict[str, list[int]] = {}
    for number, name in enumerate(names, start=1):
        if name.strip():
            where.setdefault(name, []).append(number)
    repeated = [(name, places) for name, places in where.items() if len(places) > 1]
    if repeated:
        name, places = repeated[0]
        numbers = " and ".join(str(n) for n in places)
        raise CorpusError(
            f"{path}: columns {numbers} are {'both' if len(places) == 2 else 'all'} named "
            f"{name!r}; rename one so that each "
            "column has its own name"
        )


def _from_table(
    table: pd.DataFrame,
    *,
    source: str,
    text_column: str | None,
    id_column: str | None,
    id_prefix: str,
    first_row: int = 0,
    encoding: str | None = None,
    errors: str = "strict",
    date_column: str | None = None,
    outlet_column: str | None = None,
) -> pd.DataFrame:
    if len(table.columns) == 0:
        raise CorpusError(f"{source}: the table has no columns")
    chosen = {"text": text_column, "date": date_column, "outlet": outlet_column}
    for role, column in chosen.items():
        if column and column not in table.columns:
            raise CorpusError(
                f"{source}: no {role} column {column!r}; {_suggest(column, table.columns)} "
                f"(pass {role}_column=...)"
            )
    fields = recognise_fields(table.columns, chosen=chosen)
    if "text" not in fields and "url" in fields:
        found = ", ".join(str(fields[r]) for r in ("url", "title", "date", "outlet") if r in fields)
        raise CorpusError(
            f"{source}: lists {len(table):,} articles ({found}) but holds no text; the "
            "workbook does not fetch pages: save them (a folder of .html pages, or a WARC "
            "from a crawler) and load that"
        )
    if "text" not in fields:
        raise CorpusError(
            f"{source}: no text column (looked for {', '.join(FIELD_NAMES['text'])}); "
            f"{_suggest('text', table.columns)} (pass text_column=...)"
        )
    text_column = fields["text"]
    table = table.reset_index(drop=True)
    texts = []
    bad_rows = []
    for i, value in enumerate(table[text_column].tolist()):
        if isinstance(value, str):
            texts.append(normalize_text(value))
        elif isinstance(value, bytes | bytearray):
            where = f"{source} (column {text_column!r}, row {first_row + i})"
            texts.append(decode_bytes(bytes(value), source=where, encoding=encoding, errors=errors))
        elif isinstance(value, list | tuple | dict | set) or hasattr(value, "__array__"):
            kind = "mappings" if isinstance(value, dict) else "lists"
            raise CorpusError(
                f"{source}: column {text_column!r} holds {kind}, not text "
                f"(row {first_row + i}); join them into one text per row, or pass another "
                "text_column="
            )
        else:
            if value is not None and not (isinstance(value, float) and value != value):
                texts.append(normalize_text(str(value)))
            else:
                texts.append("")
            bad_rows.append(i)
    if bad_rows:
        warnings.warn(
            CorpusWarning(
                f"{source}: {len(bad_rows)} row(s) of {text_column!r} are not text "
                f"(first at row {first_row + bad_rows[0]}); missing values became empty "
                "documents, numbers became their text",
                kind="not_text",
                count=len(bad_rows),
                example=f"row {first_row + bad_rows[0]}",
            ),
            stacklevel=3,
        )
    if id_column is None and "doc_id" in table.columns:
        id_column = "doc_id"
    if id_column is not None:
        if id_column not in table.columns:
            raise CorpusError(
                f"{source}: no id column {id_column!r}; {_suggest(id_column, table.columns)}"
            )
        ids = [str(v) for v in table[id_column].tolist()]
        dupes = pd.Series(ids)[pd.Series(ids).duplicated()].unique().tolist()
        if dupes:
            raise CorpusError(
                f"{source}: column {id_column!r} has duplicate ids "
                f"({', '.join(map(repr, dupes[:3]))}); ids must be unique"
            )
    else:
        ids = [f"{id_prefix}{i:05d}" for i in range(first_row, first_row + len(table))]
    titles = (
        [("" if not isinstance(t, str) else t) for t in table[fields["title"]].tolist()]
        if "title" in fields
        else [""] * len(table)
    )
    out = pd.DataFrame(
        {
            "doc_id": pd.Series(ids, dtype=object),
            "title": pd.Series(titles, dtype=object),
            "text": pd.Series(texts, dtype=object),
        }
    )
    out["path"] = source
    out["group"] = (  # like every metadata column: stripped text, missing where empty
        text_values(table["group"]).tolist() if "group" in table.columns else Path(source).stem
    )
    if "date" in fields:
        dates = parse_dates(table[fields["date"]])
        out["date"] = dates.values.to_numpy()
        _warn_dates(dates, source=source)
    for role in ("outlet", "authors", "url"):
        if role in fields:
            out[role] = text_values(table[fields[role]]).tolist()
    used = set(fields.values())
    skip = {"group", "doc_id", id_column} | used | set(DOCUMENT_COLUMNS) | set(fields)
    for column in table.columns:
        if column not in skip:
            out[column] = table[column].tolist()
    renamed = {k: v for k, v in fields.items() if k != v}
    if renamed:
        said = ", ".join(f"{role} from {column!r}" for role, column in renamed.items())
        warnings.warn(
            CorpusWarning(f"{source}: read {said}", kind="fields", count=1, example=said),
            stacklevel=3,
        )
    _replace_surrogates(out, source=source, first_row=first_row)
    out.attrs["fields"] = fields
    return out


def _warn_dates(dates: Dates, *, source: str) -> None:
    if dates.empty:
        warnings.warn(
            CorpusWarning(
                f"{source}: {dates.empty} document(s) have no date",
                kind="no_date",
                count=dates.empty,
            ),
            stacklevel=4,
        )
    if dates.bad:
        warnings.warn(
            CorpusWarning(
                f"{source}: {dates.bad} date(s) are unreadable or impossible and count as "
                f"missing (e.g. {dates.example!r})",
                kind="bad_date",
                count=dates.bad,
                example=dates.example,
            ),
            stacklevel=4,
        )


def _replace_surrogates(table: pd.DataFrame, *, source: str, first_row: int) -> None:
    """Lone surrogates in the text columns of a table given in memory become U+FFFD."""
    surrogates = _Surrogates(source)
    for column in table.columns:
        if table[column].dtype != object:
            continue  # str columns (pandas' own) cannot hold them
        values = [
            surrogates.scrub(v, f"row {first_row + i}") if isinstance(v, str) else v
            for i, v in enumerate(table[column].tolist())
        ]
        table[column] = pd.Series(values, dtype=object, index=table.index)
    surrogates.warn()


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class _Seen:
    """What earlier chunks of a stream held: ids, and a digest of each distinct text."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.texts: dict[bytes, str] = {}


def _finish(docs: pd.DataFrame, *, source: str, seen: _Seen | None = None) -> pd.DataFrame:
    seen = _Seen() if seen is None else seen
    docs = docs.reset_index(drop=True)
    docs["n_chars"] = docs["text"].map(len).astype("int64")
    duplicate_of: list[str | None] = []
    for doc_id, text in zip(docs["doc_id"].tolist(), docs["text"].tolist(), strict=True):
        stripped = text.strip()
        key = hashlib.blake2b(stripped.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        if stripped and key in seen.texts:
            duplicate_of.append(seen.texts[key])
        else:
            if stripped:
                seen.texts.setdefault(key, doc_id)
            duplicate_of.append(None)
    docs["duplicate_of"] = pd.Series(duplicate_of, dtype=object)
    n_dupes = sum(d is not None for d in duplicate_of)
    if n_dupes:
        example = next(
            (a, b) for a, b in zip(docs["doc_id"], duplicate_of, strict=True) if b is not None
        )
        warnings.warn(
            CorpusWarning(
                f"{source}: {n_dupes} duplicate document(s) (same text), e.g. {example[0]!r} "
                f"repeats {example[1]!r}; see the duplicate_of column",
                kind="duplicates",
                count=n_dupes,
                example=f"{example[0]} repeats {example[1]}",
            ),
            stacklevel=3,
        )
    empty = docs.loc[docs["text"].map(str.strip) == "", "doc_id"].tolist()
    if empty:
        warnings.warn(
            CorpusWarning(
                f"{source}: {len(empty)} empty document(s), e.g. {empty[0]!r}; they are kept "
                "and give empty or NaN results",
                kind="empty",
                count=len(empty),
                example=empty[0],
            ),
            stacklevel=3,
        )
    if docs["doc_id"].duplicated().any():
        dupe = docs.loc[docs["doc_id"].duplicated(), "doc_id"].iloc[0]
        raise CorpusError(f"{source}: duplicate doc_id {dupe!r}; ids must be unique")
    if seen.ids:
        repeated = [d for d in docs["doc_id"].tolist() if d in seen.ids]
        if repeated:
            raise CorpusError(f"{source}: duplicate doc_id {repeated[0]!r}; ids must be unique")
    seen.ids.update(docs["doc_id"].tolist())
    extra = [c for c in docs.columns if c not in DOCUMENT_COLUMNS]
    return docs[list(DOCUMENT_COLUMNS) + extra]


def load_corpus(
    path: str | os.PathLike[str] | Iterable[str] | pd.DataFrame | None = None,
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    encoding: str | None = None,
    encoding_errors: str = "strict",
    date_column: str | None = None,
    outlet_column: str | None = None,
) -> pd.DataFrame:
    """Load documents into a documents table.

    Args:
        path: What to load; the seed article folder ``seeds/`` by default.  One of: a
            ``.txt``/``.md`` file (one document); a folder, read recursively in sorted order
            (every ``.txt``/``.md`` file is a document, its subfolder is its ``group``;
            hidden files and README/PROVENANCE/LICENSE-style files are skipped); a
            ``.csv``, ``.tsv``, ``.jsonl``/``.ndjson`` or ``.parquet`` file, one document a row;
            a list of strings; or a DataFrame with a text column.  ``.tsv`` files are read
            as tab-separated with a header row and no quoting.
        text_column: The column holding the text, for tables; by default the first of
            ``text``, ``content_original``, ``full_text``, ``body``, ``content``,
            ``article``... (:data:`analysis.fields.FIELD_NAMES`; case does not matter).
        id_column: The column holding unique document ids, for tables; by default a
            ``doc_id`` column if present, else ids are made from the row number.
        encoding: A codec that overrides detection (``"latin-1"``, ``"utf-16-le"``...).
            By default a byte-order mark decides, else UTF-8.
        encoding_errors: ``"strict"`` (default) raises on undecodable bytes; ``"replace"``
            substitutes U+FFFD and warns how many were replaced.
        date_column: The column of publication dates; by default ``date``, ``published``,
            ``publish_date``, ``pubdate``, ``datetime``, ``timestamp``...  Folders take
            dates from a ``metadata.csv`` beside the files or from the file names.
        outlet_column: The column naming the outlet; by default ``outlet``, ``source``,
            ``publisher``, ``media``, ``site``, ``source_name``...

    Returns:
        DataFrame with columns ``doc_id`` (from the relative path without extension for
        files, e.g. ``"business/001"``, from ``id_column`` or the row number for tables),
        ``title`` (the headline line of a news-layout text file, the ``title`` column of a
        table, else ``""``), ``text`` (the full text, NFC-normalized with ``\\n`` line
        endings; every offset elsewhere points into it), ``path``, ``n_chars``, ``group``
        (subfolder, ``group`` column, or the source's own name), ``duplicate_of`` (the
        ``doc_id`` of an earlier document with the same text, else ``None``), then when
        found ``date`` (naive UTC ``datetime64``; missing where empty, unreadable or
        impossible), ``outlet``, ``authors`` and ``url``, then any other table columns as
        metadata.  ``docs.attrs["fields"]`` says which column gave each field.

    Raises:
        CorpusError: with a message naming the file and the problem.

    Warns:
        CorpusWarning: for empty documents, duplicates and non-text cells (they are kept).

    Example:
        >>> docs = load_corpus()  # the seed article
        >>> docs[["doc_id", "n_chars"]].values.tolist()
        [['000_89bd0e97d5afb917', 2913]]
    """
    check_choice("encoding_errors", encoding_errors, _ENCODING_ERRORS)
    notes = CorpusNotes()
    with _noting(notes):
        docs = _load(
            path,
            text_column=text_column,
            id_column=id_column,
            encoding=encoding,
            encoding_errors=encoding_errors,
            date_column=date_column,
            outlet_column=outlet_column,
        )
    docs.attrs["notes"] = notes.records()
    return docs


@contextlib.contextmanager
def _noting(notes: CorpusNotes | None, *, show: bool = True) -> Iterator[None]:
    """Gather the CorpusWarnings raised inside into ``notes``; pass them on if ``show``
    (others always pass on)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        if issubclass(w.category, CorpusWarning):
            if notes is not None:
                notes.add_warning(w.message)
            if not show:
                continue
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def _load(
    path: str | os.PathLike[str] | Iterable[str] | pd.DataFrame | None,
    *,
    text_column: str | None,
    id_column: str | None,
    encoding: str | None,
    encoding_errors: str,
    date_column: str | None = None,
    outlet_column: str | None = None,
) -> pd.DataFrame:
    columns = {"date_column": date_column, "outlet_column": outlet_column}
    if isinstance(path, pd.DataFrame):
        docs = _from_table(
            path,
            source="DataFrame",
            text_column=text_column,
            id_column=id_column,
            id_prefix="doc",
            **columns,
        )
        return _finish(docs, source="DataFrame")
    if path is None:
        path = SEEDS_DIR
    if isinstance(path, bytes):
        raise CorpusError("path is bytes; pass a file or folder path, or a list of texts")
    if not isinstance(path, str | os.PathLike):
        items = list(path)
        if not all(isinstance(t, str) for t in items):
            raise CorpusError("a list of documents must hold only strings")
        surrogates = _Surrogates("list")
        items = [surrogates.scrub(t, f"item {i}") for i, t in enumerate(items)]
        surrogates.warn()
        table = pd.DataFrame({"text": pd.Series(items, dtype=object)})
        docs = _from_table(
            table, source="list", text_column="text", id_column=None, id_prefix="doc"
        )
        return _finish(docs, source="list")
    p = Path(path)
    if "\n" in str(path) or (len(str(path)) > 300 and not p.exists()):
        raise CorpusError(
            "path looks like article text, not a file; wrap texts in a list: load_corpus([text])"
        )
    try:
        exists = p.exists()
    except OSError as exc:
        raise CorpusError(f"{p}: cannot be accessed ({exc.strerror or exc})") from None
    if not exists:
        raise CorpusError(f"{p}: no such file or folder")
    if p.is_dir():
        docs = _load_folder(p, encoding=encoding, errors=encoding_errors)
        docs = folder_fields(docs, p, **columns)
    elif p.suffix.lower() not in TABLE_SUFFIXES and (
        p.suffix.lower() in (*TEXT_SUFFIXES, "")
        or format_suffix(p.name) in (*RECORD_SUFFIXES, *ARCHIVE_SUFFIXES)
        or _gzipped_table(p) is not None
    ):  # a text file, a page, a feed, an export, a web archive or an archive: as streamed
        if not p.is_file():
            _read_bytes(p)  # a named pipe, a socket, a device: refused in one line
        options = {"text_column": text_column, "id_column": id_column, **columns}
        parts = list(
            _read_chunks(
                p,
                p,
                p.suffix.lower(),
                _WHOLE,
                encoding=encoding,
                encoding_errors=encoding_errors,
                notes=None,
                options=options,
            )
        )
        return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    else:
        suffix = p.suffix.lower()
        if suffix in TABLE_SUFFIXES:
            table = _read_table_file(p, encoding=encoding, errors=encoding_errors)
            docs = _from_table(
                table,
                source=str(p),
                text_column=text_column,
                id_column=id_column,
                id_prefix=f"{p.stem}-",
                encoding=encoding,
                errors=encoding_errors,
                **columns,
            )
        else:
            known = ", ".join((*TEXT_SUFFIXES, *TABLE_SUFFIXES, *READ_SUFFIXES))
            raise CorpusError(f"{p}: unknown file type {p.suffix!r}; expected one of {known}")
    return _finish(docs, source=str(p))


_WHOLE = 1_000_000  # documents a chunk holds when a file is loaded whole


def iter_corpus(
    path: str | os.PathLike[str] | Iterable[str] | pd.DataFrame | None = None,
    *,
    chunk_size: int = 500,
    text_column: str | None = None,
    id_column: str | None = None,
    encoding: str | None = None,
    encoding_errors: str = "strict",
    notes: CorpusNotes | None = None,
    date_column: str | None = None,
    outlet_column: str | None = None,
) -> Iterator[pd.DataFrame]:
    """Yield a corpus in chunks of documents, without reading it all into memory.

    Folders are read file by file, JSON Lines line by line, CSV/TSV with pandas' chunked
    reader and Parquet by record batches.  Every chunk is a documents table as
    :func:`load_corpus` makes it, and the chunks together hold exactly the rows
    :func:`load_corpus` gives, ``duplicate_of`` included (earlier chunks are remembered
    by a 16-byte digest per text, not by their text).

    Args:
        path: As in :func:`load_corpus`; DataFrames and lists are split, not streamed.
        chunk_size: Documents per chunk.
        text_column, id_column, date_column, outlet_column: As in :func:`load_corpus`.
        encoding: As in :func:`load_corpus`.
        encoding_errors: As in :func:`load_corpus`.
        notes: A :class:`CorpusNotes` to fill with the input files as they are read.

    Yields:
        Documents tables of at most ``chunk_size`` rows.

    Raises:
        CorpusError: as :func:`load_corpus`; for JSON Lines the message also says how many
            documents were read before the broken line (they were already yielded).
    """
    check_int("chunk_size", chunk_size, minimum=1)
    check_choice("encoding_errors", encoding_errors, _ENCODING_ERRORS)
    options = {
        "text_column": text_column,
        "id_column": id_column,
        "date_column": date_column,
        "outlet_column": outlet_column,
    }
    if path is None:
        path = SEEDS_DIR
    p = Path(path) if isinstance(path, str | os.PathLike) else None
    suffix = p.suffix.lower() if p is not None else ""
    chunks = _read_chunks(
        path,
        p,
        suffix,
        chunk_size,
        encoding=encoding,
        encoding_errors=encoding_errors,
        notes=notes,
        options=options,
    )
    while True:
        # warnings of a chunk are gathered into the notes, not repeated chunk after chunk
        # (load_corpus warns once, for the whole corpus)
        with _noting(notes, show=False):
            chunk = next(chunks, None)
        if chunk is None:
            return
        yield chunk


def _read_chunks(
    path: Any,
    p: Path | None,
    suffix: str,
    chunk_size: int,
    *,
    encoding: str | None,
    encoding_errors: str,
    notes: CorpusNotes | None,
    options: dict[str, Any],
) -> Iterator[pd.DataFrame]:
    seen = _Seen()
    if p is not None and p.is_dir():
        files = text_files(p)
        if not files:
            _load_folder(p, encoding=encoding, errors=encoding_errors)  # raises
        for i in range(0, len(files), chunk_size):
            chunk = _folder_docs(
                p,
                files[i : i + chunk_size],
                encoding=encoding,
                errors=encoding_errors,
                notes=notes,
            )
            chunk = folder_fields(
                chunk,
                p,
                date_column=options["date_column"],
                outlet_column=options["outlet_column"],
            )
            yield _finish(chunk, source=str(p), seen=seen)
    elif p is not None and p.is_file() and suffix in TABLE_SUFFIXES:
        if notes is not None:
            notes.add_whole_file(p)
        tables = _stream_table(p, chunk_size, encoding=encoding, errors=encoding_errors)
        yield from _table_documents(
            tables, p, f"{p.stem}-", encoding=encoding, errors=encoding_errors, seen=seen, **options
        )
    elif p is not None and p.is_file() and format_suffix(p.name) in WARC_SUFFIXES:
        if notes is not None:
            notes.add_whole_file(p)
        yield from _stream_warc(p, chunk_size, seen=seen)
    elif p is not None and p.is_file() and format_suffix(p.name) in ARCHIVE_SUFFIXES:
        if notes is not None:
            notes.add_whole_file(p)
        yield from _stream_archive(
            p, chunk_size, encoding=encoding, errors=encoding_errors, seen=seen, options=options
        )
    elif p is not None and p.is_file() and (gzipped := _gzipped_table(p)) is not None:
        if notes is not None:
            notes.add_whole_file(p)
        tables = _stream_gzipped(p, gzipped, chunk_size, encoding=encoding)
        prefix = f"{p.name[: -len(gzipped) - 3]}-"  # "table.jsonl.gz": "table-"
        yield from _table_documents(
            tables, p, prefix, encoding=encoding, errors=encoding_errors, seen=seen, **options
        )
    elif (
        p is not None
        and p.is_file()
        and (suffix in (*TEXT_SUFFIXES, "") or format_suffix(p.name) in RECORD_SUFFIXES)
    ):
        data = _read_bytes(p)
        if notes is not None:
            notes.add_file(p, p.parent, data)
        found = _file_records(
            p, data, _doc_id_of(p.name), p.parent.name, encoding=encoding, errors=encoding_errors
        )
        for i in range(0, max(len(found), 1), chunk_size):
            part = _records_frame(found[i : i + chunk_size], source=str(p))
            yield _finish(part, source=str(p), seen=seen)
    else:
        if isinstance(path, pd.DataFrame) and set(DOCUMENT_COLUMNS) <= set(path.columns):
            docs = path.reset_index(drop=True)  # already a documents table
        else:
            docs = load_corpus(path, encoding=encoding, encoding_errors=encoding_errors, **options)
        for i in range(0, len(docs), chunk_size):
            yield docs.iloc[i : i + chunk_size].reset_index(drop=True)


def _table_documents(
    tables: Iterable[pd.DataFrame],
    path: Path,
    id_prefix: str,
    *,
    encoding: str | None,
    errors: str,
    seen: _Seen,
    **options: Any,
) -> Iterator[pd.DataFrame]:
    """Documents tables of a table file's raw chunks, their rows numbered across chunks."""
    first = 0
    for table in tables:
        docs = _from_table(
            table,
            source=str(path),
            id_prefix=id_prefix,
            first_row=first,
            encoding=encoding,
            errors=errors,
            **options,
        )
        first += len(table)
        yield _finish(docs, source=str(path), seen=seen)


def _sniff_encoding(path: Path, encoding: str | None) -> str:
    """The codec to stream ``path`` with; binary files and NUL bytes are refused."""
    if encoding is not None:
        return encoding
    try:
        with path.open("rb") as f:
            head = f.read(65_536)
    except OSError:
        _read_bytes(path)  # raises the right CorpusError
        raise
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    _refuse_binary(head, str(path))
    return "utf-8-sig"


def _stream_table(
    path: Path, chunk_size: int, *, encoding: str | None, errors: str
) -> Iterator[pd.DataFrame]:
    """Raw table chunks of a CSV, TSV, JSON Lines or Parquet file."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            batches = pq.ParquetFile(path).iter_batches(batch_size=chunk_size)
            for batch in batches:
                yield batch.to_pandas()
        except Exception as exc:  # pyarrow raises many types for a bad file
            raise CorpusError(f"{path}: unreadable Parquet file ({exc})") from None
        return
    codec = _sniff_encoding(path, encoding)
    decode_errors = "replace" if errors == "replace" else "strict"
    if suffix in (".jsonl", ".ndjson"):
        yield from _stream_jsonl(path, chunk_size, codec, decode_errors)
        return
    tab = {"sep": "\t", "quoting": csv.QUOTE_NONE} if suffix == ".tsv" else {}
    with path.open(encoding=codec, errors="replace", newline="") as handle:
        _check_header(path, handle.readline(), tab=bool(tab))
    read = 0
    try:
        reader = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            chunksize=chunk_size,
            encoding=codec,
            encoding_errors=decode_errors,
            **tab,
        )
        for table in reader:
            read += len(table)
            yield table
    except pd.errors.EmptyDataError:
        raise CorpusError(f"{path}: the CSV file is empty") from None
    except pd.errors.ParserError as exc:
        raise CorpusError(
            f"{path}: unreadable CSV ({str(exc).strip()}); {read} rows before it were read"
        ) from None
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{path}: is not valid {codec} ({exc.reason}); {read} rows before it were read; "
            "pass encoding='latin-1' (or the file's real encoding), or encoding_errors='replace'"
        ) from None


def _stream_jsonl(path: Path, chunk_size: int, codec: str, errors: str) -> Iterator[pd.DataFrame]:
    surrogates = _Surrogates(str(path))
    rows: list[dict[str, Any]] = []
    read = 0
    lineno = 0
    try:
        with path.open("r", encoding=codec, errors=errors, newline="") as f:
            for lineno, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                after = f"{read + len(rows)} documents before it were read, none after"
                row = _json_row(line, path=path, lineno=lineno, after=after, surrogates=surrogates)
                rows.append(row)
                if len(rows) == chunk_size:
                    read += len(rows)
                    yield pd.DataFrame.from_records(rows)
                    rows = []
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{path}: is not valid {codec} near line {lineno + 1} ({exc.reason}); "
            "pass encoding='latin-1' (or the file's real encoding), or encoding_errors='replace'"
        ) from None
    surrogates.warn()
    if rows or not read:
        yield pd.DataFrame.from_records(rows)


#: Every file ending a corpus may have besides text and tables.
READ_SUFFIXES: tuple[str, ...] = (*RECORD_SUFFIXES, *ARCHIVE_SUFFIXES, ".gz")


def _stream_warc(path: Path, chunk_size: int, *, seen: _Seen) -> Iterator[pd.DataFrame]:
    """The pages of a web archive, ``chunk_size`` at a time, read as a stream."""
    stem = _doc_id_of(path.name)
    source = _shown_name(str(path))
    try:
        handle = path.open("rb")
    except OSError:
        _read_bytes(path)  # raises the right CorpusError
        raise
    with handle:
        batch: list[dict[str, Any]] = []
        k = 0
        for record in warc_records(handle, source=source):
            k += 1
            batch.append(
                {
                    **record,
                    "doc_id": f"{stem}-{k:05d}",
                    "title": normalize_text(record["title"] or ""),
                    "text": normalize_text(record["text"] or ""),
                    "path": source,
                    "group": _shown_name(path.parent.name),
                    "_read": "read_warc",
                }
            )
            if len(batch) == chunk_size:
                yield _finish(_records_frame(batch, source=source), source=source, seen=seen)
                batch = []
        if batch or not k:
            yield _finish(_records_frame(batch, source=source), source=source, seen=seen)


def _archive_members(path: Path) -> Iterator[tuple[str, bytes]]:
    """``(name, bytes)`` of every file in a .zip or .tar(.gz) archive, one at a time."""
    import tarfile
    import zipfile

    try:
        if format_suffix(path.name) == ".zip":
            with zipfile.ZipFile(path) as archive:
                for info in sorted(archive.infolist(), key=lambda i: i.filename):
                    if not info.is_dir():
                        yield info.filename, archive.read(info)
            return
        with tarfile.open(path, "r:*") as archive:
            members = sorted((m for m in archive if m.isfile()), key=lambda m: m.name)
            for member in members:
                handle = archive.extractfile(member)
                if handle is not None:
                    yield member.name, handle.read()
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as exc:
        raise CorpusError(f"{path}: not a readable archive ({exc})") from None


def _stream_archive(
    path: Path,
    chunk_size: int,
    *,
    encoding: str | None,
    errors: str,
    seen: _Seen,
    options: dict[str, Any],
) -> Iterator[pd.DataFrame]:
    """The documents of an archive's files, read as a folder's are (texts, pages, feeds,
    web archives, exports; tables one document a row), ``chunk_size`` at a time."""
    source = _shown_name(str(path))
    batch: list[dict[str, Any]] = []
    read = 0
    for name, data in _archive_members(path):
        parts = Path(name).parts
        if any(p.startswith(".") for p in parts) or Path(name).stem.lower() in NOT_ARTICLES:
            continue
        inner = Path(name)
        group = inner.parent.as_posix() if inner.parent != Path(".") else _doc_id_of(path.name)
        if inner.suffix.lower() in TABLE_SUFFIXES:
            table = _table_from_bytes(name, data, source=f"{source}:{name}")
            docs = _from_table(
                table,
                source=f"{source}:{name}",
                id_prefix=f"{_doc_id_of(name)}-",
                encoding=encoding,
                errors=errors,
                **options,
            )
            read += len(docs)
            yield _finish(docs, source=source, seen=seen)
            continue
        if not _readable_file(name):
            continue
        batch += _file_records(
            path, data, _doc_id_of(name), group, encoding=encoding, errors=errors, name=name
        )
        if len(batch) >= chunk_size:
            read += len(batch)
            yield _finish(_records_frame(batch, source=source), source=source, seen=seen)
            batch = []
    if batch or not read:
        if not batch:
            raise CorpusError(
                f"{path}: the archive holds no file this workbook reads "
                f"({', '.join((*TEXT_SUFFIXES, *TABLE_SUFFIXES, *RECORD_SUFFIXES))})"
            )
        yield _finish(_records_frame(batch, source=source), source=source, seen=seen)


def _table_from_bytes(name: str, data: bytes, *, source: str) -> pd.DataFrame:
    suffix = Path(name).suffix.lower()
    try:
        if suffix == ".parquet":
            return pd.read_parquet(io.BytesIO(data))
        if suffix in (".jsonl", ".ndjson"):
            return pd.read_json(io.BytesIO(data), lines=True, dtype=False)
        tab = {"sep": "\t", "quoting": csv.QUOTE_NONE} if suffix == ".tsv" else {}
        return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, **tab)
    except Exception as exc:  # pandas and pyarrow raise many kinds for a broken table
        raise CorpusError(f"{source}: unreadable table ({exc})") from None


def _gzipped_table(path: Path) -> str | None:
    """``".jsonl"`` for ``x.jsonl.gz`` (a table or text file compressed whole), else None."""
    name = path.name.lower()
    if not name.endswith(".gz") or format_suffix(name) in (*RECORD_SUFFIXES, *ARCHIVE_SUFFIXES):
        return None
    inner = Path(name[:-3]).suffix
    return inner if inner in (".csv", ".tsv", ".jsonl", ".ndjson") else None


def _stream_gzipped(
    path: Path, inner: str, chunk_size: int, *, encoding: str | None
) -> Iterator[pd.DataFrame]:
    """Raw chunks of a gzip-compressed CSV, TSV or JSON Lines file, decompressed as read."""
    import gzip

    codec = encoding or "utf-8-sig"
    try:
        if inner in (".jsonl", ".ndjson"):
            rows: list[dict[str, Any]] = []
            with gzip.open(path, "rt", encoding=codec) as handle:
                for lineno, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise CorpusError(
                            f"{path}: line {lineno} is not valid JSON ({exc.msg})"
                        ) from None
                    if len(rows) == chunk_size:
                        yield pd.DataFrame.from_records(rows)
                        rows = []
            yield pd.DataFrame.from_records(rows)
            return
        tab = {"sep": "\t", "quoting": csv.QUOTE_NONE} if inner == ".tsv" else {}
        yield from pd.read_csv(
            path,
            compression="gzip",
            dtype=str,
            keep_default_na=False,
            chunksize=chunk_size,
            encoding=codec,
            **tab,
        )
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: not a readable gzip file ({exc})") from None


def group_labels(docs: pd.DataFrame, column: str) -> pd.Series:
    """Each document's value of ``column`` as text, the label of its group, indexed by
    ``doc_id`` in the order of ``docs``; a missing value stays missing, so that document is
    in no group (pandas 2's ``astype(str)`` would make it the group "nan", pandas 3's keeps
    it missing).
    """
    values = docs[column]
    labels = values.astype(str).where(values.notna())
    return pd.Series(labels.to_numpy(), index=docs["doc_id"].to_numpy())


def document_positions(doc_ids: Any, order: Any) -> np.ndarray:
    """The position in ``order`` (unique ids) of each of ``doc_ids``, -1 for one not there.

    What ``doc_ids.map({d: i for i, d in enumerate(order)})`` gives, with -1 for NaN, but
    each distinct id is looked up once: a table of term counts has a row per term and
    document, and ``map`` calls Python for every row of a pyarrow string column.
    """
    codes, distinct = pd.factorize(doc_ids)  # NaN: code -1, which picks the appended -1
    where = np.append(pd.Index(order).get_indexer(distinct), -1)
    return where[codes].astype(np.int64)


def as_documents(docs: Any) -> pd.DataFrame:
    """Return a documents table from a table or a list of texts.

    Args:
        docs: A documents DataFrame (``doc_id`` and ``text`` columns) as made by
            :func:`analysis.load_corpus`, or a list of strings.

    Returns:
        The documents table.

    Raises:
        ParameterError: ``docs`` is a single string, or a table without ``doc_id``/``text``.
    """
    if isinstance(docs, str | bytes):
        raise ParameterError(
            "docs is a single string; expected a documents table or a list of texts "
            "(wrap one text in a list, or call load_corpus(path) for a file)"
        )
    if isinstance(docs, pd.DataFrame):
        missing = [c for c in ("doc_id", "text") if c not in docs.columns]
        if missing:
            raise ParameterError(
                f"docs is missing column(s) {', '.join(missing)}; "
                "expected a documents table from load_corpus()"
            )
        return docs
    try:
        return load_corpus(list(docs))
    except TypeError as exc:
        raise ParameterError(
            f"docs of type {type(docs).__name__} is not valid; "
            "expected a documents table or a list of texts"
        ) from exc


def check_table(
    table: Any, *, name: str, columns: Sequence[str], docs: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Check a table handed from one stage to the next where it enters a function.

    Args:
        table: The table given (``sents=``, ``mentions=``...).
        name: The parameter's name, for messages.
        columns: Columns the function reads.
        docs: The documents table it must belong to: every ``doc_id`` of ``table`` must be
            one of its documents.

    Returns:
        ``table``.

    Raises:
        ParameterError: not a table, a missing column, or rows of documents not in ``docs``.
    """
    if not isinstance(table, pd.DataFrame):
        raise ParameterError(
            f"{name} is a {type(table).__name__}; expected a table with columns "
            f"{', '.join(columns)}"
        )
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ParameterError(
            f"{name} has no column(s) {', '.join(missing)}; expected a table with columns "
            f"{', '.join(columns)}"
        )
    if docs is not None and len(table):
        known = set(docs["doc_id"].tolist())
        stray = [d for d in pd.unique(table["doc_id"]) if d not in known]
        if stray:
            raise ParameterError(
                f"{name} is not from these documents: {len(stray)} of its doc_ids are not in "
                f"docs (e.g. {stray[0]!r}); pass the {name} of the same documents"
            )
    return table
