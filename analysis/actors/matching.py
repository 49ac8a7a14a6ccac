"""Alias matching: every surface form of a lexicon found in one pass over a text.

One Aho-Corasick automaton (``pyahocorasick``) holds every alias, so 5,000 aliases cost
about what 50 do; the longest match wins, word boundaries are respected and possessives
(``Taliban’s``) match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from analysis.actors.lexicon import Actor, Lexicon


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "-_"


@dataclass
class Matcher:
    """One Aho-Corasick automaton over every surface form of a lexicon."""

    automaton: Any
    actors: list[Actor]
    patterns: list[tuple[re.Pattern[str], int]]

    @classmethod
    def build(cls, lexicon: Lexicon) -> Matcher:
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
                if start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
                    continue
                if end < len(text) and is_word_char(text[end]) and is_word_char(text[end - 1]):
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


_CACHE: dict[int, tuple[Lexicon, Matcher]] = {}


def matcher_for(lexicon: Lexicon) -> Matcher:
    cached = _CACHE.get(id(lexicon))
    if cached is not None and cached[0] is lexicon:
        return cached[1]
    matcher = Matcher.build(lexicon)
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[id(lexicon)] = (lexicon, matcher)
    return matcher
