"""Sentences and tokens of one text: pure string functions, no tables.

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

Tokens come from :data:`TOKEN_RE`, matched inside each sentence span, which keeps
``U.S.``, ``ISIS-K``, ``al-Qaeda``, ``don’t`` (one token), ``2,000``, ``13``, ``£5m`` whole
and separates other punctuation.  :mod:`analysis.text` turns these spans into tables.

Every span is a pair of character offsets into the text; ``text[start:end]`` gives the unit
back exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analysis.wordlists import (
    NUMBER_ABBREVIATIONS,
    SENTENCE_OPENERS,
    STOP_WORDS,
    TITLE_ABBREVIATIONS,
    WEAK_ABBREVIATIONS,
)

__all__ = [
    "SENTENCE_OPENERS",
    "STOP_WORDS",
    "TOKEN_RE",
    "headline_span",
    "is_word",
    "normalize_token",
    "sentence_spans",
    "token_spans",
]

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


_LIST_MARKER_RE = re.compile(r"^(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})$")
_CITATION_RE = re.compile(r"\s*\([^()\n]{1,80}\)\s*[.!?]")
_BULLETS = "•●▪◦■"
_INLINE_BULLET_RE = re.compile(rf"[ \t][{_BULLETS}]")


def _is_boundary(text: str, punct_start: int, punct_end: int, end: int) -> bool:
    """Decide whether the candidate end ``text[punct_start:end]`` ends a sentence."""
    nxt = _NEXT_WORD_RE.match(text, end)
    next_word = nxt.group(1) if nxt else ""
    if not next_word:
        return True
    first = next_word[0]
    if first.islower():
        return False  # "...?” he asked" / "the U.S. drove" continue the sentence
    if _CITATION_RE.match(text, end):
        return False  # '..." (Smith 55).': the citation belongs to the sentence
    punct = text[punct_start:punct_end]
    if punct != ".":
        return True
    if text.startswith(" .", punct_start + 1):
        return False  # inside a spaced ellipsis ". . ."; only its last dot may end
    word = _word_before(text, punct_start)
    if not word:
        return True
    if word in NUMBER_ABBREVIATIONS and first.isdigit():
        return False  # "p. 55", "No. 5"
    if _LIST_MARKER_RE.match(word) and _starts_line(text, punct_start - len(word)):
        return False  # "1.) Wash hands", "a. First": a list marker, not a sentence
    if word == "I" and _lower_before(text, punct_start - 1):
        return True  # "you and I. Did": the pronoun, not an initial
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


def _starts_line(text: str, pos: int) -> bool:
    """Only spaces or a bullet between the start of the line and ``pos``."""
    line_start = text.rfind("\n", 0, pos) + 1
    return all(ch in " \t" or ch in _BULLETS for ch in text[line_start:pos])


def _lower_before(text: str, pos: int) -> bool:
    """Whether the word before ``text[pos]`` (skipping spaces) is lowercase ("and I")."""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i >= 0 and text[i].islower()


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
    # a bullet in the middle of a line starts an item of its own
    cuts.extend(m.start() + 1 for m in _INLINE_BULLET_RE.finditer(text, body_start))
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
TOKEN_RE = re.compile(
    r"""
    \s*+(
    [^\W\d_]++(?![-'’.:@\w&!\u2011])                  # fast path: a plain word
  | https?://[^\s<>"“”]+[^\s<>"“”.,;:!?)\]']        # URL
  | (?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*    # bare domain: bbc.co.uk, cdc.gov
    \.(?:com|org|net|gov|edu|int|mil|io|info|news|co\.uk|org\.uk|gov\.uk|ac\.uk)
    (?![\w.-]*\w)
  | [#@][^\W_][\w]*                                    # hashtags and handles: #MeToo, @BBCNews
  | [£$€¥]\d+(?:[.,]\d+)*(?:bn|tn|m|k|p)?\b           # money: £5m, $2.5bn
  | \d+(?:[.,]\d+)*%                                  # percentages: 76%, 3.5%
  | \d+(?:[-\u2011][^\W\d_]+)+                         # age and other compounds: 16-year-old
  | \d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s|bn|tn|m|k)?\b   # numbers: 13, 2,000, 3.5, 1990s
  | [DRI]-[A-Z][a-z]{1,4}\.                           # party-state tags: D-Calif.
  | (?:[A-Za-z]\.){2,}[-\u2011][^\W\d_]+(?:[-\u2011][^\W\d_]+)*  # U.S.-led, U.N.-backed
  | (?:[A-Za-z]\.){2,}                                # dotted acronyms: U.S., a.m.
  | [A-Z][A-Za-z]{0,3}&[A-Z][A-Za-z]{0,3}\b            # ampersand names: AT&T, B&Q, M&S
  | (?:Yahoo|Jeopardy|Wham|Westward\sHo)!              # names with an exclamation mark
  | (?=[A-Z][a-z]{0,4}\.\s\w)                          # abbreviations before a word
    (?:Mr|Mrs|Ms|Dr|Gen|Rep|Sen|Gov|Lt|Col|Capt|Sgt|Maj|Adm|Prof|Rev|St|Mt|Ft|Jr|Sr
      |Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Corp|Co|Ltd|No)\.
  | [^\W_]++(?:[-'’\u2011](?![sS]\b)[^\W_]++)*+       # words: ISIS-K, al-Qaeda, don’t
  | ['’][sS]\b                                        # possessive / clitic 's, split off
  | \.{2,}|-{2,}                                      # ellipsis, dashes
  | [^\w\s]|_                                         # any other single symbol
    )""",
    re.VERBOSE,
)
_WORDLIKE_RE = re.compile(r"^[^\W\d_]+(?:(?:\.?[-\u2011]|['’.&])[^\W\d_]+)*[.!]?$")


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
    return [m.span(1) for m in TOKEN_RE.finditer(text, start, end)]


def normalize_token(token: str) -> str:
    """Lowercase a token and straighten curly apostrophes (``Don’t`` -> ``don't``)."""
    return token.lower().replace("’", "'")


def is_word(token: str) -> bool:
    """True for word tokens: letters, with inner hyphens, apostrophes or periods.

    ``U.S.``, ``al-Qaeda``, ``don’t`` and ``ISIS-K`` are words; ``13``, ``£5m``, ``,`` are not.
    """
    return _WORDLIKE_RE.match(token) is not None
