"""Loading: every accepted input, stable ids, encodings, and one clear error per mistake."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import DOCUMENT_COLUMNS, CorpusError, CorpusWarning, iter_corpus, load_corpus
from analysis.corpus import document_positions

from .conftest import SEED_FILE

ARTICLE = "Big headline\n\nThe U.S. said “no.” Officials agreed.\n"


def test_default_is_the_seed(seed_docs, seed_text):
    assert list(seed_docs.columns) == list(DOCUMENT_COLUMNS)
    row = seed_docs.iloc[0]
    assert row.doc_id == "000_89bd0e97d5afb917"
    assert row.title.startswith("The Taliban Assisted Americans")
    assert row.text == seed_text
    assert row.n_chars == len(seed_text) == 2913  # 2943 bytes: 15 curly quotes of 3 bytes each
    assert row.group == "seeds"
    assert row.duplicate_of is None


def test_single_file_and_folder_agree_on_the_seed(seed_docs):
    one = load_corpus(SEED_FILE)
    assert one[["doc_id", "title", "text"]].equals(seed_docs[["doc_id", "title", "text"]])


def test_bbc_folder(bbc_docs):
    assert len(bbc_docs) == 2225  # PROVENANCE.md is documentation, not an article
    assert bbc_docs["group"].value_counts().to_dict() == {
        "sport": 511,
        "business": 510,
        "politics": 417,
        "tech": 401,
        "entertainment": 386,
    }
    assert bbc_docs["doc_id"].iloc[0] == "business/001"
    assert bbc_docs["doc_id"].is_unique
    assert bbc_docs.loc[0, "title"] == "Ad sales boost Time Warner profit"
    # the only non-ASCII character in the corpus is £ (PROVENANCE.md): 1403 of them
    assert bbc_docs["text"].str.count("£").sum() == 1403
    # the BBC set has exact duplicates; each is reported against its first copy
    dupes = bbc_docs.dropna(subset=["duplicate_of"])
    assert len(dupes) == 98
    first = dupes.iloc[0]
    original = bbc_docs.set_index("doc_id").loc[first.duplicate_of, "text"]
    assert original.strip() == first.text.strip()


def test_bbc_duplicates_warn(bbc_dir):
    with pytest.warns(CorpusWarning, match="98 duplicate document"):
        load_corpus(bbc_dir)


def test_a_blank_group_in_a_table_is_no_group(tmp_path):
    """A table's group column is read as every metadata column is: stripped, missing where
    empty (it was kept as the group "", or "nan" for a JSON null under pandas 2)."""
    (tmp_path / "a.csv").write_text(
        'text,group\n"One.", business \n"Two.",\n"Three.",  \n', encoding="utf-8"
    )
    (tmp_path / "b.jsonl").write_text(
        '{"text": "One.", "group": "tech"}\n{"text": "Two.", "group": null}\n', encoding="utf-8"
    )
    from_csv = load_corpus(tmp_path / "a.csv")["group"]
    assert from_csv.isna().tolist() == [False, True, True] and from_csv[0] == "business"
    from_jsonl = load_corpus(tmp_path / "b.jsonl")["group"]
    assert from_jsonl.isna().tolist() == [False, True] and from_jsonl[0] == "tech"


def test_doc_ids_are_stable_across_runs(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Two.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    first = load_corpus(tmp_path)
    assert first["doc_id"].tolist() == ["a", "b/2"]
    assert first["group"].tolist() == [tmp_path.name, "b"]
    (tmp_path / "0.txt").write_text("Zero.", encoding="utf-8")
    assert load_corpus(tmp_path).set_index("doc_id").loc[["a", "b/2"], "text"].tolist() == [
        "One.",
        "Two.",
    ]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARTICLE.encode("utf-8"), None),
        (b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"), None),
        (ARTICLE.encode("utf-16"), None),
        (ARTICLE.replace("“", '"').replace("”", '"').encode("latin-1"), "latin-1"),
        (ARTICLE.replace("\n", "\r\n").encode("utf-8"), None),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path, data, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    docs = load_corpus(path, encoding=encoding)
    expected = ARTICLE if encoding is None else ARTICLE.replace("“", '"').replace("”", '"')
    assert docs.loc[0, "text"] == expected
    assert docs.loc[0, "title"] == "Big headline"


def test_text_is_nfc_normalized(tmp_path):
    (tmp_path / "a.txt").write_text("Cafe\u0301 owner", encoding="utf-8")
    assert load_corpus(tmp_path / "a.txt").loc[0, "text"] == "Caf\u00e9 owner"


def test_latin1_bytes_in_utf8_corpus_are_reported_not_dropped(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("It cost £5.".encode("latin-1"))
    with pytest.raises(CorpusError, match=r"bad\.txt: is not valid utf-8 at byte 8 \(0xA3\)"):
        load_corpus(path)
    with pytest.warns(CorpusWarning, match="1 undecodable byte"):
        docs = load_corpus(path, encoding_errors="replace")
    assert docs.loc[0, "text"] == "It cost \ufffd5."


def test_tables(tmp_path):
    frame = pd.DataFrame(
        {
            "id": ["x1", "x2"],
            "title": ["T1", "T2"],
            "body": ["First text.", "Second text."],
            "outlet": ["BBC", "AP"],
            "date": ["2021-08-30", "2021-08-31"],
        }
    )
    frame.to_csv(tmp_path / "t.csv", index=False)
    frame.to_parquet(tmp_path / "t.parquet")
    (tmp_path / "t.jsonl").write_text(
        "\n".join(json.dumps(r) for r in frame.to_dict("records")) + "\n", encoding="utf-8"
    )
    for name in ("t.csv", "t.parquet", "t.jsonl"):
        docs = load_corpus(tmp_path / name, text_column="body", id_column="id")
        assert docs["doc_id"].tolist() == ["x1", "x2"], name
        assert docs["text"].tolist() == ["First text.", "Second text."], name
        assert docs["title"].tolist() == ["T1", "T2"], name
        assert docs["outlet"].tolist() == ["BBC", "AP"], name
        assert list(docs.columns[: len(DOCUMENT_COLUMNS)]) == list(DOCUMENT_COLUMNS)
    no_ids = load_corpus(tmp_path / "t.csv", text_column="body")
    assert no_ids["doc_id"].tolist() == ["t-00000", "t-00001"]


def test_list_and_dataframe_inputs():
    docs = load_corpus(["One.", "Two."])
    assert docs["doc_id"].tolist() == ["doc00000", "doc00001"]
    again = load_corpus(pd.DataFrame({"doc_id": ["a", "b"], "text": ["One.", "Two."]}))
    assert again["doc_id"].tolist() == ["a", "b"]
    assert load_corpus([]).empty


def test_empty_documents_are_kept_with_a_warning():
    with pytest.warns(CorpusWarning, match="1 empty document"):
        docs = load_corpus(["", "Text."])
    assert docs["n_chars"].tolist() == [0, 5]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: p / "missing.txt", r"missing\.txt: no such file or folder"),
        (lambda p: _write(p / "x.png", b"\x89PNG\r\n\x1a\n0000"), r"x\.png: unknown file type"),
        (
            lambda p: _write(p / "x.txt", b"\x89PNG\r\n\x1a\n0000"),
            r"x\.txt: is a binary file \(a PNG image\)",
        ),
        (
            lambda p: _write(p / "x.txt", b"PK\x03\x04zip"),
            r"x\.txt: is a binary file \(a zip archive\)",
        ),
        (lambda p: _write(p / "x.txt", b"ab\x00cd"), r"x\.txt: contains a NUL byte at offset 2"),
        (
            lambda p: _write(p / "x.csv", b"title,words\nA,B\n"),
            r"x\.csv: no text column \(looked for text, .*\); columns are 'title', 'words'",
        ),
        (lambda p: _write(p / "x.csv", b"title,txt\nA,B\n"), r"did you mean 'txt'\?"),
        (lambda p: _write(p / "x.csv", b""), r"x\.csv: the CSV file is empty"),
        (
            lambda p: _write(p / "x.jsonl", b'{"text": "a"}\n{broken\n'),
            r"x\.jsonl: line 2 is not valid JSON .*nothing was loaded",
        ),
        (lambda p: _write(p / "x.parquet", b"not parquet"), r"x\.parquet: unreadable Parquet file"),
        (lambda p: _mkdir(p / "empty"), r"empty: no text files found"),
    ],
)
def test_bad_input_gives_one_clear_error(tmp_path, setup, message):
    with pytest.raises(CorpusError, match=message):
        load_corpus(setup(tmp_path))


def test_text_passed_as_path_is_caught():
    with pytest.raises(CorpusError, match="looks like article text"):
        load_corpus("The U.S. said\nno.")


def test_loader_never_changes_its_input(bbc_dir):
    files = sorted((bbc_dir / "politics").glob("*.txt"))[:50]
    before = [hashlib.sha256(f.read_bytes()).hexdigest() for f in files]
    for f in files:
        load_corpus(f)
    assert [hashlib.sha256(f.read_bytes()).hexdigest() for f in files] == before


def test_iter_corpus_streams_the_same_documents(bbc_dir, bbc_docs):
    chunks = list(iter_corpus(bbc_dir / "tech", chunk_size=150))
    assert [len(c) for c in chunks] == [150, 150, 101]
    streamed = pd.concat(chunks, ignore_index=True)
    tech = bbc_docs[bbc_docs["group"] == "tech"].reset_index(drop=True)
    assert streamed["text"].tolist() == tech["text"].tolist()
    assert streamed["doc_id"].tolist() == [d.removeprefix("tech/") for d in tech["doc_id"]]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


IDS = st.lists(st.sampled_from(["a", "b", "c", "d/1", "é", None]), max_size=30)


@settings(max_examples=200, deadline=None)
@given(IDS, st.lists(st.sampled_from(["a", "b", "c", "d/1", "é"]), unique=True))
def test_document_positions_are_what_a_dict_map_gives(ids, order):
    expected = (
        pd.Series(ids, dtype=object).map({d: i for i, d in enumerate(order)}).fillna(-1).tolist()
    )
    for dtype in (object, "string[pyarrow]"):
        assert document_positions(pd.Series(ids, dtype=dtype), order).tolist() == expected
