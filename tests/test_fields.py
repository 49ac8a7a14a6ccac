"""Loading real news tables without ceremony: text, date and outlet columns recognised,
dates typed, junk dates counted, overrides, folders with dates."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from analysis import CorpusError, load_corpus
from analysis.errors import CorpusWarning
from analysis.fields import parse_dates, recognise_fields


def test_allsides_loads_with_no_column_arguments(coronavirus):
    docs = coronavirus
    assert len(docs) == 1079
    assert docs.attrs["fields"] == {
        "text": "content_original",
        "title": "title",
        "date": "date",
        "outlet": "source",
        "authors": "authors",
        "url": "url",
    }
    assert docs["date"].dtype == "datetime64[ns]"
    assert docs["date"].min() == pd.Timestamp("2020-01-24")
    assert docs["date"].max() == pd.Timestamp("2020-07-21")
    assert int(docs["date"].isna().sum()) == 230  # empty in the file
    assert docs["outlet"].nunique() == 118
    assert "content_original" not in docs.columns and "source" not in docs.columns
    assert docs.loc[0, "text"].startswith("WHY THIS QUESTION MATTERS:")
    notes = {n["kind"]: n["text"] for n in docs.attrs["notes"]}
    assert notes["fields"] == "Columns read: text from 'content_original', outlet from 'source'"
    assert notes["no_date"] == "230 documents have no date; they are left out of anything over time"


def test_junk_dates_are_missing_and_counted():
    dates = parse_dates(
        pd.Series(
            [
                "2020-03-14",
                "",
                None,
                "0001-11-30",  # AllSides' junk
                "not a date",
                "2020-03-14T10:30:00+02:00",  # a zone: converted to UTC
                "March 15, 2020",
                "2999-01-01",
            ]
        )
    )
    assert dates.values.tolist()[:1] == [pd.Timestamp("2020-03-14")]
    assert dates.values.isna().tolist() == [False, True, True, True, True, False, False, True]
    assert dates.values[5] == pd.Timestamp("2020-03-14 08:30")
    assert dates.values[6] == pd.Timestamp("2020-03-15")
    assert (dates.empty, dates.bad, dates.example) == (2, 3, "0001-11-30")
    assert dates.values.dtype == "datetime64[ns]"


def test_epoch_numbers_are_dates():
    seconds = parse_dates(pd.Series([1584144000, 1584230400]))
    millis = parse_dates(pd.Series([1584144000000]))
    assert seconds.values.tolist() == [pd.Timestamp("2020-03-14"), pd.Timestamp("2020-03-15")]
    assert millis.values.tolist() == [pd.Timestamp("2020-03-14")]


def test_other_names_and_overrides(tmp_path):
    rows = [
        {
            "Headline": "A",
            "Body": "First text.",
            "publish_date": "2021-01-04",
            "Site": "x.com",
            "media_name": "X News",
            "when": "2021-02-01",
        },
        {
            "Headline": "B",
            "Body": "Second text.",
            "publish_date": "0001-11-30",
            "Site": "y.com",
            "media_name": "Y Post",
            "when": "2021-02-02",
        },
    ]
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with pytest.warns(CorpusWarning, match="1 date"):
        docs = load_corpus(path)
    assert docs["title"].tolist() == ["A", "B"] and docs["text"].tolist()[0] == "First text."
    assert docs.attrs["fields"]["outlet"] == "media_name"  # before "site" in FIELD_NAMES
    assert docs["date"].isna().tolist() == [False, True]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        chosen = load_corpus(path, date_column="when", outlet_column="Site")
    assert chosen["date"].tolist() == [pd.Timestamp("2021-02-01"), pd.Timestamp("2021-02-02")]
    assert chosen["outlet"].tolist() == ["x.com", "y.com"]
    assert "media_name" in chosen.columns and "publish_date" in chosen.columns  # kept as is
    with pytest.raises(
        CorpusError, match=r"news.jsonl: no date column 'whenn'.*did you mean 'when'"
    ):
        load_corpus(path, date_column="whenn")


def test_no_text_column_names_what_was_looked_for(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"words": ["a b"], "day": ["2020-01-01"]}).to_csv(path, index=False)
    with pytest.raises(
        CorpusError, match=r"t.csv: no text column \(looked for text, content_original"
    ):
        load_corpus(path)


def test_recognition_prefers_the_first_name_and_uses_a_column_once():
    fields = recognise_fields(["Content", "TEXT", "Source", "Published", "date"])
    assert fields == {"text": "TEXT", "date": "date", "outlet": "Source"}
    assert recognise_fields(["body", "source"], chosen={"outlet": "body"}) == {"outlet": "body"}


def test_a_folder_takes_dates_from_file_names_or_a_metadata_table(tmp_path):
    named = tmp_path / "named"
    named.mkdir()
    (named / "2020-03-14_first.txt").write_text("Headline\n\nBody one.", encoding="utf-8")
    (named / "20200315-second.txt").write_text("Headline\n\nBody two.", encoding="utf-8")
    (named / "undated.txt").write_text("Headline\n\nBody three.", encoding="utf-8")
    with pytest.warns(CorpusWarning, match="1 document"):
        docs = load_corpus(named)
    assert docs["date"].tolist()[:2] == [pd.Timestamp("2020-03-14"), pd.Timestamp("2020-03-15")]
    assert docs["date"].isna().tolist() == [False, False, True]

    sidecar = tmp_path / "sidecar"
    (sidecar / "world").mkdir(parents=True)
    (sidecar / "world" / "a.txt").write_text("Headline\n\nBody one.", encoding="utf-8")
    (sidecar / "b.txt").write_text("Headline\n\nBody two.", encoding="utf-8")
    pd.DataFrame(
        {
            "file": ["world/a.txt", "b"],
            "published": ["2019-12-31", "2020-01-02"],
            "publisher": ["AP", "Reuters"],
            "section": ["world", "home"],
        }
    ).to_csv(sidecar / "metadata.csv", index=False)
    docs = load_corpus(sidecar)
    by_id = docs.set_index("doc_id")
    assert by_id.loc["world/a", "date"] == pd.Timestamp("2019-12-31")
    assert by_id.loc["b", "outlet"] == "Reuters" and by_id.loc["world/a", "section"] == "world"
    assert len(docs) == 2  # metadata.csv is not an article


def test_a_table_without_dates_has_no_date_column(tmp_path):
    docs = load_corpus(pd.DataFrame({"text": ["One.", "Two."]}))
    assert "date" not in docs.columns and "outlet" not in docs.columns
    assert np.array_equal(docs["n_chars"].to_numpy(), [4, 4])
