"""Shared fixtures: the seed article, the BBC corpus beside the project, tiny inline texts."""

from __future__ import annotations

import os
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.config import PROJ_ROOT, SEEDS_DIR
from analysis.errors import CorpusWarning

SEED_FILE = SEEDS_DIR / "000_89bd0e97d5afb917.txt"
BBC_DIR = PROJ_ROOT.parent / "shared" / "data" / "bbc"

#: Tiny news-style texts for focused tests.
TINY = {
    "abbrev": "Marine Gen. Frank McKenzie spoke. Rep. John Garamendi, D-Calif., agreed.",
    "quote_end": "“We left,” he said. “It was over.” Then they went home.",
    "acronym": "The U.S. drove them out. Troops left the U.S. The war ended.",
}


def _require_bbc() -> Path:
    if BBC_DIR.is_dir():
        return BBC_DIR
    if os.environ.get("CI"):
        pytest.fail(f"the BBC corpus is missing at {BBC_DIR}; CI must have ../shared beside it")
    pytest.skip(f"the BBC corpus is not at {BBC_DIR}")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_docs() -> pd.DataFrame:
    return load_corpus()


@pytest.fixture(scope="session")
def bbc_dir() -> Path:
    return _require_bbc()


@pytest.fixture(scope="session")
def bbc_docs(bbc_dir: Path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)  # the BBC set has known duplicates
        return load_corpus(bbc_dir)


@pytest.fixture(scope="session")
def bbc_sample(bbc_docs: pd.DataFrame) -> pd.DataFrame:
    """Every 25th BBC article: 89 documents across all five sections."""
    return bbc_docs.iloc[::25].reset_index(drop=True)


class TagCollector(HTMLParser):
    """The start tags and attributes of an HTML page, to check that nothing is live."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.images: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")

    @property
    def only_chart_images(self) -> bool:
        """Every image is a chart the page carries itself (none comes from article text)."""
        return all(src.startswith("data:image/png;base64,") for src in self.images)
