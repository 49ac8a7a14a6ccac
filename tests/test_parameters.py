"""Notebook parameters: one table of rules, the same message on the command line, in a
notebook and from the library, checked before any notebook runs."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import nbformat
import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

import analysis
from analysis import ParameterError
from analysis.config import NOTEBOOKS_DIR, PROJ_ROOT
from analysis.parameters import PARAMETERS, check_value, coerce_parameter
from analysis.report import notebook_spec

PYTHON = sys.executable


def _cli(*args: str, cwd: Path = PROJ_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "analysis", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def _library_message(call) -> str:
    with pytest.raises(ParameterError) as info:
        call()
    return str(info.value)


# what a Python caller of the library is told for the same value
LIBRARY = {
    "top_n": lambda: analysis.tfidf(["a b"], top_n=0),
    "min_count": lambda: analysis.term_frequencies(["a b"], min_count=0),
    "n_jobs": lambda: analysis.sentences(["a b"], n_jobs=0),
    "window": lambda: analysis.sentiment_arc(["A b."], window=0),
}
RANGES = [
    (["-p", "top_n", "0"], "top_n=0 is not valid; expected an integer >= 1", "top_n"),
    (["-p", "min_count", "0"], "min_count=0 is not valid; expected an integer >= 1", "min_count"),
    (
        ["--jobs", "0"],
        "n_jobs=0 is not valid; expected a positive number of workers, or -1 for all",
        "n_jobs",
    ),
    (["-p", "window", "0"], "window=0 is not valid; expected an integer >= 1", "window"),
    (["-p", "ngram_max", "7"], "ngram_max=7 is not valid; expected an integer from 1 to 6", None),
    (["-p", "ngram_max", "0"], "ngram_max=0 is not valid; expected an integer from 1 to 6", None),
    (["-p", "discover", "maybe"], "discover='maybe' is not valid; expected True or False", None),
    (
        ["-p", "encoding", "klingon"],
        "encoding='klingon' is not valid; expected a Python codec name such as 'latin-1'",
        None,
    ),
    (
        ["-p", "encoding_errors", "ignore"],
        "encoding_errors='ignore' is not valid; expected one of 'strict', 'replace'",
        None,
    ),
    (["--timeout", "0"], "timeout=0 is not valid; expected an integer >= 1", None),
]


@pytest.mark.parametrize(("args", "message", "library"), RANGES)
def test_every_range_is_checked_before_any_notebook_runs(tmp_path, args, message, library):
    t0 = time.monotonic()
    done = _cli("report", "--out", str(tmp_path / "r"), *args)
    assert done.returncode == 2
    assert done.stderr.strip() == f"analysis: error: {message}"
    assert time.monotonic() - t0 < 20  # no notebook ran
    assert list(tmp_path.iterdir()) == []
    if library:  # the same words as the library's own check
        assert _library_message(LIBRARY[library]) == message


def test_a_list_must_be_a_list(tmp_path):
    params = tmp_path / "p.yaml"
    params.write_text("terms: 5\n")
    done = _cli("report", "--out", str(tmp_path / "r"), "--params", str(params))
    assert done.stderr.strip() == (
        "analysis: error: terms=5 is not valid; expected a list of words or phrases"
    )
    params.write_text("terms: [Blair, '']\n")
    done = _cli("report", "--out", str(tmp_path / "r"), "--params", str(params))
    assert done.stderr.strip() == (
        "analysis: error: terms=['Blair', ''] is not valid; "
        "expected a list of non-empty words or phrases"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Blair", ["Blair"]), ("Blair,Brown", ["Blair", "Brown"]), ("[Blair, Tony Blair]", None)],
)
def test_one_term_on_the_command_line_is_a_list_of_one(raw, expected):
    expected = expected or ["Blair", "Tony Blair"]
    assert coerce_parameter("terms", raw, "list") == expected
    assert coerce_parameter("terms", raw, "str") == expected  # the table decides, not papermill


def test_one_term_reaches_the_notebook_as_a_list(tmp_path):
    done = _cli(
        "report", "--out", str(tmp_path / "r"), "--notebooks", "02", "-p", "terms", "Taliban"
    )
    assert done.returncode == 0, done.stderr
    kwic = (tmp_path / "r" / "tables" / "02_kwic.csv").read_text().splitlines()
    assert len(kwic) == 12 and all(line.startswith("Taliban,") for line in kwic[1:])


def test_an_alias_bomb_is_refused_fast(tmp_path):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in "bcdefghij":
        prev = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    lines.append("terms: *j")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n")
    assert bomb.stat().st_size < 700  # expands to 10 * 5**9 = 19.5 million items
    t0 = time.monotonic()
    done = _cli("report", "--out", str(tmp_path / "r"), "--params", str(bomb))
    assert time.monotonic() - t0 < 20
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"analysis: error: {bomb}: holds more than 10,000 values once its YAML aliases are "
        "expanded; a parameters file needs only a few"
    )


def test_every_declared_parameter_has_a_rule_and_its_type():
    """The notebooks and the table of rules agree, so no parameter goes unchecked."""
    for path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        for name, info in notebook_spec(path).parameters.items():
            assert name in PARAMETERS, f"{path.name}: {name} has no rule"
            assert info["inferred_type_name"] == PARAMETERS[name].type.__name__, (path.name, name)
            check_value(name, eval(info["default"]))  # every default passes its own rule


def test_a_name_papermill_injects_that_the_notebook_lacks_stops_it(tmp_path):
    with pytest.raises(PapermillExecutionError, match=r"unknown parameter\(s\) 'colour'"):
        papermill.execute_notebook(
            str(NOTEBOOKS_DIR / "01_corpus_overview.ipynb"),
            str(tmp_path / "out.ipynb"),
            parameters={"colour": "red", "top_n": 3},
            kernel_name="python3",
            progress_bar=False,
            cwd=str(tmp_path),
        )
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    outputs = str([c.get("outputs") for c in nb.cells])
    assert "unknown parameter(s) 'colour'; this notebook takes" in outputs
