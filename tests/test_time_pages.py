"""Page 07 of a report on an uneven real corpus, as a reader opens it in headless Chromium:
AllSides' coronavirus articles (Jan-Jul 2020) with three very early and two very late
articles added.  The page says which period it counts by and what it left off the axis,
marks at most ten spikes per series, and draws each actor in a panel of its own."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from tests.conftest import ALLSIDES_DIR, require_data

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def time_report(tmp_path_factory):
    from analysis.report import run_report

    folder = tmp_path_factory.mktemp("uneven")
    rows = [
        json.loads(line)
        for line in (require_data(ALLSIDES_DIR) / "coronavirus.jsonl").read_text().splitlines()
    ]
    for i, date in enumerate(
        ["2001-03-02", "2002-06-01", "2003-09-09", "2024-01-05", "2025-02-02"]
    ):
        text = f"From the archive. {rows[i]['content_original']}"  # not a duplicate
        rows.append({**rows[i], "ID": f"stray-{i}", "date": date, "content_original": text})
    corpus = folder / "uneven.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return run_report(corpus=corpus, out=folder / "report", notebooks="07")


def test_the_time_page_reads_at_a_glance(browser, time_report, tmp_path):
    browser.set_window_size(1280, 1000)
    browser.get((time_report / "07_time_and_outlets.html").as_uri())
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(int(height) + 40, 14000))
    browser.save_screenshot(str(tmp_path / "07.png"))
    text = browser.find_element("tag name", "body").text
    # the period and the thin tail, in the findings and the notes
    assert "Counted by week: 27 weeks from the week of 20 January 2020" in text
    assert "3 dated before the week of 20 January 2020 and 2 after" in text
    images = browser.execute_script(
        "return Array.from(document.images).map(i => ({alt: i.alt, ok: i.complete && i.naturalWidth > 0}));"
    )
    assert images and all(i["ok"] for i in images)
    actors = next(i["alt"] for i in images if i["alt"].startswith("Actors in the news"))
    attention = pd.read_csv(time_report / "tables" / "07_actor_attention.csv")
    named = re.sub("^Actors in the news: one panel each for ", "", actors).split(", ")
    assert named == list(dict.fromkeys(attention["actor"]))  # one panel per actor
    # shares only where the week holds five documents
    weekly = pd.read_csv(time_report / "tables" / "07_coverage.csv").set_index("period")
    held = attention["period"].map(weekly["documents"])
    assert attention.loc[held < 5, "share"].isna().all() and (held < 5).any()
    # the spikes table: ranked per series, and the chart marks at most ten per series
    found = pd.read_csv(time_report / "tables" / "07_spikes.csv")
    assert (
        found.groupby("series", sort=False)["rank"]
        .apply(lambda r: r.tolist() == list(range(1, len(r) + 1)))
        .all()
    )
