"""Actor matching speed: BBC mentions against VADER, and 5,000 aliases against 50.

Usage: python benchmarks/bench_actors.py [--corpus PATH] [--repeat N]

Targets (issue 5): actor mentions for the whole corpus in under 0.5x the time of
vaderSentiment on its sentences; a lexicon of 5,000 aliases costs about what one of 50 does
(one Aho-Corasick pass, not a loop over aliases).  Sentences are split once, untimed.
"""

from __future__ import annotations

from _common import best_of, setup
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import analysis
from analysis.actors import lexicon_from_records


def synthetic_lexicon(n_aliases: int) -> analysis.Lexicon:
    """``n_aliases`` distinct made-up organization names, 10 aliases an actor."""
    records = [
        {
            "name": f"Org{i:05d}",
            "type": "organization",
            "aliases": [f"Zq{i:05d} Alias{j}" for j in range(10)],
        }
        for i in range(max(n_aliases // 10, 1))
    ]
    return lexicon_from_records(records, source=f"synthetic-{n_aliases}")


def main() -> None:
    args, docs = setup(__doc__.splitlines()[0])
    sents = analysis.sentences(docs)
    vader = SentimentIntensityAnalyzer()
    texts = sents["text"].tolist()
    reference = best_of(args.repeat, lambda: [vader.polarity_scores(t) for t in texts])
    default = analysis.load_lexicon()
    ours = best_of(args.repeat, lambda: analysis.actor_mentions(docs, default, sents=sents))
    small, large = synthetic_lexicon(50), synthetic_lexicon(5_000)
    t_small = best_of(
        args.repeat, lambda: analysis.actor_mentions(docs, small, discover=False, sents=sents)
    )
    t_large = best_of(
        args.repeat, lambda: analysis.actor_mentions(docs, large, discover=False, sents=sents)
    )
    print(f"corpus: {args.corpus} ({len(docs)} documents, {len(texts):,} sentences)")
    line = "{:<42}{:6.2f} s{}"
    print(line.format("vaderSentiment on every sentence:", reference, ""))
    print(
        line.format(
            "actor_mentions (default, discovery):",
            ours,
            f"  ratio {ours / reference:4.2f}x (< 0.5x)",
        )
    )
    print(line.format("lexicon only, 50 aliases:", t_small, ""))
    print(
        line.format(
            "lexicon only, 5,000 aliases:", t_large, f"  ratio {t_large / t_small:4.2f}x (about 1x)"
        )
    )


if __name__ == "__main__":
    main()
