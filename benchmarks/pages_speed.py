"""Loading saved web pages (issue 31): the cost over trafilatura alone, and growth.

Usage: python benchmarks/pages_speed.py [--scales 1,20]

Writes 200 article pages (AllSides' texts in a news site's layout) to a temporary folder
(k copies of each at scale k, each copy a distinct page), then, in a fresh process per
measure: ``trafilatura.bare_extraction`` alone on every page's bytes (the options the loader
uses), ``analysis.load_corpus`` of the folder, and ``analysis.iter_corpus`` of it chunk by
chunk (its peak resident memory).  Targets: loading at most 1.1x the library alone; from 1x
to 20x, time about 20x and the streamed peak flat.
"""

from __future__ import annotations

import argparse
import html
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides"
LAYOUT = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}"><meta name="author" content="{author}">
<meta property="article:published_time" content="{date}T08:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>
<div class="ad">ADVERTISEMENT Half off your first box of meal kits.</div>
<article><h1>{title}</h1>{body}</article>
<aside><h2>Related stories</h2><a href="/x">Markets fall as investors weigh data</a></aside>
<section class="comments"><p>Nobody listens to what I have said for months.</p></section>
<footer>Copyright {site}. All rights reserved.</footer></body></html>"""


def write_pages(folder: Path, scale: int) -> None:
    rows = [json.loads(line) for line in (DATA / "elections.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if r["content_original"].count("\n") > 3][:200]
    for copy in range(scale):
        for i, row in enumerate(rows):
            paragraphs = [p.strip() for p in row["content_original"].split("\n") if p.strip()]
            page = LAYOUT.format(
                title=html.escape(f"{row['title']} ({copy})"),
                site=html.escape(row["source"]),
                author=html.escape(row["authors"] or "Staff"),
                date=row["date"] or "2020-01-01",
                body="".join(f"<p>{html.escape(p)}</p>" for p in paragraphs),
            )
            (folder / f"c{copy:02d}-{i:03d}.html").write_text(page, encoding="utf-8")


def measure(how: str, folder: Path) -> dict[str, float]:
    import warnings

    warnings.simplefilter("ignore")
    import trafilatura

    import analysis
    import analysis.corpus  # imported before the clock, as trafilatura is

    files = sorted(folder.glob("*.html"))
    started = time.perf_counter()
    if how == "library":
        for path in files:
            trafilatura.bare_extraction(
                path.read_bytes(), with_metadata=True, include_comments=False
            )
    elif how == "load":
        analysis.load_corpus(folder)
    else:
        for _ in analysis.iter_corpus(folder, chunk_size=200):
            pass
    return {
        "seconds": time.perf_counter() - started,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "pages": len(files),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,20")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], Path(args.one[1]))))
        return
    rows = {}
    for scale in [int(s) for s in args.scales.split(",")]:
        folder = Path(tempfile.mkdtemp(prefix="pages-"))
        try:
            write_pages(folder, scale)
            runs = {}
            for how in ("library", "load", "library", "load", "stream"):  # interleaved
                done = subprocess.run(
                    [sys.executable, __file__, "--one", how, str(folder)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                got = json.loads(done.stdout.strip().splitlines()[-1])
                best = runs.get(how)
                if best is None or got["seconds"] < best["seconds"]:
                    runs[how] = got
        finally:
            shutil.rmtree(folder)
        rows[scale] = runs
        print(
            f"{scale:>3}x {runs['load']['pages']:>5,} pages: trafilatura alone "
            f"{runs['library']['seconds']:6.1f} s, load_corpus {runs['load']['seconds']:6.1f} s "
            f"({runs['load']['seconds'] / runs['library']['seconds']:.2f}x), streamed peak "
            f"{runs['stream']['peak_mb']:,.0f} MB",
            flush=True,
        )
    if len(rows) > 1:
        low, high = rows[min(rows)], rows[max(rows)]
        print(
            f"{max(rows)}x / {min(rows)}x: time "
            f"{high['load']['seconds'] / low['load']['seconds']:.1f}x, streamed peak "
            f"{high['stream']['peak_mb'] / low['stream']['peak_mb']:.2f}x"
        )


if __name__ == "__main__":
    main()
