"""Tables, findings and notes as a reader sees them, in JupyterLab and in every report page.

The analyses return raw tables (every row, raw numbers); these objects show them for people:
human column names, thousands separators, percentages for shares, fixed decimals, empty cells
for missing values, long text wrapped rather than cut, a concordance with its keyword in the
middle.  Every value from the corpus is HTML-escaped.  Each object also carries metadata
(``{"analysis": {...}}``) that the report runner reads to build the front page: which
tables, findings and notes a page holds.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.report.saving import save_table

#: Column name -> (header, kind).  Kinds decide the format: ``int`` (1,234), ``share``
#: (12.3%), ``score`` (+0.123), ``float1``/``float2``/``float3`` (fixed decimals), ``p``
#: (<0.001), ``text`` (wrapped), ``category`` (a code name in words: "named person"),
#: ``id``, ``bool`` (yes / empty), ``match`` (bold), ``date`` (2020-01-31).
COLUMNS: dict[str, tuple[str, str]] = {
    "doc_id": ("Document", "id"),
    "title": ("Headline", "text"),
    "group": ("Group", "text"),
    "n_chars": ("Characters", "int"),
    "n_sentences": ("Sentences", "int"),
    "n_tokens": ("Tokens", "int"),
    "n_words": ("Words", "int"),
    "words_per_sentence": ("Words per sentence", "float1"),
    "duplicate_of": ("Repeats", "id"),
    "term": ("Term", "text"),
    "n": ("Words in term", "int"),
    "count": ("Occurrences", "int"),
    "per_10k": ("Per 10,000 words", "float1"),
    "doc_count": ("Documents", "int"),
    "tfidf": ("TF-IDF", "float3"),
    "rank": ("Rank", "int"),
    "top_in": ("Top term in", "int"),
    "count_target": ("In the group", "int"),
    "count_reference": ("Elsewhere", "int"),
    "per_10k_target": ("Per 10,000, group", "float1"),
    "per_10k_reference": ("Per 10,000, elsewhere", "float1"),
    "log_likelihood": ("G²", "float1"),
    "p_value": ("p", "p"),
    "log_ratio": ("Log ratio", "score2"),
    "direction": ("Use", "category"),
    "w1": ("First word", "text"),
    "w2": ("Second word", "text"),
    "score": ("Score", "float1"),
    "query": ("Query", "text"),
    "left": ("Before", "left"),
    "match": ("Match", "match"),
    "right": ("After", "right"),
    "sent_id": ("Sentence", "int"),
    "position": ("Position", "float2"),
    "rolling": ("Rolling mean", "score"),
    "compound": ("Sentiment", "score"),
    "compound_mean": ("Mean sentiment", "score"),
    "compound_whole": ("Whole-text sentiment", "score"),
    "title_compound": ("Headline sentiment", "score"),
    "share_positive": ("Positive sentences", "share"),
    "share_negative": ("Negative sentences", "share"),
    "share_neutral": ("Neutral sentences", "share"),
    "share_negative_sentences": ("Negative sentences", "share"),
    "label": ("Tone", "category"),
    "text": ("Text", "text"),
    "is_title": ("Headline", "bool"),
    "actor": ("Actor", "text"),
    "type": ("Type", "category"),
    "affiliation": ("Affiliation", "text"),
    "mentions": ("Mentions", "int"),
    "docs": ("Documents", "int"),
    "first_position": ("First named (sentence)", "float1"),
    "name": ("Name", "text"),
    "confidence": ("Confidence", "float1"),
    "example": ("Example", "example"),
    "coreference": ("By surname", "int"),
    "discovered": ("Discovered", "int"),
    "lexicon": ("In the lexicon", "int"),
    "speaker": ("Speaker, as written", "text"),
    "speaker_actor": ("Speaker", "text"),
    "speaker_type": ("Speaker type", "category"),
    "cue_verb": ("Verb", "text"),
    "attribution": ("Found by", "category"),
    "balanced": ("Closed", "bool"),
    "quote_id": ("Quote", "int"),
    "n_quotes": ("Quotes", "int"),
    "words_quoted": ("Words quoted", "int"),
    "share_quoted": ("Quoted text", "share"),
    "n_attributions": ("Attributions", "int"),
    "share_anonymous": ("Anonymous", "share"),
    "n_speakers": ("Speakers", "int"),
    "verbs": ("Verbs", "text"),
    "source": ("Source", "text"),
    "source_actor": ("Names", "text"),
    "source_kind": ("Kind of source", "category"),
    "attributions": ("Attributions", "int"),
    "voice": ("Voice", "category"),
    "documents": ("Documents", "int"),
    "sentences": ("Sentences", "int"),
    "words": ("Words", "int"),
    "quotes": ("Quotes", "int"),
    "share": ("Share", "share"),
    "actor_a": ("Actor", "text"),
    "actor_b": ("Named with", "text"),
    "weight": ("Together", "int"),
    "mean_words": ("Mean words", "float1"),
    "mean_words_per_sentence": ("Mean words per sentence", "float1"),
    "topic": ("Topic", "int"),
    "coherence": ("Coherence (NPMI)", "score2"),
    "category": ("Category", "category"),
    "matches": ("Matches", "int"),
    "per_1000": ("Per 1,000 words", "float2"),
    "syllables": ("Syllables", "int"),
    "flesch": ("Flesch reading ease", "float1"),
    "flesch_kincaid": ("Flesch–Kincaid grade", "float1"),
    "fog": ("Gunning fog", "float1"),
    "smog": ("SMOG", "float1"),
    "tokens": ("Tokens", "int"),
    "types": ("Types", "int"),
    "ttr": ("TTR", "float3"),
    "mattr": ("MATTR", "float3"),
    "mtld": ("MTLD", "float1"),
    "hdd": ("HD-D", "float3"),
    "start": ("Start", "int"),
    "end": ("End", "int"),
    "cue": ("Cue", "text"),
    "cue_start": ("Cue start", "int"),
    "cue_end": ("Cue end", "int"),
    "quote_kind": ("Kind of quote", "category"),
    "similarity": ("Similarity", "float2"),
    "story_id": ("Story", "int"),
    "headline": ("Headline", "text"),
    "n_docs": ("Articles", "int"),
    "n_outlets": ("Outlets", "int"),
    "first_date": ("First published", "date"),
    "outlets": ("Carried by", "text"),
    "wire": ("Agency", "text"),
    "evidence": ("Evidence", "text"),
}
_RIGHT = frozenset({"int", "share", "score", "score2", "float1", "float2", "float3", "p"})


def label(column: str) -> str:
    """The header a reader sees for ``column``."""
    known = COLUMNS.get(column)
    return known[0] if known else column.replace("_", " ").capitalize()


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def format_value(value: Any, kind: str) -> str:
    """``value`` as text for a reader (empty for a missing value)."""
    if _missing(value):
        return ""
    try:
        if kind == "int":
            number = float(value)
            # a column that holds counts in one table may hold weights in another
            return f"{int(number):,}" if number.is_integer() else f"{number:,.3f}"
        if kind == "share":
            return f"{float(value) * 100:.1f}%"
        if kind in ("score", "score2"):
            return signed(float(value), 3 if kind == "score" else 2)
        if kind in ("float1", "float2", "float3"):
            return f"{float(value):,.{kind[-1]}f}"
        if kind == "p":
            p = float(value)
            return "<0.001" if p < 0.001 else f"{p:.3f}"
        if kind == "bool":
            return "yes" if bool(value) else ""
        if kind == "category":
            return str(value).replace("_", " ")
        if kind == "date":
            stamp = pd.Timestamp(value)
            return stamp.strftime("%Y-%m-%d" if stamp == stamp.normalize() else "%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        pass
    return str(value)


def signed(value: float, decimals: int) -> str:
    """``value`` with its sign (+0.120, -0.050), and a plain 0.000 when it rounds to zero."""
    text = f"{value:+.{decimals}f}"
    return text[1:] if float(text) == 0 else text


def rows_text(n: int) -> str:
    """The words for n rows: "1 row", "2,225 rows"."""
    return f"{n:,} row" if n == 1 else f"{n:,} rows"


def _sort_value(value: Any, kind: str) -> str:
    if _missing(value) or kind not in _RIGHT:
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(number) else repr(number)


@dataclass
class Table:
    """A table for people: the first ``rows`` rows of ``frame``, formatted.

    Attributes:
        frame: The rows to show (already sorted by what matters).
        name: The name of the saved CSV (``02_top_words``), or ``""``.
        about: One line saying what a row is.
        rows: Rows shown at most (the CSV keeps them all).
        total: Rows in the full table (for "20 of 2,225").
        empty: What to say when there are no rows.
        labels: Headers that replace the usual ones, by column.
        saved_columns: The columns of the saved CSV when the page shows fewer (what the
            report's front page lists for the file).
    """

    frame: pd.DataFrame
    name: str = ""
    about: str = ""
    rows: int | None = 20
    total: int | None = None
    empty: str = "No rows."
    labels: Mapping[str, str] = field(default_factory=dict)
    saved: bool = False
    saved_columns: Sequence[str] | None = None

    def _shown(self) -> pd.DataFrame:
        return self.frame if self.rows is None else self.frame.head(self.rows)

    def _caption(self, *, links: bool = True) -> str:
        """What the table is, how many rows it shows of how many, and where all of them are
        (a link to the CSV when the report saved it).  HTML, escaped."""
        total = len(self.frame) if self.total is None else self.total
        shown = len(self._shown())
        if self.rows == 0:
            count = rows_text(total)
        else:
            count = f"{shown:,} of {rows_text(total)}" if shown < total else rows_text(total)
        parts = [html.escape(self.about), count]
        if self.name and self.saved and links:
            link = html.escape(f"tables/{self.name}.csv")
            parts.append(f'all rows: <a href="{link}" download>{link}</a>')
        elif self.name:
            parts.append(html.escape(f"tables/{self.name}.csv"))
        return " · ".join(p for p in parts if p)

    def _repr_html_(self) -> str:
        esc = html.escape
        frame = self._shown()
        if self.rows == 0:  # the table is saved; the page links to it
            return f'<p class="caption table-link">Table: {self._caption()}</p>'
        if frame.empty:
            note, caption = esc(self.empty), self._caption()
            return f'<div class="table-empty"><p>{note}</p><p class="caption">{caption}</p></div>'
        kinds = [COLUMNS.get(c, ("", "text"))[1] for c in frame.columns]
        head = "".join(
            f'<th class="{_align(k)}">{esc(self.labels.get(c, label(c)))}</th>'
            for c, k in zip(frame.columns, kinds, strict=True)
        )
        names = frame["name"].tolist() if "name" in frame.columns else [None] * len(frame)
        body = []
        for row, name in zip(frame.itertuples(index=False), names, strict=True):
            cells = []
            for value, kind in zip(row, kinds, strict=True):
                sort = _sort_value(value, kind)
                attr = f' data-value="{sort}"' if sort else ""
                text = esc(format_value(value, kind))
                if kind == "match":
                    text = f"<strong>{text}</strong>"
                elif kind == "example":
                    text = _highlight(format_value(value, kind), name)
                cells.append(f'<td class="{_align(kind)}"{attr}>{text}</td>')
            body.append("<tr>" + "".join(cells) + "</tr>")
        table_id = f' id="table-{esc(self.name)}"' if self.name else ""
        return (
            f'<div class="table-wrap"><table class="data"{table_id}><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>"
            f'<p class="caption">{self._caption()}</p></div>'
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        text = self._shown().to_string(index=False) if not self.frame.empty else self.empty
        meta = {
            "kind": "table",
            "name": self.name,
            "about": self.about,
            "rows": int(len(self.frame) if self.total is None else self.total),
            "columns": [
                self.labels.get(c, label(c))
                for c in (self.frame.columns if self.saved_columns is None else self.saved_columns)
            ],
        }
        return (
            {"text/html": self._repr_html_(), "text/plain": text},
            {"analysis": meta},
        )


def _align(kind: str) -> str:
    if kind == "left":
        return "kwic-left"
    if kind == "match":
        return "kwic-match"
    if kind == "right":
        return "kwic-right"
    return "num" if kind in _RIGHT else "text"


def _highlight(example: str, name: Any) -> str:
    """An example with the name it shows in bold (its first occurrence)."""
    if not isinstance(name, str) or not name or name not in example:
        return html.escape(example)
    before, after = example.split(name, 1)
    return f"{html.escape(before)}<strong>{html.escape(name)}</strong>{html.escape(after)}"


def show_table(
    table: pd.DataFrame,
    name: str,
    output_dir: str,
    *,
    about: str = "",
    rows: int | None = 20,
    columns: Sequence[str] | None = None,
    sort_by: str | Sequence[str] | None = None,
    ascending: bool = False,
    per: str | None = None,
    shown: pd.DataFrame | None = None,
    empty: str = "No rows.",
    labels: Mapping[str, str] | None = None,
) -> Table:
    """Save ``table`` (every row, raw numbers) as ``tables/NAME.csv`` and show it for people.

    Args:
        table: The table to save.
        name: File name without extension (``02_top_words``).
        output_dir: The report folder; ``""`` in JupyterLab (nothing is written).
        about: One line saying what a row is.
        rows: Rows shown at most (of each ``per`` value, with ``per``); ``0`` shows only a
            line saying what the table is and where it is saved.
        columns: Columns shown (all by default; the CSV keeps every column).
        sort_by: Show the rows sorted by these columns (descending unless ``ascending``;
            ties keep the table's order); the CSV keeps the table's order.
        ascending: Sort ``sort_by`` from the smallest.
        per: A column: show the first ``rows`` rows of each of its values.
        shown: Rows to show instead of rows of ``table`` (already chosen).
        empty: What the page says when the table has no rows (and why).
        labels: Headers that replace the usual ones, by column.

    Returns:
        A :class:`Table`: the last expression of a cell, it shows the table.
    """
    save_table(table, name, output_dir)
    view = table if shown is None else shown
    if sort_by is not None:
        view = view.sort_values(sort_by, ascending=ascending, kind="mergesort")
    if per is not None and rows is not None:
        view, rows = view.groupby(per, sort=False).head(rows), None
    if columns is not None:
        view = view[[c for c in columns if c in view.columns]]
    return Table(
        view.reset_index(drop=True),
        name=name,
        about=about,
        rows=rows,
        total=len(table),
        empty=empty,
        labels=dict(labels or {}),
        saved=bool(output_dir),
        saved_columns=list(table.columns),
    )


@dataclass
class Findings:
    """Two to four sentences that say what a page found, written from its tables."""

    lines: list[str]
    name: str = ""

    def __post_init__(self) -> None:
        # a sentence may open with a name from the corpus ("entertainment reads ...")
        self.lines = [line[:1].upper() + line[1:] for line in self.lines]

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.lines)
        return f'<div class="findings"><h2>Findings</h2><ul>{items}</ul></div>'

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        data = {"text/html": self._repr_html_(), "text/plain": "\n".join(self.lines)}
        return data, {"analysis": {"kind": "findings", "name": self.name, "lines": self.lines}}


@dataclass
class Notes:
    """What loading the corpus found (duplicates, empty documents, replaced characters),
    in plain words: the place of warnings on a page."""

    records: list[dict[str, Any]]

    def _repr_html_(self) -> str:
        if not self.records:
            return (
                '<aside class="notes notes-none"><p>Nothing odd was found in this corpus.</p>'
                "</aside>"
            )
        items = "".join(f"<li>{html.escape(r['text'])}</li>" for r in self.records)
        return f'<aside class="notes"><h2>Notes on this corpus</h2><ul>{items}</ul></aside>'

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        text = "\n".join(r["text"] for r in self.records) or "Nothing odd was found."
        data = {"text/html": self._repr_html_(), "text/plain": text}
        return data, {"analysis": {"kind": "notes", "records": self.records}}


def show_notes(records: Iterable[Mapping[str, Any]]) -> Notes:
    """The notes of a corpus (:attr:`analysis.CorpusTables.notes`) as a box."""
    return Notes([dict(r) for r in records])


__all__ = [
    "COLUMNS",
    "Findings",
    "Notes",
    "Table",
    "format_value",
    "label",
    "show_notes",
    "show_table",
]
