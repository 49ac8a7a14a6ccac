"""Output folders that never harm what the user owns.

Reports and extracts are written through :func:`output_folder`, and only there:

* the target is checked before any work starts (:func:`check_output_folder`): it may be a
  new path, an empty folder, or a folder this tool wrote (recognised by its
  ``manifest.json``, which lists every file the tool put there).  The corpus, a folder
  holding the corpus, the project's own folders, the home folder and ``/`` are refused;
* one run at a time per target: a lock file beside it, held with ``flock`` (the kernel
  drops it when the process ends, crash or reboot included, so it never lingers as a
  false lock);
* everything is written into a hidden work folder beside the target, which replaces the
  target only when complete; leftovers of a killed run (marked as the tool's own) are
  removed by the next run;
* a full disk becomes one clear :class:`~analysis.errors.ReportError`, with the earlier
  output untouched.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.config import PROJ_ROOT
from analysis.errors import ReportError

#: ``manifest.json`` field naming the tool that wrote a folder.
GENERATOR = "news-analysis-workbook"
MANIFEST = "manifest.json"
#: File inside every hidden work folder: only folders holding it are ever cleaned up.
WORK_MARKER = ".analysis-work"
#: The project's own folders: never written into or replaced.
PROJECT_FOLDERS: tuple[str, ...] = ("analysis", "notebooks", "seeds", "tests", ".git")
_DISK_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


# --- what a folder holds -------------------------------------------------------------------
def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a folder this tool wrote, or ``None``."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != GENERATOR:
        return None
    files = data.get("files")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return data


def _entries(folder: Path) -> list[str]:
    """Every file and folder below ``folder``, as relative POSIX paths, sorted."""
    out = []
    for root, dirs, files in os.walk(folder):
        base = Path(root).relative_to(folder)
        out.extend((base / name).as_posix() for name in [*dirs, *files])
    return sorted(out)


def foreign_entries(folder: Path) -> list[str]:
    """What in ``folder`` this tool did not make (empty for a new path or an empty folder).

    A folder with no manifest of this tool is foreign as a whole: its entries are listed.
    """
    if not folder.exists():
        return []
    entries = _entries(folder)
    manifest = read_manifest(folder)
    if manifest is None:
        return entries
    made = set(manifest["files"])
    folders = {p.rsplit("/", i)[0] for p in made for i in range(1, p.count("/") + 1)}
    return [e for e in entries if e not in made and e not in folders]


def files_below(folder: Path) -> list[str]:
    """Every file below ``folder``, as relative POSIX paths, sorted (for a manifest)."""
    return sorted(
        (Path(root).relative_to(folder) / name).as_posix()
        for root, _, files in os.walk(folder)
        for name in files
        if name != WORK_MARKER
    )


# --- the target ----------------------------------------------------------------------------
def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _resolved(path: str | os.PathLike[str]) -> Path:
    """An absolute path relative to the current folder, symlinks resolved where they exist."""
    return Path(os.path.abspath(os.path.expanduser(os.fspath(path)))).resolve()


def check_output_folder(
    out: str | os.PathLike[str], *, what: str, inputs: Iterable[str | os.PathLike[str]] = ()
) -> Path:
    """Refuse an output path that could harm the user's files, before any work starts.

    Args:
        out: The output folder (relative to the current folder).
        what: ``"report"`` or ``"extract"``, for messages.
        inputs: The corpus and other input paths: never replaced, never written into.

    Returns:
        ``out`` as an absolute path.

    Raises:
        ReportError: one line naming the folder and why it is refused.
    """
    target = _resolved(out)
    shown = os.fspath(out)
    if target == Path(target.anchor):
        raise ReportError(f"{shown}: is the root folder; choose a new folder for the {what}")
    with contextlib.suppress(RuntimeError, KeyError):
        if target == Path.home().resolve():
            raise ReportError(f"{shown}: is your home folder; choose a new folder for the {what}")
    root = PROJ_ROOT.resolve()
    if target == root:
        raise ReportError(
            f"{shown}: is the project's own folder; choose a new folder for the {what} "
            "(such as reports/NAME)"
        )
    for name in PROJECT_FOLDERS:
        if _inside(target, root / name):
            raise ReportError(
                f"{shown}: is inside the project's {name}/ folder; "
                f"choose a new folder for the {what} (such as reports/NAME)"
            )
    for given in inputs:
        source = _resolved(given)
        if source == target:
            raise ReportError(f"{shown}: is the corpus itself; choose a new folder for the {what}")
        if _inside(source, target):
            raise ReportError(
                f"{shown}: holds the corpus {os.fspath(given)}; choose a new folder for the {what}"
            )
        if source.is_dir() and _inside(target, source):
            raise ReportError(
                f"{shown}: is inside the corpus folder {os.fspath(given)}; "
                f"choose a folder outside it for the {what}"
            )
    if target.exists() and not target.is_dir():
        raise ReportError(f"{shown}: exists and is a file; the {what} needs a folder")
    foreign = foreign_entries(target)
    if foreign:
        example = ", ".join(repr(f) for f in foreign[:2])
        more = f" and {len(foreign) - 2} more" if len(foreign) > 2 else ""
        raise ReportError(
            f"{shown}: holds files this tool did not make ({example}{more}); "
            f"the {what} replaces only an empty folder or an earlier report or extract; "
            "choose a new folder"
        )
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(
            f"{parent}: cannot write the {what} there ({exc.strerror or exc})"
        ) from None
    if not os.access(parent, os.W_OK):
        raise ReportError(f"{parent}: cannot write the {what} there (Permission denied)")
    return target


# --- one run at a time ---------------------------------------------------------------------
@contextlib.contextmanager
def _locked(target: Path, *, what: str) -> Iterator[None]:
    """Hold ``.NAME.lock`` beside ``target`` with ``flock`` for the duration.

    The lock belongs to the open file, so the kernel releases it when this process ends in
    any way; the file itself is removed on the way out, and a lock taken on a file that
    another run removed meanwhile is taken again on the new one.
    """
    path = target.with_name(f".{target.name}.lock")
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise ReportError(
                f"{target.parent}: cannot write the {what} there ({exc.strerror or exc})"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "another process"
            os.close(fd)
            raise ReportError(
                f"{target}: another run is writing there now (process {holder}); "
                f"wait for it to finish, or choose another folder for the {what}"
            ) from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the file was removed by the run that held it: lock the new one
    try:
        with contextlib.suppress(OSError):  # the number is for messages only
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode("ascii"))
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


# --- work folders --------------------------------------------------------------------------
def _is_ours(folder: Path) -> bool:
    return (folder / WORK_MARKER).is_file()


def remove_leftovers(target: Path) -> None:
    """Remove hidden work folders of earlier killed runs for ``target`` (ours only)."""
    for pattern in (f".{target.name}.tmp-*", f".{target.name}.old-*"):
        for stale in target.parent.glob(pattern):
            if stale.is_dir() and not stale.is_symlink() and _is_ours(stale):
                shutil.rmtree(stale, ignore_errors=True)


def _remove(folder: Path, *, tries: int = 50) -> None:
    """Remove a work folder, again while a process that is stopping still writes into it."""
    for _ in range(tries):
        if not folder.exists():
            return
        shutil.rmtree(folder, ignore_errors=True)
        if folder.exists():
            time.sleep(0.1)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _work_folder(target: Path, *, what: str) -> Path:
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        (tmp / WORK_MARKER).write_bytes(b"")
        tmp.chmod(0o777 & ~_umask())  # as readable as any folder the user makes
    except OSError as exc:
        raise disk_error(exc, target, what=what) or ReportError(
            f"{target.parent}: cannot write the {what} there ({exc.strerror or exc})"
        ) from None
    return tmp


def disk_error(exc: BaseException, target: Path, *, what: str) -> ReportError | None:
    """A :class:`ReportError` for a full disk, or ``None`` for any other error."""
    code = getattr(exc, "errno", None)
    text = str(exc)
    if code in _DISK_FULL or "No space left on device" in text or "Disk quota" in text:
        return ReportError(
            f"{target.parent}: the disk is full (no space left on the device while writing "
            f"the {what} {target.name}); nothing was replaced"
        )
    return None


def _replace(tmp: Path, target: Path) -> None:
    """Move the finished ``tmp`` into place at ``target``, replacing an earlier output."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
        (old / WORK_MARKER).write_bytes(b"")  # ours now: a crash here leaves it to clean up
    try:
        tmp.rename(target)
    except OSError:
        if old.exists():
            old.rename(target)
            with contextlib.suppress(OSError):
                (target / WORK_MARKER).unlink()
        raise
    with contextlib.suppress(OSError):
        (target / WORK_MARKER).unlink()
    shutil.rmtree(old, ignore_errors=True)


@dataclass
class WorkFolder:
    """Where a run writes (``path``), and the output it becomes (``target``)."""

    path: Path
    target: Path
    what: str
    committed: bool = False

    def commit(self, manifest: Mapping[str, Any]) -> None:
        """Write ``manifest.json`` (with the list of files) and move the folder into place.

        Raises:
            ReportError: files the tool did not make appeared in the target meanwhile.
        """
        record = {"generator": GENERATOR, "kind": self.what, **manifest}
        record["files"] = sorted({*files_below(self.path), MANIFEST})
        (self.path / MANIFEST).write_text(
            json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        foreign = foreign_entries(self.target)
        if foreign:
            raise ReportError(
                f"{self.target}: files this tool did not make appeared while it ran "
                f"({foreign[0]!r}); nothing was replaced"
            )
        _replace(self.path, self.target)
        self.committed = True


@contextlib.contextmanager
def output_folder(
    out: str | os.PathLike[str], *, what: str, inputs: Iterable[str | os.PathLike[str]] = ()
) -> Iterator[WorkFolder]:
    """Write a report or extract safely; ``work.commit(manifest)`` puts it in place.

    On any error (or interrupt) before the commit, the work folder is removed and the
    earlier output is left as it was; a full disk is reported as one
    :class:`ReportError`.

    Example:
        >>> with output_folder("reports/x", what="report") as work:  # doctest: +SKIP
        ...     (work.path / "index.html").write_text("...")
        ...     work.commit({"name": "x"})
    """
    target = check_output_folder(out, what=what, inputs=inputs)
    try:
        with _locked(target, what=what):
            remove_leftovers(target)
            work = WorkFolder(_work_folder(target, what=what), target, what)
            try:
                yield work
            finally:
                if not work.committed:
                    _remove(work.path)
    except OSError as exc:
        full = disk_error(exc, target, what=what)
        if full is not None:
            raise full from None
        raise


def keep_failed(work: WorkFolder) -> Path | None:
    """Keep a failed run's work folder visible as ``NAME.failed`` beside the target.

    An earlier ``NAME.failed`` is replaced only if this tool made it; otherwise the failed
    run is not kept (``None``).
    """
    failed = work.target.with_name(f"{work.target.name}.failed")
    if failed.exists():
        if not (failed.is_dir() and _is_ours(failed)):
            return None
        shutil.rmtree(failed)
    work.path.rename(failed)
    return failed
