"""n_jobs: worker processes give the rows of the serial run, in the same order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import analysis
from analysis import ParameterError
from analysis.parallel import Worker, map_chunks, map_documents, resolve_jobs, split_documents


@pytest.fixture(scope="module")
def docs(bbc_docs):
    """Every 4th BBC article: 557 documents, so 3 chunks of 250."""
    return bbc_docs.iloc[::4].reset_index(drop=True)


@pytest.mark.parametrize(
    "function",
    [
        analysis.sentences,
        analysis.tokens,
        analysis.actor_mentions,
        analysis.quotes,
        analysis.attributions,
        analysis.term_frequencies,
        analysis.tfidf,
    ],
    ids=lambda f: f.__name__,
)
def test_two_workers_give_the_serial_rows(docs, function):
    serial = function(docs)
    parallel = function(docs, n_jobs=2)
    assert len(serial) > 500
    assert serial.equals(parallel)


def test_precomputed_tables_are_split_with_their_documents(docs):
    sents = analysis.sentences(docs)
    mentions = analysis.actor_mentions(docs, sents=sents)
    serial = analysis.quotes(docs, mentions, sents=sents)
    assert serial.equals(analysis.quotes(docs, mentions, sents=sents, n_jobs=2))
    # map_documents hands each chunk the rows of its own documents only
    seen = map_documents(_doc_ids_of_sentences, docs, n_jobs=2, frames={"sents": sents})
    assert seen["doc_id"].tolist() == docs["doc_id"].tolist()
    assert seen["own"].all()


def _doc_ids_of_sentences(chunk, *, sents):
    own = set(chunk["doc_id"])
    return chunk[["doc_id"]].assign(own=all(d in own for d in sents["doc_id"]))


def test_map_chunks_keeps_order_and_reads_ahead_a_little():
    pulled = []

    def chunks():
        for i in range(20):
            pulled.append(i)
            yield i

    results = map_chunks(_square, chunks(), n_jobs=2)
    first = next(results)
    assert first == 0 and len(pulled) <= 5  # at most two per worker ahead, plus one
    assert [first, *results] == [i * i for i in range(20)]


def _square(x):
    return x * x


def test_job_counts():
    assert resolve_jobs(1) == 1
    assert resolve_jobs(-1) == os.cpu_count()
    for bad in (0, -2, 1.5, "2", True):
        with pytest.raises(ParameterError, match=r"n_jobs="):
            resolve_jobs(bad)
    assert [len(c) for c in split_documents(analysis.load_corpus(["a"] * 7), 3)] == [3, 3, 1]


# A module whose import, in the test's own process only, waits for a gate: a thread of the
# parent importing it holds its import lock for as long as the test wants.
_SLOW_MODULE = """\
import os, time
if os.getpid() == int(os.environ.get("HOLD_IMPORT_IN", -1)):
    while not os.path.exists(os.environ["IMPORT_GATE"]):
        time.sleep(0.01)
"""
_SCRIPT = """\
import os, sys, threading, time
sys.path.insert(0, sys.argv[1])
from analysis.parallel import map_chunks
from worker_task import import_slow_module

if __name__ == "__main__":
    os.environ["HOLD_IMPORT_IN"] = str(os.getpid())
    os.environ["IMPORT_GATE"] = os.path.join(sys.argv[1], "gate")
    holder = threading.Thread(target=__import__, args=("slow_module",), daemon=True)
    holder.start()
    time.sleep(0.3)  # the thread now holds slow_module's import lock
    print(list(map_chunks(import_slow_module, [1, 2, 3, 4], n_jobs=2)))
    open(os.environ["IMPORT_GATE"], "w").close()
    holder.join()
"""


def test_workers_start_safely_beside_a_thread_that_holds_an_import_lock(tmp_path):
    """A report's runner imports papermill in a thread while the extraction starts its
    workers: a worker forked then inherits an import lock nobody will release, and waits
    forever as soon as it imports that module (seen: a BBC report stuck in pyarrow's
    import).  Workers must not be forked from a process running other threads."""
    import subprocess
    import sys

    (tmp_path / "slow_module.py").write_text(_SLOW_MODULE)
    (tmp_path / "worker_task.py").write_text(
        "def import_slow_module(chunk):\n    import slow_module  # noqa: F401\n\n"
        "    return chunk * 10\n"
    )
    (tmp_path / "script.py").write_text(_SCRIPT)
    done = subprocess.run(
        [sys.executable, str(tmp_path / "script.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[10, 20, 30, 40]"


def test_a_script_without_a_main_guard_runs_its_top_level_once(tmp_path):
    """A single-threaded script forks its workers, which do not run the script again."""
    import subprocess
    import sys

    (tmp_path / "script.py").write_text(
        "import analysis\n"
        "docs = analysis.load_corpus('seeds')\n"
        "print(len(analysis.sentences(docs, n_jobs=2)))\n"
    )
    done = subprocess.run(
        [sys.executable, str(tmp_path / "script.py")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(analysis.__file__).parent.parent,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(len(analysis.sentences(analysis.load_corpus("seeds"))))]


def test_a_worker_runs_calls_in_its_own_process_one_after_another_until_ended():
    worker = Worker()
    try:
        pid = worker.submit(os.getpid).result(timeout=120)
        assert pid == worker.pid != os.getpid()
        later = worker.submit(sorted, [3, 1, 2])
        assert later.result(timeout=120) == [1, 2, 3]
    finally:
        worker.end()
    assert not Path(f"/proc/{pid}").exists()  # ended, and reaped
