"""How right the workbook is on annotated news it was tuned on: names, speakers and the
sentiment towards targets.

Usage: python benchmarks/accuracy.py [--data ../shared/data] [--part names|speakers|targets|all]

1. Named actors on CoNLL-2003's development split (``conll2003/eng.testa``): each document
   as text (a sentence a line), through :func:`analysis.actor_mentions` (lexicon, name
   model, coreference), actor types mapped to CoNLL's (person: PER; organization, armed
   group, government body: ORG; country, place: LOC; event and people: MISC).  Exact
   spans: precision, recall, F1 per type, labelled and unlabelled.  Targets (issue 19):
   labelled F1 over PER+ORG+LOC >= .80, ORG >= .70.
2. Speakers (see :func:`speakers`): quotes and their speakers on BASIL's quoted spans and on
   the hand-annotated AllSides articles in ``tests/data/speakers_gold.json``.
3. Sentiment towards targets (:func:`analysis.target_sentiment`) on the fifth of NewsMTSC's
   training articles held out from the model (``newsmtsc/train.jsonl``): macro F1 of the
   scores' labels (negative below -.05, positive above .05), against VADER's score of the
   whole sentence, and targets scored a second on one core.  Target (issue 32): .65.

Results go to ``benchmarks/results/accuracy-<time>.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import time
import warnings
from pathlib import Path

import pandas as pd

import analysis
from analysis import train_targeted_sentiment
from analysis.actors.train_names import read_conll, scores
from analysis.targeted_sentiment import TargetModel, target_scores

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


# --- speakers -----------------------------------------------------------------------------
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]+")
#: Words that never identify a speaker on their own.
_GENERIC = frozenset(
    "the of and for mr mrs ms dr sen rep gov president senator house senate former state "
    "party national committee chairman leader spokesman spokeswoman official officials".split()
)


def speaker_words(name: str | None) -> set[str]:
    """The words that identify a speaker ("Sen. John McCain" -> {"john", "mccain"})."""
    if not isinstance(name, str):
        return set()
    words = {w.lower().replace("’", "'") for w in _WORD_RE.findall(name.replace("_", " "))}
    return {w.removesuffix("'s") for w in words if len(w) > 2} - _GENERIC


def same_speaker(gold: str, speaker: str | None, actor: str | None) -> bool:
    """The found speaker (its words or its actor's) shares an identifying word with the
    gold name: "Steele" for "Michael_Steele", "Tea Party Express" for "Tea_Party"."""
    return bool(speaker_words(gold) & (speaker_words(speaker) | speaker_words(actor)))


#: Gold speakers that name a group of people, not one speaker ("Democratic_lawmakers",
#: "House_Republicans"): the quote's own speaker is one of them, which a name cannot match.
COLLECTIVE_WORDS = frozenset(
    "lawmakers members democrats republicans protestors protesters supporters critics "
    "officials leaders senators representatives administration conservatives liberals "
    "activists opponents advocates voters candidates plaintiffs defendants".split()
)


def is_collective(speaker: str) -> bool:
    return any(w in COLLECTIVE_WORDS for w in speaker.lower().split("_"))


def _inside_marks(paragraph: str, at: int) -> bool:
    """Position ``at`` of a paragraph lies between quotation marks."""
    before = paragraph[:at]
    curly = before.count("“") > before.count("”")
    return curly or before.count('"') % 2 == 1


def basil_quotes(data: Path) -> tuple[pd.DataFrame, list[tuple[str, int, int, str]]]:
    """BASIL's articles as a documents table, and its direct quotes with a named speaker:
    ``(doc_id, start, end, speaker)`` for each quoted span annotated with a speaker that is
    neither ``other_*`` nor a group (:data:`COLLECTIVE_WORDS`) and that stands between
    quotation marks in the text."""
    rows, gold = [], []
    for path in sorted((data / "basil" / "articles").glob("*/*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(p) for p in article["body-paragraphs"]]
        text = article["title"] + "\n\n" + "\n\n".join(paragraphs)
        doc_id = f"{path.parent.name}/{path.stem}"
        rows.append((doc_id, text, article["source"]))
        ann = path.parents[2] / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        if not ann.exists():
            continue
        for a in json.loads(ann.read_text(encoding="utf-8"))["phrase-level-annotations"]:
            speaker = a.get("speaker") or ""
            if a.get("quote") != "yes" or not speaker or speaker.startswith("other"):
                continue
            if is_collective(speaker):
                continue
            words = a["txt"].strip().strip('“”"').strip()
            at = text.find(words)
            if len(words) < 3 or at < 0:
                continue
            lo = text.rfind("\n", 0, at) + 1
            if a["txt"].lstrip()[:1] in '“"' or _inside_marks(text[lo:at], at - lo):
                gold.append((doc_id, at, at + len(words), speaker))
    docs = pd.DataFrame(rows, columns=["doc_id", "text", "outlet"])
    return docs, gold


def speaker_scores(found: pd.DataFrame, gold: list[tuple[str, int, int, str]]) -> dict[str, float]:
    """Of the gold quotes, how many a found quote covers (``found``), and of those, how many
    have a speaker that matches (``accuracy``)."""
    by_doc = {d: g for d, g in found.groupby("doc_id")}
    covered = right = 0
    for doc_id, start, end, speaker in gold:
        quotes = by_doc.get(doc_id)
        if quotes is None:
            continue
        hit = quotes[(quotes["start"] < end) & (quotes["end"] > start)]
        if hit.empty:
            continue
        covered += 1
        q = hit.iloc[0]
        right += same_speaker(speaker, q["speaker"], q["speaker_actor"])
    return {
        "gold": len(gold),
        "found": covered,
        "recall": covered / len(gold) if gold else 0.0,
        "accuracy": right / covered if covered else 0.0,
    }


GOLD_FILE = Path(__file__).resolve().parents[1] / "tests" / "data" / "speakers_gold.json"


def allsides_gold(data: Path, gold_file: Path = GOLD_FILE) -> tuple[pd.DataFrame, list[dict]]:
    """The hand-annotated AllSides articles (``tests/data/speakers_gold.json``) as a
    documents table (texts read from the dataset by id) and their gold quotes, each with
    its ``doc_id``."""
    gold = json.loads(gold_file.read_text(encoding="utf-8"))["articles"]
    wanted = {(a["file"], a["id"]) for a in gold}
    texts = {}
    for name in sorted({f for f, _ in wanted}):
        with (data / "allsides" / name).open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                if (name, row["ID"]) in wanted:
                    texts[row["ID"]] = row["content_original"]
    docs = pd.DataFrame(
        [(a["id"], texts[a["id"]], a["outlet"]) for a in gold], columns=["doc_id", "text", "outlet"]
    )
    quotes = [{**q, "doc_id": a["id"]} for a in gold for q in a["quotes"]]
    return docs, quotes


def gold_scores(found: pd.DataFrame, gold: list[dict]) -> dict[str, float]:
    """Speaker accuracy on the gold speech quotes, quote precision (of the quotes found as
    speech, the share that are gold speech), and quote-kind accuracy (of the gold quotes a
    found quote covers, the share with the gold kind)."""
    speech = [
        (g["doc_id"], g["start"], g["end"], g["speaker"])
        for g in gold
        if g["kind"] == "speech" and g["speaker"]
    ]
    out = speaker_scores(found, speech)
    spans: dict[str, list[tuple[int, int]]] = {}
    for g in gold:
        if g["kind"] == "speech":
            spans.setdefault(g["doc_id"], []).append((g["start"], g["end"]))
    said = found[found["quote_kind"] == "speech"]
    right = sum(
        any(s < e2 and e > s2 for s2, e2 in spans.get(d, []))
        for d, s, e in zip(said["doc_id"], said["start"], said["end"], strict=True)
    )
    out["quote_precision"] = right / len(said) if len(said) else 0.0
    by_doc = {d: g for d, g in found.groupby("doc_id")}
    kinds = [
        hit.iloc[0]["quote_kind"] == g["kind"]
        for g in gold
        if (quotes := by_doc.get(g["doc_id"])) is not None
        and not (hit := quotes[(quotes["start"] < g["end"]) & (quotes["end"] > g["start"])]).empty
    ]
    out["kind_accuracy"] = sum(kinds) / len(kinds) if kinds else 0.0
    return out


def speakers(data: Path) -> dict[str, dict[str, float]]:
    """Speakers, quote precision and quote kinds on the hand-annotated AllSides articles;
    speaker accuracy on BASIL's quoted spans."""
    docs, gold = allsides_gold(data)
    found = analysis.quotes(analysis.load_corpus(docs, outlet_column="outlet"))
    out = {"allsides": gold_scores(found, gold)}
    docs, basil = basil_quotes(data)
    found = analysis.quotes(analysis.load_corpus(docs, outlet_column="outlet"))
    out["basil"] = speaker_scores(found, basil)
    return out


def targets(data: Path) -> dict[str, float]:
    """Macro F1 of the shipped target-sentiment model on its held-out articles, and speed."""
    _, held_out = train_targeted_sentiment.split(
        train_targeted_sentiment.read_targets(data / "newsmtsc" / "train.jsonl")
    )
    result = train_targeted_sentiment.evaluate(TargetModel.load(), held_out)
    sentences, starts, ends = ([t[i] for t in held_out] for i in (1, 2, 3))
    target_scores(sentences[:10], starts[:10], ends[:10])  # the model loaded
    started = time.perf_counter()
    target_scores(sentences * 3, starts * 3, ends * 3)
    result["targets_per_second"] = 3 * len(sentences) / (time.perf_counter() - started)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--part", choices=("names", "speakers", "targets", "all"), default="all")
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
    if args.part in ("speakers", "all"):
        result["speakers"] = spoken = speakers(args.data)
        for name, s in spoken.items():
            print(f"Speakers, {name}: {s['gold']} gold quotes, {s['found']} found "
                  f"(recall {s['recall']:.3f}), right speaker {s['accuracy']:.3f}"
                  + (f", quote precision {s['quote_precision']:.3f}, quote kind "
                     f"{s['kind_accuracy']:.3f}" if "quote_precision" in s else ""))  # fmt: skip
            ok = s["accuracy"] >= 0.80 and s.get("quote_precision", 1.0) >= 0.95
            print(f"  target right speaker >= .80, quote precision >= .95: "
                  f"{'ok' if ok else 'MISSED'}")  # fmt: skip
    if args.part in ("targets", "all"):
        result["targets"] = t = targets(args.data)
        print(f"Sentiment towards targets, NewsMTSC held-out articles ({t['targets']:,}): "
              f"macro F1 {t['macro_f1']:.3f} (VADER on the whole sentence "
              f"{t['vader_sentence_macro_f1']:.3f}); "
              f"{t['targets_per_second']:,.0f} targets/s")  # fmt: skip
        ok = t["macro_f1"] >= 0.65 and t["targets_per_second"] >= 5000
        print(f"  target macro F1 >= .65, >= 5,000 targets/s: {'ok' if ok else 'MISSED'}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"accuracy-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
