"""Explorers for JupyterLab: search the corpus as you type, drill into an actor, read an
article with its actors, quotes and sources marked, page through a big table.

Each explorer is one call in a cell (``analysis.explore_concordance(corpus)``) and works in
any notebook.  They are ipywidgets: a few inputs above a view.  The view is plain HTML made
by the ``*_html`` functions below from the corpus's tables (every piece of article text
escaped), so the same view shows where no widget can run: in a report page or any static
export, an explorer shows its current view (the first page of results, the article with its
highlights) instead of a broken widget.

Everything an explorer needs is indexed once, when it is made; after that a query or a new
article only reads those indexes (``benchmarks/explore_speed.py`` times them on BBC).
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.display import Table, label, rows_text, signed
from analysis.errors import AnalysisError, check_int, invalid_value
from analysis.prepared import CorpusTables, corpus_tables
from analysis.style import TABLE_CSS
from analysis.terms.concordance import find_matches, kwic_lines

#: Colours of actor types in the article reader (Okabe-Ito, as the charts).
TYPE_COLOURS: dict[str, str] = {
    "person": "#D55E00",
    "organization": "#009E73",
    "government_body": "#56B4E9",
    "armed_group": "#CC79A7",
    "country": "#0072B2",
    "place": "#E69F00",
    "people": "#8C6D31",
    "event": "#7F7F7F",
}
#: Colours of speakers' quotes, in the order speakers first speak in an article.
SPEAKER_COLOURS: tuple[str, ...] = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#8C6D31",
)
_UNNAMED_SPEAKER = "#7b8794"

EXPLORER_CSS = (
    TABLE_CSS
    + """
.nx{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2933}
.nx h3{font-size:15px;margin:.9rem 0 .3rem}
.nx .count{font-weight:600;margin:.3rem 0}
.nx .hint{color:#616e7c;font-size:13px;margin:.2rem 0}
.nx .strip{display:block;margin:.3rem 0 .6rem}
.nx .article{white-space:pre-wrap;max-width:46rem;font-size:15px;line-height:1.7}
.nx .article h2{white-space:normal;font-size:19px;margin:.2rem 0 .6rem}
.nx .m{font-weight:600;border-radius:2px}
.nx .q{border-bottom:2px solid;padding-bottom:1px}
.nx .anon{text-decoration:underline dashed #D55E00;text-underline-offset:3px}
.nx .legend span{display:inline-block;margin:0 .8rem .2rem 0;font-size:13px}
.nx .swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;
vertical-align:-1px;margin-right:.25rem}
"""
)


def _corpus(corpus: Any) -> CorpusTables:
    return corpus if isinstance(corpus, CorpusTables) else corpus_tables(corpus)


def _wrap(body: str) -> str:
    return f'<div class="nx"><style>{EXPLORER_CSS}</style>{body}</div>'


def _by_document(table: pd.DataFrame) -> dict[Any, np.ndarray]:
    """Row positions of each document's rows (made once; a look-up costs nothing after)."""
    if table.empty:
        return {}
    return {k: np.asarray(v) for k, v in table.groupby("doc_id", sort=False).indices.items()}


# --- the concordance ----------------------------------------------------------------------
class Concordance:
    """A corpus indexed for searching as a person types: its documents, their groups and
    months, and the sentence starts that place a match in its sentence."""

    def __init__(self, corpus: Any, *, group_by: str = "group", date_column: str = "date") -> None:
        self.corpus = _corpus(corpus)
        docs = self.corpus.documents
        self.docs = docs
        self.sentences = self.corpus.sentences
        self.group_by = group_by if group_by in docs.columns else None
        self.groups: list[str] = (
            sorted(docs[group_by].dropna().astype(str).unique()) if self.group_by else []
        )
        self.months: pd.Series | None = None
        if date_column in docs.columns:
            dates = pd.to_datetime(docs[date_column], errors="coerce", utc=True)
            if dates.notna().any():
                self.months = dates.dt.strftime("%Y-%m").where(dates.notna(), None)
        self._group_of = (
            dict(zip(docs["doc_id"], docs[group_by].astype(str), strict=True))
            if self.group_by
            else {}
        )
        self._month_of = (
            dict(zip(docs["doc_id"], self.months, strict=True)) if self.months is not None else {}
        )
        self._titles = dict(zip(docs["doc_id"], docs.get("title", docs["doc_id"]), strict=True))

    @property
    def month_range(self) -> list[str]:
        if self.months is None:
            return []
        return sorted(m for m in self.months.dropna().unique())

    def search(
        self,
        query: str,
        *,
        regex: bool = False,
        case: bool = False,
        group: str | None = None,
        months: tuple[str, str] | None = None,
    ) -> pd.DataFrame:
        """Every match (``doc_id, start, end, position``) in the chosen group and months."""
        found = find_matches(self.docs, query, regex=regex, case=case)
        if group:
            found = found[found["doc_id"].map(self._group_of) == group]
        if months and self._month_of:
            month = found["doc_id"].map(self._month_of)
            found = found[(month >= months[0]) & (month <= months[1])]
        return found.reset_index(drop=True)

    def html(
        self,
        query: str,
        *,
        regex: bool = False,
        case: bool = False,
        group: str | None = None,
        months: tuple[str, str] | None = None,
        window: int = 8,
        page: int = 0,
        page_size: int = 20,
    ) -> tuple[str, int]:
        """The view of a query: the count, a dispersion strip and one page of KWIC lines.

        Returns:
            ``(html, matches)``.
        """
        if not query.strip():
            return _wrap('<p class="hint">Type a word, a phrase or a regular expression.</p>'), 0
        try:
            found = self.search(query, regex=regex, case=case, group=group, months=months)
        except AnalysisError as exc:
            return _wrap(f'<p class="hint">{html.escape(str(exc))}</p>'), 0
        n, n_docs = len(found), found["doc_id"].nunique()
        where = f" in {html.escape(group)}" if group else ""
        if months and self._month_of:
            where += f", {html.escape(months[0])} to {html.escape(months[1])}"
        count = (
            f'<p class="count">{n:,} match{"" if n == 1 else "es"} in {n_docs:,} of '
            f"{len(self.docs):,} documents{where}</p>"
        )
        if n == 0:
            return _wrap(count + '<p class="hint">Nothing matches.</p>'), 0
        pages = max((n - 1) // page_size + 1, 1)
        page = min(max(page, 0), pages - 1)
        shown = found.iloc[page * page_size : (page + 1) * page_size]
        lines = kwic_lines(self.docs, shown, window=window, sents=self.sentences)
        table = Table(
            lines[["doc_id", "left", "match", "right"]],
            about=f"Page {page + 1} of {pages}, in corpus order",
            rows=None,
            total=n,
        )
        return _wrap(count + dispersion_svg(found, self._titles) + table._repr_html_()), n


def dispersion_svg(found: pd.DataFrame, titles: dict[Any, Any], *, rows: int = 8) -> str:
    """Where the matches fall in the documents with the most of them: one line per document
    from its start (left) to its end (right), a tick per match.  Inline SVG, escaped."""
    if found.empty:
        return ""
    top = found["doc_id"].value_counts(sort=True).head(rows)
    width, label, height = 640, 150, 16
    parts = [
        f'<svg class="strip" width="{width}" height="{height * len(top) + 18}" '
        f'role="img" aria-label="Where the matches fall in the documents with the most">'
    ]
    plot = width - label - 10
    for row, (doc_id, hits) in enumerate(top.items()):
        y = row * height + 8
        name = html.escape(str(doc_id))
        tip = html.escape(f"{doc_id}: {titles.get(doc_id, '')} ({hits} matches)")
        parts.append(
            f'<g><title>{tip}</title><text x="0" y="{y + 4}" font-size="11" fill="#616e7c">'
            f"{name[:22]}</text>"
            f'<line x1="{label}" x2="{label + plot}" y1="{y}" y2="{y}" stroke="#e4e7eb"/>'
        )
        for position in found.loc[found["doc_id"] == doc_id, "position"]:
            x = label + plot * float(position)
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 6}" y2="{y + 6}" stroke="#0072B2"/>'
            )
        parts.append("</g>")
    y = len(top) * height + 14
    parts.append(
        f'<text x="{label}" y="{y}" font-size="10" fill="#616e7c">start of the document</text>'
        f'<text x="{label + plot}" y="{y}" font-size="10" fill="#616e7c" '
        f'text-anchor="end">end</text></svg>'
    )
    return "".join(parts)


# --- the article reader --------------------------------------------------------------------
class Articles:
    """A corpus indexed for reading one article at a time with its annotations."""

    def __init__(self, corpus: Any) -> None:
        self.corpus = _corpus(corpus)
        self.docs = self.corpus.documents
        self.doc_ids = self.docs["doc_id"].tolist()
        self._row = {d: i for i, d in enumerate(self.doc_ids)}
        self.sentiment = self.corpus.sentiment
        self.mentions = self.corpus.mentions
        self.quotes = self.corpus.quotes
        self.attributions = self.corpus.attributions
        self._at = {
            name: _by_document(getattr(self, name))
            for name in ("sentiment", "mentions", "quotes", "attributions")
        }

    def _rows(self, name: str, doc_id: Any) -> pd.DataFrame:
        table = getattr(self, name)
        where = self._at[name].get(doc_id)
        return table.iloc[where] if where is not None else table.iloc[:0]

    def html(self, doc_id: Any) -> str:
        """One article: actors highlighted by type, quotes underlined in their speaker's
        colour (the speaker on hover), unnamed sources marked, each sentence's sentiment as a
        faint background."""
        if doc_id not in self._row:
            raise invalid_value("doc_id", doc_id, "the id of a document in the corpus")
        doc = self.docs.iloc[self._row[doc_id]]
        text = doc["text"] if isinstance(doc["text"], str) else ""
        mentions = self._rows("mentions", doc_id)
        quotes = self._rows("quotes", doc_id)
        sources = self._rows("attributions", doc_id)
        scored = self._rows("sentiment", doc_id)
        speakers: dict[str, str] = {}
        for name in quotes["speaker_actor"]:
            if isinstance(name, str) and name not in speakers:
                speakers[name] = SPEAKER_COLOURS[len(speakers) % len(SPEAKER_COLOURS)]
        # (start, end, layer, opening tag): layers nest sentence > quote > source > mention
        spans: list[tuple[int, int, int, str]] = []
        for start, end, score in zip(
            scored["start"], scored["end"], scored["compound"], strict=True
        ):
            if score == score and abs(score) >= 0.05:
                rgb = "0,114,178" if score > 0 else "213,94,0"
                alpha = 0.06 + 0.16 * min(abs(float(score)), 1.0)
                tip = html.escape(f"sentence sentiment {signed(float(score), 2)}", quote=True)
                spans.append(
                    (
                        start,
                        end,
                        0,
                        f'<span style="background:rgba({rgb},{alpha:.2f})" title="{tip}">',
                    )
                )
        for start, end, speaker in zip(
            quotes["start"], quotes["end"], quotes["speaker_actor"], strict=True
        ):
            named = isinstance(speaker, str)
            colour = speakers[speaker] if named else _UNNAMED_SPEAKER
            tip = html.escape(f"quote: {speaker if named else 'speaker not found'}", quote=True)
            spans.append(
                (start, end, 1, f'<span class="q" style="border-color:{colour}" title="{tip}">')
            )
        for start, end, kind, source in zip(
            sources["start"], sources["end"], sources["source_kind"], sources["source"], strict=True
        ):
            if kind == "anonymous":
                tip = html.escape(f"unnamed source: {source}", quote=True)
                spans.append((start, end, 2, f'<span class="anon" title="{tip}">'))
        for start, end, actor, kind in zip(
            mentions["start"], mentions["end"], mentions["actor"], mentions["type"], strict=True
        ):
            colour = TYPE_COLOURS.get(str(kind), "#1f2933")
            tip = html.escape(f"{actor} · {str(kind).replace('_', ' ')}", quote=True)
            spans.append((start, end, 3, f'<span class="m" style="color:{colour}" title="{tip}">'))
        body = _marked(text, spans)
        title = doc.get("title")
        title = title if isinstance(title, str) and title.strip() else ""
        # the text opens with its headline when it has one (then the headline is marked too)
        headline = "" if title and text.startswith(title) else f"<h2>{html.escape(title)}</h2>"
        if not title:
            headline = ""
        facts = [str(doc_id)]
        for column in ("group", "outlet", "date"):
            value = doc.get(column)
            if isinstance(value, str) and value:
                facts.append(value)
        unnamed = int((sources["source_kind"] == "anonymous").sum())
        counts = " · ".join(
            f"{n:,} {word if n == 1 else words}"
            for n, word, words in (
                (len(mentions), "actor mention", "actor mentions"),
                (len(quotes), "quote", "quotes"),
                (unnamed, "unnamed source", "unnamed sources"),
            )
        )
        types = set(mentions["type"])
        keys = [(c, t.replace("_", " ")) for t, c in TYPE_COLOURS.items() if t in types]
        keys += [(c, f"quote: {s}") for s, c in speakers.items()]
        keys += [
            ("rgba(213,94,0,.2)", "negative sentence"),
            ("rgba(0,114,178,.2)", "positive sentence"),
        ]
        legend = "".join(
            f'<span><i class="swatch" style="background:{c}"></i>{html.escape(t)}</span>'
            for c, t in keys
        )
        legend += '<span class="anon">unnamed source</span>'
        return _wrap(
            f'<p class="hint">{html.escape(" · ".join(facts))} · {counts}</p>'
            f'<div class="legend">{legend}</div>'
            f'<div class="article">{headline}{body}</div>'
        )


def _marked(text: str, spans: Sequence[tuple[int, int, int, str]]) -> str:
    """``text`` escaped, with each span's tag opened and closed around its characters.

    Spans may overlap (a quote across two sentences): the text is cut wherever a span starts
    or ends, and each piece is wrapped in the tags of every span over it, outermost layer
    first, so the HTML always nests.
    """
    size = len(text)
    spans = [(max(0, s), min(size, e), layer, tag) for s, e, layer, tag in spans if e > s]
    cuts = sorted({0, size, *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    starts: dict[int, list[tuple[int, int, int, str]]] = {}
    for span in spans:
        starts.setdefault(span[0], []).append(span)
    open_spans: list[tuple[int, int, int, str]] = []
    out = []
    for left, right in itertools.pairwise(cuts):
        open_spans = [s for s in open_spans if s[1] > left] + starts.get(left, [])
        piece = html.escape(text[left:right])
        if not open_spans:
            out.append(piece)
            continue
        layered = sorted(open_spans, key=lambda s: (s[2], s[0], -s[1]))
        out.append("".join(s[3] for s in layered) + piece + "</span>" * len(layered))
    return "".join(out)


# --- an actor ------------------------------------------------------------------------------
class Actors:
    """A corpus indexed by actor: where each is named, in what light, what it says, who
    cites it and whom it is named with."""

    def __init__(self, corpus: Any) -> None:
        self.corpus = _corpus(corpus)
        self.docs = self.corpus.documents
        mentions = self.corpus.mentions
        self.mentions = mentions
        counts = mentions.groupby("actor", sort=False).agg(
            mentions=("actor", "size"), docs=("doc_id", "nunique"), type=("type", "first")
        )
        self.counts = counts.reset_index().sort_values(
            ["mentions", "actor"], ascending=[False, True], kind="mergesort"
        )
        self._mentions_at = {
            k: np.asarray(v) for k, v in mentions.groupby("actor", sort=False).indices.items()
        }
        scored = self.corpus.sentiment
        self._sentences = scored[~scored["is_title"].astype(bool)].set_index(["doc_id", "sent_id"])
        self._titles = dict(zip(self.docs["doc_id"], self.docs.get("title", ""), strict=True))
        units = mentions.drop_duplicates(["doc_id", "sent_id", "actor"])[
            ["doc_id", "sent_id", "actor"]
        ]
        self._units = units
        self._units_at = {
            k: np.asarray(v) for k, v in units.groupby("actor", sort=False).indices.items()
        }

    @property
    def names(self) -> list[str]:
        """Actors, the most mentioned first."""
        return self.counts["actor"].tolist()

    def html(self, actor: str, *, rows: int = 10) -> str:
        """Where ``actor`` is named, the sentences that name it with their sentiment, what
        it says, who cites it, and whom it is named with."""
        check_int("rows", rows, minimum=1)
        where = self._mentions_at.get(actor)
        if where is None:
            raise invalid_value("actor", actor, "an actor named in the corpus")
        named = self.mentions.iloc[where]
        row = self.counts.set_index("actor").loc[actor]
        parts = [
            f"<h3>{html.escape(actor)}</h3>"
            f'<p class="hint">{html.escape(str(row["type"]).replace("_", " "))} · '
            f"{int(row['mentions']):,} mentions in {int(row['docs']):,} documents</p>"
        ]
        by_doc = named.groupby("doc_id", sort=False).size().rename("mentions").reset_index()
        by_doc = by_doc.sort_values("mentions", ascending=False, kind="mergesort")
        by_doc.insert(1, "title", by_doc["doc_id"].map(self._titles))
        parts.append("<h3>Where it is named</h3>")
        parts.append(Table(by_doc, about="The documents naming it most", rows=rows)._repr_html_())
        keys = list(dict.fromkeys(zip(named["doc_id"], named["sent_id"], strict=True)))
        sentences = self._sentences.reindex(keys).dropna(subset=["compound"]).reset_index()
        parts.append("<h3>The sentences that name it</h3>")
        if len(sentences):
            mean = float(sentences["compound"].mean())
            parts.append(
                f'<p class="hint">Mean sentiment {signed(mean, 3)} over '
                f"{len(sentences):,} body sentences; the most negative and the most positive:</p>"
            )
            half = max(rows // 2, 1)
            ordered = sentences.drop_duplicates("text").sort_values("compound", kind="mergesort")
            shown = pd.concat([ordered.head(half), ordered.iloc[::-1].head(half)])
            shown = shown.drop_duplicates(["doc_id", "sent_id"])
            parts.append(Table(shown[["doc_id", "compound", "text"]], rows=None)._repr_html_())
        else:
            parts.append('<p class="hint">Named in headlines only.</p>')
        quotes = self.corpus.quotes
        said = quotes[quotes["speaker_actor"] == actor]
        parts.append("<h3>What it says</h3>")
        if len(said):
            longest = said.assign(_n=said["text"].str.len()).sort_values("_n", ascending=False)
            parts.append(
                Table(
                    longest[["doc_id", "cue_verb", "text"]],
                    about=f"{rows_text(len(said)).replace('row', 'quote')}, the longest first",
                    rows=rows,
                )._repr_html_()
            )
        else:
            parts.append('<p class="hint">No direct quote is attributed to it.</p>')
        cited = self.corpus.attributions
        cited = cited[cited["source_actor"] == actor]
        parts.append("<h3>Reported speech citing it</h3>")
        if len(cited):
            parts.append(
                Table(
                    cited[["doc_id", "source", "cue"]],
                    about="Attributions without quotation marks that name it",
                    rows=rows,
                )._repr_html_()
            )
        else:
            parts.append('<p class="hint">No attribution without quotation marks names it.</p>')
        # every actor of every sentence naming this one (a sentence's actors once each)
        where = self._units.iloc[self._units_at[actor]][["doc_id", "sent_id"]]
        together = where.merge(self._units, on=["doc_id", "sent_id"], sort=False)["actor"]
        others = together[together != actor].astype(object).reset_index(drop=True)
        parts.append("<h3>Named with</h3>")
        if len(others):
            neighbours = others.value_counts().rename_axis("actor_b").reset_index(name="weight")
            neighbours = neighbours.sort_values(
                ["weight", "actor_b"], ascending=[False, True], kind="mergesort"
            )
            parts.append(
                Table(
                    neighbours, about="Actors named in the same sentence", rows=rows
                )._repr_html_()
            )
        else:
            parts.append('<p class="hint">Never named in a sentence with another actor.</p>')
        return _wrap("".join(parts))


# --- a big table ---------------------------------------------------------------------------
class TablePages:
    """A table to filter by what its rows contain, sort by any column and page through."""

    def __init__(self, table: pd.DataFrame) -> None:
        self.table = table.reset_index(drop=True)
        joined = pd.Series([""] * len(self.table), dtype=object)
        for column in self.table.columns:
            values = self.table[column]
            if values.dtype == object or pd.api.types.is_string_dtype(values):
                text = values.map(lambda v: "" if v is None or v != v else str(v))
                joined = joined + " " + text.astype(object)
        self._haystack = joined.str.lower()

    def page(
        self,
        *,
        query: str = "",
        sort_by: str | None = None,
        ascending: bool = False,
        page: int = 0,
        page_size: int = 20,
    ) -> tuple[pd.DataFrame, int]:
        """One page of the rows that contain ``query``, sorted; and how many rows match."""
        rows = self.table
        if query.strip():
            rows = rows[self._haystack.str.contains(query.strip().lower(), regex=False).to_numpy()]
        if sort_by:
            rows = rows.sort_values(sort_by, ascending=ascending, kind="mergesort")
        start = max(page, 0) * page_size
        return rows.iloc[start : start + page_size], len(rows)

    def html(self, **options: Any) -> str:
        size = options.get("page_size", 20)
        shown, total = self.page(**options)
        pages = max((total - 1) // size + 1, 1)
        about = f"Page {options.get('page', 0) + 1} of {pages}"
        return _wrap(Table(shown, about=about, rows=None, total=total)._repr_html_())


# --- the widgets ---------------------------------------------------------------------------
def _widgets() -> Any:
    try:
        import ipywidgets
    except ImportError as exc:  # pragma: no cover - ipywidgets is a dependency
        raise AnalysisError("the explorers need ipywidgets (pip install ipywidgets)") from exc
    return ipywidgets


_EXPLORER_CLASS: list[Any] = []


def _explorer(children: list[Any], view: Any, name: str) -> Any:
    """A box of ``children`` whose display data carries ``view``'s HTML beside the widget:
    JupyterLab shows the widget; a static page (nbconvert, a report) shows the view."""
    if not _EXPLORER_CLASS:
        w = _widgets()

        class Explorer(w.VBox):
            def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
                data = dict(super()._repr_mimebundle_(include=include, exclude=exclude) or {})
                note = '<p class="hint">Open the notebook in JupyterLab to search and click.</p>'
                data["text/html"] = self.view.value + _wrap(note)
                return data

        _EXPLORER_CLASS.append(Explorer)
    box = _EXPLORER_CLASS[0](children)
    box.view = view
    box.add_class(name)
    return box


def _wire_pages(
    state: dict[str, Any], refresh: Any, controls: Sequence[Any], back: Any, more: Any
) -> None:
    """Any change of ``controls`` goes back to the first page; ``back``/``more`` turn pages;
    then the first view is drawn."""

    def restart(*_: Any) -> None:
        state["page"] = 0
        refresh()

    def turn(step: int) -> Any:
        def go(_: Any) -> None:
            state["page"] = max(state["page"] + step, 0)
            refresh()

        return go

    for control in controls:
        control.observe(restart, names="value")
    back.on_click(turn(-1))
    more.on_click(turn(1))
    refresh()


def explore_concordance(
    corpus: Any,
    query: str = "",
    *,
    group_by: str = "group",
    date_column: str = "date",
    window: int = 8,
    page_size: int = 20,
) -> Any:
    """Search the corpus as you type: a word, a phrase or a regular expression, the count of
    matches, where they fall in the documents, and the lines in context, filtered by group
    and by month when the corpus has them.

    Args:
        corpus: A :class:`~analysis.CorpusTables` (or what :func:`analysis.corpus_tables`
            takes).
        query: What to search for first.
        group_by: A column of groups to filter by (an outlet, a section).
        date_column: A column of dates to filter by month.
        window: Tokens of context on each side.
        page_size: Lines per page.

    Returns:
        An ipywidgets box: the last expression of a cell, it shows the explorer.
    """
    check_int("window", window, minimum=0)
    check_int("page_size", page_size, minimum=1)
    w = _widgets()
    index = Concordance(corpus, group_by=group_by, date_column=date_column)

    box = w.Text(
        value=query,
        placeholder="Search: a word, a phrase, or a regular expression",
        continuous_update=True,
        layout=w.Layout(width="26rem"),
    )
    regex = w.Checkbox(value=False, description="regular expression", indent=False)
    case = w.Checkbox(value=False, description="match case", indent=False)
    group = w.Dropdown(
        options=[("all groups", "")] + [(g, g) for g in index.groups],
        value="",
        description=group_by if index.group_by else "",
        layout=w.Layout(width="16rem", display="" if len(index.groups) > 1 else "none"),
    )
    months = index.month_range
    period = w.SelectionRangeSlider(
        options=months or ["-"],
        index=(0, max(len(months) - 1, 0)),
        description="months",
        layout=w.Layout(width="30rem", display="" if len(months) > 1 else "none"),
    )
    back = w.Button(description="◀ previous", layout=w.Layout(width="7rem"))
    more = w.Button(description="next ▶", layout=w.Layout(width="7rem"))
    view = w.HTML()
    state = {"page": 0, "matches": 0}

    def refresh(*_: Any) -> None:
        chosen = tuple(period.value) if len(months) > 1 else None
        view.value, state["matches"] = index.html(
            box.value,
            regex=regex.value,
            case=case.value,
            group=group.value or None,
            months=chosen,
            window=window,
            page=state["page"],
            page_size=page_size,
        )
        back.disabled = state["page"] == 0
        more.disabled = (state["page"] + 1) * page_size >= state["matches"]

    _wire_pages(state, refresh, (box, regex, case, group, period), back, more)
    explorer = _explorer(
        [w.HBox([box, regex, case]), w.HBox([group, period]), view, w.HBox([back, more])],
        view,
        "nx-concordance",
    )
    explorer.index, explorer.query = index, box
    explorer.group, explorer.regex, explorer.next_page = group, regex, more
    return explorer


def explore_actors(corpus: Any, actor: str | None = None, *, rows: int = 10) -> Any:
    """Pick an actor (the most mentioned first) and see where it is named, the sentences that
    name it with their sentiment, the quotes it speaks, the reported speech citing it and the
    actors it is named with.

    Args:
        corpus: A :class:`~analysis.CorpusTables` (or what :func:`analysis.corpus_tables`
            takes).
        actor: The actor shown first (default: the most mentioned).
        rows: Rows of each list.

    Returns:
        An ipywidgets box: the last expression of a cell, it shows the explorer.
    """
    check_int("rows", rows, minimum=1)
    w = _widgets()
    index = Actors(corpus)

    counts = index.counts
    options = [
        (f"{a} · {m:,} mentions", a)
        for a, m in zip(counts["actor"], counts["mentions"], strict=True)
    ]
    if actor is not None and actor not in index._mentions_at:
        raise invalid_value("actor", actor, "an actor named in the corpus")
    pick = w.Dropdown(
        options=options,
        value=actor if actor is not None else (options[0][1] if options else None),
        description="actor",
        layout=w.Layout(width="28rem"),
    )
    view = w.HTML()

    def refresh(*_: Any) -> None:
        view.value = (
            index.html(pick.value, rows=rows)
            if pick.value is not None
            else _wrap('<p class="hint">No actor is named in this corpus.</p>')
        )

    pick.observe(refresh, names="value")
    refresh()
    explorer = _explorer([pick, view], view, "nx-actors")
    explorer.index, explorer.pick = index, pick
    return explorer


def read_articles(corpus: Any, doc_id: Any = None) -> Any:
    """Read the corpus one article at a time, with its actors highlighted by type, its quotes
    underlined in their speaker's colour, unnamed sources marked and each sentence's
    sentiment as a faint background; previous and next buttons walk the corpus.

    Args:
        corpus: A :class:`~analysis.CorpusTables` (or what :func:`analysis.corpus_tables`
            takes).
        doc_id: The article shown first (default: the first).

    Returns:
        An ipywidgets box: the last expression of a cell, it shows the reader.
    """
    w = _widgets()
    index = Articles(corpus)

    titles = index.docs.get("title", index.docs["doc_id"])
    options = [
        (f"{d} · {t}" if isinstance(t, str) and t else str(d), d)
        for d, t in zip(index.doc_ids, titles, strict=True)
    ]
    if doc_id is not None and doc_id not in index._row:
        raise invalid_value("doc_id", doc_id, "the id of a document in the corpus")
    pick = w.Dropdown(
        options=options,
        value=doc_id if doc_id is not None else (options[0][1] if options else None),
        description="article",
        layout=w.Layout(width="34rem"),
    )
    back = w.Button(description="◀ previous", layout=w.Layout(width="7rem"))
    more = w.Button(description="next ▶", layout=w.Layout(width="7rem"))
    view = w.HTML()

    def refresh(*_: Any) -> None:
        if pick.value is None:
            view.value = _wrap('<p class="hint">The corpus holds no documents.</p>')
            return
        view.value = index.html(pick.value)
        where = index._row[pick.value]
        back.disabled = where == 0
        more.disabled = where + 1 >= len(index.doc_ids)

    def turn(step: int) -> Any:
        def go(_: Any) -> None:
            where = index._row[pick.value] + step
            if 0 <= where < len(index.doc_ids):
                pick.value = index.doc_ids[where]

        return go

    pick.observe(refresh, names="value")
    back.on_click(turn(-1))
    more.on_click(turn(1))
    refresh()
    reader = _explorer([w.HBox([back, pick, more]), view], view, "nx-reader")
    reader.index, reader.pick = index, pick
    reader.previous_button, reader.next_button = back, more
    return reader


def explore_table(
    table: pd.DataFrame,
    *,
    sort_by: str | None = None,
    ascending: bool = False,
    page_size: int = 20,
) -> Any:
    """Filter a big table by what its rows contain, sort it by any column and page through it.

    Args:
        table: Any table of the workbook (terms, actors, quotes...).
        sort_by: The column sorted by first (default: the table's order).
        ascending: Sort from the smallest.
        page_size: Rows per page.

    Returns:
        An ipywidgets box: the last expression of a cell, it shows the table.
    """
    check_int("page_size", page_size, minimum=1)
    if sort_by is not None and sort_by not in table.columns:
        raise invalid_value(
            "sort_by", sort_by, f"a column of the table ({', '.join(table.columns)})"
        )
    w = _widgets()
    index = TablePages(table)

    search = w.Text(
        placeholder="Filter rows", continuous_update=True, layout=w.Layout(width="18rem")
    )
    order = w.Dropdown(
        options=[("table order", "")] + [(label(c), c) for c in table.columns],
        value=sort_by or "",
        description="sort by",
        layout=w.Layout(width="18rem"),
    )
    direction = w.ToggleButtons(
        options=[("largest first", False), ("smallest first", True)], value=ascending
    )
    back = w.Button(description="◀ previous", layout=w.Layout(width="7rem"))
    more = w.Button(description="next ▶", layout=w.Layout(width="7rem"))
    view = w.HTML()
    state = {"page": 0}

    def refresh(*_: Any) -> None:
        options = {
            "query": search.value,
            "sort_by": order.value or None,
            "ascending": direction.value,
            "page": state["page"],
            "page_size": page_size,
        }
        view.value = index.html(**options)
        _, total = index.page(**options)
        back.disabled = state["page"] == 0
        more.disabled = (state["page"] + 1) * page_size >= total

    _wire_pages(state, refresh, (search, order, direction), back, more)
    explorer = _explorer(
        [w.HBox([search, order, direction]), view, w.HBox([back, more])], view, "nx-table"
    )
    explorer.index, explorer.search = index, search
    return explorer


__all__ = [
    "Actors",
    "Articles",
    "Concordance",
    "TablePages",
    "dispersion_svg",
    "explore_actors",
    "explore_concordance",
    "explore_table",
    "read_articles",
]
