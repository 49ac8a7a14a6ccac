"""The report's HTML pages as a reader opens them: in headless Chromium (Debian's
``chromium`` and ``chromium-driver``, driven by Selenium).

A report of a BBC slice (four articles from each section) is opened page by page: every
saved figure must be a visible image, nothing may come from another host, no Python
leftovers (``<Figure size``, stderr, ``NaN``, a machine path) may show, and every link of the
front page must lead somewhere.  Screenshots are saved under the test's tmp folder.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

pytestmark = pytest.mark.browser


def _requests(browser) -> list[str]:
    """The URLs the browser asked for since the last call (its performance log)."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _show_whole_page(browser) -> None:
    """Make the window as tall as the page, so that lazy images load, and wait for them."""
    from selenium.webdriver.support.ui import WebDriverWait

    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(int(height) + 40, 12000))
    WebDriverWait(browser, 20).until(
        lambda b: b.execute_script(
            "return Array.from(document.images).every(i => i.complete && i.naturalWidth > 0);"
        )
    )


@pytest.fixture(scope="module")
def pages(browser, bbc_slice_report, tmp_path_factory):
    """Every page of the report, opened once: what the browser shows and what it asked for."""
    shots = tmp_path_factory.mktemp("screenshots")
    # leave whatever the browser showed before (JupyterLab polls its server): a blank page,
    # a moment for requests still in flight, then an empty log
    browser.get("about:blank")
    time.sleep(1.0)
    _requests(browser)
    seen = {}
    for page in sorted(bbc_slice_report.glob("*.html")):
        browser.set_window_size(1280, 1000)
        browser.get(page.as_uri())
        _show_whole_page(browser)
        browser.save_screenshot(str(shots / f"{page.stem}.png"))
        images = browser.execute_script(
            """return Array.from(document.images).map(function (img) {
                 var box = img.getBoundingClientRect();
                 return {src: img.getAttribute('src').slice(0, 40), alt: img.alt,
                         complete: img.complete, natural: img.naturalWidth,
                         width: box.width, height: box.height,
                         figure: img.closest('figure.chart') ? img.closest('figure.chart').id : '',
                         visible: getComputedStyle(img).visibility === 'visible'
                                  && getComputedStyle(img).display !== 'none'};
               });"""
        )
        seen[page.name] = {
            "text": browser.find_element("tag name", "body").text,
            "html": browser.page_source,
            "title": browser.title,
            "images": images,
            "links": browser.execute_script(
                "return Array.from(document.links).map(a => a.getAttribute('href'));"
            ),
            "stderr": len(
                browser.find_elements(
                    "css selector", "[data-mime-type='application/vnd.jupyter.stderr']"
                )
            ),
            "requests": _requests(browser),
        }
    return seen


def test_every_saved_figure_is_a_visible_image_on_its_page(bbc_slice_report, pages):
    figures = sorted(p.stem for p in (bbc_slice_report / "figures").glob("*.png"))
    assert len(figures) >= 12
    for name in figures:
        page = next(p for p in pages if p.startswith(name[:3]) and p != "index.html")
        shown = [i for i in pages[page]["images"] if i["figure"] == f"chart-{name}"]
        assert len(shown) == 1, (name, page)
        image = shown[0]
        assert image["src"].startswith("data:image/png;base64,")
        assert image["complete"] and image["natural"] > 300, image
        assert image["width"] > 300 and image["height"] > 150 and image["visible"], image
        assert image["alt"], image  # the chart's title, for screen readers


def test_no_python_leftovers_on_any_page(bbc_slice_report, pages):
    machine = {str(bbc_slice_report.parent), str(Path.home()), os.getcwd()}
    for name, page in pages.items():
        assert "<Figure size" not in page["text"], name
        assert page["stderr"] == 0, name
        assert "NaN" not in page["text"] and "None" not in page["text"].split(), name
        assert "Traceback" not in page["text"], name
        for path in machine:
            assert path not in page["html"], (name, path)
        assert page["title"] and page["title"] != "Notebook", name


def test_no_request_leaves_the_report_folder(pages):
    for name, page in pages.items():
        outside = [u for u in page["requests"] if urlparse(u).scheme not in ("file", "data")]
        assert outside == [], name
        assert any(urlparse(u).scheme == "file" for u in page["requests"]), name


def test_the_front_page_shows_thumbnails_and_its_links_resolve(bbc_slice_report, pages):
    front = pages["index.html"]
    thumbs = [i for i in front["images"] if not i["src"].startswith("data:")]
    figures = sorted((bbc_slice_report / "figures").glob("*.png"))
    assert len(thumbs) == len(figures)
    assert all(t["complete"] and t["natural"] > 0 and t["width"] > 100 for t in thumbs)
    assert "2,225" not in front["text"] and "20" in front["text"]  # the slice's own facts
    for href in front["links"]:
        target = urlparse(href)
        assert not target.scheme and not target.netloc, href  # relative: works offline
        path = bbc_slice_report / unquote(target.path)
        assert path.is_file(), href
        if target.fragment and path.suffix == ".html":
            assert f'id="{target.fragment}"' in path.read_text(encoding="utf-8"), href
    pages_linked = {
        urlparse(h).path for h in front["links"] if h.endswith(".html") or ".html#" in h
    }
    assert {f"{p.stem}.html" for p in bbc_slice_report.glob("0*.html")} <= pages_linked


def test_every_page_links_home_and_to_its_neighbours(bbc_slice_report, pages):
    names = sorted(p for p in pages if p != "index.html")
    for i, name in enumerate(names):
        links = set(pages[name]["links"])
        assert "index.html" in links, name
        if i > 0:
            assert names[i - 1] in links, name
        if i + 1 < len(names):
            assert names[i + 1] in links, name


def test_a_table_sorts_and_filters_in_the_page(browser, bbc_slice_report):
    browser.set_window_size(1280, 1000)
    browser.get((bbc_slice_report / "04_actors.html").as_uri())
    table = browser.find_element("css selector", "#table-04_actor_sentiment")
    first_column = "return Array.from(arguments[0].tBodies[0].rows).filter(r => r.style.display !== 'none').map(r => r.cells[0].textContent);"
    mentions = "return Array.from(arguments[0].tBodies[0].rows).map(r => parseFloat(r.cells[2].getAttribute('data-value')));"
    before = browser.execute_script(mentions, table)
    assert before == sorted(before, reverse=True)  # the most mentioned first
    header = table.find_elements("css selector", "th")[2]
    header.click()
    assert browser.execute_script(mentions, table) == sorted(before)
    header.click()
    assert browser.execute_script(mentions, table) == sorted(before, reverse=True)
    box = browser.find_element(
        "xpath", "//table[@id='table-04_actor_sentiment']/preceding-sibling::input[1]"
    )
    shown = browser.execute_script(first_column, table)
    box.send_keys(shown[0])
    filtered = browser.execute_script(first_column, table)
    assert shown[0] in filtered and len(filtered) < len(shown)
