"""Kernels for a report: the project's own Python, started once, each running notebooks.

Starting a kernel and importing pandas, matplotlib and the workbook takes about 2.5 s, and
a notebook's own work on a prepared corpus often less.  So a report starts a few kernels at
once (they boot while the corpus is being extracted), imports the libraries in each, and
runs its notebooks on them, several at a time.  Between two notebooks a kernel is reset the
way IPython's ``%reset`` does it (every variable, the input history and the execution
counter cleared, open figures closed): each notebook runs top to bottom in a clean namespace
and is numbered from ``In [1]``, as in a new kernel; what stays is imported modules and the
per-process cache of corpus tables, which is what makes the second notebook fast.  A
kernel that is ready while the corpus is still being extracted also imports the heavier
libraries some notebooks import when they first need them (scikit-learn and SciPy take a
second): a core would otherwise wait.  When the extract is ready first (a small corpus), or
when the extraction's workers take every core (``--jobs 2`` on two cores), the notebooks
import what they need themselves, so no kernel imports what its own notebooks never use
(on BBC with two jobs, both kernels importing scikit-learn beside the two workers made the
report 2.4 s slower, in 6 of 7 interleaved pairs).  The objects those imports made
(modules, functions, classes: most of a kernel's heap) are then set aside from the garbage
collector with ``gc.freeze()``: the full collection that IPython's reset runs took
0.13-0.3 s between two notebooks only to walk them, and 0.02 s without them; the
collector's own full passes during a notebook shrink alike.

Kernels run the interpreter of this process through a temporary kernelspec placed first on
``JUPYTER_PATH`` (a user's other kernels are never picked: papermill #251), with a fixed
hash seed, in their own session (Ctrl-C reaches the runner, which stops them) and with their
own output discarded (what a notebook prints arrives as cell outputs).

Every client of these kernels (papermill's, one per notebook, and the runner's, one per
warm-up or reset) checks that the kernel is ready with :class:`ReadyClient`, which waits for the
kernel's answer to ``kernel_info`` on both channels instead of jupyter_client's fixed 0.2 s
of silence on IOPub: 0.2 s saved per notebook.  It is an asyncio client, so that whoever
waits on a kernel that died (killed when memory ran out, or stopped by Ctrl-C) sees it
within a second: papermill's run raises nbclient's ``DeadKernelError``, the runner's
warm-up and reset :class:`DeadKernel`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import KernelManager

KERNEL_NAME = "news-analysis-workbook"
#: Run in every kernel before its first notebook: what every notebook imports.
#: Each import is followed by ``gc.freeze()``: see the module's notes.
WARM_UP = (
    "import analysis, analysis.plots, analysis.prepared, analysis.display, analysis.findings, "
    "matplotlib.pyplot, gc; gc.freeze()"
)
#: Run after the warm-up when the corpus is still being extracted: imports that notebooks
#: make on first use (topics, stories, networks, widgets, keyness).
WHILE_WAITING = (
    "import sklearn.decomposition, datasketch, networkx, ipywidgets, scipy.special, gc; gc.freeze()"
)
#: Run between two notebooks on one kernel.
RESET = """\
import matplotlib.pyplot as _plt
_plt.close("all")
get_ipython().reset(new_session=True)
get_ipython().execution_count = 1
"""


@contextlib.contextmanager
def project_kernel() -> Iterator[str]:
    """A kernelspec that runs this interpreter, with a fixed hash seed, for papermill.

    Nothing of the kernels lands in the user's folders: IPython's folder and the kernels'
    connection files are in the kernelspec's temporary folder, and the kernels keep
    no input history (IPython would otherwise add every cell of every notebook to the
    user's ``~/.ipython`` history database, with a write per cell).
    """
    with tempfile.TemporaryDirectory(prefix="analysis-kernel-") as root:
        spec_dir = Path(root) / "kernels" / KERNEL_NAME
        spec_dir.mkdir(parents=True)
        spec = {
            "argv": [
                sys.executable,
                "-m",
                "ipykernel_launcher",
                "-f",
                "{connection_file}",
                "--HistoryManager.enabled=False",
            ],
            "display_name": "News analysis workbook",
            "language": "python",
            "env": {"PYTHONHASHSEED": "0"},
        }
        (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
        paths = {  # for the kernels, and for jupyter_client here (it creates IPYTHONDIR)
            "JUPYTER_PATH": root + os.pathsep + os.environ.get("JUPYTER_PATH", ""),
            "JUPYTER_RUNTIME_DIR": str(Path(root) / "runtime"),
            "IPYTHONDIR": str(Path(root) / "ipython"),
        }
        old = {name: os.environ.get(name) for name in paths}
        os.environ.update({k: v.rstrip(os.pathsep) for k, v in paths.items()})
        try:
            yield KERNEL_NAME
        finally:
            for name, value in old.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


class DeadKernel(RuntimeError):
    """The kernel a notebook or a warm-up ran on is gone."""


class ReadyClient(AsyncKernelClient):
    """An asyncio kernel client whose waits end when the kernel answers, or dies.

    It is asynchronous because nbclient, which papermill runs notebooks with, is: with a
    blocking client, nbclient's wait for a cell's output blocks its event loop, so its check
    that the kernel is still alive never runs, and a notebook whose kernel dies (killed for
    memory, or stopped by Ctrl-C) waits for ever.

    Its ready check: jupyter_client's ``wait_for_ready`` asks for ``kernel_info``, takes
    one IOPub message as proof that IOPub is connected, then drains IOPub until it has been
    silent for 0.2 s.  This one reads IOPub until the kernel reports itself idle after that
    very request (which both proves the subscription and leaves nothing of the request
    behind), and asks again, as jupyter_client does, when IOPub has not connected in time
    to see it.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        timeout = 60.0 if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            request = self.kernel_info()
            reply = await self._reply_to(request)
            if reply is None:
                if not await self.is_alive():
                    raise DeadKernel("the kernel died before replying to kernel_info")
                continue
            if await self._saw_idle_after(request):
                self._handle_kernel_info_reply(reply)
                return
        raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    async def reply(self, request: str, timeout: float) -> dict[str, Any]:
        """The shell reply to ``request``; :class:`DeadKernel` as soon as the kernel is
        gone (checked each second), :class:`TimeoutError` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while (reply := await self._reply_to(request)) is None:
            if not await self.is_alive():
                raise DeadKernel("the kernel died")
            if time.monotonic() > deadline:
                raise TimeoutError(f"no reply from the kernel in {timeout:g} s")
        return reply

    async def _reply_to(self, request: str) -> dict[str, Any] | None:
        """The shell reply to ``request`` (replies to earlier requests are passed over),
        or None after a second of silence (a kernel still starting: ask again)."""
        while True:
            try:
                reply = await self.get_shell_msg(timeout=1)
            except Empty:
                return None
            if reply["parent_header"].get("msg_id") == request:
                return reply

    async def _saw_idle_after(self, request: str) -> bool:
        while True:
            try:
                msg = await self.get_iopub_msg(timeout=0.2)
            except Empty:
                return False  # IOPub connected too late to see this request: ask again
            if (
                msg["msg_type"] == "status"
                and msg["parent_header"].get("msg_id") == request
                and msg["content"].get("execution_state") == "idle"
            ):
                return True


class ClientKeepingManager(KernelManager):
    """A kernel manager that remembers the clients it makes, so that they can be closed.

    nbclient stops the channels of the client it makes for a notebook only when it made
    the kernel manager too; a report hands papermill this one, so each notebook left a
    client open: its sockets and its zmq context (three threads, about ten file
    descriptors) for as long as the process lived.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.made: list[Any] = []

    def client(self, **kwargs: Any) -> Any:
        client = super().client(**kwargs)
        self.made.append(client)
        return client

    def close_clients(self) -> None:
        """Stop every client made so far that still runs (which frees its context); call
        it from the thread that used them, once they are done."""
        while self.made:
            client = self.made.pop()
            if client.channels_running:
                with contextlib.suppress(Exception):  # a kernel that died with it
                    client.stop_channels()


class Kernel:
    """One kernel of the project's kernelspec, started in ``cwd``, warmed up, reusable."""

    def __init__(self, kernel_name: str, cwd: Path, waiting: threading.Event) -> None:
        self.manager = ClientKeepingManager(kernel_name=kernel_name, client_factory=ReadyClient)
        self.cwd = cwd
        self.waiting = waiting
        self.ready = threading.Event()
        self.error: BaseException | None = None
        self.used = False
        self._starting = threading.Lock()  # a kernel is shut down only once it is started
        self._stopped = False

    def start(self) -> None:
        """Start the kernel and import what notebooks use (run in a thread of its own)."""
        try:
            with self._starting:
                if self._stopped:  # the report ended before this kernel began
                    raise DeadKernel("the report stopped before the kernel started")
                self.manager.start_kernel(
                    cwd=str(self.cwd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
            self._run(WARM_UP)
            if self.waiting.is_set():
                self._run(WHILE_WAITING)
        except BaseException as exc:  # reported by the runner when it needs the kernel
            self.error = exc
        finally:
            self.ready.set()
            close_event_loop()

    def _run(self, code: str, timeout: float = 300) -> None:
        """Run ``code`` on the kernel, silently, through a client of its own.

        A client lives only as long as the call: the clients of one kernel manager share
        its session, and so their identity on the kernel's shell socket, so two of them
        connected at once (this one and papermill's) would lose each other's replies.
        """
        asyncio.run(self._execute(code, timeout))

    async def _execute(self, code: str, timeout: float) -> None:
        client = self.manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            request = client.execute(code, silent=True, store_history=False, allow_stdin=False)
            content = (await client.reply(request, timeout))["content"]
            if content["status"] != "ok":
                raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")
        finally:
            client.stop_channels()

    def before_notebook(self) -> None:
        """Wait for the kernel; clear what an earlier notebook left in it."""
        self.ready.wait()
        if self.error is not None:
            raise self.error
        if self.used:
            self._run(RESET)
        self.used = True

    def shutdown(self) -> None:
        """Shut the kernel down, also one still starting (a report refused early): it is
        stopped once launched, and its warm-up, seeing it gone, ends with its client."""
        with self._starting:
            self._stopped = True
        with contextlib.suppress(Exception):
            self.manager.shutdown_kernel(now=True)
        self.ready.wait(timeout=30)
        close_event_loop()


def start_kernels(
    kernel_name: str, cwd: Path, count: int, *, waiting: threading.Event
) -> list[Kernel]:
    """``count`` kernels, starting in background threads (use them when ``ready``); each
    also imports :data:`WHILE_WAITING` if ``waiting`` is still set when it is warm."""
    kernels = [Kernel(kernel_name, cwd, waiting) for _ in range(count)]
    for kernel in kernels:
        threading.Thread(target=kernel.start, daemon=True, name="kernel-start").start()
    return kernels


def stop_kernels(kernels: list[Kernel]) -> None:
    """Shut every kernel down, all at once (each takes about 0.1 s to be seen gone)."""
    threads = [threading.Thread(target=kernel.shutdown) for kernel in kernels]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def kernel_count(requested: int | None, notebooks: int) -> int:
    """Kernels for a report: ``requested`` (``--jobs``), else two (most machines have two
    cores; each kernel holds its own copy of the corpus tables), never more than notebooks."""
    wanted = requested if requested else 2
    return max(1, min(wanted, notebooks))


def close_event_loop() -> None:
    """Close the asyncio loop that jupyter_client's and papermill's blocking calls made for
    the calling thread; call it when a thread is done with kernels.

    jupyter_core makes one loop per thread and never closes it.  Left to the garbage
    collector (at the latest as Python exits), a loop may find its own self-pipe socket
    finalized first and print "Exception ignored in BaseEventLoop.__del__ ... Invalid file
    descriptor: -1" after the command's last line.
    """
    from jupyter_core.utils import ensure_event_loop

    ensure_event_loop().close()
