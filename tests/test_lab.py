"""The notebooks in a real JupyterLab, driven in headless Chromium as a person would use them.

A ``jupyter lab`` of this project's environment is started on 127.0.0.1, on a free port with
a random token, on copies of the notebooks (so nothing it saves can touch the committed
ones), with its settings, workspaces and runtime files in the test's tmp folder.  Each
notebook is opened (it must not turn "unsaved" on opening), run with Run → Run All Cells,
and run all again in the same kernel; 02 is edited (a parameter) and run again, its
concordance explorer is typed into, and 04's actor explorer is given another actor.  No
output may be an error or stderr, and every chart must be an image.  Screenshots go to the
test's tmp folder.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from analysis.config import NOTEBOOKS_DIR

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(p.name for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
_VISIBLE = ".jp-NotebookPanel:not(.lm-mod-hidden)"
_PROMPTS = (
    f"return Array.from(document.querySelectorAll('{_VISIBLE} .jp-CodeCell .jp-InputPrompt'))"
    ".map(e => e.textContent.trim());"
)


class Lab:
    def __init__(self, url: str, token: str, root: Path, process: subprocess.Popen) -> None:
        self.url, self.token, self.root, self.process = url, token, root, process

    def api(self, path: str, method: str = "GET") -> object:
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    """A JupyterLab server on copies of the notebooks; stopped after the module."""
    home = tmp_path_factory.mktemp("lab")
    root = home / "root"
    shutil.copytree(NOTEBOOKS_DIR, root / "notebooks")
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    # no news or update checks: nothing may be fetched from another host
    (settings / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}', encoding="utf-8"
    )
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    }
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI containers run as root
    log = (home / "lab.log").open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Lab(f"http://127.0.0.1:{port}", token, root, process)
    deadline = time.monotonic() + 90
    while True:
        try:
            server.api("/api/status")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log.close()
                text = (home / "lab.log").read_text(errors="replace")[-3000:]
                pytest.fail(f"jupyter lab did not start:\n{text}")
            time.sleep(0.5)
    yield server
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lab_screenshots")
    _SHOTS[:] = [folder]
    return folder


_SHOTS: list[Path] = []  # where _wait leaves a screenshot of what it timed out on


def _wait(browser, condition, timeout: float = 120, what: str = ""):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(browser, timeout, poll_frequency=0.25).until(condition)
    except TimeoutException:
        shot = (_SHOTS[0] if _SHOTS else Path.cwd()) / "timed-out.png"
        browser.save_screenshot(str(shot))
        pytest.fail(f"timed out waiting for {what} (screenshot: {shot})")


def _open(browser, lab: Lab, name: str) -> None:
    browser.set_window_size(1400, 1000)
    browser.get(f"{lab.url}/lab/tree/notebooks/{name}?token={lab.token}&reset")
    # the kernel is ready when the status bar has said "Python 3 (ipykernel) | Idle" for a
    # second (it passes through "idle" once before the kernel is connected)
    seen = []

    def ready(b) -> bool:
        text = b.execute_script(
            "return Array.from(document.querySelectorAll('.jp-StatusBar-TextItem'))"
            ".map(e => e.textContent).join('|');"
        )
        seen.append("(ipykernel) | Idle" in text)
        return len(seen) >= 4 and all(seen[-4:])

    _wait(browser, ready, what=f"{name} to open with an idle kernel")


def _tab_is_dirty(browser) -> bool:
    return bool(
        browser.execute_script(
            "var t = document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current');"
            "return t !== null && t.classList.contains('jp-mod-dirty');"
        )
    )


def _run_all(browser, after: int) -> int:
    """Run → Run All Cells; wait until every code cell has run again (numbered past
    ``after``).  Returns the highest execution number."""
    from selenium.webdriver.common.by import By

    browser.find_element(
        By.XPATH, "//div[contains(@class,'lm-MenuBar-itemLabel') and text()='Run']"
    ).click()
    browser.find_element(By.CSS_SELECTOR, "li[data-command='runmenu:run-all']").click()

    def done(b):
        prompts = b.execute_script(_PROMPTS)
        numbers = [int(m.group(1)) for p in prompts if (m := re.fullmatch(r"\[(\d+)\]:", p))]
        return (
            bool(prompts) and len(numbers) == len(prompts) and min(numbers) > after and max(numbers)
        )

    return _wait(browser, done, what="Run All Cells to finish")


def _problems(browser) -> list[str]:
    return browser.execute_script(
        f"""var out = [];
        document.querySelectorAll('{_VISIBLE} [data-mime-type="application/vnd.jupyter.stderr"]')
          .forEach(e => out.push('stderr/error: ' + e.textContent.slice(0, 300)));
        document.querySelectorAll('{_VISIBLE} .jp-OutputArea-output').forEach(e => {{
          if (e.textContent.indexOf('<Figure size') >= 0) out.push('a figure shown as text');
          if (e.textContent.indexOf('Error displaying widget') >= 0) out.push('a broken widget');
        }});
        document.querySelectorAll('{_VISIBLE} figure.chart img').forEach(i => {{
          if (!(i.complete && i.naturalWidth > 300)) out.push('a chart that is no image');
        }});
        return out;"""
    )


def _text(browser, selector: str) -> str:
    """The text of the first element ``selector`` finds (read in the page: a widget's view
    is replaced as it updates, so an element handle would go stale)."""
    return browser.execute_script(
        "var e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : '';",
        selector,
    )


def _screenshot(browser, path: Path) -> None:
    browser.save_screenshot(str(path))


def _close_kernels(lab: Lab) -> None:
    for session in lab.api("/api/sessions") or []:
        lab.api(f"/api/sessions/{session['id']}", method="DELETE")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_notebook_runs_all_twice_in_jupyterlab(browser, lab, shots, name):
    _open(browser, lab, name)
    if _tab_is_dirty(browser):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys

        time.sleep(2)
        browser.find_element(By.CSS_SELECTOR, ".jp-Notebook").click()
        browser.find_element(By.TAG_NAME, "body").send_keys(Keys.CONTROL, "s")
        time.sleep(3)
        import difflib

        a = json.dumps(
            json.loads((NOTEBOOKS_DIR / name).read_text()), indent=1, sort_keys=True
        ).splitlines()
        b = json.dumps(
            json.loads((lab.root / "notebooks" / name).read_text()), indent=1, sort_keys=True
        ).splitlines()
        print("\n".join(list(difflib.unified_diff(a, b, lineterm=""))[:60]))
    assert not _tab_is_dirty(browser), f"{name} turned unsaved on opening"
    first = _run_all(browser, after=0)
    assert _problems(browser) == []
    charts = browser.execute_script(
        f"return document.querySelectorAll('{_VISIBLE} figure.chart img').length"
    )
    expected = {
        "00": 0,
        "01": 1,
        "02": 3,
        "03": 2,
        "04": 3,
        "05": 1,
        "06": 0,
        "07": 0,
        "08": 0,
        "09": 0,
    }[name[:2]]
    assert charts >= expected, (name, charts)
    _run_all(browser, after=first)  # nothing changed: it must run again cleanly
    assert _problems(browser) == []
    _screenshot(browser, shots / f"{Path(name).stem}.png")
    _close_kernels(lab)


def test_edit_a_parameter_search_and_pick_an_actor(browser, lab, shots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    _open(browser, lab, "02_terms.ipynb")
    ran = _run_all(browser, after=0)
    # edit the parameters cell as a person does: a new value for top_n, at its end
    editor = browser.find_element(By.CSS_SELECTOR, f"{_VISIBLE} .jp-CodeCell .cm-content")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", editor)
    editor.click()
    editor.send_keys(Keys.CONTROL, Keys.END)
    editor.send_keys(Keys.ENTER, "top_n = 3")
    browser.find_element(By.CSS_SELECTOR, f"{_VISIBLE} .jp-Notebook").click()
    _run_all(browser, after=ran)
    assert _problems(browser) == []
    tables = browser.find_elements(By.CSS_SELECTOR, f"{_VISIBLE} .nx-table table.data tbody")
    assert tables and len(tables[0].find_elements(By.TAG_NAME, "tr")) == 3  # top_n = 3 rows

    # the concordance explorer: type a query, the count changes
    count = f"{_VISIBLE} .nx-concordance .count"
    before = _text(browser, count)
    box = browser.find_element(By.CSS_SELECTOR, f"{_VISIBLE} .nx-concordance input[type='text']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("McKenzie")
    _wait(
        browser,
        lambda b: _text(b, count).startswith("5 matches"),
        timeout=30,
        what="the concordance to count McKenzie",
    )
    assert before != _text(browser, count)
    _screenshot(browser, shots / "02_concordance.png")
    _close_kernels(lab)

    # the actor explorer: pick another actor, its view follows
    _open(browser, lab, "04_actors.ipynb")
    _run_all(browser, after=0)
    assert _problems(browser) == []
    pick = browser.find_element(By.CSS_SELECTOR, f"{_VISIBLE} .nx-actors select")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", pick)
    Select(pick).select_by_visible_text("Frank McKenzie · 5 mentions")
    heading = f"{_VISIBLE} .nx-actors h3"
    _wait(
        browser,
        lambda b: _text(b, heading) == "Frank McKenzie",
        timeout=30,
        what="the actor explorer to show Frank McKenzie",
    )
    assert "What it says" in _text(browser, f"{_VISIBLE} .nx-actors")
    _screenshot(browser, shots / "04_actor.png")
    _close_kernels(lab)
