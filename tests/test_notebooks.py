"""The notebooks as a person uses them in JupyterLab, without the browser (nbclient, the
library JupyterLab's "Run All" does the same work as): Run All twice in one kernel, edit a
parameter and run all again, run one cell again. No error, nothing on stderr, every chart an
image. The same in a real JupyterLab is in ``test_lab.py``.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from analysis.config import NOTEBOOKS_DIR
from analysis.report.kernels import project_kernel

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def kernel_name():
    with project_kernel() as name:
        yield name


def _problems(nb) -> list[str]:
    """Errors, stderr and charts that are not images, in the outputs of ``nb``."""
    found = []
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                found.append(f"cell {i}: {output.get('ename')}: {output.get('evalue')}")
            elif kind == "stream" and output.get("name") == "stderr":
                found.append(f"cell {i}: stderr: {output.get('text', '')[:200]}")
            data = output.get("data", {})
            if "<Figure size" in str(data.get("text/plain", "")):
                found.append(f"cell {i}: a figure shown as text")
            meta = output.get("metadata", {}).get("analysis", {})
            if meta.get("kind") == "chart" and "image/png" not in data:
                found.append(f"cell {i}: chart {meta.get('name')} without an image")
    return found


def _run_all(client, nb) -> None:
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            client.execute_cell(cell, i)


def _set(nb, name: str, value: str) -> None:
    """Edit the parameters cell as a person would: the value after ``name: type =``."""
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    source, n = re.subn(
        rf"^({name}\s*:\s*\w+\s*=\s*)[^#\n]*?(\s*(#.*)?)$",
        lambda m: f"{m.group(1)}{value}{m.group(2)}",
        cell.source,
        flags=re.M,
    )
    assert n == 1, name
    cell.source = source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_run_all_twice_edit_a_parameter_and_run_a_cell_again(path, kernel_name, bbc_slice_corpus):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, kernel_name=kernel_name, timeout=600, resources={"metadata": {"path": str(path.parent)}}
    )
    with client.setup_kernel():
        _run_all(client, nb)
        assert _problems(nb) == []
        first = [c.get("execution_count") for c in nb.cells if c.cell_type == "code"]
        _run_all(client, nb)  # Run All again, nothing changed
        assert _problems(nb) == []
        again = [c.get("execution_count") for c in nb.cells if c.cell_type == "code"]
        assert min(again) > max(first)  # really run again, in the same kernel
        _set(nb, "corpus", repr(str(bbc_slice_corpus)))
        if any("top_n:" in c.source for c in nb.cells):
            _set(nb, "top_n", "5")
        _run_all(client, nb)
        assert _problems(nb) == []
        last = max(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        client.execute_cell(nb.cells[last], last)  # one cell again
        assert _problems(nb) == []
    text = "".join(str(o.get("data", {})) for c in nb.cells for o in c.get("outputs", []))
    # the edited corpus is the one shown: its sections, or its 20 documents
    assert re.search(r"\bbusiness\b|\bof the 20\b", text)


def test_committed_metadata_is_what_the_kernel_reports(kernel_name):
    """JupyterLab writes the kernel's ``language_info`` into a notebook it opens; committed
    notebooks already hold it, so opening one does not mark it changed.  (The Python patch
    version is the machine's: only major.minor is held to it.)"""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name=kernel_name)
    try:
        info = client.kernel_info(reply=True, timeout=60)["content"]["language_info"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    for path in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        held = dict(nbformat.read(path, as_version=4).metadata.language_info)
        assert {k: v for k, v in held.items() if k != "version"} == {
            k: v for k, v in info.items() if k != "version"
        }, path.name
        assert held["version"].split(".")[:2] == info["version"].split(".")[:2], path.name
