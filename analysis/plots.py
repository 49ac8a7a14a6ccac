"""Charts for the notebooks: each function returns a matplotlib Figure and never shows it.

One theme for every chart (a colour-blind-safe palette, light grid, no box), and every
chart carries a title, a one-line subtitle saying what it shows, and a source line (the
corpus and its size), so a chart copied out of a report still says what it is.  Charts stay
readable on big corpora: bars show the top rows and an "other" bar for the rest, groups get
one small panel each, networks keep the strongest ties only.  Plain matplotlib: seaborn's
import alone takes a second (it pulls in scipy.stats) and these charts need none of it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analysis.display import signed

#: Okabe & Ito's palette: distinguishable with every common colour-vision deficiency.
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
)
INK, GREY, LIGHT = "#1f2933", "#616e7c", "#e4e7eb"
STYLE: dict[str, Any] = {
    "font.size": 10,
    "font.family": "DejaVu Sans",
    "axes.edgecolor": LIGHT,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": LIGHT,
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "xtick.color": GREY,
    "ytick.color": INK,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
}
WIDTH = 8.0
_TOP_INCHES = 0.95  # title and subtitle
_BOTTOM_INCHES = 0.45  # source line


def _wrap(text: Any, width: int = 28, lines: int = 2) -> str:
    """A label in at most ``lines`` lines of ``width`` characters (cut with an ellipsis)."""
    text = str(text).replace("_", " ")  # code names (named_person) in words
    wrapped = textwrap.wrap(text, width, max_lines=lines, placeholder=" …")
    return "\n".join(wrapped) or text


def _figure(height: float, ncols: int = 1, nrows: int = 1, width: float = WIDTH) -> tuple:
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), squeeze=False)
    return fig, axes


def _finish(
    fig: Figure,
    *,
    title: str,
    subtitle: str = "",
    source: str = "",
    left: float = 0.08,
    legend_inches: float = 0.0,
) -> Figure:
    """Title, subtitle and source line in the figure's margins (and ``legend_inches`` more
    below the axes for a legend above the source line); close it for the caller."""
    height = fig.get_figheight()
    top = 1 - _TOP_INCHES / height
    bottom = (_BOTTOM_INCHES + legend_inches) / height + 0.06
    fig.subplots_adjust(top=top, bottom=bottom, left=left, right=0.97)
    fig.text(0.01, 1 - 0.18 / height, title, fontsize=13, fontweight="bold", color=INK, va="top")
    if subtitle:
        fig.text(0.01, 1 - 0.52 / height, subtitle, fontsize=9.5, color=GREY, va="top")
    if source:
        fig.text(0.01, 0.12 / height, f"Source: {source}", fontsize=8, color=GREY, va="bottom")
    fig.set_label(title)  # what the chart is called where it is saved and listed
    plt.close(fig)  # the caller displays or saves it; no implicit second display
    return fig


def _no_data(ax: Any, message: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", color=GREY, transform=ax.transAxes)


def top_with_other(
    table: pd.DataFrame, *, label: str, value: str, top: int, other: str = "all others"
) -> pd.DataFrame:
    """The first ``top`` rows, and one more holding the sum of the rest (if any)."""
    head = table.head(top)[[label, value]]
    rest = table.iloc[top:]
    if len(rest):
        extra = pd.DataFrame({label: [f"{other} ({len(rest):,})"], value: [rest[value].sum()]})
        head = pd.concat([head, extra], ignore_index=True)
    return head


def _fmt(value: float, kind: str) -> str:
    if kind == "share":
        return f"{value * 100:.0f}%"
    if kind == "score":
        return signed(value, 2)
    if kind == "int":
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def bar(
    table: pd.DataFrame,
    *,
    label: str,
    value: str,
    title: str,
    subtitle: str = "",
    source: str = "",
    xlabel: str = "",
    top: int = 15,
    other: bool = False,
    kind: str = "int",
    color_by: str | None = None,
) -> Figure:
    """Horizontal bars of ``table[value]`` by ``table[label]``, in table order.

    Args:
        table: Rows already sorted by what matters.
        label: Column naming each bar.
        value: Column of bar lengths.
        title, subtitle, source: The chart's words (see the module docs).
        xlabel: The value axis' name.
        top: Bars shown at most.
        other: Add a bar for the sum of the rows left out (for counts).
        kind: How values are written at the bars' ends: ``int``, ``share``, ``score``,
            ``float``.
        color_by: A column whose values colour the bars (a legend says which is which).
    """
    rows = top_with_other(table, label=label, value=value, top=top) if other else table.head(top)
    fig, axes = _figure(height=max(2.6, 0.34 * len(rows) + 1.9))
    ax = axes[0][0]
    if rows.empty:
        _no_data(ax, "nothing to show")
        return _finish(fig, title=title, subtitle=subtitle, source=source)
    values = rows[value].astype(float).to_numpy()
    positions = np.arange(len(rows))[::-1]
    colors: list[str] = [PALETTE[0]] * len(rows)
    if color_by is not None and color_by in rows.columns:
        keys = list(dict.fromkeys(rows[color_by].astype(str)))
        palette = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}
        colors = [palette[str(k)] for k in rows[color_by]]
        handles = [plt.Rectangle((0, 0), 1, 1, color=palette[k]) for k in keys]
        ax.legend(handles, keys, frameon=False, loc="lower right", fontsize=8.5)
    if other and len(rows) > top:
        colors[-1] = LIGHT
    ax.barh(positions, values, color=colors, height=0.68)
    ax.set_yticks(positions, [_wrap(v, 34) for v in rows[label]])
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", visible=False)
    if (values < 0).any():
        ax.axvline(0, color=GREY, linewidth=0.8)
    span = max(abs(values).max(), 1e-9)
    for y, v in zip(positions, values, strict=True):
        ax.text(
            v + (0.01 * span if v >= 0 else -0.01 * span),
            y,
            _fmt(v, kind),
            va="center",
            ha="left" if v >= 0 else "right",
            fontsize=8.5,
            color=GREY,
        )
    low, high = min(values.min(), 0), max(values.max(), 0)
    ax.set_xlim(low - 0.12 * span * (low < 0), high + 0.14 * span)
    ax.set_xlabel(xlabel)
    widest = max(len(line) for v in rows[label] for line in _wrap(v, 34).split("\n"))
    return _finish(
        fig, title=title, subtitle=subtitle, source=source, left=min(0.45, 0.03 + 0.0125 * widest)
    )


def bars_by_group(
    table: pd.DataFrame,
    *,
    group: str,
    label: str,
    value: str,
    title: str,
    subtitle: str = "",
    source: str = "",
    top: int = 6,
    kind: str = "float",
    max_groups: int = 8,
) -> Figure:
    """One small bar chart per group (its ``top`` largest values), side by side.

    Args:
        table: Rows with a ``group`` column (ties keep their order in the table).
        group, label, value: Columns: the group, each bar's name, its length.
        title, subtitle, source, kind: As in :func:`bar`; shares (``kind="share"``) are
            drawn on one scale in every panel, so that groups compare at a glance.
        top: Bars per group.
        max_groups: Groups shown at most (the first ones in table order).
    """
    names = list(dict.fromkeys(table[group].astype(str)))[:max_groups]
    ncols = min(len(names), 4) or 1
    nrows = max(1, -(-len(names) // ncols))
    fig, axes = _figure(height=nrows * (0.3 * top + 1.1) + 1.4, ncols=ncols, nrows=nrows)
    flat = [ax for row in axes for ax in row]
    if not names:
        _no_data(flat[0], "nothing to show")
    shown = table.assign(_value=table[value].astype(float)).sort_values(
        "_value", ascending=False, kind="mergesort"
    )
    shown = shown[shown[group].astype(str).isin(names)].groupby(group, sort=False).head(top)
    widest = float(shown["_value"].max()) if len(shown) else 0.0
    for i, ax in enumerate(flat):
        if i >= len(names):
            ax.set_axis_off()
            continue
        rows = shown[shown[group].astype(str) == names[i]]
        values = rows[value].astype(float).to_numpy()
        positions = np.arange(len(rows))[::-1]
        ax.barh(positions, values, color=PALETTE[i % len(PALETTE)], height=0.68)
        ax.set_yticks(positions, [_wrap(v, 18) for v in rows[label]], fontsize=8.5)
        ax.tick_params(axis="y", length=0)
        ax.tick_params(axis="x", labelsize=7.5)
        ax.grid(axis="y", visible=False)
        ax.set_title(_wrap(names[i], 26), fontsize=10, loc="left", color=INK)
        if len(values):
            ax.set_xlim(0, max(widest if kind == "share" else values.max(), 1e-9) * 1.2)
    fig.subplots_adjust(wspace=0.75, hspace=0.55)
    # the first column's labels (up to 18 characters a line) need the wider margin
    return _finish(fig, title=title, subtitle=subtitle, source=source, left=0.16)


def histogram(
    values: Sequence[float] | pd.Series,
    *,
    title: str,
    subtitle: str = "",
    source: str = "",
    xlabel: str = "",
    ylabel: str = "documents",
    bins: int | str = "auto",
) -> Figure:
    """A histogram of ``values``, with the median marked."""
    fig, axes = _figure(height=3.9)
    ax = axes[0][0]
    series = pd.Series(values, dtype=float).dropna()
    if series.empty:
        _no_data(ax, "nothing to show")
    else:
        if series.nunique() > 1:
            edges = np.histogram_bin_edges(series, bins=bins)
        else:  # one value: one bar around it
            width = max(abs(float(series.iloc[0])) * 0.05, 0.05)
            edges = np.array([series.iloc[0] - width, series.iloc[0] + width])
        ax.hist(series, bins=edges, color=PALETTE[0], edgecolor="white", linewidth=0.5)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        median = float(series.median())
        ax.axvline(median, color=PALETTE[3], linewidth=1.2)
        shown = f"{median:,.0f}" if median == round(median) else f"{median:,.2f}"
        top = ax.get_ylim()[1]
        ax.set_ylim(top=top * 1.12)  # room for the label above the bars
        ax.text(
            median,
            top * 1.1,
            f" median {shown}",
            color=PALETTE[3],
            fontsize=8.5,
            va="top",
        )
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
    return _finish(fig, title=title, subtitle=subtitle, source=source)


def _headroom(ax: Any) -> None:
    """Room at the top of the axes for the spikes' numbers."""
    bottom, top = ax.get_ylim()
    ax.set_ylim(bottom, top + (top - bottom) * 0.22)


def _mark_spikes(ax: Any, marks: pd.DataFrame, color: str, x_range: tuple[Any, Any]) -> None:
    """Shade each spike (``marks``: :func:`analysis.spikes` rows of one series) from its
    first period to its last and number it by its rank at the top of the axes (see
    :func:`_headroom`); numbers too close to fit side by side go one row lower, so that no
    two overlap."""
    import matplotlib.dates as mdates

    low, high = x_range
    inside = marks[(marks["period"] >= low) & (marks["period"] <= high)]
    if inside.empty:
        return
    inside = inside.sort_values("period", kind="mergesort")
    lo, hi = ax.get_xlim()
    rows_end: list[float] = []  # where each row's last number ends, in axes fractions
    for row in inside.itertuples(index=False):
        ax.axvspan(row.period, row.end, color=color, alpha=0.14, linewidth=0)
        ax.axvline(row.period, color=color, linewidth=0.9, linestyle="--")
        at = (mdates.date2num(pd.Timestamp(row.period)) - lo) / ((hi - lo) or 1.0)
        rank = int(getattr(row, "rank", 0) or 0)
        width = 0.018 * len(str(rank))  # a number's width in axes fractions (8 pt type)
        level = next((k for k, end in enumerate(rows_end) if at - width / 2 > end), None)
        if level is None:
            level = len(rows_end)
            rows_end.append(-1.0)
        rows_end[level] = at + width / 2 + 0.006
        ax.text(
            row.period,
            0.985 - 0.075 * level,
            str(rank) if rank else "spike",
            transform=ax.get_xaxis_transform(),
            color=color,
            fontsize=8,
            fontweight="bold",
            ha="center",
            va="top",
            gid="spike-label",
            bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none"},
        )


def _describe(fig: Figure, text: str) -> None:
    """What a chart shows beyond its title, for its alt text (:func:`save_figure`)."""
    fig.analysis_description = text


def lines(
    table: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    subtitle: str = "",
    source: str = "",
    xlabel: str = "",
    ylabel: str = "",
    hue: str | None = None,
    band: tuple[str, str] | None = None,
    max_lines: int = 8,
    zero: bool = False,
    marks: pd.DataFrame | None = None,
    max_marks: int = 10,
) -> Figure:
    """Lines of ``table[y]`` over ``table[x]``, one per ``hue`` value (the first
    ``max_lines`` in table order), with an optional band (``(low, high)`` columns) and
    spikes marked (``marks``: :func:`analysis.spikes` rows, ``series, rank, period, end``;
    the ``max_marks`` best ranked of each series shaded in its line's colour from its first
    period to its last and numbered by rank).  Several series read better as
    :func:`small_multiples`."""
    fig, axes = _figure(height=4.1)
    ax = axes[0][0]
    if table.empty:
        _no_data(ax, "nothing to show")
        return _finish(fig, title=title, subtitle=subtitle, source=source)
    keys = list(dict.fromkeys(table[hue]))[:max_lines] if hue else [None]
    for i, key in enumerate(keys):
        part = table if key is None else table[table[hue] == key]
        _draw_line(ax, part, x, y, PALETTE[i % len(PALETTE)], band, key)
    if zero:
        ax.axhline(0, color=GREY, linewidth=0.8)
    if marks is not None and len(marks):
        ranked = marks[marks["rank"] <= max_marks] if "rank" in marks.columns else marks
        x_range = (table[x].min(), table[x].max())
        _headroom(ax)
        for i, key in enumerate(keys):
            own = ranked if key is None else ranked[ranked["series"] == key]
            _mark_spikes(ax, own, PALETTE[i % len(PALETTE)], x_range)
    if hue:
        ax.legend(frameon=False, fontsize=8.5, loc="best")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return _finish(fig, title=title, subtitle=subtitle, source=source, left=0.1)


def _draw_line(
    ax: Any, part: pd.DataFrame, x: str, y: str, color: str, band: Any, key: Any
) -> None:
    if band is not None:
        ax.fill_between(part[x], part[band[0]], part[band[1]], color=color, alpha=0.15, linewidth=0)
    marker = "o" if len(part) <= 30 else None
    ax.plot(
        part[x],
        part[y],
        color=color,
        marker=marker,
        markersize=3.5 if marker else 0,
        linewidth=1.6,
        label=None if key is None else _wrap(key, 30),
    )


def small_multiples(
    table: pd.DataFrame,
    *,
    x: str,
    y: str,
    facet: str,
    title: str,
    subtitle: str = "",
    source: str = "",
    ylabel: str = "",
    band: tuple[str, str] | None = None,
    marks: pd.DataFrame | None = None,
    order: Sequence[Any] | None = None,
    max_panels: int = 12,
    max_marks: int = 10,
    kind: str = "float",
) -> Figure:
    """One small panel per ``facet`` value (the first ``max_panels`` in table order), all
    on the same axes, instead of lines drawn over each other.

    Args:
        table: Rows with ``x``, ``y`` and ``facet`` columns (a missing ``y`` is a gap).
        x, y, facet: The columns: time, value, and the series each panel shows.
        title, subtitle, source, ylabel: As in :func:`lines`.
        band: ``(low, high)`` columns of an interval drawn around each line.
        marks: :func:`analysis.spikes` rows with ``series`` the facet value: the
            ``max_marks`` best ranked of each panel are shaded and numbered.
        order: The facet values in the order of their panels (by default, as they come).
        max_panels: Panels at most.
        kind: ``"share"`` labels the value axis in percent.
    """
    present = list(dict.fromkeys(table[facet])) if len(table) else []
    if order is not None:
        present = [v for v in dict.fromkeys(order) if v in set(present)]
    names = present[:max_panels]
    ncols = 2 if len(names) <= 4 else 3
    nrows = max(1, -(-len(names) // ncols))
    fig, axes = _figure(height=nrows * 1.85 + 1.5, ncols=ncols, nrows=nrows)
    flat = [ax for row in axes for ax in row]
    if not names:
        _no_data(flat[0], "nothing to show")
        for ax in flat[1:]:
            ax.set_axis_off()
        return _finish(fig, title=title, subtitle=subtitle, source=source)
    import matplotlib.dates as mdates

    shown = table[table[facet].isin(names)]
    values = shown[y].astype(float)
    if band is not None:
        values = pd.concat([values, shown[band[0]].astype(float), shown[band[1]].astype(float)])
    low = min(float(values.min()) if values.notna().any() else 0.0, 0.0)
    high = float(values.max()) if values.notna().any() else 1.0
    x_range = (shown[x].min(), shown[x].max())
    for i, ax in enumerate(flat):
        if i >= len(names):
            ax.set_axis_off()
            continue
        part = shown[shown[facet] == names[i]]
        color = PALETTE[i % len(PALETTE)]
        _draw_line(ax, part, x, y, color, band, None)
        ax.set_xlim(x_range)
        ax.set_ylim(low, high + (high - low) * 0.08 or 1.0)
        if marks is not None and len(marks):
            _headroom(ax)  # in every panel, so that all keep one scale
        ax.set_title(_wrap(names[i], 34, 1), fontsize=9.5, loc="left", color=INK)
        ax.tick_params(labelsize=7.5)
        locator = mdates.AutoDateLocator(maxticks=4)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        if kind == "share":
            ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
            ax.set_yticks([t for t in ax.get_yticks() if 0 <= t <= 1])  # no 125% of documents
        if i % ncols == 0:
            ax.set_ylabel(ylabel, fontsize=8)
        if marks is not None and len(marks):
            own = marks[marks["series"] == names[i]]
            if "rank" in own.columns:
                own = own[own["rank"] <= max_marks]
            _mark_spikes(ax, own, color, x_range)
    fig.subplots_adjust(wspace=0.25, hspace=0.6)
    _describe(fig, f"one panel each for {', '.join(str(n) for n in names)}")
    return _finish(fig, title=title, subtitle=subtitle, source=source)


def arc(table: pd.DataFrame, *, title: str, subtitle: str = "", source: str = "") -> Figure:
    """The typical course of sentiment through an article (:func:`analysis.mean_arc`): one
    line with its band of the middle half of sentences, or one line per group."""
    several = table["group"].nunique() > 1 if len(table) else False
    return lines(
        table,
        x="position",
        y="compound_mean",
        hue="group" if several else None,
        band=None if several else ("low", "high"),
        zero=True,
        title=title,
        subtitle=subtitle,
        source=source,
        xlabel="position in the article (0 = start, 1 = end)",
        ylabel="mean compound",
    )


def dispersion(
    table: pd.DataFrame,
    *,
    title: str,
    subtitle: str = "",
    source: str = "",
    max_docs: int = 15,
) -> Figure:
    """Where terms occur through documents: one strip per document (those with the most
    hits first), a tick per occurrence, a colour per term.

    Args:
        table: :func:`analysis.dispersion` output (``doc_id, term, position``...).
        title, subtitle, source: As in :func:`bar`.
        max_docs: Documents shown at most.
    """
    hits = table.groupby("doc_id", sort=False).size().sort_values(ascending=False, kind="mergesort")
    docs = list(hits.index[:max_docs])
    fig, axes = _figure(height=max(2.6, 0.3 * len(docs) + 2.0))
    ax = axes[0][0]
    if not docs:
        _no_data(ax, "no occurrences")
        return _finish(fig, title=title, subtitle=subtitle, source=source)
    terms = list(dict.fromkeys(table["term"]))
    row_of = {d: len(docs) - 1 - i for i, d in enumerate(docs)}
    shown = table[table["doc_id"].isin(row_of)]
    for i, term in enumerate(terms):
        part = shown[shown["term"] == term]
        ax.scatter(
            part["position"],
            part["doc_id"].map(row_of),
            marker="|",
            s=220,
            linewidths=2,
            color=PALETTE[i % len(PALETTE)],
            label=term,
        )
    ax.set_yticks(list(row_of.values()), [_wrap(d, 30) for d in row_of], fontsize=8.5)
    ax.set_xlim(-0.01, 1.01)
    ax.set_xlabel("position in the document (0 = start, 1 = end)")
    ax.grid(axis="y", visible=False)
    rows = -(-len(terms) // 6)
    fig.legend(  # below the axis label, above the source line: clear of both at any height
        *ax.get_legend_handles_labels(),
        frameon=False,
        fontsize=8.5,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.3 / fig.get_figheight()),
        ncol=min(len(terms), 6),
        markerscale=0.6,
        handletextpad=0.3,
        columnspacing=1.2,
    )
    return _finish(
        fig,
        title=title,
        subtitle=subtitle,
        source=source,
        left=0.25,
        legend_inches=0.25 * rows + 0.15,
    )


def network(
    graph: Any,
    *,
    title: str,
    subtitle: str = "",
    source: str = "",
    max_nodes: int = 25,
    max_edges: int = 40,
) -> Figure:
    """An actor co-occurrence graph, drawn from its strongest ties only.

    The ``max_nodes`` most-mentioned actors, and among them the ``max_edges`` heaviest
    edges; node area by mentions, edge width by weight; actors with no kept edge are left
    out.  Actors sit on a circle, grouped by type and ordered by mentions, so every label
    has its own place and the same graph is drawn the same way every time.
    """
    import networkx as nx

    fig, axes = _figure(height=6.4)
    ax = axes[0][0]
    ax.set_axis_off()
    nodes = sorted(graph.nodes, key=lambda n: (-graph.nodes[n].get("mentions", 0), str(n)))
    sub = graph.subgraph(nodes[:max_nodes])
    edges = sorted(sub.edges(data="weight"), key=lambda e: (-e[2], str(e[0]), str(e[1])))
    kept = nx.Graph()
    kept.add_nodes_from((n, sub.nodes[n]) for n in sorted(sub.nodes, key=str))
    kept.add_weighted_edges_from(edges[:max_edges])
    kept.remove_nodes_from([n for n in list(kept.nodes) if kept.degree(n) == 0])
    if not len(kept):
        _no_data(ax, "no actors named together")
        return _finish(fig, title=title, subtitle=subtitle, source=source)
    # A circle, actors grouped by type and ordered by mentions within a type: every label
    # has its own place outside the ring, whatever the graph looks like.
    order = sorted(
        kept.nodes,
        key=lambda n: (
            str(kept.nodes[n].get("type", "")),
            -kept.nodes[n].get("mentions", 0),
            str(n),
        ),
    )
    angles = np.pi / 2 - 2 * np.pi * np.arange(len(order)) / len(order)
    pos = {n: (np.cos(a), np.sin(a)) for n, a in zip(order, angles, strict=True)}
    mentions = np.array([kept.nodes[n].get("mentions", 1) for n in order], dtype=float)
    sizes = 60 + 700 * np.sqrt(mentions / mentions.max())
    weights = np.array([kept.edges[e]["weight"] for e in kept.edges], dtype=float)
    widths = 0.6 + 5.0 * weights / weights.max()
    types = [str(kept.nodes[n].get("type", "")) for n in order]
    palette = {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(dict.fromkeys(sorted(types)))}
    nx.draw_networkx_edges(kept, pos, ax=ax, width=widths, alpha=0.4, edge_color=GREY)
    nx.draw_networkx_nodes(
        kept,
        pos,
        nodelist=order,
        ax=ax,
        node_size=sizes,
        node_color=[palette[t] for t in types],
        alpha=0.95,
        linewidths=0,
    )
    for node, angle in zip(order, angles, strict=True):
        x, y = 1.13 * np.cos(angle), 1.13 * np.sin(angle)
        degrees = np.degrees(angle) % 360
        left = 90 < degrees < 270
        ax.text(
            x,
            y,
            _wrap(node, 24),
            fontsize=8.5,
            color=INK,
            va="center",
            ha="right" if left else "left",
            rotation=degrees - 180 if left else degrees,
            rotation_mode="anchor",
        )
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=c) for c in palette.values()]
    ax.legend(
        handles,
        [t.replace("_", " ") for t in palette],
        frameon=False,
        fontsize=8.5,
        loc="upper left",
        bbox_to_anchor=(-0.02, 1.0),
    )
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.55, 1.55)
    ax.set_aspect("equal")
    return _finish(fig, title=title, subtitle=subtitle, source=source, left=0.02)
