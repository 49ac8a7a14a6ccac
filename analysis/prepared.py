"""One set of tables per corpus, made once: what every notebook and statistic reads.

:func:`corpus_tables` returns a :class:`CorpusTables` for a corpus: its documents and, on
first use of each, its sentences, term counts, sentence sentiment, actor mentions, quotes,
attributions and totals.  A table comes from an extract (``analysis extract``, or the one
``analysis report`` makes before any notebook runs) when one is given, and is computed here
otherwise, each at most once: a notebook computes only what it reads, and running it again
in the same kernel (JupyterLab's Run All, twice) reads what the first run made, as long as
the corpus files are unchanged.

The flow is one straight line::

    files ─ load ─▶ documents ─ split ─▶ sentences ─┬─▶ term counts ─▶ frequencies, TF-IDF,
                                                     │                 keyness, collocations
                                                     ├─▶ sentiment ───▶ documents, arcs, actors
                                                     └─▶ mentions ─▶ quotes ─▶ attributions
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.actors import actor_mentions
from analysis.config import SEEDS_DIR
from analysis.corpus import document_positions, load_corpus, text_files
from analysis.errors import CorpusWarning, ParameterError, check_choice, check_int
from analysis.extraction import EXTRACT_TABLES, SIZE_COLUMNS, read_extract
from analysis.parallel import resolve_jobs
from analysis.sentiment import SENTENCE_SENTIMENT_COLUMNS, sentence_sentiment
from analysis.sources import attributions, quotes
from analysis.stories import near_duplicates
from analysis.targeted_sentiment import TARGET_COLUMN, mention_sentiment
from analysis.terms import TermCounts, TermOptions, count_terms, sum_totals
from analysis.text import sentences
from analysis.totals import (
    ACTOR_TOTAL_COLUMNS,
    CORPUS_TOTAL_COLUMNS,
    add_totals,
    finish_totals,
    partial_totals,
)

#: Tables a :class:`CorpusTables` gives, in the order they depend on each other.
PREPARED_TABLES: tuple[str, ...] = (
    "documents",
    "sentences",
    "counts",
    "sentiment",
    "mentions",
    "quotes",
    "attributions",
    "actor_totals",
    "corpus_totals",
)


class CorpusTables:
    """The tables of one corpus, each made (or read from an extract) on first use.

    Attributes (each a DataFrame unless said otherwise):
        documents: The documents table (:func:`analysis.load_corpus`), with its text.
        sentences: :func:`analysis.sentences`.
        counts: :func:`analysis.count_terms` with words and pairs (a
            :class:`~analysis.terms.TermCounts`: counts by document, totals, sizes);
            :meth:`term_counts` gives longer n-grams.
        sentiment: :func:`analysis.sentence_sentiment`.
        mentions: :func:`analysis.actor_mentions`.
        quotes: :func:`analysis.quotes`.
        attributions: :func:`analysis.attributions`.
        actor_totals: ``actor, type, mentions, doc_count``.
        corpus_totals: ``documents, sentences, tokens, words, chars`` (one row).
        extract_dir: The extract the tables are read from, or ``None``.
    """

    def __init__(
        self,
        documents: pd.DataFrame,
        *,
        extract_dir: Path | None = None,
        lexicon: str | None = None,
        discover: bool = True,
        n_jobs: int = 1,
        name: str = "corpus",
        notes: list[dict[str, Any]] | None = None,
        parent: CorpusTables | None = None,
    ) -> None:
        self.documents = documents
        self.name = name
        self._notes = notes
        self._parent = parent
        self.extract_dir = extract_dir
        self.lexicon = lexicon
        self.discover = discover
        self.n_jobs = resolve_jobs(n_jobs)
        self._counts: dict[int, TermCounts] = {}
        self._deduplicated: CorpusTables | None = None
        self._story_deduplicated: CorpusTables | None = None

    def __repr__(self) -> str:
        made = [n for n in PREPARED_TABLES[1:] if n in self.__dict__]
        where = f"extract {self.extract_dir}" if self.extract_dir else "computed here"
        return (
            f"<CorpusTables: {len(self.documents):,} documents ({where}); "
            f"made so far: {', '.join(made) or 'none'}>"
        )

    # --- what the corpus is ------------------------------------------------------------------
    @property
    def notes(self) -> list[dict[str, Any]]:
        """What loading found (duplicates, empty documents, replaced characters...):
        ``kind, count, example, text``, the text in plain words."""
        if self._notes is not None:
            return self._notes
        if self.extract_dir is not None:
            manifest = json.loads((self.extract_dir / "manifest.json").read_text())
            return list(manifest.get("notes", []))
        return list(self.documents.attrs.get("notes", []))

    def describe(self) -> str:
        """One line naming the corpus and its size, for the source line of a chart."""
        n = len(self.documents)
        line = f"{self.name} · {n:,} document{'s' if n != 1 else ''}"
        if self._parent is not None and len(self._parent.documents) > n:
            left = len(self._parent.documents) - n
            line += f" (and {left:,} word-for-word repeat{'s' if left != 1 else ''})"
        return line

    def subset(self, doc_ids: Any, *, name: str | None = None) -> CorpusTables:
        """The tables of some documents only, made from (and sharing) these tables."""
        wanted = set(doc_ids)
        docs = self.documents[self.documents["doc_id"].isin(wanted)].reset_index(drop=True)
        docs.attrs = dict(self.documents.attrs)
        return CorpusTables(
            docs,
            extract_dir=self.extract_dir,
            lexicon=self.lexicon,
            discover=self.discover,
            n_jobs=self.n_jobs,
            name=self.name if name is None else name,
            notes=self.notes,
            parent=self,
        )

    def deduplicated(self, *, stories: bool = False) -> CorpusTables:
        """These tables without the documents that repeat an earlier one word for word
        (``duplicate_of``): what every top list counts, so a repeated article counts once.

        With ``stories``, also without the near-duplicates of an earlier document (the same
        wire story reprinted by several outlets, :func:`analysis.near_duplicates`): a story
        then counts once in every top list."""
        if stories:
            if self._story_deduplicated is None:
                reprints = near_duplicates(self.documents)
                base = self.deduplicated()
                keep = base.documents.loc[
                    ~base.documents["doc_id"].isin(reprints["doc_id"]), "doc_id"
                ]
                self._story_deduplicated = base.subset(keep)
                self._story_deduplicated._notes = [
                    *base.notes,
                    {
                        "kind": "stories",
                        "count": len(reprints),
                        "text": (
                            f"{len(reprints):,} document(s) reprint an earlier one nearly "
                            "word for word (the same story); each story is counted once below"
                            if len(reprints)
                            else "no document reprints an earlier one nearly word for word"
                        ),
                        "once": True,
                    },
                ]
            return self._story_deduplicated
        if "duplicate_of" not in self.documents or self.documents["duplicate_of"].isna().all():
            return self
        if self._deduplicated is None:  # made once, like every table
            keep = self.documents.loc[self.documents["duplicate_of"].isna(), "doc_id"]
            self._deduplicated = self.subset(keep)
            self._deduplicated._notes = [
                {**note, "text": note["text"] + "; each text is counted once below", "once": True}
                if note["kind"] == "duplicates"
                else note
                for note in self.notes
            ]
        return self._deduplicated

    def _from_parent(self, name: str) -> Any:
        """A table of the parent's, for these documents (a subset shares its parent's)."""
        if self._parent is None:
            return None
        table = getattr(self._parent, name)
        if isinstance(table, TermCounts):
            return table.select(self.documents["doc_id"])
        return _for_documents(table, self.documents)

    # --- reading the extract ---------------------------------------------------------------
    def _read(self, name: str) -> pd.DataFrame | None:
        """A table of the extract, for exactly these documents, in their order."""
        if self._parent is not None and name in _SHARED:
            return self._from_parent(_SHARED[name])
        if self.extract_dir is None:
            return None
        table = _extract_table(self.extract_dir, name)
        if name in EXTRACT_TABLES and name != "documents":
            table = _for_documents(table, self.documents)
        return table

    def _check_actor_options(self) -> None:
        """Mentions, quotes and attributions of an extract depend on how it found actors."""
        options = json.loads((self.extract_dir / "manifest.json").read_text())["options"]
        made = (options.get("lexicon"), options.get("discover"))
        if made != (self.lexicon, self.discover):
            raise ParameterError(
                f"extract_dir={str(self.extract_dir)!r}: made with lexicon={made[0]!r}, "
                f"discover={made[1]!r}, not lexicon={self.lexicon!r}, "
                f"discover={self.discover!r}; run analysis extract again with those options"
            )

    # --- the tables --------------------------------------------------------------------------
    @cached_property
    def sentences(self) -> pd.DataFrame:
        stored = self._read("sentences")
        return stored if stored is not None else sentences(self.documents, n_jobs=self.n_jobs)

    @property
    def counts(self) -> TermCounts:
        return self.term_counts(2)

    def term_counts(self, ngram_max: int = 2) -> TermCounts:
        """Term counts with n-grams up to ``ngram_max``: the extract's when it holds them,
        else counted here (once for each ``ngram_max``)."""
        check_int("ngram_max", ngram_max, minimum=1, maximum=6)
        if ngram_max in self._counts:
            return self._counts[ngram_max]
        options = TermOptions.build(ngram_range=(1, ngram_max))
        longer = [n for n in self._counts if n > ngram_max]
        made = _options_of(self.extract_dir) if self.extract_dir is not None else None
        if longer:
            counts = self._counts[min(longer)].restrict(options)
        elif self._parent is not None and made is not None and made.covers(options):
            # the extract's longest n-grams, selected once whatever ngram_max is asked
            most = made.ngram_range[1]
            counts = self._parent.term_counts(most).select(self.documents["doc_id"])
            if most > ngram_max:
                self._counts[most] = counts
                counts = counts.restrict(options)
        elif self._parent is not None:
            counts = self._parent.term_counts(ngram_max).select(self.documents["doc_id"])
        elif made is not None and made.covers(options):
            stored = TermCounts(
                self._read("terms"),
                self._read("term_totals") if self._whole_extract else None,
                self.documents[["doc_id", *SIZE_COLUMNS]].reset_index(drop=True),
                made,
            )
            if stored.totals is None:
                stored.totals = sum_totals(stored.terms)
            counts = stored.restrict(options)
        else:
            counts = count_terms(self.documents, self.sentences, options)
        self._counts[ngram_max] = counts
        return counts

    @cached_property
    def sentiment(self) -> pd.DataFrame:
        stored = self._read("sentiment")
        if stored is None:
            return sentence_sentiment(self.documents, sents=self.sentences, n_jobs=self.n_jobs)
        text = self.sentences[["doc_id", "sent_id", "text", "is_title"]]
        stored = stored.drop(columns=[c for c in ("text", "is_title") if c in stored.columns])
        scored = stored.merge(text, on=["doc_id", "sent_id"], how="left", sort=False)
        return scored[list(SENTENCE_SENTIMENT_COLUMNS)]

    @cached_property
    def mentions(self) -> pd.DataFrame:
        if self.extract_dir is not None:
            self._check_actor_options()
        stored = self._read("mentions")
        if stored is not None:
            return stored
        mentions = actor_mentions(
            self.documents,
            self.lexicon,
            discover=self.discover,
            sents=self.sentences,
            n_jobs=self.n_jobs,
        )
        mentions[TARGET_COLUMN] = mention_sentiment(mentions, self.sentences, self.sentiment)
        return mentions

    @cached_property
    def quotes(self) -> pd.DataFrame:
        if self.extract_dir is not None:
            self._check_actor_options()
        stored = self._read("quotes")
        if stored is not None:
            return stored
        return quotes(self.documents, self.mentions, sents=self.sentences, n_jobs=self.n_jobs)

    @cached_property
    def attributions(self) -> pd.DataFrame:
        if self.extract_dir is not None:
            self._check_actor_options()
        stored = self._read("attributions")
        if stored is not None:
            return stored
        return attributions(
            self.documents,
            self.mentions,
            sents=self.sentences,
            quote_table=self.quotes,
            n_jobs=self.n_jobs,
        )

    @cached_property
    def actor_totals(self) -> pd.DataFrame:
        if self.extract_dir is not None:
            self._check_actor_options()
        stored = self._read("actor_totals") if self._whole_extract else None
        if stored is not None:
            return stored[list(ACTOR_TOTAL_COLUMNS)]
        part = partial_totals(mentions=self.mentions)
        return finish_totals(add_totals([part]))["actor_totals"]

    @cached_property
    def corpus_totals(self) -> pd.DataFrame:
        stored = self._read("corpus_totals") if self._whole_extract else None
        if stored is not None:
            return stored
        sizes = self.counts.sizes
        return pd.DataFrame(
            {
                "documents": [len(self.documents)],
                "sentences": [len(self.sentences)],
                "tokens": [int(sizes["n_tokens"].sum())],
                "words": [int(sizes["n_words"].sum())],
                "chars": [int(self.documents["n_chars"].sum())],
            }
        )[list(CORPUS_TOTAL_COLUMNS)]

    @property
    def _whole_extract(self) -> bool:
        """Whether these documents are all of the extract (its totals are theirs)."""
        if self.extract_dir is None:
            return False
        manifest = json.loads((self.extract_dir / "manifest.json").read_text())
        return int(manifest["rows"]["documents"]) == len(self.documents)

    def tables(self, names: Sequence[str]) -> dict[str, Any]:
        """The tables called ``names`` (see :data:`PREPARED_TABLES`), made if need be."""
        for name in names:
            check_choice("names", name, PREPARED_TABLES)
        return {name: getattr(self, name) for name in names}


#: Tables a subset takes from its parent: name read -> the parent's attribute.
_SHARED: dict[str, str] = {
    "sentences": "sentences",
    "sentiment": "sentiment",
    "mentions": "mentions",
    "quotes": "quotes",
    "attributions": "attributions",
}
_EXTRACT_CACHE: dict[tuple[Path, tuple[Any, ...]], dict[str, pd.DataFrame]] = {}


def _extract_table(folder: Path, name: str) -> pd.DataFrame:
    """One table of an extract, read once per process (one extract is kept at a time)."""
    key = (folder, _signature(folder / "manifest.json"))
    tables = _EXTRACT_CACHE.get(key)
    if tables is None:
        _EXTRACT_CACHE.clear()
        tables = _EXTRACT_CACHE[key] = {}
    if name not in tables:
        tables[name] = read_extract(folder, name)[name]
    return tables[name]


def _options_of(extract_dir: Path) -> TermOptions:
    manifest = json.loads((extract_dir / "manifest.json").read_text())
    low, high = manifest["options"]["ngram_range"]
    return TermOptions.build(ngram_range=(int(low), int(high)))


def _for_documents(table: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``table`` for the documents of ``docs``, in their order (stable)."""
    position = document_positions(table["doc_id"], docs["doc_id"])
    keep = position >= 0
    if keep.all() and (np.diff(position) >= 0).all():
        return table.reset_index(drop=True)
    table = table[keep].assign(_order=position[keep])
    table = table.sort_values("_order", kind="mergesort").drop(columns="_order")
    return table.reset_index(drop=True)


# --- one set per corpus, per process --------------------------------------------------------
def _check_extract(folder: Path, *, docs: pd.DataFrame | None) -> pd.DataFrame:
    """The extract's documents table (``docs`` with the extract's sizes, when given)."""
    if not (folder / "manifest.json").is_file():
        raise ParameterError(
            f"extract_dir={str(folder)!r}: not a finished extract (no manifest.json); "
            "make one with: analysis extract --corpus PATH --out DIR"
        )
    stored = _extract_table(folder, "documents")
    if docs is None:
        return stored
    have = set(stored["doc_id"])
    missing = [d for d in docs["doc_id"] if d not in have]
    if missing:
        raise ParameterError(
            f"extract_dir={str(folder)!r}: made from another corpus; "
            f"{len(missing)} of these documents are not in it, e.g. {missing[0]!r}"
        )
    sizes = stored.set_index("doc_id").loc[docs["doc_id"], list(SIZE_COLUMNS)]
    out = docs.reset_index(drop=True).copy()
    for column in SIZE_COLUMNS:
        out[column] = sizes[column].to_numpy()
    return out


def corpus_name(path: Path) -> str:
    """A short name for a corpus: its folder's name, or its file's name without suffix."""
    path = Path(path)
    return (path.resolve().name if path.is_dir() else path.stem) or "corpus"


def _signature(path: Path) -> tuple[Any, ...]:
    """What changes when a corpus on disk changes: every file's size and modification time."""
    files = text_files(path) if path.is_dir() else [path]
    return tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files)


_CACHE: dict[str, tuple[tuple[Any, ...], CorpusTables]] = {}


def corpus_tables(
    corpus: str | os.PathLike[str] | pd.DataFrame | Sequence[str] | None = None,
    *,
    extract_dir: str | os.PathLike[str] | None = None,
    lexicon: str | os.PathLike[str] | None = None,
    discover: bool = True,
    text_column: str | None = None,
    encoding: str | None = None,
    encoding_errors: str = "strict",
    n_jobs: int = 1,
    dedupe: bool = False,
    stories: bool = False,
    date_column: str | None = None,
    outlet_column: str | None = None,
) -> CorpusTables:
    """The tables of a corpus, made once: read from an extract, or computed on first use.

    Args:
        corpus: A file or folder (the seed by default), a documents table or a list of
            texts.  With
            ``extract_dir`` and no documents table, the documents come from the extract.
        extract_dir: A folder made by ``analysis extract`` (or :func:`extract_to_parquet`):
            its tables are read instead of computed.  Empty or ``None``: compute here.
        lexicon: Actor lexicon added to the default one (the extract's, if one is given).
        discover: Also find names the lexicon lacks (as the extract was made).
        text_column, encoding, encoding_errors, date_column, outlet_column: As in
            :func:`analysis.load_corpus` (empty or ``None``: recognised by name).
        n_jobs: Worker processes for what is computed here.
        dedupe: Leave out documents that repeat an earlier one word for word
            (:meth:`CorpusTables.deduplicated`): every count then counts a text once.
        stories: Also leave out near-duplicates of an earlier document (reprints of the
            same story): every count then counts a story once.

    Returns:
        A :class:`CorpusTables`.  The same tables are returned again in this process for
        the same corpus files and options, so a notebook run twice computes nothing twice.

    Raises:
        CorpusError: the corpus cannot be read.
        ParameterError: an extract made from other documents or with other options.

    Example:
        >>> tables = corpus_tables()  # the seed article
        >>> len(tables.sentences), tables.counts.totals["term"].iloc[0]
        (22, 'u.s.')
    """
    lexicon_path = str(Path(lexicon).resolve()) if lexicon else None
    folder = Path(extract_dir).resolve() if extract_dir else None
    if isinstance(corpus, list | tuple):  # texts
        with warnings.catch_warnings():  # they are the notes (CorpusTables.notes)
            warnings.simplefilter("ignore", CorpusWarning)
            corpus = load_corpus(corpus)
    if isinstance(corpus, pd.DataFrame):
        docs = corpus if folder is None else None
        if folder is not None:
            docs = _check_extract(folder, docs=corpus)
        made = CorpusTables(
            docs,
            extract_dir=folder,
            lexicon=lexicon_path,
            discover=discover,
            n_jobs=n_jobs,
        )
        return made.deduplicated(stories=stories) if dedupe or stories else made
    path = Path(corpus) if corpus is not None else SEEDS_DIR
    columns = {
        "text_column": text_column or None,
        "date_column": date_column or None,
        "outlet_column": outlet_column or None,
    }
    options = (lexicon_path, discover, columns, encoding, encoding_errors, n_jobs)
    key = f"{path.resolve()}|{folder}|{options}"
    signature = _signature(folder / "manifest.json") if folder else _signature(path)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == signature:
        return cached[1].deduplicated(stories=stories) if dedupe or stories else cached[1]
    if folder is not None:
        docs = _check_extract(folder, docs=None)
    else:
        with warnings.catch_warnings():  # they are the notes (CorpusTables.notes)
            warnings.simplefilter("ignore", CorpusWarning)
            docs = load_corpus(path, encoding=encoding, encoding_errors=encoding_errors, **columns)
    tables = CorpusTables(
        docs,
        extract_dir=folder,
        lexicon=lexicon_path,
        discover=discover,
        n_jobs=n_jobs,
        name=corpus_name(path),
    )
    _CACHE.clear()  # one corpus at a time: tables of a big corpus are large
    _CACHE[key] = (signature, tables)
    return tables.deduplicated(stories=stories) if dedupe or stories else tables


#: The parameters of a notebook that say how its corpus is read.
CORPUS_PARAMETERS: tuple[str, ...] = (
    "extract_dir",
    "lexicon",
    "discover",
    "encoding",
    "encoding_errors",
    "n_jobs",
    "dedupe",
    "stories",
    "text_column",
    "date_column",
    "outlet_column",
)


def notebook_corpus(params: Any) -> CorpusTables:
    """The tables of a notebook's corpus, read as its parameters say.

    Args:
        params: What :func:`analysis.check_parameters` returned: ``corpus`` and any of
            :data:`CORPUS_PARAMETERS` (the others keep their defaults; empty strings mean
            the default).

    Example:
        >>> p = check_parameters(globals())  # doctest: +SKIP
        >>> corpus = notebook_corpus(p)  # doctest: +SKIP
    """
    given = {name: getattr(params, name) for name in CORPUS_PARAMETERS if hasattr(params, name)}
    for name in ("encoding", "text_column", "date_column", "outlet_column", "lexicon"):
        if name in given and not given[name]:
            given[name] = None
    return corpus_tables(params.corpus, **given)


def prepare_tables(
    docs: pd.DataFrame,
    names: Sequence[str],
    *,
    extract_dir: str | os.PathLike[str] = "",
    n_jobs: int = 1,
    lexicon: str | os.PathLike[str] | None = None,
    discover: bool = True,
) -> dict[str, Any]:
    """Some tables of ``docs``, read from an extract or computed, and nothing more.

    Args:
        docs: The documents table.
        names: Which of :data:`PREPARED_TABLES` to return.
        extract_dir: A folder made by ``analysis extract`` for a corpus holding ``docs``;
            empty: compute here.
        n_jobs: Worker processes for what is computed.
        lexicon: Actor lexicon added to the default one (must match the extract's).
        discover: Also find names the lexicon lacks (must match the extract's).

    Returns:
        A dict of the tables asked for, for the documents of ``docs`` in their order.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        tables = corpus_tables(
            docs, extract_dir=extract_dir or None, lexicon=lexicon, discover=discover, n_jobs=n_jobs
        )
    return tables.tables(names)


__all__ = [
    "PREPARED_TABLES",
    "CorpusTables",
    "corpus_name",
    "corpus_tables",
    "prepare_tables",
]
