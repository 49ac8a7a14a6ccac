"""Charts for the notebooks.  Each function returns a matplotlib Figure and never shows it.

Every chart has a title and labelled axes; the notebooks save the table behind each one.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure


def _figure(width: float = 8.0, height: float = 4.5) -> tuple[Figure, plt.Axes]:
    sns.set_theme(style="whitegrid", context="notebook")
    fig, ax = plt.subplots(figsize=(width, height))
    return fig, ax


def _no_data(ax: plt.Axes, message: str = "no data") -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)


def _finish(fig: Figure, ax: plt.Axes, *, title: str, xlabel: str, ylabel: str) -> Figure:
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    plt.close(fig)  # the caller displays or saves it; no implicit second display
    return fig


def bar(
    table: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    xlabel: str,
    ylabel: str,
    hue: str | None = None,
    horizontal: bool = True,
) -> Figure:
    """A bar chart of ``table[y]`` by ``table[x]`` (horizontal by default, for long labels)."""
    height = 4.5 if not horizontal else max(3.0, 0.32 * table[x].nunique() + 1.2)
    fig, ax = _figure(height=height)
    if table.empty:
        _no_data(ax)
    elif horizontal:
        sns.barplot(data=table, y=x, x=y, hue=hue, ax=ax, orient="h", dodge=hue is not None)
    else:
        sns.barplot(data=table, x=x, y=y, hue=hue, ax=ax, dodge=hue is not None)
    if horizontal:
        xlabel, ylabel = ylabel, xlabel
    return _finish(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel)


def histogram(
    values: Sequence[float] | pd.Series,
    *,
    title: str,
    xlabel: str,
    ylabel: str = "documents",
    bins: int | str = "auto",
) -> Figure:
    """A histogram of ``values``."""
    fig, ax = _figure()
    series = pd.Series(values, dtype=float).dropna()
    if series.empty:
        _no_data(ax)
    else:
        sns.histplot(series, bins=bins, ax=ax)
    return _finish(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel)


def line(
    table: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    xlabel: str,
    ylabel: str,
    hue: str | None = None,
) -> Figure:
    """A line chart of ``table[y]`` over ``table[x]``, one line per ``hue`` value."""
    fig, ax = _figure()
    if table.empty:
        _no_data(ax)
    else:
        sns.lineplot(data=table, x=x, y=y, hue=hue, ax=ax, marker="o" if len(table) < 60 else None)
    return _finish(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel)


def dispersion(table: pd.DataFrame, *, title: str, max_docs: int = 30) -> Figure:
    """A lexical dispersion plot: where each term occurs through each document.

    Args:
        table: :func:`analysis.dispersion` output (``doc_id, term, position``...).
        title: Chart title.
        max_docs: Documents shown at most (the first in table order).
    """
    docs = list(dict.fromkeys(table["doc_id"]))[:max_docs]
    shown = table[table["doc_id"].isin(docs)]
    fig, ax = _figure(height=max(3.0, 0.35 * len(docs) * max(shown["term"].nunique(), 1) + 1.5))
    if shown.empty:
        _no_data(ax, "no matches")
    else:
        labels = shown["doc_id"].astype(str) + " · " + shown["term"].astype(str)
        rows = list(dict.fromkeys(labels))
        palette = dict(zip(dict.fromkeys(shown["term"]), sns.color_palette(), strict=False))
        ax.scatter(
            shown["position"],
            labels.map({label: i for i, label in enumerate(rows)}),
            c=[palette.get(t, "black") for t in shown["term"]],
            marker="|",
            s=300,
            linewidths=2,
        )
        ax.set_yticks(range(len(rows)), rows)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
    return _finish(
        fig,
        ax,
        title=title,
        xlabel="position in the document (0 = start, 1 = end)",
        ylabel="document · term",
    )


def network(graph, *, title: str, max_nodes: int = 30, seed: int = 7) -> Figure:
    """Draw an actor co-occurrence graph (networkx): node size by mentions, edge width by weight.

    Args:
        graph: From :func:`analysis.actor_network`.
        title: Chart title.
        max_nodes: Most-mentioned actors drawn at most.
        seed: Layout seed, so the same graph is drawn the same way every time.
    """
    import networkx as nx

    fig, ax = _figure(width=9, height=7)
    nodes = sorted(graph.nodes, key=lambda n: (-graph.nodes[n].get("mentions", 0), str(n)))[
        :max_nodes
    ]
    sub = graph.subgraph(nodes)
    if not len(sub):
        _no_data(ax, "no actors")
    else:
        pos = nx.spring_layout(sub, seed=seed, weight="weight")
        sizes = [80 + 40 * sub.nodes[n].get("mentions", 1) for n in sub.nodes]
        widths = [0.5 + sub.edges[e].get("weight", 1) for e in sub.edges]
        nx.draw_networkx_edges(sub, pos, ax=ax, width=widths, alpha=0.4)
        nx.draw_networkx_nodes(sub, pos, ax=ax, node_size=sizes, node_color="#4C72B0", alpha=0.8)
        nx.draw_networkx_labels(sub, pos, ax=ax, font_size=9)
    ax.set_axis_off()
    return _finish(fig, ax, title=title, xlabel="", ylabel="")
