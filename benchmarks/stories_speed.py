"""Dates, coverage, spikes, near-duplicates and stories on AllSides' elections articles
(issue 20), at 1x, 5x and 20x.

Usage: python benchmarks/stories_speed.py [--scales 1,5,20] [--corpus PATH]

Each scale runs in a fresh process (so that its peak memory is its own): load the corpus
with no column arguments, weekly coverage and its spikes, then near-duplicates and story
clusters on one core (the term counts they use are made first and timed apart, since a
report reads them from its extract).  A scale of k repeats every article k times, each
copy with one word in 50 changed and a new id: k-1 near-duplicates of every article.
Targets at 1x: loading + coverage + spikes <= 10 s; near-duplicates + stories <= 30 s; peak
memory about linear in the scale; what near-duplicates hold beyond the documents (traced
by tracemalloc, per document) flat across scales, about the 512 bytes of a signature.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
ELECTIONS = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "data"
    / "allsides"
    / "elections.jsonl"
)


def one_scale(corpus: Path, scale: int) -> dict[str, float]:
    import numpy as np
    import pandas as pd

    import analysis

    warnings.simplefilter("ignore", analysis.CorpusWarning)
    t0 = time.perf_counter()
    docs = analysis.load_corpus(corpus)
    if scale > 1:
        rng = np.random.default_rng(scale)
        copies = [docs]
        for k in range(1, scale):
            copy = docs.copy()
            texts = []
            for text in copy["text"]:
                words = text.split(" ")
                for i in rng.choice(len(words), size=len(words) // 50, replace=False):
                    words[i] = "changed"
                texts.append(" ".join(words))
            copy["text"] = texts
            copy["doc_id"] = copy["doc_id"] + f"-copy{k}"
            copies.append(copy)
        docs = analysis.load_corpus(pd.concat(copies, ignore_index=True))
    loaded = time.perf_counter() - t0
    t0 = time.perf_counter()
    weekly = analysis.coverage(docs, freq="week")
    analysis.spikes(weekly, value="documents")
    covered = time.perf_counter() - t0
    t0 = time.perf_counter()
    counts = analysis.count_terms(docs)
    counted = time.perf_counter() - t0
    t0 = time.perf_counter()
    near = analysis.near_duplicates(docs)
    found = time.perf_counter() - t0
    tracemalloc.start()  # what near_duplicates holds beyond the documents, traced apart
    analysis.near_duplicates(docs)
    held = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    t0 = time.perf_counter()
    stories = analysis.story_clusters(docs, counts=counts, duplicates=near)
    clustered = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "scale": scale,
        "documents": len(docs),
        "load_s": round(loaded, 2),
        "coverage_spikes_s": round(covered, 2),
        "term_counts_s": round(counted, 2),
        "near_duplicates_s": round(found, 2),
        "stories_s": round(clustered, 2),
        "near_duplicates": len(near),
        "near_duplicates_bytes_per_doc": round(held / len(docs)),
        "stories_shared": int((stories["n_docs"] > 1).sum()),
        "peak_mb": round(peak_mb),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,5,20")
    parser.add_argument("--corpus", type=Path, default=ELECTIONS)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # run one scale, print JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_scale(args.corpus, args.one)))
        return
    rows = []
    for scale in [int(s) for s in args.scales.split(",")]:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(scale), "--corpus", str(args.corpus)],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise SystemExit(done.stderr)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        row = rows[-1]
        print(
            f"{row['scale']:>3}x {row['documents']:>7,} docs  load {row['load_s']:6.1f} s  "
            f"coverage+spikes {row['coverage_spikes_s']:5.2f} s  "
            f"counts {row['term_counts_s']:6.1f} s  "
            f"near-dups {row['near_duplicates_s']:6.1f} s ({row['near_duplicates']:,}, "
            f"{row['near_duplicates_bytes_per_doc']:,} B/doc)  "
            f"stories {row['stories_s']:6.1f} s  peak {row['peak_mb']:,} MB",
            flush=True,
        )
    base = rows[0]
    print(
        f"targets at {base['scale']}x: load+coverage+spikes "
        f"{base['load_s'] + base['coverage_spikes_s']:.1f} s (<= 10), near-dups+stories "
        f"{base['near_duplicates_s'] + base['stories_s']:.1f} s (<= 30)"
    )
    work = base["near_duplicates_s"] + base["stories_s"]
    for row in rows[1:]:
        print(
            f"{row['scale']}x / {base['scale']}x: near-dups+stories time "
            f"{(row['near_duplicates_s'] + row['stories_s']) / work:.1f}x, "
            f"peak memory {row['peak_mb'] / base['peak_mb']:.1f}x"
        )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"stories-speed-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(rows, indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
