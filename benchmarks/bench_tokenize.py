"""Tokenizing speed: our sentences + tokens against NLTK's Punkt + NLTKWordTokenizer.

Usage: python benchmarks/bench_tokenize.py [--corpus PATH] [--repeat N]

Both sides read the same loaded texts; loading is not timed.  The NLTK baseline uses only
parts that need no data package: ``PunktSentenceTokenizer()`` with default parameters and
``NLTKWordTokenizer`` on each sentence.  Prints MB/s for each and the speed ratio; the
target (issue 2) is a ratio >= 1, and several times faster is expected.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktSentenceTokenizer

import analysis

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "bbc"


def best_of(repeat: int, func) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", analysis.CorpusWarning)
        docs = analysis.load_corpus(args.corpus)
    megabytes = sum(len(t.encode("utf-8")) for t in docs["text"]) / 1e6

    ours_s, toks = best_of(args.repeat, lambda: analysis.tokens(docs))
    punkt, words = PunktSentenceTokenizer(), NLTKWordTokenizer()

    def nltk_baseline() -> int:
        return sum(len(words.tokenize(s)) for t in docs["text"] for s in punkt.tokenize(t))

    nltk_s, n_nltk = best_of(args.repeat, nltk_baseline)
    print(f"corpus: {args.corpus} ({len(docs)} documents, {megabytes:.2f} MB)")
    rate = "{:<24}{:7.3f} s  {:6.2f} MB/s  {:,} tokens"
    print(rate.format("ours  sentences+tokens:", ours_s, megabytes / ours_s, len(toks)))
    print(rate.format("NLTK  Punkt+WordTok:", nltk_s, megabytes / nltk_s, n_nltk))
    print(f"speed ratio (NLTK time / our time): {nltk_s / ours_s:.2f}x  (target >= 1.0)")


if __name__ == "__main__":
    main()
