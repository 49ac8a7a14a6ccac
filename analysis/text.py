"""Sentences and tokens that survive news text.

Rule-based and data-free: no NLTK data package is needed.  Sentence boundaries are found
by one compiled regular expression for candidate ends (``.``, ``!``, ``?``, ``…`` with any
closing quotes or brackets) and a few rules that know news writing:

* titles before names never end a sentence (``Gen.``, ``Rep.``, ``Mr.``, initials ``J. K.``);
* "weak" abbreviations (``U.S.``, ``Aug.``, ``Inc.``, ``D-Calif.``, ``a.m.``) end a sentence
  only when the next word is a common sentence opener (``The``, ``He``, ``But``...);
* a closing quote after the period belongs to the sentence (``... attacks.”``), and a
  lowercase word after it (``“...?” he asked``) continues the sentence;
* a blank line always ends a unit, and so does a line break unless the line was hard-wrapped
  mid-sentence; the headline of a news-layout document is its own unit.

Tokens come from a second compiled expression, matched inside each sentence span, that keeps
``U.S.``, ``ISIS-K``, ``al-Qaeda``, ``don’t`` (one token), ``2,000``, ``13``, ``£5m`` whole
and separates other punctuation.

Every span is a pair of character offsets into the document's ``text``; ``text[start:end]``
gives the unit back exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.errors import ParameterError
from analysis.parallel import map_documents, resolve_jobs

SENTENCE_COLUMNS: tuple[str, ...] = ("doc_id", "sent_id", "start", "end", "text", "is_title")
TOKEN_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "sent_id",
    "token_id",
    "start",
    "end",
    "token",
    "lower",
    "is_alpha",
    "is_stop",
)

#: Stop words: scikit-learn's English list (no download needed).
STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS)

# --- abbreviations -----------------------------------------------------------------------
#: Words that precede a name; a period after them never ends a sentence.
TITLE_ABBREVIATIONS: frozenset[str] = frozenset(
    """Mr Mrs Ms Mx Dr Gen Rep Reps Sen Sens Gov Lt Col Capt Cpt Sgt Maj Adm Cmdr Cdr Brig
    Prof Rev Hon Pres Supt Det Insp Atty Fr Msgr Gens Cpl Pvt Spc Ens Amb Sec Rt St Ste Mt Ft
    vs Messrs Mme Mlle""".split()
)
#: Abbreviations that may also end a sentence: months, company forms, states, Latin.
WEAK_ABBREVIATIONS: frozenset[str] = frozenset(
    """Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Inc Corp Co Ltd Plc Bros Jr Sr No Nos
    Dept Univ Assn Ave Blvd Rd Govt approx etc al est fig figs pp vol cf
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo
    Mont Neb Nebr Nev Okla Ore Pa Penn Tenn Tex Vt Va Wash Wis Wyo""".split()
)
#: Capitalised words that commonly open a sentence; after a weak abbreviation they mark a
#: sentence end ("... in the U.S. The next day").
SENTENCE_OPENERS: frozenset[str] = frozenset(w.capitalize() for w in STOP_WORDS) | frozenset(
    """I I'm I’m It's It’s He's He’s She's She’s They're They’re We're We’re There's There’s
    That's That’s However Meanwhile Still Yet Asked Instead Officials""".split()
)

# --- sentence boundaries -----------------------------------------------------------------
_CLOSERS = "\"'”’»)\\]"
# a run of sentence-final punctuation, any closing quotes/brackets, then whitespace or end
_END_RE = re.compile(rf"(?:[.!?…]+)[{_CLOSERS}]*(?=\s|$)")
_OPENERS = '"“‘(['
_ACRONYM_RE = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_PARTY_STATE_RE = re.compile(r"^[DRI]-([A-Z][A-Za-z.]*)$")
_NEXT_WORD_RE = re.compile(r"\s*[\"“‘'(\[]*([^\s]*)")
_LINE_BREAK_RE = re.compile(r"\n")
_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n")
_HEADLINE_RE = re.compile(r"\A[^\S\n]*([^\n]{1,300}?)[^\S\n]*\n[^\S\n]*\n\s*\S")


def headline_span(text: str) -> tuple[int, int] | None:
    """Find the headline of a document in the usual news layout.

    The usual layout is: a first line (the headline), a blank line, then the body.  A first
    line that ends with a period is taken to be body text, not a headline.

    Args:
        text: A document's full text.

    Returns:
        ``(start, end)`` of the headline in ``text``, or ``None`` when there is none.

    Example:
        >>> headline_span("Big news\\n\\nIt happened.")
        (0, 8)
    """
    match = _HEADLINE_RE.match(text)
    if match is None:
        return None
    line = match.group(1)
    if line.endswith(".") or not any(ch.isalnum() for ch in line):
        return None
    return match.start(1), match.end(1)


def _is_boundary(text: str, punct_start: int, punct_end: int, end: int) -> bool:
    """Decide whether the candidate end ``text[punct_start:end]`` ends a sentence."""
    nxt = _NEXT_WORD_RE.match(text, end)
    next_word = nxt.group(1) if nxt else ""
    if not next_word:
        return True
    first = next_word[0]
    if first.islower():
        return False  # "...?” he asked" / "the U.S. drove" continue the sentence
    punct = text[punct_start:punct_end]
    if punct != ".":
        return True
    word = _word_before(text, punct_start)
    if not word:
        return True
    if word in TITLE_ABBREVIATIONS or (len(word) == 1 and word.isupper()):
        return False  # "Gen. Frank", "J. K. Rowling"
    weak = word in WEAK_ABBREVIATIONS or _ACRONYM_RE.match(word) is not None
    if not weak:
        party = _PARTY_STATE_RE.match(word)
        weak = party is not None and (
            party.group(1) in WEAK_ABBREVIATIONS or _ACRONYM_RE.match(party.group(1)) is not None
        )
    if weak:
        bare = next_word.rstrip(",;:.!?”’\"')")
        return bare in SENTENCE_OPENERS or not (first.isalnum())
    return True


def _word_before(text: str, pos: int) -> str:
    """The word just before ``pos`` ("U.S", "Gen", "D-Calif"), within 40 characters: no
    whitespace or opening quote or bracket inside.  (What ``[^\\s"“‘(\\[]+$`` searched in
    ``text[pos - 40:pos]`` finds, ``$`` matching before a final newline too; string methods
    are twice as fast as that search.)"""
    seg = text[max(0, pos - 40) : pos]
    if seg.endswith("\n"):
        seg = seg[:-1]
    if not seg or seg[-1].isspace() or seg[-1] in _OPENERS:
        return ""
    last = seg.rsplit(None, 1)[-1]
    return last[max(map(last.rfind, _OPENERS)) + 1 :]


def _line_breaks(text: str, lo: int, hi: int) -> Iterator[int]:
    """Positions of line breaks in ``text[lo:hi]`` that end a unit (not hard wraps)."""
    for match in _LINE_BREAK_RE.finditer(text, lo, hi):
        pos = match.start()
        i = pos - 1
        while i >= lo and text[i] in " \t\r":
            i -= 1
        j = pos + 1
        while j < hi and text[j] in " \t":
            j += 1
        if i >= lo and j < hi and text[j].islower() and (text[i].isalpha() or text[i] in ",;-–"):
            continue  # a hard-wrapped line inside a sentence
        yield pos


def sentence_spans(text: str) -> list[tuple[int, int, bool]]:
    """Split one document into sentence spans.

    Args:
        text: A document's full text.

    Returns:
        A list of ``(start, end, is_title)``, in order, non-overlapping, each trimmed of
        surrounding whitespace; ``text[start:end]`` is the sentence.

    Example:
        >>> t = "Gen. Frank McKenzie spoke. “It helped,” he said. The U.S. left."
        >>> [t[s:e] for s, e, _ in sentence_spans(t)]
        ['Gen. Frank McKenzie spoke.', '“It helped,” he said.', 'The U.S. left.']
    """
    cuts: list[int] = []
    head = headline_span(text)
    body_start = 0
    if head is not None:
        cuts.append(head[1])
        body_start = head[1]
    cuts.extend(_line_breaks(text, body_start, len(text)))
    for match in _END_RE.finditer(text, body_start):
        punct_end = match.start() + len(match.group(0).rstrip(_CLOSERS))
        if _is_boundary(text, match.start(), punct_end, match.end()):
            cuts.append(match.end())
    cuts.sort()
    spans: list[tuple[int, int, bool]] = []
    prev = 0
    for cut in [*cuts, len(text)]:
        if cut <= prev:
            continue
        start, end = prev, cut
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            is_title = head is not None and start == head[0] and end == head[1]
            spans.append((start, end, is_title))
        prev = cut
    return spans


# --- tokens ------------------------------------------------------------------------------
# Whitespace before a token is consumed inside the match (possessively, group 1 is the
# token): without it the regex engine tries every alternative at every space and fails,
# a third of the tokenizer's time.  The fast path is possessive for the same reason.
_TOKEN_RE = re.compile(
    r"""
    \s*+(
    [^\W\d_]++(?![-'’.:@\w])                          # fast path: a plain word
  | https?://[^\s<>"“”]+[^\s<>"“”.,;:!?)\]']        # URL
  | [£$€¥]\d+(?:[.,]\d+)*(?:bn|tn|m|k|p)?\b           # money: £5m, $2.5bn
  | \d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s|bn|tn|m|k)?\b   # numbers: 13, 2,000, 3.5, 1990s
  | [DRI]-[A-Z][a-z]{1,4}\.                           # party-state tags: D-Calif.
  | (?:[A-Za-z]\.){2,}                                # dotted acronyms: U.S., a.m.
  | (?=[A-Z][a-z]{0,4}\.\s\w)                          # abbreviations before a word
    (?:Mr|Mrs|Ms|Dr|Gen|Rep|Sen|Gov|Lt|Col|Capt|Sgt|Maj|Adm|Prof|Rev|St|Mt|Ft|Jr|Sr
      |Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Corp|Co|Ltd|No)\.
  | [^\W_]++(?:[-'’](?![sS]\b)[^\W_]++)*+             # words: ISIS-K, al-Qaeda, don’t
  | ['’][sS]\b                                        # possessive / clitic 's, split off
  | \.{2,}|-{2,}                                      # ellipsis, dashes
  | [^\w\s]|_                                         # any other single symbol
    )""",
    re.VERBOSE,
)
_WORDLIKE_RE = re.compile(r"^[^\W\d_]+(?:[-'’.][^\W\d_]+)*\.?$")


def token_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Tokenize ``text[start:end]``.

    Args:
        text: The document text.
        start: Where to start (offsets stay relative to ``text``).
        end: Where to stop; the end of ``text`` by default.

    Returns:
        ``(start, end)`` offsets of each token in ``text``.

    Example:
        >>> t = "The U.S. paid £5m to ISIS-K, don’t ask."
        >>> [t[s:e] for s, e in token_spans(t)]
        ['The', 'U.S.', 'paid', '£5m', 'to', 'ISIS-K', ',', 'don’t', 'ask', '.']
    """
    end = len(text) if end is None else end
    return [m.span(1) for m in _TOKEN_RE.finditer(text, start, end)]


def normalize_token(token: str) -> str:
    """Lowercase a token and straighten curly apostrophes (``Don’t`` -> ``don't``)."""
    return token.lower().replace("’", "'")


def is_word(token: str) -> bool:
    """True for word tokens: letters, with inner hyphens, apostrophes or periods.

    ``U.S.``, ``al-Qaeda``, ``don’t`` and ``ISIS-K`` are words; ``13``, ``£5m``, ``,`` are not.
    """
    return _WORDLIKE_RE.match(token) is not None


# --- corpus level ------------------------------------------------------------------------
def as_documents(docs: Any) -> pd.DataFrame:
    """Return a documents table from a table or a list of texts.

    Args:
        docs: A documents DataFrame (``doc_id`` and ``text`` columns) as made by
            :func:`analysis.load_corpus`, or a list of strings.

    Returns:
        The documents table.

    Raises:
        ParameterError: ``docs`` is a single string, or a table without ``doc_id``/``text``.
    """
    if isinstance(docs, str | bytes):
        raise ParameterError(
            "docs is a single string; expected a documents table or a list of texts "
            "(wrap one text in a list, or call load_corpus(path) for a file)"
        )
    if isinstance(docs, pd.DataFrame):
        missing = [c for c in ("doc_id", "text") if c not in docs.columns]
        if missing:
            raise ParameterError(
                f"docs is missing column(s) {', '.join(missing)}; "
                "expected a documents table from load_corpus()"
            )
        return docs
    from analysis.corpus import load_corpus

    try:
        return load_corpus(list(docs))
    except TypeError as exc:
        raise ParameterError(
            f"docs of type {type(docs).__name__} is not valid; "
            "expected a documents table or a list of texts"
        ) from exc


def _texts(docs: pd.DataFrame) -> list[str]:
    return ["" if not isinstance(t, str) else t for t in docs["text"].tolist()]


def _sentence_starts(sents: pd.DataFrame) -> dict[Any, list[int]]:
    """Each document's sentence start offsets, in table order (for ``bisect``)."""
    out: dict[Any, list[int]] = {}
    for doc_id, start in zip(sents["doc_id"].tolist(), sents["start"].tolist(), strict=True):
        out.setdefault(doc_id, []).append(start)
    return out


def sentences(docs: Any, *, n_jobs: int = 1) -> pd.DataFrame:
    """One row per sentence (the headline of a news-layout document is its own unit).

    Args:
        docs: A documents table from :func:`analysis.load_corpus`, or a list of texts.
        n_jobs: Worker processes (``-1``: one per core); documents are split into chunks
            and the rows are the same, in the same order, as with ``1``.

    Returns:
        DataFrame with columns ``doc_id, sent_id, start, end, text, is_title``, in document
        order; ``sent_id`` counts from 0 within each document; ``start``/``end`` are character
        offsets into the document text, so ``doc_text[start:end] == text``.

    Example:
        >>> sentences(["Hi there. Bye now."])[["sent_id", "text"]].to_dict("list")
        {'sent_id': [0, 1], 'text': ['Hi there.', 'Bye now.']}
    """
    docs = as_documents(docs)
    if resolve_jobs(n_jobs) > 1:
        return map_documents(sentences, docs, n_jobs=n_jobs)
    doc_ids: list[Any] = []
    sent_ids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    titles: list[bool] = []
    for doc_id, text in zip(docs["doc_id"].tolist(), _texts(docs), strict=True):
        for i, (s, e, is_title) in enumerate(sentence_spans(text)):
            doc_ids.append(doc_id)
            sent_ids.append(i)
            starts.append(s)
            ends.append(e)
            texts.append(text[s:e])
            titles.append(is_title)
    return pd.DataFrame(
        {
            "doc_id": pd.Series(doc_ids, dtype=object),
            "sent_id": np.asarray(sent_ids, dtype=np.int64),
            "start": np.asarray(starts, dtype=np.int64),
            "end": np.asarray(ends, dtype=np.int64),
            "text": pd.Series(texts, dtype=object),
            "is_title": np.asarray(titles, dtype=bool),
        },
        columns=list(SENTENCE_COLUMNS),
    )


def tokens(docs: Any, *, sents: pd.DataFrame | None = None, n_jobs: int = 1) -> pd.DataFrame:
    """One row per token, inside sentences.

    Args:
        docs: A documents table from :func:`analysis.load_corpus`, or a list of texts.
        sents: The table from :func:`sentences` for the same ``docs``, if already computed
            (saves splitting again).
        n_jobs: Worker processes (``-1``: one per core); documents are split into chunks
            and the rows are the same, in the same order, as with ``1``.

    Returns:
        DataFrame with columns ``doc_id, sent_id, token_id, start, end, token, lower,
        is_alpha, is_stop``; ``token_id`` counts from 0 within each document; ``lower`` is the
        token lowercased with curly apostrophes straightened; ``is_alpha`` marks word tokens
        (letters, with inner hyphens, apostrophes or periods: ``U.S.``, ``don't``);
        ``is_stop`` marks scikit-learn's English stop words.

    Example:
        >>> tokens(["The U.S. won."])["token"].tolist()
        ['The', 'U.S.', 'won', '.']
    """
    docs = as_documents(docs)
    if resolve_jobs(n_jobs) > 1:
        return map_documents(tokens, docs, n_jobs=n_jobs, frames={"sents": sents})
    if sents is None:
        sents = sentences(docs)
    finditer = _TOKEN_RE.finditer
    doc_col: list[Any] = []
    sent_col: list[np.ndarray] = []
    tid_col: list[np.ndarray] = []
    start_col: list[int] = []
    end_col: list[int] = []
    tok_col: list[str] = []
    sent_starts = _sentence_starts(sents)
    for doc_id, text in zip(docs["doc_id"].tolist(), _texts(docs), strict=True):
        matches = list(finditer(text))
        if not matches:
            continue
        starts = [m.start(1) for m in matches]
        # every token lies inside one sentence: sentences cover all non-space text
        sent_col.append(np.searchsorted(sent_starts[doc_id], starts, side="right") - 1)
        tid_col.append(np.arange(len(matches), dtype=np.int64))
        doc_col.extend([doc_id] * len(matches))
        start_col.extend(starts)
        end_col.extend([m.end(1) for m in matches])
        tok_col.extend([m.group(1) for m in matches])
    return _token_frame(
        doc_col,
        np.concatenate(sent_col) if sent_col else np.empty(0, np.int64),
        np.concatenate(tid_col) if tid_col else np.empty(0, np.int64),
        start_col,
        end_col,
        tok_col,
    )


def _token_info(token: str) -> tuple[str, bool, bool]:
    low = normalize_token(token)
    return low, is_word(token), low in STOP_WORDS


def _token_frame(
    doc_col: list[Any],
    sent_col: np.ndarray,
    tid_col: np.ndarray,
    start_col: list[int],
    end_col: list[int],
    tok_col: list[str],
) -> pd.DataFrame:
    # lower/is_alpha/is_stop depend on the token string only: compute once per distinct token
    codes, uniques = pd.factorize(pd.Series(tok_col, dtype=object), sort=False)
    infos = [_token_info(t) for t in uniques]
    lower = np.asarray([i[0] for i in infos], dtype=object)[codes]
    alpha = np.asarray([i[1] for i in infos], dtype=bool)[codes]
    stop = np.asarray([i[2] for i in infos], dtype=bool)[codes]
    return pd.DataFrame(
        {
            "doc_id": pd.Series(doc_col, dtype=object),
            "sent_id": np.asarray(sent_col, dtype=np.int64),
            "token_id": np.asarray(tid_col, dtype=np.int64),
            "start": np.asarray(start_col, dtype=np.int64),
            "end": np.asarray(end_col, dtype=np.int64),
            "token": pd.Series(tok_col, dtype=object),
            "lower": pd.Series(lower, dtype=object),
            "is_alpha": alpha,
            "is_stop": stop,
        },
        columns=list(TOKEN_COLUMNS),
    )


DOCUMENT_STATS_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "title",
    "group",
    "n_chars",
    "n_sentences",
    "n_tokens",
    "n_words",
    "words_per_sentence",
    "duplicate_of",
)


def document_stats(
    docs: Any, *, sents: pd.DataFrame | None = None, toks: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Size of each document in characters, sentences, tokens and words.

    Args:
        docs: A documents table from :func:`analysis.load_corpus`, or a list of texts.
        sents: :func:`sentences` of ``docs``, if already computed.
        toks: :func:`tokens` of ``docs``, if already computed.

    Returns:
        DataFrame with columns ``doc_id, title, group, n_chars, n_sentences, n_tokens,
        n_words, words_per_sentence, duplicate_of``, one row per document in corpus order;
        ``n_words`` counts word tokens (``is_alpha``); ``words_per_sentence`` is NaN for an
        empty document.

    Example:
        >>> document_stats(["One two. Three."])[["n_sentences", "n_words"]].values.tolist()
        [[2, 3]]
    """
    docs = as_documents(docs)
    sents = sentences(docs) if sents is None else sents
    toks = tokens(docs, sents=sents) if toks is None else toks
    out = pd.DataFrame({"doc_id": docs["doc_id"].to_numpy()})
    for column in ("title", "group", "duplicate_of"):
        out[column] = docs[column].to_numpy() if column in docs else None
    out["n_chars"] = [len(t) for t in _texts(docs)]
    index = pd.Index(out["doc_id"])
    out["n_sentences"] = sents.groupby("doc_id").size().reindex(index, fill_value=0).to_numpy()
    out["n_tokens"] = toks.groupby("doc_id").size().reindex(index, fill_value=0).to_numpy()
    words = toks[toks["is_alpha"]].groupby("doc_id").size()
    out["n_words"] = words.reindex(index, fill_value=0).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = out["n_words"].to_numpy(float) / out["n_sentences"].to_numpy(float)
    out["words_per_sentence"] = np.where(out["n_sentences"] > 0, ratio, np.nan)
    return out[list(DOCUMENT_STATS_COLUMNS)]
