"""Topics, dictionary counts and readability on AllSides' elections articles (issue 18).

Usage: python benchmarks/themes_speed.py [--corpus PATH] [--repeat N]

One core, one process: the corpus is loaded and its word counts made first (a report reads
them from its extract), then timed apart: NMF with 20 topics (fit, coherence, tables), the
counts of a 5,000-entry dictionary (words, wildcards and phrases drawn from the corpus's
own vocabulary), readability and lexical diversity of every document; each the best of
--repeat runs (3), as this machine's speed varies by a third from minute to minute.
Targets: NMF 20 topics <= 20 s; dictionary <= 5 s; readability <= 10 s.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import report_targets

ELECTIONS = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "data"
    / "allsides"
    / "elections.jsonl"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ELECTIONS)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    args = parser.parse_args()

    import analysis

    warnings.simplefilter("ignore", analysis.CorpusWarning)
    docs = analysis.load_corpus(args.corpus)
    counts = analysis.count_terms(docs)
    vocabulary = counts.totals.sort_values("count", ascending=False)["term"].tolist()
    entries: dict[str, list[str]] = {f"category{c:02d}": [] for c in range(20)}
    for i, term in enumerate(vocabulary[:4_000]):
        entries[f"category{i % 20:02d}"].append(term)
    for i, term in enumerate(vocabulary[4_000:4_800]):
        entries[f"category{i % 20:02d}"].append(term[:4] + "*")
    for i, (a, b) in enumerate(zip(vocabulary[5_000:5_200], vocabulary[5_200:5_400], strict=True)):
        entries[f"category{i % 20:02d}"].append(f"{a} {b}")
    dictionary = analysis.load_dictionary(entries)
    results: dict[str, Any] = {}

    def best(name: str, target: float, run: Callable[[], Any]) -> tuple[str, float, float]:
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            results[name] = run()
            times.append(time.perf_counter() - t0)
        return name, target, min(times)

    rows = [
        best("NMF, 20 topics", 20.0, lambda: analysis.topics(docs, n_topics=20, counts=counts)),
        best(
            f"dictionary, {len(dictionary):,} entries",
            5.0,
            lambda: analysis.dictionary_counts(docs, dictionary),
        ),
        best("readability", 10.0, lambda: analysis.readability(docs)),
        best("lexical diversity", 10.0, lambda: analysis.lexical_diversity(docs)),
    ]
    model = results["NMF, 20 topics"]
    first = ", ".join(model.coherence["label"].head(5))
    print(f"{args.corpus.name}: {len(docs):,} documents; topics: {first} ...")
    report_targets(rows, name="themes-speed")


if __name__ == "__main__":
    main()
