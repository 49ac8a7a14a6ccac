"""Topics, dictionary counts and readability on AllSides' elections articles (issue 18).

Usage: python benchmarks/themes_speed.py [--corpus PATH]

One core, one process: the corpus is loaded and its word counts made first (a report reads
them from its extract), then timed apart: NMF with 20 topics (fit, coherence, tables), the
counts of a 5,000-entry dictionary (words, wildcards and phrases drawn from the corpus's
own vocabulary), readability and lexical diversity of every document.
Targets: NMF 20 topics <= 20 s; dictionary <= 5 s; readability <= 10 s.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

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
    rows = []
    t0 = time.perf_counter()
    model = analysis.topics(docs, n_topics=20, counts=counts)
    rows.append(("NMF, 20 topics", 20.0, time.perf_counter() - t0))
    t0 = time.perf_counter()
    analysis.dictionary_counts(docs, dictionary)
    rows.append((f"dictionary, {len(dictionary):,} entries", 5.0, time.perf_counter() - t0))
    t0 = time.perf_counter()
    analysis.readability(docs)
    rows.append(("readability", 10.0, time.perf_counter() - t0))
    t0 = time.perf_counter()
    analysis.lexical_diversity(docs)
    rows.append(("lexical diversity", 10.0, time.perf_counter() - t0))
    first = ", ".join(model.coherence["label"].head(5))
    print(f"{args.corpus.name}: {len(docs):,} documents; topics: {first} ...")
    report_targets(rows, name="themes-speed")


if __name__ == "__main__":
    main()
