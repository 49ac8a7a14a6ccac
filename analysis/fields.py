"""The fields of a news table: which column holds the text, the headline, the date, the
outlet, the authors and the address, and dates read into one type.

News tables come with their own column names (AllSides' ``content_original`` and
``source``, GDELT's ``SOURCEURL``, Media Cloud's ``publish_date`` and ``media_name``).
:func:`recognise_fields` picks each field from the usual names, case-insensitively and in
the order listed below; a name given by the user always wins.  :func:`parse_dates` turns
whatever the date column holds into naive UTC timestamps: a date with a time zone is
converted to UTC, one without is taken as it is; empty, unreadable and impossible dates
(before 1900 or after next year, such as ``0001-11-30``) become missing and are counted.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: The names each field is recognised by, in order of preference (case does not matter).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": (
        "text",
        "content_original",
        "full_text",
        "fulltext",
        "body",
        "content",
        "article",
        "article_text",
        "maintext",
        "story",
    ),
    "title": ("title", "headline", "heading", "head"),
    "date": (
        "date",
        "published",
        "publish_date",
        "published_at",
        "publication_date",
        "date_published",
        "pubdate",
        "pub_date",
        "datetime",
        "timestamp",
    ),
    "outlet": (
        "outlet",
        "source",
        "source_name",
        "publisher",
        "media",
        "media_name",
        "publication",
        "site",
        "newspaper",
    ),
    "authors": ("authors", "author", "byline", "by"),
    "url": ("url", "link", "article_url", "web_url"),
}

#: Dates outside these years are impossible for news and count as missing.
FIRST_YEAR = 1900


def recognise_fields(
    columns: Sequence[object], *, chosen: Mapping[str, str | None] | None = None
) -> dict[str, str]:
    """Which column holds each field: ``{"text": "content_original", "date": "date", ...}``.

    Args:
        columns: The table's column names.
        chosen: Names the user gave (``{"text": "body"}``); they win and are not checked
            here (the loader says when one is missing).

    Returns:
        One entry per field found; a column serves one field at most.
    """
    by_lower: dict[str, str] = {}
    for column in columns:
        by_lower.setdefault(str(column).lower(), str(column))
    picked: dict[str, str] = {k: v for k, v in (chosen or {}).items() if v}
    used = set(picked.values())
    for field, names in FIELD_NAMES.items():
        if field in picked:
            continue
        for name in names:
            column = by_lower.get(name)
            if column is not None and column not in used:
                picked[field] = column
                used.add(column)
                break
    return picked


@dataclass(frozen=True)
class Dates:
    """Dates read from a column: the values, and what could not be used."""

    values: pd.Series  # datetime64[ns], naive UTC; NaT where missing
    empty: int  # empty cells
    bad: int  # unreadable or impossible dates
    example: str | None  # the first bad one, as written


def parse_dates(values: pd.Series) -> Dates:
    """Read a column of dates (strings, numbers of seconds or milliseconds since 1970,
    datetimes) into naive UTC timestamps; see the module's notes."""
    index = values.index
    raw = values.astype(object).where(values.notna(), None)
    empty = raw.map(lambda v: v is None or (isinstance(v, str) and not v.strip()))
    todo = raw[~empty]
    parsed = pd.Series(pd.NaT, index=index, dtype="datetime64[ns, UTC]")
    if len(todo):
        numeric = pd.to_numeric(todo, errors="coerce")
        if numeric.notna().all():  # epoch numbers
            unit = "ms" if float(numeric.abs().max()) > 1e11 else "s"
            got = pd.to_datetime(numeric, unit=unit, utc=True, errors="coerce")
        else:
            text = todo.astype(str).str.strip()
            got = pd.to_datetime(text, utc=True, errors="coerce", format="ISO8601")
            retry = got.isna()
            if retry.any():
                got[retry] = pd.to_datetime(text[retry], utc=True, errors="coerce", format="mixed")
        got = got.astype("datetime64[us, UTC]")
        last = pd.Timestamp(_dt.date.today().year + 1, 12, 31, tz="UTC")
        plausible = (got >= pd.Timestamp(FIRST_YEAR, 1, 1, tz="UTC")) & (got <= last)
        got = got.where(plausible)
        parsed.loc[todo.index] = got.astype("datetime64[ns, UTC]")
    bad_mask = ~empty & parsed.isna()
    example = str(raw[bad_mask].iloc[0]) if bad_mask.any() else None
    return Dates(
        values=parsed.dt.tz_convert(None),
        empty=int(empty.sum()),
        bad=int(bad_mask.sum()),
        example=example,
    )


def text_values(values: pd.Series) -> pd.Series:
    """A metadata column as text: stripped strings, missing where empty."""
    out = values.astype(object).where(values.notna(), None)
    out = out.map(lambda v: (str(v).strip() or None) if v is not None else None)
    return out.astype(object)


def has_dates(docs: pd.DataFrame) -> bool:
    """Whether a documents table has a typed ``date`` column with at least one date."""
    return "date" in docs.columns and bool(
        np.issubdtype(docs["date"].dtype, np.datetime64) and docs["date"].notna().any()
    )
