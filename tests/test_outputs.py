"""Output folders: the tool replaces only what it made, one run at a time, and loses nothing.

Every case runs the command line in a subprocess, as a user meets it, and asserts the exit
status, the one line it prints, and that every file that existed before is still there with
the same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.config import PROJ_ROOT

PYTHON = sys.executable
SEED = PROJ_ROOT / "seeds"


def _cli(*args: str, cwd: Path = PROJ_ROOT, env: dict | None = None, timeout: float = 300):
    return subprocess.run(
        [PYTHON, "-m", "analysis", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with the sha256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _user_folder(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / "notes.txt").write_text("my only copy\n", encoding="utf-8")
    (path / "drafts").mkdir()
    (path / "drafts" / "a.md").write_text("# draft\n", encoding="utf-8")
    return path


def _one_error(done: subprocess.CompletedProcess, line: str) -> None:
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == f"analysis: error: {line}"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("tiny") / "news"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Storm hits coast\n\nThe storm hit the coast on Monday. “It was loud,” said Ann Lee.\n"
    )
    (corpus / "b.txt").write_text("Markets calm\n\nMarkets were calm. Traders waited.\n")
    return corpus


# --- the tool replaces only what it made -----------------------------------------------------
@pytest.mark.parametrize("command", ["report", "extract"])
def test_a_folder_of_the_users_files_is_refused(tmp_path, tiny, command):
    mine = _user_folder(tmp_path / "mydocs")
    before = _snapshot(mine)
    extra = ["--notebooks", "01"] if command == "report" else []
    done = _cli(command, "--corpus", str(tiny), "--out", str(mine), *extra)
    _one_error(
        done,
        f"{mine}: holds files this tool did not make ('drafts', 'drafts/a.md' and 1 more); "
        f"the {command} replaces only an empty folder or an earlier report or extract; "
        "choose a new folder",
    )
    assert _snapshot(mine) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mydocs"]  # no lock, no work folder


def test_the_corpus_itself_is_never_the_output(tmp_path, tiny):
    corpus = tmp_path / "c"
    shutil.copytree(tiny, corpus)
    before = _snapshot(corpus)
    done = _cli("extract", "--corpus", str(corpus), "--out", str(corpus))
    _one_error(done, f"{corpus}: is the corpus itself; choose a new folder for the extract")
    done = _cli("report", "--corpus", str(corpus), "--out", str(tmp_path))
    _one_error(done, f"{tmp_path}: holds the corpus {corpus}; choose a new folder for the report")
    done = _cli("extract", "--corpus", str(corpus), "--out", str(corpus / "extract"))
    _one_error(
        done,
        f"{corpus / 'extract'}: is inside the corpus folder {corpus}; "
        "choose a folder outside it for the extract",
    )
    assert _snapshot(corpus) == before
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt", "b.txt"]


@pytest.mark.parametrize("folder", ["analysis", "notebooks", "seeds", "tests"])
def test_the_projects_own_folders_are_refused(folder):
    before = _snapshot(PROJ_ROOT / folder) if folder != "tests" else None
    done = _cli("extract", "--out", f"{folder}/out")
    _one_error(
        done,
        f"{folder}/out: is inside the project's {folder}/ folder; "
        "choose a new folder for the extract (such as reports/NAME)",
    )
    assert not (PROJ_ROOT / folder / "out").exists()
    if before is not None:
        assert _snapshot(PROJ_ROOT / folder) == before


def test_home_root_and_the_project_are_refused(tmp_path, tiny):
    home = _user_folder(tmp_path / "home")
    before = _snapshot(home)
    done = _cli("extract", "--corpus", str(tiny), "--out", "~", env={"HOME": str(home)})
    _one_error(done, "~: is your home folder; choose a new folder for the extract")
    assert _snapshot(home) == before
    done = _cli("report", "--corpus", str(tiny), "--out", "/")
    _one_error(done, "/: is the root folder; choose a new folder for the report")
    done = _cli("report", "--out", ".")  # started in the project folder
    _one_error(
        done,
        ".: is the project's own folder; choose a new folder for the report (such as reports/NAME)",
    )


def test_a_report_writes_nothing_in_the_users_home(tmp_path, tiny):
    # IPython's folder and history database and the kernels' connection files are the
    # run's own, in a temporary folder (the kernels added every cell of every notebook to
    # ~/.ipython's history); matplotlib's font cache is matplotlib's, kept where it is
    import matplotlib

    home = _user_folder(tmp_path / "home")
    before = sorted(p.relative_to(home).as_posix() for p in home.rglob("*"))
    done = _cli(
        "report",
        "--corpus",
        str(tiny),
        "--out",
        str(tmp_path / "r"),
        env={"HOME": str(home), "MPLCONFIGDIR": matplotlib.get_cachedir()},
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r" / "index.html").is_file()
    assert sorted(p.relative_to(home).as_posix() for p in home.rglob("*")) == before


def test_out_dot_in_a_users_folder_is_one_message_before_any_work(tmp_path, tiny):
    mine = _user_folder(tmp_path / "work")
    before = _snapshot(mine)
    t0 = time.monotonic()
    done = _cli("report", "--corpus", str(tiny), "--out", ".", cwd=mine)
    assert time.monotonic() - t0 < 30  # refused before any notebook ran
    _one_error(
        done,
        ".: holds files this tool did not make ('drafts', 'drafts/a.md' and 1 more); "
        "the report replaces only an empty folder or an earlier report or extract; "
        "choose a new folder",
    )
    assert _snapshot(mine) == before


def test_an_earlier_output_is_replaced_but_not_one_the_user_added_to(tmp_path, tiny):
    out = tmp_path / "out"
    assert _cli("extract", "--corpus", str(tiny), "--out", str(out)).returncode == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["generator"] == "news-analysis-workbook" and manifest["kind"] == "extract"
    assert "sentences/part-00000.parquet" in manifest["files"]
    # an earlier extract is replaced by a report, and that report by a new one
    done = _cli("report", "--corpus", str(tiny), "--out", str(out), "--notebooks", "01")
    assert done.returncode == 0, done.stderr
    assert (out / "01_corpus_overview.html").is_file() and not (out / "sentences").exists()
    # a file the user put into the report: it is refused, and both stay as they were
    (out / "my notes.txt").write_text("keep me\n")
    before = _snapshot(out)
    done = _cli("report", "--corpus", str(tiny), "--out", str(out), "--notebooks", "01")
    _one_error(
        done,
        f"{out}: holds files this tool did not make ('my notes.txt'); the report replaces "
        "only an empty folder or an earlier report or extract; choose a new folder",
    )
    assert _snapshot(out) == before
    # an empty folder the user made may be replaced
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _cli("extract", "--corpus", str(tiny), "--out", str(empty)).returncode == 0


def test_relative_paths_are_from_the_folder_the_command_started_in(tmp_path, tiny):
    """Relative --out, --corpus, --params and lexicon, from a folder that is not the project:
    the report lands there with its tables, and nothing is written into the project."""
    work = tmp_path / "elsewhere"
    shutil.copytree(tiny, work / "corpus")
    (work / "lex.yaml").write_text("actors:\n  - name: Ann Lee\n    type: person\n")
    (work / "p.yaml").write_text("top_n: 5\nlexicon: lex.yaml\n")
    project = _project_files()
    done = _cli(
        "report",
        "--corpus",
        "corpus",
        "--out",
        "out",
        "--params",
        "p.yaml",
        "--notebooks",
        "01,04",
        cwd=work,
    )
    assert done.returncode == 0, done.stderr
    assert (work / "out" / "tables" / "01_documents.csv").is_file()
    counts = (work / "out" / "tables" / "04_actor_counts.csv").read_text()
    assert "Ann Lee,person" in counts  # the relative lexicon was read
    assert _project_files() == project
    assert sorted(p.name for p in work.iterdir()) == ["corpus", "lex.yaml", "out", "p.yaml"]


def _project_files() -> set[str]:
    skip = {".venv", ".git", ".pytest_cache", ".ruff_cache", ".hypothesis", "__pycache__"}
    out = set()
    for root, dirs, files in os.walk(PROJ_ROOT):
        dirs[:] = [d for d in dirs if d not in skip and not d.endswith(".egg-info")]
        out.update(os.path.relpath(os.path.join(root, f), PROJ_ROOT) for f in files)
    return out


def test_folders_are_as_readable_as_any_the_user_makes(tmp_path, tiny):
    for command, extra in (("extract", []), ("report", ["--notebooks", "01"])):
        out = tmp_path / command
        done = subprocess.run(
            [
                "sh",
                "-c",
                'umask 022 && exec "$@"',
                "sh",
                PYTHON,
                "-m",
                "analysis",
                command,
                "--corpus",
                str(tiny),
                "--out",
                str(out),
                *extra,
            ],
            capture_output=True,
            text=True,
            cwd=PROJ_ROOT,
        )
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE(out.stat().st_mode) == 0o755


# --- one run at a time ------------------------------------------------------------------------
def test_two_reports_into_one_folder_at_once(tmp_path, tiny):
    out = tmp_path / "out"
    first = subprocess.Popen(
        [PYTHON, "-m", "analysis", "report", "--corpus", str(tiny), "--out", str(out)],
        cwd=PROJ_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.tmp-*")):  # the first run is working
        assert first.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    second = _cli("report", "--corpus", str(tiny), "--out", str(out), "--notebooks", "01")
    assert second.returncode == 2
    line = second.stderr.strip()
    assert line.startswith(f"analysis: error: {out}: another run is writing there now (process ")
    assert line.endswith("); wait for it to finish, or choose another folder for the report")
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert (out / "06_compare.html").is_file()
    assert json.loads((out / "manifest.json").read_text())["kind"] == "report"
    # the lock went with the run: the next one goes ahead
    assert not (tmp_path / ".out.lock").exists()
    done = _cli("extract", "--corpus", str(tiny), "--out", str(out))
    assert done.returncode == 0, done.stderr


def test_a_lock_left_by_a_killed_run_is_no_lock(tmp_path, tiny):
    out = tmp_path / "out"
    (tmp_path / ".out.lock").write_text("99999")  # what a killed run leaves behind
    assert _cli("extract", "--corpus", str(tiny), "--out", str(out)).returncode == 0


# --- interrupts ---------------------------------------------------------------------------
def _wait_for(condition, process, timeout=120):
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the run never got there"
        time.sleep(0.05)


def _report_over_an_extract(tmp_path: Path, corpus: Path):
    """A report of ``corpus`` started in the background over an extract of it in ``out``:
    ``out``, the snapshot of that earlier output, the running process."""
    out = tmp_path / "out"
    assert _cli("extract", "--corpus", str(corpus), "--out", str(out)).returncode == 0
    before = _snapshot(out)
    process = subprocess.Popen(
        [PYTHON, "-m", "analysis", "report", "--corpus", str(corpus), "--out", str(out)],
        cwd=PROJ_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    return out, before, process


def test_ctrl_c_is_one_line_and_status_130(tmp_path, tiny):
    out, before, process = _report_over_an_extract(tmp_path, tiny)
    _wait_for(lambda: list(tmp_path.glob(".out.tmp-*/01_corpus_overview.ipynb")), process)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in err and "Error" not in err
    assert err.strip().splitlines()[-1] == (
        "analysis: interrupted; the earlier report output is untouched"
    )
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def _descendants(pid: int) -> list[int]:
    children = subprocess.run(
        ["pgrep", "-P", str(pid)], capture_output=True, text=True
    ).stdout.split()
    return [d for c in map(int, children) for d in (c, *_descendants(c))]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc to list processes")
def test_kill_9_of_an_extract_with_workers_leaves_no_process(tmp_path, bbc_dir):
    out = tmp_path / "out"
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "analysis",
            "extract",
            "--corpus",
            str(bbc_dir),
            "--out",
            str(out),
            "--jobs",
            "2",
            "--chunk-size",
            "50",
        ],
        cwd=PROJ_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    _wait_for(lambda: len(list(tmp_path.glob(".out.tmp-*/sentences/*"))) >= 2, process)
    workers = _descendants(process.pid)  # two workers (and a fork server, if one was used)
    assert len(workers) >= 2
    process.kill()
    process.communicate(timeout=30)  # returns: no orphan holds the caller's pipes open
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)
    assert not out.exists()
    # the next run cleans up the hidden work folder the killed run left
    assert list(tmp_path.glob(".out.tmp-*"))
    done = _cli("extract", "--corpus", str(SEED), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def _kernels_of(pid: int) -> list[int]:
    kernels = []
    for d in _descendants(pid):
        with contextlib.suppress(FileNotFoundError):  # a child that has just ended
            if b"ipykernel_launcher" in Path(f"/proc/{d}/cmdline").read_bytes():
                kernels.append(d)
    return kernels


def _last_line_once_killed(process: subprocess.Popen, pids: list[int]) -> str:
    """Kill ``pids`` (as the system does when memory runs out); the run's last line, once
    it has ended with status 2 and no traceback."""
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 2, err
    assert "Traceback" not in err
    return err.strip().splitlines()[-1]


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc to list processes")
def test_a_kernel_that_dies_is_one_line_and_the_earlier_report_stays(tmp_path, tiny):
    """What the system does to a kernel when memory runs out: the report ends at once (it
    used to wait for ever), says so in one line, and keeps the failed run beside it."""
    out, before, process = _report_over_an_extract(tmp_path, tiny)
    # the first page is written: the other notebooks are running or waiting for a kernel
    _wait_for(lambda: list(tmp_path.glob(".out.tmp-*/*.html")), process)
    kernels = _kernels_of(process.pid)
    assert len(kernels) == 2
    last = _last_line_once_killed(process, kernels)
    assert re.fullmatch(
        r"analysis: error: notebook \d\d_\w+ stopped: the Python kernel running it died "
        r"\(the system ends a process this way when memory runs out\); the previous report "
        r"is untouched; the failed run is in .*out\.failed",
        last,
    ), last
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "out.failed"]


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc to list processes")
def test_a_second_pass_that_dies_is_one_line_and_leaves_nothing(tmp_path, bbc_dir):
    """With one job a notebook starts before the extraction's second pass (sentiment,
    actors, quotes) is made, in a worker process, and waits for its tables.  If that
    process dies (killed when memory runs out), the notebook stops waiting at once, the
    report says so in one line and no process is left."""
    out = tmp_path / "out"
    command = ["report", "--corpus", str(bbc_dir), "--out", str(out), "--notebooks", "04"]
    process = subprocess.Popen(
        [PYTHON, "-m", "analysis", *command, "--jobs", "1"],
        cwd=PROJ_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    # the second pass has written its first chunk (of nine): it is running
    _wait_for(lambda: list(tmp_path.glob(".out.tmp-*/.extract/.mentions/*")), process)
    kernels = _kernels_of(process.pid)
    others = [p for p in _descendants(process.pid) if p not in kernels]
    workers = [p for p in others if b"analysis" in Path(f"/proc/{p}/cmdline").read_bytes()]
    assert len(workers) == 1, others
    last = _last_line_once_killed(process, workers)
    assert re.fullmatch(
        r"analysis: error: notebook 04_actors failed in cell \d+ \(.*\): ReportError: .*\.extract: "
        r"(sentiment|mentions|quotes|attributions|actor_totals) was not made: the process "
        r"making it (\(\d+\) ended|ended \(the system ends a process this way when memory "
        r"runs out\)); the previous report is untouched; the failed run is in .*out\.failed",
        last,
    ), last
    assert not any(_alive(p) for p in _descendants(process.pid) + kernels + workers)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.failed"]


# --- disk full ----------------------------------------------------------------------------
DISK_FULL = r"""
set -u
mount -t tmpfs -o size=3m tmpfs "$1" || exit 77
cd "$1"
"$2" -m analysis extract --corpus "$3" --out out >/dev/null 2>&1 || exit 78
find out -type f | sort | xargs sha256sum > "$4/before.sum"
dd if=/dev/zero of=filler bs=64k 2>/dev/null  # until the disk is full
truncate -s -64K filler  # then 64 KB free: runs fail part way through
"$2" -m analysis extract --corpus "$5" --out out 2> "$4/extract.err"; echo $? > "$4/extract.rc"
"$2" -m analysis report --corpus "$3" --notebooks 01 --out out 2> "$4/report.err"
echo $? > "$4/report.rc"
find out -type f | sort | xargs sha256sum > "$4/after.sum"
ls -A > "$4/listing"
"""


def test_a_full_disk_is_one_line_and_the_earlier_output_stays(tmp_path, bbc_dir):
    """On a 3 MB file system of its own (a tmpfs in a private mount namespace)."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux) to mount a small file system")
    disk = tmp_path / "disk"
    disk.mkdir()
    script = tmp_path / "full.sh"
    script.write_text(DISK_FULL)
    done = subprocess.run(
        [
            "unshare",
            "--mount",
            "--map-root-user",
            "sh",
            str(script),
            str(disk),
            PYTHON,
            str(SEED),
            str(tmp_path),
            str(bbc_dir / "politics"),
        ],
        capture_output=True,
        text=True,
        cwd=PROJ_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJ_ROOT)},
    )
    if done.returncode == 77 or "unshare failed" in done.stderr:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    for what in ("extract", "report"):
        assert (tmp_path / f"{what}.rc").read_text().strip() == "2"
        *steps, last = (tmp_path / f"{what}.err").read_text().strip().splitlines()
        assert last == (
            f"analysis: error: {disk}: the disk is full (no space left on the device while "
            f"writing the {what} out); nothing was replaced"
        )
        # before it, at most the timings of the steps done (the first pass of the extract
        # fits on the disk)
        assert all(re.fullmatch(r"[\w, ]+: \d+\.\d s", step) for step in steps), steps
    assert (tmp_path / "after.sum").read_text() == (tmp_path / "before.sum").read_text()
    assert (tmp_path / "listing").read_text().split() == ["filler", "out"]
