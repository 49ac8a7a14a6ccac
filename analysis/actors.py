"""Named actors: an editable lexicon, one-pass alias matching, coreference and discovery.

Dictionary-based actor coding, as political-event coders do it (PETRARCH/TABARI actor
dictionaries), because no named-entity model can be downloaded here:

* :func:`load_lexicon` reads the default lexicon shipped in the package (seed world, generic
  bodies, and every country with its capital and people from the ``countryinfo`` package)
  and a user's YAML file that extends or overrides it;
* :func:`actor_mentions` matches every alias in one pass with an Aho-Corasick automaton
  (``pyahocorasick``), so 5,000 aliases cost about what 50 do; the longest match wins,
  word boundaries are respected and possessives (``Taliban’s``) match; a later surname
  refers back to the person first named in full (coreference); capitalised names the
  lexicon lacks are found by rules (:func:`discover_actors`);
* :func:`actor_counts`, :func:`actor_sentiment` and :func:`actor_network` build on mentions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.config import PACKAGE_DATA_DIR
from analysis.errors import LexiconError, check_choice
from analysis.parallel import map_documents, resolve_jobs
from analysis.text import STOP_WORDS, _sentence_starts, as_documents, headline_span, sentences

ACTOR_TYPES: tuple[str, ...] = (
    "person",
    "organization",
    "armed_group",
    "government_body",
    "country",
    "people",
    "place",
)
MENTION_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "sent_id",
    "start",
    "end",
    "surface",
    "actor",
    "type",
    "affiliation",
    "method",
)
COUNT_COLUMNS: tuple[str, ...] = (
    "actor",
    "type",
    "affiliation",
    "mentions",
    "docs",
    "first_position",
)
ACTOR_SENTIMENT_COLUMNS: tuple[str, ...] = (
    "actor",
    "type",
    "n_sentences",
    "compound_mean",
    "share_negative",
)
EDGE_COLUMNS: tuple[str, ...] = ("actor_a", "actor_b", "weight")
CANDIDATE_COLUMNS: tuple[str, ...] = ("name", "type", "confidence", "mentions", "docs", "example")
DEFAULT_LEXICON: Path = PACKAGE_DATA_DIR / "actors.yaml"
_ENTRY_KEYS = frozenset(
    {"name", "type", "affiliation", "aliases", "patterns", "roles", "ignore_case"}
)


@dataclass(frozen=True)
class Actor:
    """One actor of the lexicon."""

    name: str
    type: str
    affiliation: str | None = None
    aliases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    ignore_case: bool = False

    def surface_forms(self) -> list[str]:
        forms = [self.name, *self.aliases] if self.type != "people" else list(self.aliases)
        if self.ignore_case:
            forms += (
                [f.lower() for f in forms] + [f.upper() for f in forms] + [f.title() for f in forms]
            )
        return list(dict.fromkeys(f for f in forms if f.strip()))


@dataclass
class Lexicon:
    """Actors by canonical name, and the files they came from."""

    actors: dict[str, Actor]
    sources: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.actors)

    def to_frame(self) -> pd.DataFrame:
        """The lexicon as a table: ``name, type, affiliation, aliases`` (joined by ``|``)."""
        return pd.DataFrame(
            [(a.name, a.type, a.affiliation, "|".join(a.aliases)) for a in self.actors.values()],
            columns=["name", "type", "affiliation", "aliases"],
        )


# --- loading -----------------------------------------------------------------------------
def _as_strings(value: Any, *, source: str, actor: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise LexiconError(f"{source}: actor {actor!r}: {key} must be a list of strings")
    if any(isinstance(v, bool) or not str(v).strip() for v in value):
        raise LexiconError(
            f"{source}: actor {actor!r}: {key} has an empty entry; remove it or fill it in"
        )
    return tuple(str(v) for v in value)


def _nested_repeat(pattern: str) -> bool:
    """An unbounded repetition of something that repeats itself: the shape of patterns whose
    matching time can grow exponentially with the text ('(a+)+', '(\\w+\\s?)*').

    Atomic groups and possessive repeats never backtrack, so they are left alone."""
    from re import _constants as c
    from re import _parser

    def walk(items: Any, inside_unbounded: bool) -> bool:
        for op, arg in items:
            if op in (c.MAX_REPEAT, c.MIN_REPEAT):
                _, high, body = arg
                if inside_unbounded and high > 1:
                    return True
                inner = [(body, inside_unbounded or high == c.MAXREPEAT)]
            elif op is c.SUBPATTERN:
                inner = [(arg[-1], inside_unbounded)]
            elif op is c.BRANCH:
                inner = [(branch, inside_unbounded) for branch in arg[1]]
            elif op in (c.ASSERT, c.ASSERT_NOT):
                inner = [(arg[1], inside_unbounded)]
            else:
                inner = []
            if any(walk(sub, flag) for sub, flag in inner):
                return True
        return False

    return walk(_parser.parse(pattern), False)


def parse_lexicon(data: Any, *, source: str) -> list[Actor]:
    """Validate a lexicon's parsed YAML and return its actors.

    Raises:
        LexiconError: naming the file, the actor and the problem (missing name, unknown
            type, unknown key, a pattern that does not compile, an alias claimed twice).
    """
    if isinstance(data, Mapping):
        data = data.get("actors")
    if not isinstance(data, list):
        raise LexiconError(f"{source}: expected a list of actors under the key 'actors'")
    actors: list[Actor] = []
    claimed: dict[str, str] = {}
    names: dict[str, int] = {}
    for i, entry in enumerate(data, start=1):
        if not isinstance(entry, Mapping):
            raise LexiconError(f"{source}: entry {i} is not a mapping of name, type, aliases...")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise LexiconError(f"{source}: entry {i} has no name")
        unknown = sorted(set(map(str, entry)) - _ENTRY_KEYS)
        if unknown:
            raise LexiconError(
                f"{source}: actor {name!r}: unknown key(s) {', '.join(unknown)}; "
                f"expected {', '.join(sorted(_ENTRY_KEYS))}"
            )
        kind = entry.get("type")
        if kind not in ACTOR_TYPES:
            raise LexiconError(
                f"{source}: actor {name!r}: unknown type {kind!r}; "
                f"expected one of {', '.join(ACTOR_TYPES)}"
            )
        patterns = _as_strings(entry.get("patterns"), source=source, actor=name, key="patterns")
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise LexiconError(
                    f"{source}: actor {name!r}: pattern {pattern!r} does not compile ({exc})"
                ) from None
            if _nested_repeat(pattern):
                raise LexiconError(
                    f"{source}: actor {name!r}: pattern {pattern!r} repeats a repetition "
                    "(like '(a+)+'), which can take exponential time on some texts; "
                    "write it with a single repetition"
                )
        affiliation = entry.get("affiliation")
        if affiliation is not None and not isinstance(affiliation, str):
            raise LexiconError(f"{source}: actor {name!r}: affiliation must be an actor's name")
        ignore_case = entry.get("ignore_case", False)
        if not isinstance(ignore_case, bool):
            raise LexiconError(
                f"{source}: actor {name!r}: ignore_case must be true or false, not {ignore_case!r}"
            )
        if name.strip() in names:
            raise LexiconError(
                f"{source}: actor {name.strip()!r} is defined twice (entries "
                f"{names[name.strip()]} and {i}); merge them into one entry"
            )
        names[name.strip()] = i
        actor = Actor(
            name=name.strip(),
            type=kind,
            affiliation=affiliation,
            aliases=_as_strings(entry.get("aliases"), source=source, actor=name, key="aliases"),
            patterns=patterns,
            roles=_as_strings(entry.get("roles"), source=source, actor=name, key="roles"),
            ignore_case=ignore_case,
        )
        for form in actor.surface_forms():
            other = claimed.get(form)
            if other is not None and other != actor.name:
                raise LexiconError(
                    f"{source}: alias {form!r} is claimed by both {other!r} and {actor.name!r}"
                )
            claimed[form] = actor.name
        actors.append(actor)
    return actors


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: cannot be read ({exc})") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise LexiconError(f"{path}: invalid YAML{line} ({getattr(exc, 'problem', exc)})") from None


def _plural_demonym(demonym: str) -> str | None:
    if demonym.endswith(("ese", "ish", "sh", "ch", "ss", "s", "x", "z")):
        return None  # "the Chinese", "the British": not reliably a plural noun
    return demonym + "s"


_KEEP_ACRONYMS = frozenset({"USA", "UK", "UAE", "DRC", "PRC", "DPRK", "ROK"})


@lru_cache(maxsize=1)
def _country_actors() -> tuple[Actor, ...]:
    """Countries, capitals and peoples from the ``countryinfo`` package."""
    import countryinfo

    out: list[Actor] = []
    for country in sorted(countryinfo.all_countries(), key=lambda c: c.name()):
        name = country.name()
        aliases = [name]
        for alt in country.alt_spellings() or []:
            if not alt.isascii() or "," in alt:
                continue
            if alt.isupper() and alt not in _KEEP_ACRONYMS:
                continue  # ISO codes such as "IN", "IT", "TO" are ordinary words in capitals
            aliases.append(alt)
        out.append(Actor(name=name, type="country", aliases=tuple(aliases)))
        capitals = country.capital()
        for capital in [capitals] if isinstance(capitals, str) else capitals or []:
            if capital and capital.isascii():
                out.append(Actor(name=capital, type="place", affiliation=name, aliases=(capital,)))
        for demonym in (country.demonym() or "").split(","):
            plural = _plural_demonym(demonym.strip()) if demonym.strip() else None
            if plural:
                out.append(Actor(name=plural, type="people", affiliation=name, aliases=(plural,)))
    return tuple(out)


def _merge(base: dict[str, Actor], extra: Sequence[Actor]) -> dict[str, Actor]:
    """Add ``extra`` over ``base``: same name replaces; an alias ``extra`` claims leaves base."""
    merged = dict(base)
    for actor in extra:
        merged[actor.name] = actor
    claims = {form: a.name for a in extra for form in a.surface_forms()}
    for name, actor in list(merged.items()):
        if any(claims.get(f, name) != name for f in actor.aliases):
            merged[name] = Actor(
                name=actor.name,
                type=actor.type,
                affiliation=actor.affiliation,
                aliases=tuple(f for f in actor.aliases if claims.get(f, name) == name),
                patterns=actor.patterns,
                roles=actor.roles,
                ignore_case=actor.ignore_case,
            )
    return merged


def load_lexicon(path: str | Path | None = None, *, extend: bool = True) -> Lexicon:
    """Load the actor lexicon.

    Args:
        path: A YAML lexicon of your own (format: see ``analysis/data/actors.yaml``), or
            ``None`` for the default lexicon alone.
        extend: With ``path``, add your actors to the default lexicon (an actor with the
            same name replaces the default one; an alias you claim is taken from any other
            actor); with ``extend=False``, use your lexicon alone.

    Returns:
        A :class:`Lexicon`.  The default one has the seed article's world, generic bodies
        (UN, NATO, EU, UK parties...) and every country with its capital and people, from
        the ``countryinfo`` package (an entry in the YAML file replaces a generated one).

    Raises:
        LexiconError: a message naming the file, the actor and the problem.
    """
    actors: dict[str, Actor] = {}
    sources = []
    if path is None or extend:
        actors = {a.name: a for a in _country_actors()}
        # generated entries never claim an alias twice: the first (alphabetical) keeps it
        seen: dict[str, str] = {}
        for name, actor in list(actors.items()):
            keep = tuple(f for f in actor.aliases if seen.setdefault(f, name) == name)
            if keep != actor.aliases:
                actors[name] = Actor(actor.name, actor.type, actor.affiliation, keep)
        actors = _merge(
            actors, parse_lexicon(_read_yaml(DEFAULT_LEXICON), source=str(DEFAULT_LEXICON))
        )
        sources.append("default")
    if path is not None:
        user_path = Path(path)
        actors = _merge(actors, parse_lexicon(_read_yaml(user_path), source=str(user_path)))
        sources.append(str(user_path))
    for actor in actors.values():
        if actor.affiliation is not None and actor.affiliation not in actors:
            raise LexiconError(
                f"{sources[-1]}: actor {actor.name!r}: affiliation {actor.affiliation!r} "
                "is not an actor of the lexicon"
            )
    return Lexicon(actors=actors, sources=sources)


# --- matching ----------------------------------------------------------------------------
def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "-_"


@dataclass
class _Matcher:
    """One Aho-Corasick automaton over every surface form of a lexicon."""

    automaton: Any
    actors: list[Actor]
    patterns: list[tuple[re.Pattern[str], int]]

    @classmethod
    def build(cls, lexicon: Lexicon) -> _Matcher:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        actors = list(lexicon.actors.values())
        for index, actor in enumerate(actors):
            for form in actor.surface_forms():
                automaton.add_word(form, (len(form), index, form))
        if len(automaton):
            automaton.make_automaton()
        patterns = [(re.compile(p), i) for i, a in enumerate(actors) for p in a.patterns]
        return cls(automaton, actors, patterns)

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """Leftmost-longest, word-bounded, non-overlapping ``(start, end, actor index)``."""
        found: list[tuple[int, int, int]] = []
        if len(self.automaton):
            for last, (length, index, _) in self.automaton.iter(text):
                start, end = last - length + 1, last + 1
                if start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
                    continue
                if end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]):
                    continue
                found.append((start, end, index))
        for pattern, index in self.patterns:
            found.extend(
                (m.start(), m.end(), index) for m in pattern.finditer(text) if m.end() > m.start()
            )
        found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[2]))
        chosen, cursor = [], 0
        for start, end, index in found:
            if start >= cursor:
                chosen.append((start, end, index))
                cursor = end
        return chosen


_MATCHERS: dict[int, tuple[Lexicon, _Matcher]] = {}


def _matcher(lexicon: Lexicon) -> _Matcher:
    cached = _MATCHERS.get(id(lexicon))
    if cached is not None and cached[0] is lexicon:
        return cached[1]
    matcher = _Matcher.build(lexicon)
    if len(_MATCHERS) > 8:
        _MATCHERS.clear()
    _MATCHERS[id(lexicon)] = (lexicon, matcher)
    return matcher


def _as_lexicon(lexicon: Lexicon | str | Path | None) -> Lexicon:
    """A lexicon from ``None`` (the default), a :class:`Lexicon` or a YAML path."""
    if lexicon is None:
        return default_lexicon()
    return lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The default lexicon, loaded once per process."""
    return load_lexicon()


# --- discovery ---------------------------------------------------------------------------
#: Words before a name that make it a person (and are not part of the name).
PERSON_TITLES: frozenset[str] = frozenset(
    """Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Gen. Gen General Rep. Sen. Gov. Governor Lt. Col. Capt.
    Sgt. Maj. Adm. Prof. Professor Rev. Sir Dame Lord Lady President Vice Prime Minister
    Chancellor Secretary Senator Representative Marine Mullah Sheikh King Queen Prince
    Princess Pope Judge Justice Commissioner Ambassador Chairman Mayor Chief Executive
    Director Inspector Detective Officer Colonel Captain Sergeant Major Commander Admiral""".split()
)
#: Lowercase words just before a name that make it a person ("spokesman John Smith").
PERSON_CUES: frozenset[str] = frozenset(
    """spokesman spokeswoman spokesperson chairman chairwoman chief executive boss leader
    minister secretary president director analyst economist manager coach striker player
    singer actor actress star author writer founder said told according""".split()
)
#: Last words that make a name an organization.
ORG_WORDS: frozenset[str] = frozenset(
    """Department Ministry Command Party Council Inc. Inc Corp. Corp Co. Ltd Ltd. plc Plc
    University College Agency Commission Committee Bank Association Union Group Company
    Office Court Police Service Services Institute Foundation Board Authority Federation
    League Club Network Airways Airlines Motors Records Studios Parliament Assembly Senate Bros
    Congress Army Navy Force Forces Guard Organisation Organization Trust Fund Exchange""".split()
)
_CAP = (
    r"(?:[A-Z][a-z]+(?:['’][A-Za-z]+)?(?:-[A-Z][a-z]+)*"  # Hewitt, O'Brien, Smith-Jones
    r"|[A-Z]{2,6}(?:-[A-Z0-9]+)?"  # AOL, ISIS-K
    r"|[A-Z]\.|Inc\.|Corp\.|Co\.|Ltd\.?)"  # initials, company forms
)
_LINK = r"(?:of|bin|al|de|da|van|von|der|du|la|le|for)"
# _CAP with its first capital taken out, so the pattern opens with a character class: the
# regex engine then jumps from capital to capital instead of trying every position (twice
# as fast; a test checks it finds what the plain pattern finds).  A capital opens a name
# if the character before it is no word character or hyphen.
_CAP_REST = (
    r"(?:[a-z]+(?:['’][A-Za-z]+)?(?:-[A-Z][a-z]+)*"
    r"|[A-Z]{1,5}(?:-[A-Z0-9]+)?"
    r"|\.|(?<=I)nc\.|(?<=C)orp\.|(?<=C)o\.|(?<=L)td\.?)"
)
_NAME_RE = re.compile(rf"[A-Z](?<![\w-].){_CAP_REST}(?:[ \t]+(?:{_LINK}[ \t]+)?{_CAP})*(?![\w-])")
_CONNECTORS = frozenset(
    {"of", "bin", "al", "de", "da", "van", "von", "der", "du", "la", "le", "for"}
)
#: Lowercase words just before a name that make it an organization ("the firm Acme").
ORG_CUES: frozenset[str] = frozenset(
    """firm company giant group publisher maker carrier bank rival retailer chain airline
    broadcaster network label studio operator insurer conglomerate regulator watchdog""".split()
)
#: Capitalised words that open sentences and are not part of a following name
#: (not the same list as ``analysis.text.SENTENCE_OPENERS``, which marks sentence starts).
NAME_OPENERS_TO_DROP: frozenset[str] = frozenset(
    """Later Earlier Meanwhile Instead Yesterday Today Tomorrow Now Still Last Next Critics
    Officials Analysts Police Despite Following After Before Speaking Asked Separately
    Elsewhere Overall Previously Recently Currently Similarly Eventually Finally""".split()
)
_CALENDAR = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Christmas Easter""".split()
)


@dataclass
class _Candidate:
    start: int
    end: int
    name: str
    type: str
    confidence: float
    replaces: tuple[tuple[int, int], ...] = ()


# a title as written, or without its period ("Gen" for "Gen.")
_TITLE_FORMS = PERSON_TITLES | {t[:-1] for t in PERSON_TITLES if t.endswith(".")}


def _is_title(word: str) -> bool:
    """``word`` is a title, with or without its periods ("Gen", "Gen.", "Gen..")."""
    return word in _TITLE_FORMS or (word.endswith(".") and word.rstrip(".") in PERSON_TITLES)


def _strip_titles(words: list[str]) -> tuple[list[str], bool]:
    """Drop everything up to the last title word ("Industry Secretary Patricia Hewitt")."""
    last = len(words) - 1
    while last >= 0 and not _is_title(words[last]):
        last -= 1
    if last < 0:
        return words, False
    rest = words[last + 1 :]
    while rest and rest[0] in _CONNECTORS:
        rest = rest[1:]
    return rest, True


def _opens_sentence(text: str, pos: int, sent_starts: Sequence[int]) -> bool:
    """``pos`` starts a sentence, or follows an opening quote mark."""
    i = bisect.bisect_left(sent_starts, pos)
    return i < len(sent_starts) and (
        sent_starts[i] == pos or text[max(0, pos - 1) : pos] in "“\"‘'"
    )


def _never_a_name(word: str, common: frozenset[str]) -> bool:
    """A lone capitalised word that discovery always drops: a stop word, a day or month,
    a title, or a frequent English word not in capitals."""
    low = word.lower()
    return (
        word in _CALENDAR
        or low in STOP_WORDS
        or _is_title(word)
        or (not word.isupper() and low in common)
    )


@lru_cache(maxsize=65_536)
def _lone_word_dropped(word: str) -> bool:
    """:func:`_never_a_name` with the common words, remembered: the same few thousand
    capitalised words ("The", "But", "Monday") make most of discovery's matches."""
    return _never_a_name(word, _common_words())


COMMON_WORDS_FILE = PACKAGE_DATA_DIR / "common_words.txt"


def common_words_from_wordfreq() -> list[str]:
    """English words with a Zipf frequency of at least 4.2 in wordfreq, most frequent first
    (what ``analysis/data/common_words.txt`` holds; a test keeps the two equal)."""
    import wordfreq

    ranked = wordfreq.top_n_list("en", 12_000)  # most frequent first
    # frequencies fall along the list, so the words at or above 4.2 are a prefix of it
    cut = bisect.bisect_right(ranked, -4.2, key=lambda w: -wordfreq.zipf_frequency(w, "en"))
    return ranked[:cut]


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Frequent English words (wordfreq, Zipf >= 4.2): a lone capitalised one is no name.

    Read from package data (1 ms) rather than from wordfreq (0.2 s in every worker)."""
    lines = COMMON_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _discover(
    text: str,
    sent_starts: Sequence[int],
    taken: list[tuple[int, int]],
    body_start: int = 0,
    kinds: Mapping[tuple[int, int], str] | None = None,
) -> list[_Candidate]:
    """Name candidates in one document, outside the spans already ``taken``.

    The headline (before ``body_start``) is skipped: headlines capitalise every word.
    """
    kinds = kinds or {}
    common = _common_words()
    taken_sorted = sorted(taken)
    ends = [e for _, e in taken_sorted]
    starts = [s for s, _ in taken_sorted]
    out: list[_Candidate] = []
    for m in _NAME_RE.finditer(text, body_start):
        start, end = m.start(), m.end()
        words = m.group(0).split()
        if words[-1].endswith(("'s", "’s")):
            words[-1] = words[-1][:-2]
            end -= 2
        i = bisect.bisect_left(starts, end)
        if i and ends[i - 1] > start:
            if words[-1] not in ORG_WORDS:
                continue  # overlaps a lexicon mention
            replaces = [(a, b) for a, b in taken_sorted if a >= start and b <= end]
            if (
                not replaces
                or (start, end) in replaces
                or any(kinds.get(span) not in ("country", "place", "people") for span in replaces)
                or any(a < start < b or a < end < b for a, b in taken_sorted)
            ):
                continue
            # "US Securities Exchange Commission": the longer organization wins
            out.append(
                _Candidate(start, end, " ".join(words), "organization", 0.8, tuple(replaces))
            )
            continue
        if len(words) == 1 and _lone_word_dropped(words[0]):
            continue  # the bulk of matches: "The", "But", "Monday", "Election"
        words, titled = _strip_titles(words)
        while words and (
            words[0] in _CALENDAR
            or words[0].lower() in STOP_WORDS
            or (
                len(words) > 1
                and words[0] in NAME_OPENERS_TO_DROP
                and _opens_sentence(text, m.start(), sent_starts)
            )
        ):
            words = words[1:]  # "However Frank Smith", "Later Smith", "Thursday" -> drop opener
        if not words:
            continue
        name = " ".join(words)
        start = end - len(name) if text[end - len(name) : end] == name else start
        before = text[max(0, m.start() - 40) : m.start()].split()
        cue = before[-1].lower().strip(",") if before else ""
        after_the = cue == "the"
        if after_the and len(before) > 1:
            cue = before[-2].lower()  # "at the Abbey Gate": a place; "the X" is never a person
        single = len(words) == 1
        if single and not words[0].isupper() and words[0].lower() in common:
            continue  # "Election", "Trade": ordinary words written with a capital
        if words[-1] in ORG_WORDS or any(w in ORG_WORDS for w in words[1:]):
            out.append(_Candidate(start, end, name, "organization", 0.8))
        elif cue in ORG_CUES:
            out.append(_Candidate(start, end, name, "organization", 0.7))
        elif after_the:
            kind = "place" if cue in {"in", "at", "from", "to", "near"} else "organization"
            out.append(_Candidate(start, end, name, kind, 0.4))
        elif titled or (len(words) >= 2 and cue in PERSON_CUES):
            out.append(_Candidate(start, end, name, "person", 0.9 if titled else 0.7))
        elif any(w.isupper() and len(w) >= 2 for w in words):
            if words[0] not in {"I", "TV", "OK", "AM", "PM"}:
                out.append(_Candidate(start, end, name, "organization", 0.5))  # AOL, AOL Europe
        elif len(words) >= 2 and all(w[:1].isupper() for w in words):
            out.append(_Candidate(start, end, name, "person", 0.5))
        elif single and cue in {"in", "at", "from"}:
            out.append(_Candidate(start, end, name, "place", 0.4))
    return out


# --- mentions ----------------------------------------------------------------------------
def _surname(name: str) -> str | None:
    parts = name.split()
    if len(parts) < 2:
        return None
    last = parts[-1]
    return last if last[:1].isupper() and len(last) > 2 and last.lower() not in STOP_WORDS else None


def _doc_mentions(
    text: str, matcher: _Matcher, sent_starts: Sequence[int], *, discover: bool
) -> tuple[list[tuple[Any, ...]], list[_Candidate]]:
    """Lexicon matches of one document and, with ``discover``, the names it lacks.

    Returns the mentions ``(start, end, surface, actor, type, affiliation, method)`` before
    coreference, and the discovered candidates (with their confidence).
    """
    mentions = [
        (
            s,
            e,
            text[s:e],
            matcher.actors[i].name,
            matcher.actors[i].type,
            matcher.actors[i].affiliation,
            "lexicon",
        )
        for s, e, i in matcher.find(text)
    ]
    if not discover:
        return mentions, []
    head = headline_span(text)
    taken = [(s, e) for s, e, *_ in mentions]
    kinds = {(m[0], m[1]): m[4] for m in mentions}
    candidates = _discover(text, sent_starts, taken, head[1] if head else 0, kinds)
    for c in candidates:
        if c.replaces:
            mentions = [m for m in mentions if (m[0], m[1]) not in c.replaces]
        mentions.append((c.start, c.end, text[c.start : c.end], c.name, c.type, None, "discovered"))
    return mentions, candidates


def actor_mentions(
    docs: Any,
    lexicon: Lexicon | str | Path | None = None,
    *,
    discover: bool = True,
    sents: pd.DataFrame | None = None,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """Every mention of an actor in every document.

    Args:
        docs: A documents table from :func:`analysis.load_corpus`, or a list of texts.
        lexicon: A :class:`Lexicon`, a path to a YAML lexicon (added to the default one), or
            ``None`` for the default lexicon.
        discover: Also report capitalised names the lexicon lacks (``method="discovered"``).
        sents: :func:`analysis.sentences` of ``docs``, if already computed.
        n_jobs: Worker processes (``-1``: one per core); documents are split into chunks
            and the rows are the same, in the same order, as with ``1``.

    Returns:
        DataFrame with columns ``doc_id, sent_id, start, end, surface, actor, type,
        affiliation, method``, in document order.  ``surface`` is ``text[start:end]``;
        ``actor`` the canonical name (titles stripped: "Marine Gen. Frank McKenzie" is
        ``Frank McKenzie``); ``method`` is ``lexicon``, ``coreference`` (a later surname
        of a person named in full earlier in the same document) or ``discovered``.

    Example:
        >>> m = actor_mentions(["Gen. Frank McKenzie met the Taliban. McKenzie left."])
        >>> m[["surface", "method"]].values.tolist()
        [['Frank McKenzie', 'lexicon'], ['Taliban', 'lexicon'], ['McKenzie', 'coreference']]
    """
    if resolve_jobs(n_jobs) > 1:
        return map_documents(
            actor_mentions,
            as_documents(docs),
            n_jobs=n_jobs,
            frames={"sents": sents},
            lexicon=_as_lexicon(lexicon),
            discover=discover,
        )
    return _collect_mentions(docs, lexicon, discover=discover, sents=sents)[0]


def _collect_mentions(
    docs: Any, lexicon: Lexicon | str | Path | None, *, discover: bool, sents: pd.DataFrame | None
) -> tuple[pd.DataFrame, dict[str, float]]:
    """The mentions table, and the best cue confidence of each discovered name."""
    matcher = _matcher(_as_lexicon(lexicon))
    docs = as_documents(docs)
    sents = sentences(docs) if sents is None else sents
    starts_by_doc = _sentence_starts(sents)
    rows: list[tuple[Any, ...]] = []
    confidence: dict[str, float] = {}
    for doc_id, text in zip(docs["doc_id"].tolist(), docs["text"].tolist(), strict=True):
        if not isinstance(text, str) or not text:
            continue
        sent_starts = starts_by_doc.get(doc_id, [0])
        mentions, candidates = _doc_mentions(text, matcher, sent_starts, discover=discover)
        for c in candidates:
            confidence[c.name] = max(confidence.get(c.name, 0.0), c.confidence)
        mentions = _resolve_surnames(text, mentions)
        mentions.sort(key=lambda m: (m[0], m[1]))
        for s, e, surface, actor, kind, affiliation, method in mentions:
            sent_id = bisect.bisect_right(sent_starts, s) - 1
            rows.append((doc_id, max(sent_id, 0), s, e, surface, actor, kind, affiliation, method))
    out = pd.DataFrame(rows, columns=list(MENTION_COLUMNS))
    return out.astype({"sent_id": np.int64, "start": np.int64, "end": np.int64}), confidence


def _find_words(text: str, words: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """Whole-word occurrences of ``words`` in ``text``, left to right, never overlapping.

    What ``re.finditer(r"(?<![\\w-])(longest|...|shortest)(?![\\w-])", text)`` finds, without
    compiling a pattern for every document's list of words.
    """
    found = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or not _is_word_char(text[at - 1])) and (
                end == len(text) or not _is_word_char(text[end])
            ):
                found.append((at, -len(word), word))
            at = text.find(word, at + 1)
    pos = 0
    for at, negative_length, word in sorted(found):
        if at >= pos:
            pos = at - negative_length
            yield at, pos, word


def _resolve_surnames(text: str, mentions: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Link later surnames to persons named in full earlier; merge discovered duplicates."""
    persons: dict[str, tuple[int, tuple[Any, ...]]] = {}
    for m in sorted(mentions, key=lambda m: m[0]):
        if m[4] == "person" and m[6] != "coreference":
            surname = _surname(m[3])
            if surname and surname not in persons:
                persons[surname] = (m[1], m)
    if not persons:
        return mentions
    out = []
    for m in mentions:
        # a discovered single word that is a known person's surname, after the full name
        if m[6] == "discovered" and m[3] in persons and m[0] >= persons[m[3]][0]:
            full = persons[m[3]][1]
            out.append((m[0], m[1], m[2], full[3], full[4], full[5], "coreference"))
        else:
            out.append(m)
    taken = sorted((m[0], m[1]) for m in out)
    starts = [s for s, _ in taken]
    ends = [e for _, e in taken]
    for start, end, surname in _find_words(text, list(persons)):
        first_end, full = persons[surname]
        if start < first_end:
            continue
        i = bisect.bisect_left(starts, end)
        if i and ends[i - 1] > start:
            continue
        out.append((start, end, surname, full[3], full[4], full[5], "coreference"))
    return out


def discover_actors(
    docs: Any, lexicon: Lexicon | str | Path | None = None, *, min_count: int = 1
) -> pd.DataFrame:
    """Names the lexicon lacks, with counts and an example, for an analyst to review.

    Args:
        docs: A documents table or a list of texts.
        lexicon: As in :func:`actor_mentions`.
        min_count: Keep names seen at least this often (mentions, coreference included).

    Returns:
        DataFrame with columns ``name, type, confidence, mentions, docs, example``: the
        guessed type and its confidence (0-1, from the cue that found it: a title 0.9, an
        organization word 0.8, a reporting cue 0.7, capitalised words alone 0.5, an acronym
        0.5, a place preposition 0.4), sorted by mentions (descending), then name.
        Promote them with :func:`lexicon_template`.
    """
    mentions, confidence = _collect_mentions(docs, lexicon, discover=True, sents=None)
    found = mentions[mentions["method"] != "lexicon"]
    found = found[
        found["actor"].isin(set(mentions.loc[mentions["method"] == "discovered", "actor"]))
    ]
    if found.empty:
        return pd.DataFrame(columns=list(CANDIDATE_COLUMNS))
    docs_table = as_documents(docs)
    texts = dict(zip(docs_table["doc_id"], docs_table["text"], strict=True))
    first = found.drop_duplicates("actor")
    examples = {
        r.actor: " ".join(texts[r.doc_id][max(0, r.start - 60) : r.end + 60].split())
        for r in first.itertuples()
    }
    out = found.groupby("actor", sort=False).agg(
        type=("type", lambda s: s.mode().iloc[0]),
        mentions=("actor", "size"),
        docs=("doc_id", "nunique"),
    )
    out = out.reset_index().rename(columns={"actor": "name"})
    out["confidence"] = out["name"].map(confidence).fillna(0.0)
    out["example"] = out["name"].map(examples)
    out = out[out["mentions"] >= min_count]
    out = out.sort_values(["mentions", "name"], ascending=[False, True], kind="mergesort")
    return out.reset_index(drop=True)[list(CANDIDATE_COLUMNS)]


def lexicon_template(candidates: pd.DataFrame, path: str | Path | None = None) -> str:
    """Write candidate actors as a YAML lexicon to edit and load with ``load_lexicon``.

    Args:
        candidates: :func:`discover_actors` output (``name``, ``type`` columns).
        path: Where to write the YAML; ``None`` only returns it.

    Returns:
        The YAML text.
    """
    import yaml

    entries = [
        {"name": str(r.name), "type": str(r.type), "aliases": [str(r.name)]}
        for r in candidates.itertuples()
        if str(r.type) in ACTOR_TYPES
    ]
    text = "# Review, edit and load with analysis.load_lexicon(path)\n" + yaml.safe_dump(
        {"actors": entries}, sort_keys=False, allow_unicode=True
    )
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


# --- analyses on mentions ----------------------------------------------------------------
def actor_counts(mentions: pd.DataFrame, *, by: str = "corpus") -> pd.DataFrame:
    """How often each actor is mentioned.

    Args:
        mentions: :func:`actor_mentions` output.
        by: ``"corpus"`` (one row per actor) or ``"doc"`` (per document and actor).

    Returns:
        DataFrame with columns ``actor, type, affiliation, mentions, docs, first_position``
        (with ``doc_id`` first when ``by="doc"``): ``docs`` is the number of documents that
        mention the actor, ``first_position`` the sentence index of its first mention (for
        the corpus: the mean over documents).  Sorted by mentions (descending), then actor.
    """
    check_choice("by", by, ("corpus", "doc"))
    keys = ["doc_id", "actor"] if by == "doc" else ["actor"]
    columns = (["doc_id"] if by == "doc" else []) + list(COUNT_COLUMNS)
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    first = mentions.groupby(["doc_id", "actor"], sort=False)["sent_id"].min().rename("first")
    out = mentions.groupby(keys, sort=False).agg(
        type=("type", "first"),
        affiliation=("affiliation", "first"),
        mentions=("actor", "size"),
        docs=("doc_id", "nunique"),
    )
    if by == "doc":
        out["first_position"] = first.reindex(out.index).to_numpy(dtype=float)
    else:
        out["first_position"] = first.groupby("actor").mean().reindex(out.index).to_numpy()
    out = out.reset_index()
    order = (["doc_id"] if by == "doc" else []) + ["mentions", "actor"]
    ascending = ([True] if by == "doc" else []) + [False, True]
    return out.sort_values(order, ascending=ascending, kind="mergesort").reset_index(drop=True)[
        columns
    ]


def actor_sentiment(mentions: pd.DataFrame, sentence_sentiment: pd.DataFrame) -> pd.DataFrame:
    """Sentiment of the sentences that mention each actor (scores are reused, not recomputed).

    Args:
        mentions: :func:`actor_mentions` output.
        sentence_sentiment: :func:`analysis.sentence_sentiment` of the same documents.

    Returns:
        DataFrame with columns ``actor, type, n_sentences, compound_mean, share_negative``:
        each sentence counted once per actor however often it names the actor; sorted by
        n_sentences (descending), then actor.
    """
    if mentions.empty:
        return pd.DataFrame(columns=list(ACTOR_SENTIMENT_COLUMNS))
    pairs = mentions.drop_duplicates(["actor", "doc_id", "sent_id"])[
        ["actor", "type", "doc_id", "sent_id"]
    ]
    joined = pairs.merge(
        sentence_sentiment[["doc_id", "sent_id", "compound", "label"]], on=["doc_id", "sent_id"]
    )
    out = joined.groupby("actor", sort=False).agg(
        type=("type", "first"),
        n_sentences=("sent_id", "size"),
        compound_mean=("compound", "mean"),
        share_negative=("label", lambda s: float((s == "negative").mean())),
    )
    out = out.reset_index().sort_values(
        ["n_sentences", "actor"], ascending=[False, True], kind="mergesort"
    )
    return out.reset_index(drop=True)[list(ACTOR_SENTIMENT_COLUMNS)]


def actor_network(mentions: pd.DataFrame, *, window: str = "sentence") -> tuple[Any, pd.DataFrame]:
    """Which actors are named together.

    Args:
        mentions: :func:`actor_mentions` output.
        window: ``"sentence"`` or ``"doc"``: the unit within which two actors co-occur.

    Returns:
        ``(graph, edges)``: a ``networkx.Graph`` (node attribute ``type``, ``mentions``;
        edge attribute ``weight``) and the edge table ``actor_a, actor_b, weight`` (``weight``
        = number of sentences or documents naming both; ``actor_a < actor_b``), sorted by
        weight (descending), then names.
    """
    import networkx as nx

    check_choice("window", window, ("sentence", "doc"))
    keys = ["doc_id", "sent_id"] if window == "sentence" else ["doc_id"]
    graph = nx.Graph()
    for actor, group in mentions.groupby("actor", sort=True):
        graph.add_node(actor, type=group["type"].iloc[0], mentions=len(group))
    units = (
        mentions.drop_duplicates([*keys, "actor"]).groupby(keys, sort=False)["actor"].agg(sorted)
    )
    weights: dict[tuple[str, str], int] = {}
    for actors in units:
        for i, a in enumerate(actors):
            for b in actors[i + 1 :]:
                weights[(a, b)] = weights.get((a, b), 0) + 1
    edges = pd.DataFrame([(a, b, w) for (a, b), w in weights.items()], columns=list(EDGE_COLUMNS))
    edges = edges.sort_values(
        ["weight", "actor_a", "actor_b"], ascending=[False, True, True], kind="mergesort"
    )
    for a, b, w in edges.itertuples(index=False):
        graph.add_edge(a, b, weight=int(w))
    return graph, edges.reset_index(drop=True)


def lexicon_from_records(
    records: Iterable[Mapping[str, Any]], *, source: str = "records"
) -> Lexicon:
    """Build a lexicon from dictionaries (the YAML entries' keys), without the defaults."""
    actors = parse_lexicon(list(records), source=source)
    return Lexicon(actors={a.name: a for a in actors}, sources=[source])
