"""How fast the explorers answer once a corpus's tables exist (issue 17).

Usage: python benchmarks/explore_speed.py [--corpus PATH] [--repeat N]

On all of BBC by default (2,225 articles): the concordance's view of a query (search, count,
dispersion strip and the first page of KWIC lines: what one keystroke redraws) for a common
word, a name, a phrase and a regular expression, filtered by group too; the article reader's
view of one article; the actor explorer's view of the most mentioned actor.  Best of
``--repeat``.  Targets: a query <= 300 ms, an article <= 200 ms, an actor <= 300 ms.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

from _common import report_targets

BBC = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "bbc"


def best(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=BBC)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import analysis
    from analysis.explore import Actors, Articles, Concordance

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", analysis.CorpusWarning)
        t0 = time.perf_counter()
        tables = analysis.corpus_tables(args.corpus)
        tables.sentences, tables.mentions, tables.quotes  # noqa: B018 (made once, here)
        prepared = time.perf_counter() - t0
    concordance, articles, actors = Concordance(tables), Articles(tables), Actors(tables)
    group = concordance.groups[0] if concordance.groups else None
    rows = []
    for label, query, regex in (
        ("query: common word", "government", False),
        ("query: a name", "Blair", False),
        ("query: a phrase", "prime minister", False),
        ("query: regex", r"econom\w+", True),
    ):
        seconds = best(args.repeat, lambda q=query, r=regex: concordance.html(q, regex=r))
        rows.append((label, 0.3, seconds))
    if group:
        seconds = best(args.repeat, lambda: concordance.html("government", group=group))
        rows.append((f"query in {group}", 0.3, seconds))
    doc_id = tables.documents["doc_id"].iloc[len(tables.documents) // 2]
    rows.append(("open an article", 0.2, best(args.repeat, lambda: articles.html(doc_id))))
    actor = actors.names[0]
    rows.append(("open an actor", 0.3, best(args.repeat, lambda: actors.html(actor))))

    print(f"{args.corpus}: {len(tables.documents):,} documents, tables made in {prepared:.1f} s")
    report_targets(rows, name="explore-speed", unit="ms", scale=1000)


if __name__ == "__main__":
    main()
