"""Tokenizing speed: our sentences + tokens against NLTK's Punkt + NLTKWordTokenizer.

Usage: python benchmarks/bench_tokenize.py [--corpus PATH] [--repeat N]

Both sides read the same loaded texts; loading is not timed.  The NLTK baseline uses only
parts that need no data package: ``PunktSentenceTokenizer()`` with default parameters and
``NLTKWordTokenizer`` on each sentence.  Prints MB/s for each and the speed ratio; the
target (issue 2) is a ratio >= 1, and several times faster is expected.
"""

from __future__ import annotations

from _common import best_of, setup
from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktSentenceTokenizer

import analysis


def main() -> None:
    args, docs = setup(__doc__.splitlines()[0])
    megabytes = sum(len(t.encode("utf-8")) for t in docs["text"]) / 1e6

    ours_s = best_of(args.repeat, lambda: analysis.tokens(docs))
    toks = analysis.tokens(docs)
    punkt, words = PunktSentenceTokenizer(), NLTKWordTokenizer()

    def nltk_baseline() -> int:
        return sum(len(words.tokenize(s)) for t in docs["text"] for s in punkt.tokenize(t))

    nltk_s = best_of(args.repeat, nltk_baseline)
    n_nltk = nltk_baseline()
    print(f"corpus: {args.corpus} ({len(docs)} documents, {megabytes:.2f} MB)")
    rate = "{:<24}{:7.3f} s  {:6.2f} MB/s  {:,} tokens"
    print(rate.format("ours  sentences+tokens:", ours_s, megabytes / ours_s, len(toks)))
    print(rate.format("NLTK  Punkt+WordTok:", nltk_s, megabytes / nltk_s, n_nltk))
    print(f"speed ratio (NLTK time / our time): {nltk_s / ours_s:.2f}x  (target >= 1.0)")


if __name__ == "__main__":
    main()
