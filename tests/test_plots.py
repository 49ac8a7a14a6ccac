"""Charts: what they show and how they are labelled (analysis/plots.py), and how they are
saved and shown (analysis.save_figure)."""

from __future__ import annotations

import base64

import pytest
from matplotlib.collections import LineCollection

import analysis
from analysis import plots


@pytest.fixture(scope="module")
def bbc(bbc_sample):
    return analysis.corpus_tables(bbc_sample)


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts]


def test_every_chart_has_a_title_a_subtitle_and_a_source_line(bbc):
    counts = analysis.actor_counts(bbc.mentions)
    fig = plots.bar(
        counts,
        label="actor",
        value="mentions",
        title="The most mentioned actors",
        subtitle="Mentions of each actor",
        source=bbc.describe(),
    )
    assert _texts(fig) == [
        "The most mentioned actors",
        "Mentions of each actor",
        f"Source: {bbc.name} · 89 documents",
    ]
    assert fig.get_label() == "The most mentioned actors"


def test_a_long_list_ends_with_one_bar_for_all_the_others(bbc):
    counts = analysis.actor_counts(bbc.mentions)
    assert len(counts) > 20
    fig = plots.bar(
        counts, label="actor", value="mentions", title="t", top=12, other=True, kind="int"
    )
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 13
    assert labels[-1] == f"all others ({len(counts) - 12:,})"
    widths = [patch.get_width() for patch in ax.patches]
    assert widths[:12] == counts["mentions"].head(12).tolist()
    assert widths[-1] == counts["mentions"].iloc[12:].sum()


def test_the_network_keeps_the_most_named_actors_and_their_strongest_ties(bbc):
    graph, _ = analysis.actor_network(bbc.mentions)
    assert graph.number_of_nodes() > 100  # too many to draw: the chart keeps the top 25
    fig = plots.network(graph, title="Actors named together", max_nodes=25, max_edges=40)
    ax = fig.axes[0]
    names = {t.get_text().replace("\n", " ") for t in ax.texts}
    top = sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["mentions"], n))[:25]
    assert names <= set(top)
    assert 10 <= len(names) <= 25
    (ties,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(ties.get_segments()) == 40
    # labels on a circle: no two labels share a place
    places = {tuple(round(v, 3) for v in t.get_position()) for t in ax.texts}
    assert len(places) == len(ax.texts)


def test_a_histogram_of_one_document_draws_one_bar(seed_docs):
    stats = analysis.document_stats(seed_docs)
    fig = plots.histogram(stats["n_words"], title="How long the documents are")
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    assert heights == [1]
    assert any(t.get_text() == " median 464" for t in ax.texts)


def test_a_saved_chart_is_shown_from_the_same_bytes(bbc, tmp_path):
    counts = analysis.actor_counts(bbc.mentions)
    fig = plots.bar(counts, label="actor", value="mentions", title="Who is named")
    chart = analysis.save_figure(fig, "04_actor_counts", str(tmp_path))
    saved = (tmp_path / "figures" / "04_actor_counts.png").read_bytes()
    assert saved[:8] == b"\x89PNG\r\n\x1a\n" and saved == chart.png
    page = chart._repr_html_()
    assert page.startswith('<figure class="chart" id="chart-04_actor_counts"><img src="data:')
    assert base64.b64encode(saved).decode() in page and 'alt="Who is named"' in page
    data, meta = chart._repr_mimebundle_()
    assert data["image/png"] == saved
    assert meta == {
        "analysis": {"kind": "chart", "name": "04_actor_counts", "title": "Who is named"}
    }
    # exploring (no output folder): shown, not written
    again = analysis.save_figure(fig, "04_actor_counts", "")
    assert again.png == saved


def test_each_group_shows_its_own_largest_values_on_one_scale_of_shares(bbc):
    # topic prevalence comes by topic: each group's strongest topic is not its first row
    model = analysis.topics(bbc.documents, n_topics=4, counts=bbc.counts)
    prevalence = model.prevalence(bbc.documents, by="group")
    fig = plots.bars_by_group(
        prevalence, group="group", label="label", value="share", kind="share", top=2, title="t"
    )
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert [ax.get_title(loc="left") for ax in panels] == list(
        dict.fromkeys(prevalence["group"].astype(str))
    )
    for ax in panels:
        rows = prevalence[prevalence["group"].astype(str) == ax.get_title(loc="left")]
        largest = rows["share"].sort_values(ascending=False).head(2).tolist()
        assert [patch.get_width() for patch in ax.patches] == pytest.approx(largest)
    assert len({ax.get_xlim() for ax in panels}) == 1  # shares: one scale for every group
    assert panels[0].get_xlim()[1] == pytest.approx(prevalence["share"].max() * 1.2)
