"""The report's kernels: the ready check of their clients, on a real kernel."""

from __future__ import annotations

import subprocess
import time
from queue import Empty

import pytest

from analysis.report.kernels import ReadyClient, project_kernel


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
