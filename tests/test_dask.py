"""The Dask engine: the same tables as the in-process run, on a LocalCluster of 2 workers."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import ParameterError
from analysis.extraction import extract, extract_to_parquet, read_extract

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",
    ) as running:
        yield running


@pytest.fixture(scope="module")
def slice_docs(bbc_docs):
    """Every 20th BBC article: 112 documents, all five sections."""
    return bbc_docs.iloc[::20].reset_index(drop=True)


@pytest.fixture(scope="module")
def in_process(slice_docs):
    return extract(slice_docs, chunk_size=25)


def test_dask_tables_equal_in_process_tables(cluster, slice_docs, in_process):
    on_dask = extract(slice_docs, chunk_size=25, engine="dask", scheduler=cluster.scheduler_address)
    assert set(on_dask) == set(in_process)
    for name, table in in_process.items():
        assert table.equals(on_dask[name]), name
    assert on_dask["corpus_totals"]["documents"].item() == 112
    assert on_dask["term_totals"].iloc[0]["term"] == "said"


def test_dask_writes_the_same_parquet_extract(cluster, slice_docs, in_process, tmp_path):
    manifest = extract_to_parquet(
        slice_docs,
        tmp_path / "x",
        chunk_size=25,
        engine="dask",
        scheduler=cluster.scheduler_address,
    )
    assert manifest["options"]["engine"] == "dask"
    assert sorted(p.name for p in (tmp_path / "x" / "quotes").iterdir()) == [
        f"part-{i:05d}.parquet" for i in range(5)
    ]
    back = read_extract(tmp_path / "x")
    for name in ("term_totals", "actor_totals", "corpus_totals"):
        pd.testing.assert_frame_equal(back[name], in_process[name], check_dtype=False)
    assert len(back["sentences"]) == len(in_process["sentences"])
    assert back["sentences"]["text"].tolist() == in_process["sentences"]["text"].tolist()


def test_default_engine_starts_its_own_local_cluster(slice_docs, in_process):
    small = slice_docs.iloc[:10]
    assert extract(small, engine="dask", n_jobs=2)["quotes"].equals(extract(small)["quotes"])


def test_an_unreachable_scheduler_is_one_clear_error(slice_docs):
    with pytest.raises(ParameterError, match=r"scheduler='tcp://127.0.0.1:9' is not valid"):
        extract(slice_docs.iloc[:2], engine="dask", scheduler="tcp://127.0.0.1:9")
