"""The report's kernels: the ready check of their clients, a kernel's death, on real kernels."""

from __future__ import annotations

import asyncio
import subprocess
import threading
import time
from queue import Empty

import nbformat
import pytest

from analysis.report.kernels import (
    DeadKernel,
    ReadyClient,
    close_event_loop,
    project_kernel,
    start_kernels,
    stop_kernels,
)


async def _ask(client, code: str, **options):
    """Run ``code`` on a connected client; the content of its reply."""
    reply = await client.execute_interactive(code, silent=True, timeout=30, **options)
    return reply["content"]


def test_ready_check_waits_for_a_starting_kernel_and_leaves_nothing_behind(tmp_path):
    from jupyter_client.manager import KernelManager

    with project_kernel() as name:
        manager = KernelManager(kernel_name=name, client_factory=ReadyClient)
        manager.start_kernel(
            cwd=str(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            for _ in range(2):  # the first asks a kernel still importing; the second a warm one
                client = manager.client()
                assert isinstance(client, ReadyClient)
                client.start_channels()
                try:
                    asyncio.run(client.wait_for_ready(timeout=60))
                    with pytest.raises(Empty):  # the request's status messages are read
                        asyncio.run(client.get_iopub_msg(timeout=0.3))
                    assert asyncio.run(_ask(client, "x = 6 * 7"))["status"] == "ok"
                finally:
                    client.stop_channels()
            # replies to earlier requests wait on the shell channel (as when a starting
            # kernel answers a request the client has already asked again): passed over
            client = manager.client()
            client.start_channels()
            try:
                client.kernel_info()
                client.kernel_info()
                time.sleep(0.5)  # both answered and queued before the check asks
                asyncio.run(client.wait_for_ready(timeout=10))
                assert asyncio.run(_ask(client, "y = 1"))["status"] == "ok"
            finally:
                client.stop_channels()
        finally:
            manager.shutdown_kernel(now=True)


def _holds(kernel, condition: str) -> bool:
    return _on(kernel, f"import gc, sys\nassert {condition}")["status"] == "ok"


def _on(kernel, code: str, **options):
    async def ask():
        client = kernel.manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            return await _ask(client, code, **options)
        finally:
            client.stop_channels()

    return asyncio.run(ask())


def _imported(kernel, module: str) -> bool:
    return _holds(kernel, f"{module!r} in sys.modules")


def _frozen(kernel) -> int:
    """How many objects the kernel's garbage collector has set aside."""
    reply = _on(kernel, "import gc", user_expressions={"n": "gc.get_freeze_count()"})
    return int(reply["user_expressions"]["n"]["data"]["text/plain"])


def test_a_kernel_ready_before_the_extract_imports_the_heavy_libraries_meanwhile(tmp_path):
    extracting, done = threading.Event(), threading.Event()
    extracting.set()
    with project_kernel() as name:
        waiting = start_kernels(name, tmp_path, 1, waiting=extracting)
        idle = start_kernels(name, tmp_path, 1, waiting=done)
        try:
            for kernel in (*waiting, *idle):
                kernel.before_notebook()
            assert _imported(waiting[0], "sklearn.decomposition")
            assert _imported(waiting[0], "datasketch")
            # the extract was ready first: only what every notebook imports
            assert _imported(idle[0], "analysis.plots")
            assert not _imported(idle[0], "sklearn")
            # what was imported is set aside from the collector, each time
            frozen_idle, frozen_waiting = _frozen(idle[0]), _frozen(waiting[0])
            assert frozen_idle > 100_000
            assert frozen_waiting > frozen_idle + 50_000  # scikit-learn's and SciPy's too
            waiting[0].before_notebook()  # the reset between two notebooks keeps them aside
            assert _frozen(waiting[0]) > 0.95 * frozen_waiting
        finally:
            stop_kernels([*waiting, *idle])


# --- a kernel that dies ------------------------------------------------------------------
def test_a_notebook_whose_kernel_dies_fails_instead_of_waiting_for_ever(tmp_path):
    """What the system does to a kernel out of memory, or Ctrl-C's stop: papermill's run
    ends with nbclient's DeadKernelError (with a blocking client it waited for ever)."""
    import papermill
    from nbclient.exceptions import DeadKernelError

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("import os, time\ntime.sleep(0.5)\nos._exit(9)"),
        nbformat.v4.new_code_cell("y = 2"),
    ]
    nbformat.write(notebook, tmp_path / "dies.ipynb")
    raised: list[BaseException] = []

    def run(kernel) -> None:
        try:
            kernel.before_notebook()
            papermill.execute_notebook(
                str(tmp_path / "dies.ipynb"),
                str(tmp_path / "out.ipynb"),
                kernel_name=kernel.manager.kernel_name,
                km=kernel.manager,
                progress_bar=False,
            )
        except BaseException as exc:
            raised.append(exc)
        finally:
            close_event_loop()

    with project_kernel() as name:
        kernels = start_kernels(name, tmp_path, 1, waiting=threading.Event())
        try:
            thread = threading.Thread(target=run, args=(kernels[0],), daemon=True)
            thread.start()
            thread.join(timeout=120)  # a guard against the old hang, not a speed check
            assert not thread.is_alive(), "the run still waits for the dead kernel"
            assert len(raised) == 1 and isinstance(raised[0], DeadKernelError)
            # the next notebook on it is refused at once, in the runner's words
            with pytest.raises(DeadKernel, match="the kernel died"):
                kernels[0].before_notebook()
        finally:
            stop_kernels(kernels)
