"""Sentence sentiment speed against vaderSentiment called directly on the same strings.

Usage: python benchmarks/bench_sentiment.py [--corpus PATH] [--repeat N]

Sentences are split once and not timed; both sides score the same sentence strings.
Targets (issue 4): our single-process scoring <= 1.2x vaderSentiment; with n_jobs=2, less.
"""

from __future__ import annotations

from _common import best_of, setup
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import analysis


def main() -> None:
    args, docs = setup(__doc__.splitlines()[0])
    sents = analysis.sentences(docs)
    texts = sents["text"].tolist()
    vader = SentimentIntensityAnalyzer()
    direct = best_of(args.repeat, lambda: [vader.polarity_scores(t) for t in texts])
    ours = best_of(args.repeat, lambda: analysis.sentence_sentiment(docs, sents=sents))
    two = best_of(args.repeat, lambda: analysis.sentence_sentiment(docs, sents=sents, n_jobs=2))
    print(f"corpus: {args.corpus} ({len(docs)} documents, {len(texts):,} sentences)")
    print(f"vaderSentiment directly:          {direct:6.2f} s")
    print(f"sentence_sentiment, 1 process:    {ours:6.2f} s  ratio {ours / direct:4.2f}x (<= 1.2x)")
    print(f"sentence_sentiment, n_jobs=2:     {two:6.2f} s  ratio {two / direct:4.2f}x (< 1.2x)")


if __name__ == "__main__":
    main()
