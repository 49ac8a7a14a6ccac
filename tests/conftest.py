"""Shared fixtures: the seed article, the BBC corpus beside the project, tiny inline texts."""

from __future__ import annotations

import os
import re
import shutil
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
ALLSIDES_DIR = PROJ_ROOT.parent / "shared" / "data" / "allsides"
BASIL_DIR = PROJ_ROOT.parent / "shared" / "data" / "basil"

#: Tiny news-style texts for focused tests.
TINY = {
    "abbrev": "Marine Gen. Frank McKenzie spoke. Rep. John Garamendi, D-Calif., agreed.",
    "quote_end": "“We left,” he said. “It was over.” Then they went home.",
    "acronym": "The U.S. drove them out. Troops left the U.S. The war ended.",
}


def _require_bbc() -> Path:
    return require_data(BBC_DIR)


def require_data(folder: Path) -> Path:
    """A folder of ../shared/data: skip without it, but fail under CI."""
    if folder.is_dir():
        return folder
    if os.environ.get("CI"):
        pytest.fail(f"{folder} is missing; CI must have ../shared beside the project")
    pytest.skip(f"{folder} is not there")


@pytest.fixture(scope="session")
def coronavirus() -> pd.DataFrame:
    """AllSides' coronavirus articles (1,079, 118 outlets), loaded with no column names."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        return load_corpus(require_data(ALLSIDES_DIR) / "coronavirus.jsonl")


@pytest.fixture(scope="session")
def bbc_slice_corpus(tmp_path_factory, bbc_dir) -> Path:
    """Four articles from each of the five BBC sections, in a folder of their own."""
    corpus = tmp_path_factory.mktemp("bbc_slice") / "bbc"
    for section in ("business", "entertainment", "politics", "sport", "tech"):
        (corpus / section).mkdir(parents=True)
        for name in ("001.txt", "002.txt", "003.txt", "004.txt"):
            shutil.copy(bbc_dir / section / name, corpus / section / name)
    return corpus


@pytest.fixture(scope="session")
def bbc_slice_report(bbc_slice_corpus) -> Path:
    """The BBC slice through every notebook."""
    from analysis.report import run_report

    out = bbc_slice_corpus.parent / "report"
    return run_report(corpus=bbc_slice_corpus, out=out, params={"terms": "Blair,game"})


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
        """Every image is a chart the page carries itself or a figure the report saved
        (none comes from article text)."""
        return all(
            src.startswith("data:image/png;base64,")
            or re.fullmatch(r"figures/\d\d_[a-z0-9_]+\.png", src)
            for src in self.images
        )


# --- a real browser ------------------------------------------------------------------------
#: Where Debian's ``chromium`` and ``chromium-driver`` packages put their programs.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def _chromium() -> tuple[str, str]:
    """The browser and its driver, or a skip that says what is missing (a failure under CI:
    ``.ci/run`` installs them)."""
    import shutil as _shutil

    browser = next(filter(None, (_shutil.which(n) for n in CHROMIUM_NAMES)), None)
    driver = _shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing = "the selenium package (pip install -e '.[dev]')"
    else:
        missing = ", ".join(
            what for what, found in (("chromium", browser), ("chromedriver", driver)) if not found
        )
    if missing:
        why = f"browser tests need {missing}; apt-get install -y chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(f"{why} (CI is set: .ci/run should have installed them)")
        pytest.skip(why)
    return browser, driver


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium driven by Selenium, with the browser's network log on.

    Both programs come from the system (nothing is downloaded): the driver's path is given,
    so Selenium Manager is never asked for one.
    """
    binary, driver_path = _chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--hide-scrollbars",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
