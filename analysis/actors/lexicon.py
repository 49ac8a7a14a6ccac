"""The actor lexicon: who the workbook looks for, and under which names.

:func:`load_lexicon` reads the default lexicon shipped in the package (the seed's world,
generic bodies, and every country with its capital and people from the ``countryinfo``
package) and a user's YAML file that extends or overrides it, refusing a malformed file
with the file, the actor and the problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.config import PACKAGE_DATA_DIR
from analysis.errors import LexiconError

ACTOR_TYPES: tuple[str, ...] = (
    "person",
    "organization",
    "armed_group",
    "government_body",
    "country",
    "people",
    "place",
    "event",
)
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


def as_lexicon(lexicon: Lexicon | str | Path | None) -> Lexicon:
    """A lexicon from ``None`` (the default), a :class:`Lexicon` or a YAML path."""
    if lexicon is None:
        return default_lexicon()
    return lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The default lexicon, loaded once per process."""
    return load_lexicon()


def lexicon_from_records(
    records: Iterable[Mapping[str, Any]], *, source: str = "records"
) -> Lexicon:
    """Build a lexicon from dictionaries (the YAML entries' keys), without the defaults."""
    actors = parse_lexicon(list(records), source=source)
    return Lexicon(actors={a.name: a for a in actors}, sources=[source])


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
