"""How right the workbook is on annotated news it was tuned on: names and speakers.

Usage: python benchmarks/accuracy.py [--data ../shared/data] [--part names|speakers|all]

1. Named actors on CoNLL-2003's development split (``conll2003/eng.testa``): each document
   as text (a sentence a line), through :func:`analysis.actor_mentions` (lexicon, name
   model, coreference), actor types mapped to CoNLL's (person: PER; organization, armed
   group, government body: ORG; country, place: LOC; event and people: MISC).  Exact
   spans: precision, recall, F1 per type, labelled and unlabelled.  Targets (issue 19):
   labelled F1 over PER+ORG+LOC >= .80, ORG >= .70.
2. Speakers (see :func:`speakers`): quotes and their speakers on BASIL's quoted spans and on
   the hand-annotated AllSides articles in ``tests/data/speakers_gold.json``.

Results go to ``benchmarks/results/accuracy-<time>.json``.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

import pandas as pd

import analysis
from analysis.actors.train_names import read_conll, scores

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
RESULTS = Path(__file__).resolve().parent / "results"
CONLL_TYPES: dict[str, str] = {
    "person": "PER",
    "organization": "ORG",
    "armed_group": "ORG",
    "government_body": "ORG",
    "country": "LOC",
    "place": "LOC",
    "event": "MISC",
    "people": "MISC",
}


def names(data: Path) -> dict[str, dict[str, float]]:
    """Span scores of the actor mentions on the CoNLL development split."""
    docs = read_conll(data / "conll2003" / "eng.testa")
    ids = [f"testa/{i:03d}" for i in range(len(docs))]
    table = analysis.load_corpus(pd.DataFrame({"doc_id": ids, "text": [d.text for d in docs]}))
    mentions = analysis.actor_mentions(table)
    found: dict[str, set[tuple[int, int, str]]] = {i: set() for i in ids}
    for row in mentions.itertuples():
        found[row.doc_id].add((int(row.start), int(row.end), CONLL_TYPES[row.type]))
    return scores([set(d.entities) for d in docs], [found[i] for i in ids])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--part", choices=("names", "speakers", "all"), default="all")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    result: dict[str, object] = {}
    if args.part in ("names", "all"):
        result["names"] = named = names(args.data)
        print("Named actors, CoNLL-2003 development split (exact spans)")
        for name, s in named.items():
            print(f"  {name:24} P {s['precision']:.3f}  R {s['recall']:.3f}  "
                  f"F1 {s['f1']:.3f}  ({s['gold']:.0f} gold)")  # fmt: skip
        for key, target in (("PER+ORG+LOC", 0.80), ("ORG", 0.70)):
            f1 = named[key]["f1"]
            print(f"  target {key} labelled F1 >= {target}: {f1:.3f} "
                  f"{'ok' if f1 >= target else 'MISSED'}")  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"accuracy-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
