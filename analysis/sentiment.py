"""Sentiment by sentence, document and arc, exactly as VADER scores it.

Scores are those of the reference implementation of VADER (Hutto & Gilbert 2014) in the
``vaderSentiment`` package, whose lexicon ships inside it (NLTK's copy needs a download).
They are computed by :mod:`analysis._vader`, which runs the same rules with the same lexicon
2.6x faster, and is tested to give identical numbers.
Every sentence is scored once, by :func:`sentence_sentiment`; document scores, arcs and
the actor and source analyses reuse that table.  VADER's compound saturates towards +-1 on
long texts (vaderSentiment #151), so a document's headline figure is the *mean of its
sentence compounds*; ``compound_whole`` (VADER on the whole text) is kept for comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis._vader import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD, polarity
from analysis.corpus import as_documents, check_table, group_labels
from analysis.errors import ParameterError, check_choice, check_int, invalid_value
from analysis.parallel import map_chunks, resolve_jobs
from analysis.sources.voice import quote_flags
from analysis.text import check_sentences, sentences

SENTENCE_SENTIMENT_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "sent_id",
    "start",
    "end",
    "text",
    "is_title",
    "neg",
    "neu",
    "pos",
    "compound",
    "label",
)
DOCUMENT_SENTIMENT_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "n_sentences",
    "compound_mean",
    "compound_whole",
    "share_positive",
    "share_negative",
    "share_neutral",
    "title_compound",
    "label",
)
ARC_COLUMNS: tuple[str, ...] = ("doc_id", "sent_id", "position", "compound", "rolling")
_SCORED = ("doc_id", "sent_id", "compound", "label")


def label(compound: float) -> str:
    """``"positive"``, ``"negative"`` or ``"neutral"`` by VADER's thresholds (NaN: neutral)."""
    if compound >= POSITIVE_THRESHOLD:
        return "positive"
    if compound <= NEGATIVE_THRESHOLD:
        return "negative"
    return "neutral"


def score_texts(texts: Sequence[str]) -> np.ndarray:
    """VADER ``polarity_scores`` of each text, as an array of ``neg, neu, pos, compound``."""
    out = np.empty((len(texts), 4), dtype=float)
    seen: dict[str, tuple[float, float, float, float]] = {}  # repeated sentences: wire copy
    for i, text in enumerate(texts):
        scores = seen.get(text)
        if scores is None:
            scores = seen[text] = polarity(text)
        out[i] = scores
    return out


def _score_parallel(texts: list[str], workers: int) -> np.ndarray:
    if workers == 1 or len(texts) < 2_000:
        return score_texts(texts)
    size = -(-len(texts) // (workers * 4))
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    return np.vstack(list(map_chunks(score_texts, chunks, n_jobs=workers)))


def sentence_sentiment(
    docs: Any,
    *,
    sents: pd.DataFrame | None = None,
    n_jobs: int = 1,
    voice: str = "all",
    quote_table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """VADER scores of every sentence.

    Args:
        docs: A documents table from :func:`analysis.load_corpus`, or a list of texts.
        sents: :func:`analysis.sentences` of ``docs``, if already computed.
        n_jobs: Worker processes (``-1``: all cores); results are identical to ``1``.
        voice: ``"all"``; ``"journalist"`` keeps sentences mostly outside quotation marks,
            ``"quoted"`` those mostly inside (:func:`analysis.quote_flags`).
        quote_table: :func:`analysis.quotes` of ``docs``; needed for a voice.

    Returns:
        DataFrame with columns ``doc_id, sent_id, start, end, text, is_title, neg, neu,
        pos, compound, label``, one row per sentence (headlines included and marked
        ``is_title``: every mean the workbook draws from this table is over body sentences,
        headlines apart), in document order; the scores are exactly
        ``SentimentIntensityAnalyzer().polarity_scores(text)``; ``label`` applies VADER's
        thresholds (compound >= 0.05 positive, <= -0.05 negative).

    Example:
        >>> sentence_sentiment(["It was a very good effort."])["label"].tolist()
        ['positive']
    """
    workers = resolve_jobs(n_jobs)
    check_choice("voice", voice, ("all", "journalist", "quoted"))
    docs = as_documents(docs)
    sents = sentences(docs) if sents is None else check_sentences(sents, docs)
    if voice != "all":
        if quote_table is None:
            raise ParameterError(
                f"voice={voice!r} needs quote_table=, the quotes of these documents "
                "(analysis.quotes(docs, mentions))"
            )
        quote_table = check_table(
            quote_table, name="quote_table", columns=("doc_id", "start", "end"), docs=docs
        )
        flags = quote_flags(sents, quote_table)["inside_quotes"].to_numpy()
        sents = sents[flags if voice == "quoted" else ~flags]
    scores = _score_parallel(sents["text"].tolist(), workers)
    keep = ["doc_id", "sent_id", "start", "end", "text", "is_title"]
    out = sents[[c for c in keep if c in sents.columns]].reset_index(drop=True).copy()
    if "is_title" not in out.columns:
        out["is_title"] = False
    out["neg"], out["neu"], out["pos"], out["compound"] = scores.T if len(scores) else ([],) * 4
    out["label"] = [label(c) for c in out["compound"]]
    return out[list(SENTENCE_SENTIMENT_COLUMNS)]


EXTREME_COLUMNS: tuple[str, ...] = ("doc_id", "sent_id", "compound", "label", "text")


def extreme_sentences(sent_sentiment: pd.DataFrame, *, n: int = 10) -> pd.DataFrame:
    """The most negative and the most positive sentences.

    Args:
        sent_sentiment: :func:`sentence_sentiment` output.
        n: Sentences of each kind.

    Returns:
        DataFrame with columns ``doc_id, sent_id, compound, label, text``: the ``n`` most
        negative (most negative first), then the ``n`` most positive (most positive first);
        ties in table order.
    """
    check_int("n", n, minimum=1)
    check_table(sent_sentiment, name="sent_sentiment", columns=EXTREME_COLUMNS)
    once = sent_sentiment.drop_duplicates("text")  # a sentence repeated (wire copy) once
    lowest = once.nsmallest(n, "compound", keep="first")
    highest = once.nlargest(n, "compound", keep="first")
    return pd.concat([lowest, highest])[list(EXTREME_COLUMNS)]


EXTREME_DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "title",
    "compound_mean",
    "n_sentences",
    "title_compound",
)


def extreme_documents(
    doc_sentiment: pd.DataFrame, docs: pd.DataFrame, *, n: int = 10
) -> pd.DataFrame:
    """The most negative and the most positive documents.

    Args:
        doc_sentiment: :func:`document_sentiment` output.
        docs: The documents table (for headlines).
        n: Documents of each kind.

    Returns:
        DataFrame with columns ``doc_id, title, compound_mean, n_sentences,
        title_compound``: the ``n`` most negative (most negative first), then the ``n``
        most positive (most positive first), documents without sentences left out.
    """
    check_int("n", n, minimum=1)
    scored = doc_sentiment.dropna(subset=["compound_mean"])
    titles = docs.set_index("doc_id")["title"] if "title" in docs else None
    scored = scored.assign(title=scored["doc_id"].map(titles) if titles is not None else "")
    lowest = scored.nsmallest(n, "compound_mean", keep="first")
    highest = scored.drop(lowest.index).nlargest(n, "compound_mean", keep="first")
    return pd.concat([lowest, highest]).reset_index(drop=True)[list(EXTREME_DOCUMENT_COLUMNS)]


MEAN_ARC_COLUMNS: tuple[str, ...] = ("group", "position", "compound_mean", "low", "high", "n")


def mean_arc(
    arc: pd.DataFrame,
    docs: pd.DataFrame | None = None,
    *,
    by: str | None = None,
    bins: int = 10,
    max_groups: int = 6,
) -> pd.DataFrame:
    """The typical course of sentiment through an article, over all (or each group's)
    articles: body sentences binned by their position.

    Args:
        arc: :func:`sentiment_arc` output.
        docs: The documents table (for ``by``).
        by: A column of ``docs`` naming groups; one arc per group (one arc for all when
            ``docs`` lacks the column or holds more than ``max_groups`` groups); a
            document without a value is in no group's arc.
        bins: Positions from start to end are cut into this many equal parts.
        max_groups: Most groups drawn apart.

    Returns:
        DataFrame with columns ``group, position, compound_mean, low, high, n``:
        ``position`` is the middle of each part, ``low``/``high`` the quartiles of the
        sentence scores there, ``n`` the sentences (``group`` is ``"all"`` without ``by``).
    """
    check_int("bins", bins, minimum=1)
    frame = arc[["doc_id", "position", "compound"]].copy()
    if by and docs is not None and by in docs.columns and 1 < docs[by].nunique() <= max_groups:
        frame["group"] = frame["doc_id"].map(group_labels(docs, by))
    else:
        frame["group"] = "all"
    frame["part"] = np.minimum((frame["position"] * bins).astype(int), bins - 1)
    grouped = frame.groupby(["group", "part"], sort=True)["compound"]
    out = grouped.agg(compound_mean="mean", n="size").reset_index()
    out["low"] = grouped.quantile(0.25).to_numpy()
    out["high"] = grouped.quantile(0.75).to_numpy()
    out["position"] = (out["part"] + 0.5) / bins
    return out[list(MEAN_ARC_COLUMNS)]


def document_sentiment(
    docs: Any,
    *,
    sent_sentiment: pd.DataFrame | None = None,
    sents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Sentiment of each document from its sentence scores.

    Args:
        docs: A documents table or a list of texts.
        sent_sentiment: :func:`sentence_sentiment` of ``docs``, if already computed.
        sents: :func:`analysis.sentences` of ``docs``, if already computed (gives the
            ``is_title`` flags; recomputed otherwise).

    Returns:
        DataFrame with columns ``doc_id, n_sentences, compound_mean, compound_whole,
        share_positive, share_negative, share_neutral, title_compound, label``: one row per
        document in corpus order.  Body sentences only (the headline is scored apart, as
        ``title_compound``, NaN without a headline).  ``compound_mean`` is the mean of the
        body sentences' compounds (NaN for an empty document); ``compound_whole`` is VADER
        on the document's whole text; ``label`` applies VADER's thresholds to
        ``compound_mean``.
    """
    docs = as_documents(docs)
    sents = sentences(docs) if sents is None else check_sentences(sents, docs)
    scored = (
        sentence_sentiment(docs, sents=sents)
        if sent_sentiment is None
        else check_table(sent_sentiment, name="sent_sentiment", columns=_SCORED, docs=docs)
    )
    is_title = _titles(scored, sents)
    body = scored[~is_title]
    shares = pd.DataFrame(
        {f"share_{kind}": body["label"].eq(kind) for kind in ("positive", "negative", "neutral")}
    )
    grouped = shares.assign(doc_id=body["doc_id"], compound=body["compound"]).groupby(
        "doc_id", sort=False
    )
    stats = grouped.mean().rename(columns={"compound": "compound_mean"})
    stats.insert(0, "n_sentences", grouped.size())
    titles = scored[is_title].groupby("doc_id", sort=False)["compound"].first()
    index = pd.Index(docs["doc_id"], name="doc_id")
    out = stats.reindex(index)
    out["n_sentences"] = out["n_sentences"].fillna(0).astype(np.int64)
    out["title_compound"] = titles.reindex(index)
    texts = ["" if not isinstance(t, str) else t for t in docs["text"]]
    out["compound_whole"] = score_texts(texts)[:, 3] if texts else []
    out["label"] = [label(c) if c == c else "neutral" for c in out["compound_mean"]]
    return out.reset_index()[list(DOCUMENT_SENTIMENT_COLUMNS)]


def _titles(scored: pd.DataFrame, sents: pd.DataFrame) -> np.ndarray:
    """Which rows of a sentence-level table are headlines, per ``sents``."""
    heads = sents.loc[sents["is_title"], ["doc_id", "sent_id"]]
    if heads.empty:
        return np.zeros(len(scored), dtype=bool)
    flagged = scored[["doc_id", "sent_id"]].merge(
        heads.assign(_title=True), on=["doc_id", "sent_id"], how="left", sort=False
    )
    return flagged["_title"].fillna(False).to_numpy(dtype=bool)


def sentiment_arc(
    docs: Any,
    *,
    window: int = 3,
    sent_sentiment: pd.DataFrame | None = None,
    sents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The course of sentiment through each article, for arc plots.

    Args:
        docs: A documents table or a list of texts.
        window: Sentences in the centred rolling mean.
        sent_sentiment: :func:`sentence_sentiment` of ``docs``, if already computed.
        sents: :func:`analysis.sentences` of ``docs``, if already computed.

    Returns:
        DataFrame with columns ``doc_id, sent_id, position, compound, rolling``: body
        sentences only; ``position`` runs from 0 (first body sentence) to 1 (last; 0 when
        there is one); ``rolling`` is the centred rolling mean of ``compound`` over
        ``window`` sentences (fewer at the edges).
    """
    check_int("window", window, minimum=1)
    docs = as_documents(docs)
    sents = sentences(docs) if sents is None else check_sentences(sents, docs)
    scored = (
        sentence_sentiment(docs, sents=sents)
        if sent_sentiment is None
        else check_table(sent_sentiment, name="sent_sentiment", columns=_SCORED, docs=docs)
    )
    body = scored.loc[~_titles(scored, sents), ["doc_id", "sent_id", "compound"]]
    body = body.reset_index(drop=True)
    order = body.groupby("doc_id", sort=False).cumcount()
    size = body.groupby("doc_id", sort=False)["sent_id"].transform("size")
    body["position"] = np.where(size > 1, order / (size - 1).clip(lower=1), 0.0)
    rolled = (
        body.groupby("doc_id", sort=False)["compound"]
        .rolling(window, center=True, min_periods=1)
        .mean()
    )
    body["rolling"] = rolled.droplevel(0).reindex(body.index).to_numpy()
    return body[list(ARC_COLUMNS)]


def rating_correlation(
    docs: pd.DataFrame,
    *,
    rating_column: str = "rating",
    doc_sentiment: pd.DataFrame | None = None,
    method: str = "pearson",
) -> float:
    """Correlation of VADER's whole-text compound with human ratings.

    This is how VADER was evaluated (Hutto & Gilbert 2014): short texts rated by people,
    correlated with the compound score of each whole text.  Load such a corpus (for example
    a tab-separated file ``id, rating, text``) with :func:`analysis.load_corpus`.

    Args:
        docs: Documents with a numeric ``rating_column``.
        rating_column: The human rating column.
        doc_sentiment: :func:`document_sentiment` of ``docs``, if already computed.
        method: ``"pearson"``, ``"spearman"`` or ``"kendall"``.

    Returns:
        The correlation coefficient of ``compound_whole`` with the ratings.
    """
    check_choice("method", method, ("pearson", "spearman", "kendall"))
    if rating_column not in docs.columns:
        raise invalid_value(
            "rating_column", rating_column, f"a column of docs ({', '.join(docs.columns)})"
        )
    scored = document_sentiment(docs) if doc_sentiment is None else doc_sentiment
    ratings = pd.to_numeric(docs.set_index("doc_id")[rating_column], errors="coerce")
    joined = scored.set_index("doc_id")["compound_whole"].to_frame().join(ratings).dropna()
    return float(joined["compound_whole"].corr(joined[rating_column], method=method))
