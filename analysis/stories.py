"""Stories: near-duplicate articles, the same story across outlets, and wire copy.

Near-duplicates (:func:`near_duplicates`) are measured by the Jaccard similarity of the
documents' word 5-shingles (every run of five words, lowercased): reprints with a new
dateline, a cut last paragraph or a few words changed stay above 0.5, different articles
on the same event stay far below.  Candidates come from MinHash with locality-sensitive
hashing (128 permutations, datasketch's scheme made here on arrays; the bands datasketch
chooses for a lower threshold than asked, so that few are missed), and every candidate pair
is then checked on the exact shingle sets: what is reported is exactly above the threshold.
Memory stays at the signatures (512 bytes a document) and the bands' groupings: the
shingles wait in a temporary file for the check.

Stories (:func:`story_clusters`) join articles that tell the same news in different words.
Taken in order of publication, an article joins the story whose first article is the most
similar to it, if that TF-IDF cosine similarity is at least ``threshold`` and the two were
published within ``days`` of each other; otherwise it starts a story of its own.  Comparing
with a story's first article, not with any of its articles, keeps stories from drifting
into a whole topic.  A near-duplicate always joins the story of the article it repeats.

Wire copy (:func:`wire_copy`): a text that credits AP, Reuters, AFP or UPI in its
dateline (``WASHINGTON (AP) —``, ``(Reuters) -``), its byline or its closing credit line.
"""

from __future__ import annotations

import os
import re
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import as_documents
from analysis.errors import check_int, invalid_value
from analysis.terms import TermCounts, count_terms, document_term_matrix, tfidf_weights
from analysis.text import word_codes

NEAR_DUPLICATE_COLUMNS: tuple[str, ...] = ("doc_id", "duplicate_of", "similarity")
STORY_COLUMNS: tuple[str, ...] = ("doc_id", "story_id", "n_docs", "n_outlets", "first_date")
BIGGEST_COLUMNS: tuple[str, ...] = (
    "story_id",
    "headline",
    "n_docs",
    "n_outlets",
    "first_date",
    "outlets",
)
WIRE_COLUMNS: tuple[str, ...] = ("doc_id", "wire", "evidence")

SHINGLE = 5
NUM_PERM = 128
_MASK = np.uint64(0xFFFFFFFF)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def _order(docs: pd.DataFrame) -> pd.DataFrame:
    """Documents earliest first (by date when there are dates, then as given)."""
    docs = docs.reset_index(drop=True)
    if "date" in docs.columns and np.issubdtype(docs["date"].dtype, np.datetime64):
        position = np.arange(len(docs))
        order = np.lexsort((position, docs["date"].isna().to_numpy(), docs["date"].to_numpy()))
        return docs.iloc[order].reset_index(drop=True)
    return docs


_WORD_RE = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")


def _window_hashes(codes: np.ndarray, size: int) -> np.ndarray:
    """A 32-bit hash of each run of ``size`` word codes (``len(codes) - size + 1`` runs)."""
    with np.errstate(over="ignore"):
        h = np.zeros(len(codes) - size + 1, dtype=np.uint64)
        for k in range(size):
            h = h * _MIX + codes[k : len(codes) - size + 1 + k]
    return (h ^ (h >> np.uint64(29))) & _MASK


def shingle_sets(texts: Sequence[Any], *, size: int = SHINGLE) -> list[np.ndarray]:
    """:func:`shingles` of every text, made a batch of texts at a time: each distinct word
    of a batch is hashed once (its CRC-32) and every run's hash in one pass of array
    arithmetic (batches bound the memory: the words of a whole corpus at once would not)."""
    out: list[np.ndarray] = []
    for at in range(0, len(texts), _BATCH):
        out += _shingle_batch(texts[at : at + _BATCH], size)
    return out


_BATCH = 2_000


def _shingle_batch(texts: Sequence[Any], size: int) -> list[np.ndarray]:
    codes, lengths, forms = word_codes(
        [t.lower() if isinstance(t, str) else "" for t in texts], _WORD_RE, fold=False
    )
    crc = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in forms), np.uint64, len(forms))
    words = crc[codes]
    starts = np.cumsum(lengths) - lengths
    out = [np.zeros(0, dtype=np.uint64)] * len(texts)
    for i in np.flatnonzero((lengths > 0) & (lengths < size)).tolist():  # one shorter run
        out[i] = _window_hashes(words[starts[i] : starts[i] + lengths[i]], int(lengths[i]))
    full = np.flatnonzero(lengths >= size)
    if len(full):
        runs = lengths[full] - size + 1
        doc = np.repeat(full, runs)
        at = np.arange(int(runs.sum())) - np.repeat(np.cumsum(runs) - runs, runs) + starts[doc]
        # each document's distinct hashes, sorted: one sort of (document, hash) as one key
        keys = np.sort((doc.astype(np.uint64) << np.uint64(32)) | _window_hashes(words, size)[at])
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
        doc, hashes = (keys >> np.uint64(32)).astype(np.int64), keys & _MASK
        bounds = np.flatnonzero(np.diff(doc)) + 1
        for i, part in zip(full.tolist(), np.split(hashes, bounds), strict=True):
            out[i] = part
    return out


def shingles(text: str, *, size: int = SHINGLE) -> np.ndarray:
    """The distinct word ``size``-shingles of a text (words lowercased, numbers and
    punctuation left out), each as a 32-bit hash, sorted."""
    return shingle_sets([text], size=size)[0]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted shingle arrays."""
    if not len(a) and not len(b):
        return 1.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


def _batches(texts: pd.Series) -> Iterator[list[Any]]:
    for at in range(0, len(texts), _BATCH):
        yield texts.iloc[at : at + _BATCH].tolist()


# MinHash permutations (datasketch's default "affine32" scheme, seed 1, bit for bit): each
# shingle hash is mixed once by MurmurHash3's finalizer, then h -> a*h + b modulo 2**32 for
# 128 odd a; a signature is the minimum of each over a text's shingles (uint32: 512 bytes).
_PERMUTATIONS = np.random.RandomState(1)
_A = _PERMUTATIONS.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
_B = _PERMUTATIONS.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
del _PERMUTATIONS
_BLOCK = 32_768  # shingles permuted at once: 16 MB of uint32 at 128 permutations


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def minhash_signatures(sets: Sequence[np.ndarray]) -> np.ndarray:
    """The MinHash signature of each shingle set (:func:`shingle_sets`): an array of
    ``len(sets)`` rows of 128 ``uint32``, the same values as datasketch's
    ``MinHash(num_perm=128, seed=1)`` updated with the set's hashes (an empty set's row is
    all ``2**32 - 1``)."""
    out = np.full((len(sets), NUM_PERM), np.iinfo(np.uint32).max, dtype=np.uint32)
    lengths = np.fromiter(map(len, sets), np.int64, len(sets))
    first = 0
    while first < len(sets):  # documents whose shingles fill a block, at least one
        last = first + 1 + int(np.searchsorted(np.cumsum(lengths[first + 1 :]), _BLOCK))
        part = [s for s in sets[first:last] if len(s)]
        if part:
            mixed = _fmix32(np.concatenate(part).astype(np.uint32))
            with np.errstate(over="ignore"):  # one permutation a row: reduced along rows
                permuted = _A[:, None] * mixed + _B[:, None]
            starts = np.cumsum([0] + [len(s) for s in part[:-1]])
            rows = first + np.flatnonzero(lengths[first:last] > 0)
            out[rows] = np.minimum.reduceat(permuted, starts, axis=1).T
        first = last
    return out


class _ShingleStore:
    """Every document's shingles in an unnamed temporary file (gone when closed), read back
    one document at a time: what the exact check needs, without holding a corpus of them."""

    def __init__(self, file: Any) -> None:
        self._file = file
        self._offsets = [0]

    def add(self, sets: Sequence[np.ndarray]) -> None:
        for s in sets:
            self._file.write(s.astype(np.uint32).tobytes())
            self._offsets.append(self._offsets[-1] + 4 * len(s))

    def get(self, i: int) -> np.ndarray:
        start, end = self._offsets[i], self._offsets[i + 1]
        return np.frombuffer(os.pread(self._file.fileno(), end - start, start), np.uint32)


def _earlier_mates(
    signatures: np.ndarray, bands: Sequence[tuple[int, int]]
) -> Iterator[tuple[int, np.ndarray]]:
    """Each row of ``signatures`` with an earlier row equal to it on all of one band
    (``bands``: the bands' columns), and those earlier rows, ascending: the candidates an
    LSH index built row after row would return.  Each band is grouped once by sorting; the
    pairs are never all held (a band's group of g rows would give g²/2)."""
    n = len(signatures)
    orders, group_starts, places = [], [], []
    for a, b in bands:
        _, bucket = np.unique(signatures[:, a:b], axis=0, return_inverse=True)
        order = np.argsort(bucket.ravel(), kind="stable")  # a group's rows ascending
        sorted_bucket = bucket.ravel()[order]
        new = np.concatenate(([True], sorted_bucket[1:] != sorted_bucket[:-1]))
        starts = np.maximum.accumulate(np.where(new, np.arange(n, dtype=np.int32), 0))
        order = order.astype(np.int32)  # 12 bytes a document and band
        place = np.empty(n, dtype=np.int32)
        place[order] = np.arange(n, dtype=np.int32)
        orders.append(order)
        group_starts.append(starts)
        places.append(place)
    has_mate = np.zeros(n, dtype=bool)
    for starts, place in zip(group_starts, places, strict=True):
        has_mate |= starts[place] < place
    for i in np.flatnonzero(has_mate).tolist():
        found = [
            order[starts[place[i]] : place[i]]
            for order, starts, place in zip(orders, group_starts, places, strict=True)
            if starts[place[i]] < place[i]
        ]
        yield i, np.unique(np.concatenate(found))


def near_duplicates(
    docs: Any, *, threshold: float = 0.5, texts: Iterable[Sequence[Any]] | None = None
) -> pd.DataFrame:
    """Documents that repeat an earlier one nearly word for word.

    Memory: 128 MinHash values (512 bytes) per document and the bands' groupings; the
    shingles go to a temporary file while the signatures are made and are read back, two
    documents at a time, for the exact check.

    Args:
        docs: A documents table (with ``date``: earlier means published earlier, then
            earlier in the table) or a list of texts.
        threshold: Jaccard similarity of word 5-shingles from which two texts count as
            near-duplicates (0.5 by default; see the module's notes).
        texts: The documents' texts in batches (lists of strings, in the order of
            ``docs``), when ``docs`` holds no ``text`` column: a big corpus read chunk by
            chunk from its extract.

    Returns:
        DataFrame with columns ``doc_id, duplicate_of, similarity``: one row per document
        with an earlier near-duplicate, pointing to the earliest one (``similarity`` is
        their exact Jaccard similarity), in the order of the documents.
    """
    if not 0 < threshold <= 1:
        raise invalid_value("threshold", threshold, "a similarity above 0 and at most 1")
    if texts is None:
        docs = as_documents(docs)
        texts = _batches(docs["text"])
    docs = docs.reset_index(drop=True)
    ids = docs["doc_id"].tolist()
    with tempfile.TemporaryFile() as file:
        store = _ShingleStore(file)
        signatures, sizes = [], []
        for batch in texts:
            sets = shingle_sets(batch)
            signatures.append(minhash_signatures(sets))
            sizes.append(np.fromiter(map(len, sets), np.int64, len(sets)))
            store.add(sets)
        signature = np.concatenate(signatures) if signatures else np.zeros((0, NUM_PERM))
        del signatures
        if len(signature) != len(ids):
            raise invalid_value("texts", f"{len(signature)} texts", f"{len(ids)}, one a document")
        order = _order(docs.assign(_row=np.arange(len(docs))))["_row"].to_numpy()
        size = np.concatenate([np.zeros(0, np.int64), *sizes])
        held = order[size[order] > 0]  # a text without words matches none
        if len(held) < 2:
            return pd.DataFrame(columns=list(NEAR_DUPLICATE_COLUMNS))
        from datasketch import MinHashLSH

        # datasketch chooses the bands, for a lower threshold than asked so that few are missed
        bands = MinHashLSH(threshold=max(threshold - 0.2, 0.1), num_perm=NUM_PERM).hashranges
        rows = []
        for k, mates in _earlier_mates(signature[held], bands):
            i = held[k]
            mine = store.get(i)
            for j in held[mates].tolist():
                similarity = jaccard(store.get(j), mine)
                if similarity >= threshold:
                    rows.append((ids[i], ids[j], similarity))
                    break
    return pd.DataFrame(rows, columns=list(NEAR_DUPLICATE_COLUMNS))


def story_clusters(
    docs: Any,
    *,
    counts: TermCounts | None = None,
    threshold: float = 0.3,
    days: int = 3,
    duplicates: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Group the articles that tell the same story, across outlets.

    Args:
        docs: A documents table (``date`` and ``outlet`` used when present).
        counts: :func:`analysis.count_terms` of ``docs``, if already made.
        threshold: TF-IDF cosine similarity from which an article joins a story (0.3: on
            BASIL's 100 stories told by three outlets each, 97% of the pairs put in one
            story belong together, and 88% of those that belong together are found).
        days: Only articles published within this many days of each other are linked
            (all pairs when there are no dates).
        duplicates: :func:`near_duplicates` of ``docs``, if already made (they are linked
            whatever their dates).

    Returns:
        DataFrame with columns ``doc_id, story_id, n_docs, n_outlets, first_date``: every
        document, in order of publication, ``story_id`` numbering stories from 1 by size
        (biggest first), then by first date; a story of one document is an article no
        other article repeats.
    """
    check_int("days", days, minimum=0)
    if not 0 < threshold <= 1:
        raise invalid_value("threshold", threshold, "a similarity above 0 and at most 1")
    docs = _order(as_documents(docs))
    counts = count_terms(docs) if counts is None else counts
    matrix, doc_ids, _ = document_term_matrix(None, counts=counts)
    row_of = {d: i for i, d in enumerate(doc_ids)}
    rows = np.asarray([row_of.get(d, -1) for d in docs["doc_id"]], dtype=np.int64)
    weights = tfidf_weights(matrix).tocsr()
    n = len(docs)
    dated = "date" in docs.columns and np.issubdtype(docs["date"].dtype, np.datetime64)
    day = np.zeros(n)
    if dated:  # days since 1970; NaN without a date (such documents link by duplicates only)
        known = docs["date"].notna().to_numpy()
        day[known] = docs["date"][known].to_numpy().astype("datetime64[D]").astype(np.float64)
        day[~known] = np.nan
    leader_of = np.arange(n)  # each document's story, named by its first document
    if duplicates is not None and len(duplicates):
        index = {d: i for i, d in enumerate(docs["doc_id"])}
        for a, b in zip(duplicates["doc_id"], duplicates["duplicate_of"], strict=True):
            if a in index and b in index and index[b] < index[a]:
                leader_of[index[a]] = -1 - index[b]  # joins b's story once b's is known
    is_leader = np.zeros(n, dtype=bool)
    vectors = weights[np.where(rows >= 0, rows, 0)]
    empty = rows < 0
    n_dated = int(np.count_nonzero(~np.isnan(day))) if dated else n  # dated ones come first
    block = 512
    for lo in range(0, n, block):
        hi = min(lo + block, n)
        # earlier documents that can be in reach: from `days` before this block's first
        since = 0
        if dated and lo < n_dated:
            since = int(np.searchsorted(day[:n_dated], day[lo] - days, side="left"))
        elif dated:
            since = lo  # undated documents link by near-duplicates only
        sims = (vectors[lo:hi] @ vectors[since:hi].T).toarray()
        for k in range(hi - lo):
            i = lo + k
            if leader_of[i] < 0:  # a near-duplicate: the story of what it repeats
                leader_of[i] = leader_of[-1 - leader_of[i]]
                continue
            if empty[i] or (dated and i >= n_dated):
                is_leader[i] = True
                continue
            row = sims[k, : i - since]
            candidates = since + np.flatnonzero(
                is_leader[since:i] & (row >= threshold) & ~empty[since:i]
            )
            if dated and len(candidates):
                candidates = candidates[np.abs(day[candidates] - day[i]) <= days]
            if len(candidates):
                leader_of[i] = candidates[np.argmax(sims[k, candidates - since])]
            else:
                is_leader[i] = True
    roots = leader_of
    frame = pd.DataFrame({"doc_id": docs["doc_id"].to_numpy(), "root": roots})
    frame["outlet"] = docs["outlet"].to_numpy() if "outlet" in docs.columns else None
    frame["date"] = docs["date"].to_numpy() if dated else pd.NaT
    by_root = frame.groupby("root")
    frame["n_docs"] = by_root["doc_id"].transform("size")
    frame["n_outlets"] = by_root["outlet"].transform("nunique")
    frame["first_date"] = by_root["date"].transform("min")
    stories = frame.drop_duplicates("root").sort_values(
        ["n_docs", "first_date", "root"], ascending=[False, True, True], kind="mergesort"
    )
    number = {root: k for k, root in enumerate(stories["root"], start=1)}
    frame["story_id"] = frame["root"].map(number).astype(np.int64)
    return frame[list(STORY_COLUMNS)]


def biggest_stories(stories: pd.DataFrame, docs: Any, *, min_docs: int = 2) -> pd.DataFrame:
    """The stories more than one article tells, biggest first, with who carried them.

    Args:
        stories: :func:`story_clusters` of ``docs``.
        docs: The documents table (``title``, ``outlet`` when present).
        min_docs: Stories of fewer articles are left out.

    Returns:
        DataFrame with columns ``story_id, headline, n_docs, n_outlets, first_date,
        outlets``: ``headline`` the first article's, ``outlets`` the outlets that carried
        it, most articles first (``"AP (3), Reuters"``).
    """
    docs = as_documents(docs)
    shared = stories[stories["n_docs"] >= min_docs]
    if shared.empty:
        return pd.DataFrame(columns=list(BIGGEST_COLUMNS))
    titles = dict(zip(docs["doc_id"], docs["title"], strict=True))
    outlet_of = (
        dict(zip(docs["doc_id"], docs["outlet"], strict=True)) if "outlet" in docs.columns else {}
    )
    doc_ids = shared["doc_id"].tolist()
    first: dict[int, int] = {}  # each story's first row
    carried: dict[int, list[Any]] = {}  # the outlets of its articles, in row order
    for row, (story, doc_id) in enumerate(zip(shared["story_id"].tolist(), doc_ids, strict=True)):
        first.setdefault(story, row)
        outlet = outlet_of.get(doc_id)
        if not pd.isna(outlet):
            carried.setdefault(story, []).append(outlet)
    n_docs, n_outlets, dates = (shared[c].tolist() for c in ("n_docs", "n_outlets", "first_date"))
    rows = []
    for story in sorted(first):
        i = first[story]
        named = Counter(carried.get(story, ())).most_common()  # ties: first carried first
        rows.append(
            (
                int(story),
                titles.get(doc_ids[i], "") or str(doc_ids[i]),
                int(n_docs[i]),
                int(n_outlets[i]),
                dates[i],
                ", ".join(f"{o} ({n})" if n > 1 else str(o) for o, n in named),
            )
        )
    return pd.DataFrame(rows, columns=list(BIGGEST_COLUMNS))


def biggest_columns(docs: Any) -> list[str]:
    """The columns of :func:`biggest_stories` worth showing for ``docs``: who carried a story
    only when the corpus names outlets, its first date only when the corpus has dates (a
    page of BBC's sections would show a column of zeros and two empty ones).

    Example:
        >>> biggest_columns(["one text", "another"])
        ['story_id', 'headline', 'n_docs']
    """
    docs = as_documents(docs)
    has = {c: c in docs.columns and bool(docs[c].notna().any()) for c in ("outlet", "date")}
    hidden = set()
    if not has["outlet"]:
        hidden |= {"n_outlets", "outlets"}
    if not has["date"]:
        hidden.add("first_date")
    return [c for c in BIGGEST_COLUMNS if c not in hidden]


_WIRES = {
    "AP": r"AP|Associated\s+Press",
    "Reuters": r"Reuters",
    "AFP": r"AFP|Agence\s+France[-\s]Presse",
    "UPI": r"UPI|United\s+Press\s+International",
}
_BYLINE_RE = re.compile("|".join(rf"(?P<{k}>\b(?:{p})\b)" for k, p in _WIRES.items()))
_DATELINE_RE = re.compile(
    r"^\W{0,3}[A-Z][A-Za-z .,'’-]{1,60}?\s*\((?P<wire>AP|Reuters|AFP|UPI)\)\s*[-—–:]"
)
_LEAD_RE = re.compile(r"\((?P<wire>AP|Reuters|AFP|UPI)\)\s*[-—–]")
_CREDIT_RE = re.compile(
    r"(?:Copyright\s+\d{4}\s+(?:The\s+)?(?P<a>Associated\s+Press)"
    r"|(?P<b>Associated\s+Press)\s+(?:writers?|reporters?|contributed|writer)"
    r"|(?:Thomson\s+)?(?P<c>Reuters)\s+(?:contributed|reporting|staff)"
    r"|Reporting\s+by\s+[^.\n]{1,80}?(?:;|,)?\s*(?:Editing|editing)\s+by"
    r"|(?P<d>Agence\s+France[-\s]Presse|AFP)\s+contributed)"
)


def _wire_name(text: str) -> str:
    for name, pattern in _WIRES.items():
        if re.fullmatch(rf"(?:The\s+)?(?:{pattern})", text.strip(), flags=re.IGNORECASE):
            return name
    return "Reuters"  # "Reporting by ...; Editing by ..." is Reuters' house credit


def wire_copy(docs: Any) -> pd.DataFrame:
    """Texts that credit a news agency (see the module's notes).

    Args:
        docs: A documents table (its ``authors`` column is read when present).

    Returns:
        DataFrame with columns ``doc_id, wire, evidence``: one row per credited text,
        ``wire`` one of AP, Reuters, AFP, UPI, ``evidence`` the words that credit it.
    """
    docs = as_documents(docs)
    authors = docs["authors"].tolist() if "authors" in docs.columns else [None] * len(docs)
    rows = []
    for doc_id, text, byline in zip(docs["doc_id"], docs["text"], authors, strict=True):
        text = text if isinstance(text, str) else ""
        lead = text[:400]
        found = _DATELINE_RE.search(lead) or _LEAD_RE.search(lead)
        if found:
            rows.append((doc_id, found.group("wire"), found.group(0).strip()))
            continue
        credit = _CREDIT_RE.search(text[-600:])
        if credit:
            name = next((g for g in credit.groups() if g), None)
            rows.append((doc_id, _wire_name(name) if name else "Reuters", credit.group(0)))
            continue
        if isinstance(byline, str):
            hit = _BYLINE_RE.search(byline)
            if hit:
                rows.append((doc_id, hit.lastgroup, byline.strip()))
    return pd.DataFrame(rows, columns=list(WIRE_COLUMNS))
