"""Make a big dated corpus for benchmarks/big_report.py, from the articles in ../shared/data.

Usage: python benchmarks/big_corpus.py N [--out FILE]

Article k takes the title, date, outlet and authors of AllSides article k (cycling through
both topics' 6,703 articles) and the paragraphs of its text, each of which is swapped, with
probability 0.7, for a paragraph drawn from the whole pool (AllSides and BBC, about 100,000
paragraphs); an article of fewer than four paragraphs gets drawn ones added.  So every
article is distinct (a copy of the same AllSides article shares about a third of its
paragraphs), while lengths, dates, outlets, quotes and names stay those of real news.
Seeded: the same N gives the same file.  Written as JSON Lines with AllSides' field names
(``title``, ``content_original``, ``date``, ``source``, ``authors``), by default to
``benchmarks/results/corpora/big-N.jsonl`` (never committed: results/ is ignored).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
RESULTS = Path(__file__).resolve().parent / "results"


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if len(p.strip()) > 40]


def make(n: int, out: Path, *, seed: int = 0) -> Path:
    articles = []
    for name in ("elections.jsonl", "coronavirus.jsonl"):
        with open(DATA / "allsides" / name, encoding="utf-8") as f:
            articles += [json.loads(line) for line in f]
    pool = [p for a in articles for p in _paragraphs(a["content_original"])]
    for path in sorted((DATA / "bbc").glob("*/*.txt")):
        pool += _paragraphs(path.read_text(encoding="utf-8", errors="replace").split("\n", 1)[-1])
    rng = np.random.default_rng(seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    with open(tmp, "w", encoding="utf-8") as f:
        for k in range(n):
            a = articles[k % len(articles)]
            paragraphs = _paragraphs(a["content_original"])
            swap = rng.random(len(paragraphs)) < 0.7
            drawn = rng.integers(0, len(pool), size=len(paragraphs) + 4)
            text = [pool[d] if s else p for p, s, d in zip(paragraphs, swap, drawn, strict=False)]
            text += [pool[d] for d in drawn[len(text) : 4]]
            row = {
                "ID": f"big-{k:07d}",
                "title": a["title"],
                "content_original": "\n\n".join(text),
                "date": a["date"],
                "source": a["source"],
                "authors": a["authors"],
            }
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    out = args.out or RESULTS / "corpora" / f"big-{args.n}.jsonl"
    made = make(args.n, out)
    print(f"{made}: {args.n:,} articles, {made.stat().st_size / 1e6:,.0f} MB")


if __name__ == "__main__":
    main()
