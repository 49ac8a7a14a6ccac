"""The report's kernels: the ready check of their clients, on a real kernel."""

from __future__ import annotations

import subprocess
import threading
import time
from queue import Empty

import pytest

from analysis.report.kernels import ReadyClient, project_kernel, start_kernels, stop_kernels


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
                    client.wait_for_ready(timeout=60)
                    with pytest.raises(Empty):  # the request's status messages are read
                        client.get_iopub_msg(timeout=0.3)
                    reply = client.execute_interactive(
                        "x = 6 * 7", silent=True, store_history=False, timeout=30
                    )
                    assert reply["content"]["status"] == "ok"
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
                client.wait_for_ready(timeout=10)
                assert (
                    client.execute_interactive("y = 1", silent=True, timeout=30)["content"][
                        "status"
                    ]
                    == "ok"
                )
            finally:
                client.stop_channels()
        finally:
            manager.shutdown_kernel(now=True)


def _holds(kernel, condition: str) -> bool:
    client = kernel.manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive(
            f"import gc, sys\nassert {condition}", silent=True, timeout=30
        )
        return reply["content"]["status"] == "ok"
    finally:
        client.stop_channels()


def _imported(kernel, module: str) -> bool:
    return _holds(kernel, f"{module!r} in sys.modules")


def _frozen(kernel) -> int:
    """How many objects the kernel's garbage collector has set aside."""
    client = kernel.manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive(
            "import gc", silent=True, timeout=30, user_expressions={"n": "gc.get_freeze_count()"}
        )
        return int(reply["content"]["user_expressions"]["n"]["data"]["text/plain"])
    finally:
        client.stop_channels()


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
