"""Term counting speed against scikit-learn's CountVectorizer(ngram_range=(1, 2)).

Usage: python benchmarks/bench_terms.py [--corpus PATH] [--repeat N]

Times, on the same loaded texts: our term frequencies with (1, 2)-grams and our TF-IDF, each
including our tokenizing, against ``CountVectorizer(ngram_range=(1, 2)).fit_transform``.
Target (issue 3): each within 2x of CountVectorizer.
"""

from __future__ import annotations

from _common import best_of, setup
from sklearn.feature_extraction.text import CountVectorizer

import analysis


def main() -> None:
    args, docs = setup(__doc__.splitlines()[0])
    texts = docs["text"].tolist()
    reference = best_of(
        args.repeat, lambda: CountVectorizer(ngram_range=(1, 2)).fit_transform(texts)
    )
    freq = best_of(args.repeat, lambda: analysis.term_frequencies(docs, ngram_range=(1, 2)))
    weights = best_of(args.repeat, lambda: analysis.tfidf(docs, ngram_range=(1, 2)))
    print(f"corpus: {args.corpus} ({len(docs)} documents)")
    print(f"CountVectorizer(ngram_range=(1, 2)): {reference:6.2f} s")
    for name, seconds in (("term_frequencies (1, 2)", freq), ("tfidf (1, 2)", weights)):
        print(f"{name:<36} {seconds:6.2f} s  ratio {seconds / reference:4.2f}x  (target <= 2.0x)")


if __name__ == "__main__":
    main()
