"""What each page found, in two to four sentences written from its tables.

Every function takes the tables a notebook has made and returns a :class:`~analysis.display.
Findings`: plain sentences with the numbers in them ("Coverage is led by Labour (412 mentions
in 180 of 417 documents) ..."), shown at the top of the page and gathered on the report's
front page.  Nothing is written by hand; a table with no rows gives a sentence that says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.display import Findings, signed
from analysis.timeline import TimeSpan, period_label


def _n(value: float) -> str:
    return f"{int(value):,}"


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%"


def _score(value: float) -> str:
    return signed(value, 2)


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def _list(items: Sequence[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


#: An actor's sentences are compared only when it is named in this many sentences or more.
MIN_SENTENCES = 5
_TYPE_PLURALS = {"person": "people", "people": "peoples", "country": "countries"}


def _type_words(kind: str) -> tuple[str, str]:
    """An actor type in words, singular and plural ("government body", "government bodies")."""
    one = str(kind).replace("_", " ")
    many = _TYPE_PLURALS.get(one) or (one[:-1] + "ies" if one.endswith("y") else one + "s")
    return one, many


def _tone(score: float) -> str:
    if score != score:
        return "no sentiment to speak of"
    if score >= 0.05:
        return "positive"
    if score <= -0.05:
        return "negative"
    return "neutral on balance"


def overview_findings(stats: pd.DataFrame, groups: pd.DataFrame, notes: Sequence[dict]) -> Findings:
    """Size of the corpus, spread of lengths, groups, duplicates and empty documents."""
    lines = []
    n = len(stats)
    if n == 0:
        return Findings(["The corpus holds no documents."], "01")
    words = int(stats["n_words"].sum())
    lines.append(
        f"The corpus holds {_plural(n, 'document')} with {_plural(words, 'word')} in "
        f"{_plural(int(stats['n_sentences'].sum()), 'sentence')}."
    )
    filled = stats[stats["n_words"] > 0]["n_words"]
    if len(filled) > 1:
        lines.append(
            f"Documents run from {_n(filled.min())} to {_n(filled.max())} words; "
            f"half have fewer than {_n(filled.median())}."
        )
    if len(groups) > 1:
        parts = [
            f"{g} ({_n(d)})" for g, d in zip(groups["group"], groups["documents"], strict=True)
        ]
        ungrouped = n - int(groups["documents"].sum())  # a document without a group value
        rest = (
            f"; {_plural(ungrouped, 'document')} {'has' if ungrouped == 1 else 'have'} none"
            if ungrouped > 0
            else ""
        )
        lines.append(f"They fall into {len(groups)} groups: {_list(parts[:6])}{rest}.")
    kinds = {note["kind"]: note for note in notes}
    repeated, empty = kinds.get("duplicates"), kinds.get("empty")
    if repeated or empty:
        bits = []
        if repeated:
            verb = "repeats" if repeated["count"] == 1 else "repeat"
            bits.append(f"{_plural(repeated['count'], 'document')} {verb} an earlier one")
        if empty:
            verb = "is" if empty["count"] == 1 else "are"
            bits.append(f"{_plural(empty['count'], 'document')} {verb} empty")
        once = bool(repeated and repeated.get("once"))
        lines.append(_list(bits) + ("; top lists count each text once." if once else "."))
    reprinted = kinds.get("stories")
    if reprinted and reprinted["count"]:
        verb = "reprints" if reprinted["count"] == 1 else "reprint"
        lines.append(
            f"{_plural(reprinted['count'], 'document')} {verb} an earlier story nearly word "
            "for word; top lists count each story once."
        )
    return Findings(lines, "01")


def terms_findings(
    words: pd.DataFrame, key: pd.DataFrame, pairs: pd.DataFrame, reference: str
) -> Findings:
    """The most frequent words, the key words of each group or of the corpus, a pair."""
    if words.empty:
        return Findings(["The corpus has no words to count (its documents are empty)."], "02")
    top = [f"{t} ({_n(c)})" for t, c in zip(words["term"], words["count"], strict=False)][:3]
    lines = [f"The most frequent words are {_list(top)}."]
    if not key.empty:
        if reference == "general English":
            over = key[key["direction"] == "over"]["term"].head(4).tolist()
            lines.append(f"Against general English, the corpus over-uses {_list(over)}.")
        else:
            firsts = key.groupby("group", sort=True).head(1)
            parts = [f"{g} '{t}'" for g, t in zip(firsts["group"], firsts["term"], strict=True)]
            lines.append(f"Each group has words of its own: {_list(parts[:6])} (by G²).")
    if not pairs.empty:
        first = pairs.iloc[0]
        lines.append(
            f"The strongest word pair is '{first['w1']} {first['w2']}' "
            f"({_plural(int(first['count']), 'time')})."
        )
    return Findings(lines, "02")


def sentiment_findings(
    by_doc: pd.DataFrame, scored: pd.DataFrame, docs: pd.DataFrame | None = None
) -> Findings:
    """Overall tone, the share of negative and positive sentences, the extremes (named by
    their headline when ``docs`` is given)."""
    body = scored[~scored["is_title"].astype(bool)] if "is_title" in scored else scored
    if body.empty:
        return Findings(["There are no sentences to score (the documents are empty)."], "03")
    mean = float(body["compound"].mean())
    negative = float((body["label"] == "negative").mean())
    positive = float((body["label"] == "positive").mean())
    lines = [
        f"The coverage reads {_tone(mean)}: the mean sentence scores {_score(mean)} "
        f"(VADER compound, body sentences, headlines apart).",
        f"{_pct(negative)} of sentences are negative and {_pct(positive)} positive.",
    ]
    scored_docs = by_doc.dropna(subset=["compound_mean"])
    if docs is not None and "title" in docs and "title" not in scored_docs:
        titles = dict(zip(docs["doc_id"], docs["title"], strict=True))
        scored_docs = scored_docs.assign(title=scored_docs["doc_id"].map(titles))
    if len(scored_docs) > 1:
        low, high = _extremes(scored_docs, "compound_mean")
        lines.append(
            f"The most negative document is {_name(low)}, at {_score(low['compound_mean'])}; "
            f"the most positive {_name(high)}, at {_score(high['compound_mean'])}."
        )
    return Findings(lines, "03")


def _extremes(table: pd.DataFrame, column: str) -> tuple[pd.Series, pd.Series]:
    """The rows with the lowest and the highest ``column`` (the first of ties)."""
    return table.loc[table[column].idxmin()], table.loc[table[column].idxmax()]


def _name(row: pd.Series) -> str:
    title = row.get("title") if isinstance(row.get("title"), str) else ""
    return f"'{title}' ({row['doc_id']})" if title else f"document {row['doc_id']}"


def actor_findings(
    counts: pd.DataFrame, framing: pd.DataFrame, candidates: pd.DataFrame, n_docs: int
) -> Findings:
    """Who leads the coverage, who is framed most negatively, what discovery found."""
    if counts.empty:
        return Findings(["No actor is named in this corpus."], "04")
    lead = counts.head(3)
    parts = [
        f"{a} ({_plural(int(m), 'mention')} in {_n(d)} of {_plural(n_docs, 'document')})"
        for a, m, d in zip(lead["actor"], lead["mentions"], lead["docs"], strict=True)
    ]
    lines = [
        f"Coverage is led by {parts[0]}"
        + (f", then {_list(parts[1:])}." if len(parts) > 1 else ".")
    ]
    types = counts["type"].value_counts()
    verb = "is" if len(counts) == 1 else "are"
    lines.append(
        f"{_plural(len(counts), 'actor')} {verb} named: "
        + _list([_plural(int(c), *_type_words(t)) for t, c in types.head(4).items()])
        + "."
    )
    enough = framing[framing["n_sentences"] >= MIN_SENTENCES]
    towards = "target_mean" in enough.columns and enough["target_mean"].notna().any()
    if len(enough) > 1 and towards:
        low = enough.loc[enough["target_mean"].idxmin()]
        lines.append(
            f"Of the actors named in {MIN_SENTENCES} sentences or more, {low['actor']} is "
            f"treated most negatively ({_score(low['target_mean'])} on average towards it "
            f"over {_n(low['n_sentences'])} sentences, which themselves score "
            f"{_score(low['compound_mean'])})."
        )
    elif len(enough) > 1:
        low = enough.loc[enough["compound_mean"].idxmin()]
        lines.append(
            f"Of the actors named in {MIN_SENTENCES} sentences or more, {low['actor']} is "
            f"named in the most negative ones ({_score(low['compound_mean'])} on average "
            f"over {_n(low['n_sentences'])} sentences)."
        )
    if len(candidates):
        first = candidates.iloc[0]
        verb = "was" if len(candidates) == 1 else "were"
        lines.append(
            f"{_plural(len(candidates), 'name')} the lexicon lacks {verb} found; the most "
            f"frequent is {first['name']} ({_plural(int(first['mentions']), 'mention')})."
        )
    return Findings(lines[:4], "04")


def source_findings(
    quotes: pd.DataFrame, attributions: pd.DataFrame, speakers: pd.DataFrame, voices: pd.DataFrame
) -> Findings:
    """How much is quoted, who is quoted most, how much rests on unnamed sources."""
    lines = []
    if quotes.empty:
        lines.append("No direct quotation was found.")
    else:
        named = float(quotes["speaker_actor"].notna().mean())
        lines.append(
            f"The documents hold {_plural(len(quotes), 'direct quote')}; {_pct(named)} have a "
            f"speaker the workbook could name."
        )
        ranked = speakers[speakers["speaker_actor"] != "(unattributed)"]
        if len(ranked):
            first = ranked.iloc[0]
            lines.append(
                f"The most quoted speaker is {first['speaker_actor']} "
                f"({_plural(int(first['n_quotes']), 'quote')}, {_n(first['words_quoted'])} words)."
            )
    if len(attributions):
        shares = attributions["source_kind"].value_counts(normalize=True)
        words = {
            "anonymous": "unnamed sources",
            "named_person": "named people",
            "named_organization": "organizations",
            "document": "documents or reports",
        }
        parts = [f"{_pct(shares[k])} {w}" for k, w in words.items() if shares.get(k, 0) > 0]
        parts[0] = parts[0].replace(" ", " cite ", 1)
        lines.append(
            f"Of {_plural(len(attributions), 'attribution')} without quotation marks, "
            f"{_list(parts)}."
        )
    scored = voices.dropna(subset=["compound_mean"])
    if len(scored) == 2:
        j, q = scored.set_index("voice")["compound_mean"].reindex(["journalist", "quoted"])
        lines.append(
            f"Quoted sentences score {_score(q)} on average, the journalist's {_score(j)}."
        )
    return Findings(lines[:4], "05")


def compare_findings(
    summary: pd.DataFrame, key: pd.DataFrame, shares: pd.DataFrame, by: str
) -> Findings:
    """How the groups differ in tone, sourcing, words and actors."""
    if len(summary) < 2:
        return Findings([f"There is only one {by} here: nothing to compare."], "06")
    scored = summary.dropna(subset=["compound_mean"])
    lines = []
    if len(scored) > 1:
        low, high = _extremes(scored, "compound_mean")
        lines.append(
            f"{high['group']} reads the most positive ({_score(high['compound_mean'])}), "
            f"{low['group']} the least ({_score(low['compound_mean'])}; mean sentence score)."
        )
    anonymous = summary.dropna(subset=["share_anonymous"])
    if len(anonymous):
        most = anonymous.loc[anonymous["share_anonymous"].idxmax()]
        lines.append(
            f"{most['group']} leans most on unnamed sources "
            f"({_pct(most['share_anonymous'])} of its attributions)."
        )
    if len(shares):
        firsts = shares.groupby("group", sort=True).head(1)
        if firsts["actor"].nunique() == 1:
            lines.append(f"{firsts['actor'].iloc[0]} is the most named actor in every {by}.")
        else:
            parts = [f"{g}: {a}" for g, a in zip(firsts["group"], firsts["actor"], strict=True)]
            lines.append(f"The most named actor differs by {by}: {_list(parts[:6])}.")
    return Findings(lines[:4] or [f"The {by}s look alike on these measures."], "06")


def _when(period: pd.Timestamp, freq: str) -> str:
    return period_label(period, freq)


def time_findings(
    docs: pd.DataFrame,
    coverage: pd.DataFrame | None,
    spikes: pd.DataFrame | None,
    outlets: pd.DataFrame,
    *,
    span: TimeSpan | None,
) -> Findings:
    """Which period the page counts by and why, when coverage rose and fell, its largest
    spike, and who published most."""
    undated = int(docs["date"].isna().sum()) if "date" in docs.columns else len(docs)
    if coverage is None or coverage.empty:
        return Findings(
            [
                f"No document of the {_n(len(docs))} has a date: nothing to show over time "
                "(load_corpus recognises date, published, publish_date...; or pass "
                "date_column)."
            ],
            "07",
        )
    freq = span.freq if span is not None else coverage.attrs.get("freq", "week")
    lines = []
    peak = coverage.loc[coverage["documents"].idxmax()]
    total = int(coverage["documents"].sum())
    first, last = coverage["period"].iloc[0], coverage["period"].iloc[-1]
    lines.append(
        f"{_plural(total, 'dated document')} from {_when(first, freq)} to {_when(last, freq)}"
        + (f"; {_plural(undated, 'document')} without a date left out" if undated else "")
        + f"; coverage peaked in {_when(peak['period'], freq)} ({_n(peak['documents'])})."
    )
    if span is not None:
        lines.append(span.describe())
    if spikes is not None and len(spikes):
        biggest = spikes.sort_values("rank", kind="mergesort").iloc[0]
        lines.append(
            f"{_plural(len(spikes), 'spike')} in coverage; the largest from "
            f"{_when(biggest['period'], freq)} to {_when(biggest['end'], freq)}, up to "
            f"{_n(biggest['peak'])} documents against about {_n(biggest['baseline'])} before."
        )
    if len(outlets) > 1:
        top = outlets.sort_values("documents", ascending=False, kind="mergesort").iloc[0]
        lines.append(
            f"{top['group']} published the most ({_n(top['documents'])} of {_n(len(docs))} "
            f"documents) of {_plural(len(outlets), 'outlet')}."
        )
    return Findings(lines[:4], "07")


def story_findings(
    near: pd.DataFrame, stories: pd.DataFrame, wires: pd.DataFrame, *, documents: int
) -> Findings:
    """How much of the corpus repeats itself, the biggest stories and wire copy."""
    if documents == 0:
        return Findings(["The corpus holds no documents."], "08")
    lines = []
    lines.append(
        f"{_plural(len(near), 'document')} nearly repeat an earlier one"
        f" ({_pct(len(near) / documents)} of {_n(documents)})."
        if len(near)
        else f"No document nearly repeats another of the {_n(documents)}."
    )
    shared = stories[stories["n_docs"] > 1]
    if len(shared):
        n_stories = shared["story_id"].nunique()
        biggest = shared.loc[shared["n_docs"].idxmax()]
        outlets = int(biggest["n_outlets"])  # 0: the corpus names no outlets
        carried = f" from {_plural(outlets, 'outlet')}" if outlets else ""
        lines.append(
            f"{_plural(len(shared), 'document')} tell {_plural(n_stories, 'story', 'stories')} "
            f"that more than one article covers; the biggest has {_n(biggest['n_docs'])} "
            f"articles{carried}."
        )
    if len(wires):
        counts = wires["wire"].value_counts()
        parts = [f"{name} {_n(n)}" for name, n in counts.items()]
        lines.append(f"{_plural(len(wires), 'document')} credit a news agency ({_list(parts)}).")
    return Findings(lines[:4], "08")


def themes_findings(
    coherence: pd.DataFrame, prevalence: pd.DataFrame, by: str, readable: pd.DataFrame
) -> Findings:
    """The topics found, where each is strongest, and which group reads easiest."""
    if coherence.empty:
        return Findings(["Too few words to find topics."], "09")
    lines = [
        f"{_plural(len(coherence), 'topic')}, the most prevalent "
        f"{_list([repr(x) for x in coherence['label'].head(3)])}."
    ]
    best = coherence.loc[coherence["coherence"].idxmax()]
    lines.append(f"The most coherent is {best['label']!r} (NPMI {best['coherence']:.2f}).")
    if by in prevalence.columns and prevalence[by].nunique() > 1:
        top = prevalence.loc[prevalence.groupby(by)["share"].idxmax()]
        parts = [f"{g}: {label!r}" for g, label in zip(top[by], top["label"], strict=True)]
        lines.append(f"Each {by}'s strongest topic: {_list(parts[:6])}.")
    scored = readable.dropna(subset=["flesch"]) if "flesch" in readable.columns else readable
    if len(scored) > 1:
        easy = scored.loc[scored["flesch"].idxmax()]
        hard = scored.loc[scored["flesch"].idxmin()]
        lines.append(
            f"{easy[by]} reads easiest (Flesch {easy['flesch']:.0f}), {hard[by]} hardest "
            f"({hard['flesch']:.0f})."
        )
    return Findings(lines[:4], "09")


__all__ = [
    "actor_findings",
    "compare_findings",
    "overview_findings",
    "sentiment_findings",
    "source_findings",
    "story_findings",
    "terms_findings",
    "themes_findings",
    "time_findings",
]
