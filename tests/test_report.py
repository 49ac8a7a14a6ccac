"""The report runner: parameters, outputs, escaping, failures that lose nothing, reproducibility.

These run real notebooks through papermill on the project's own kernel.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import ParameterError, ReportError
from analysis import report as report_mod
from analysis.cli import main
from analysis.config import NOTEBOOKS_DIR, PROJ_ROOT
from analysis.parameters import check_parameters, coerce_parameter
from analysis.report import TIME_FIELDS, run_report, save_table
from tests import digests
from tests.conftest import TagCollector

FIXTURE_NOTEBOOKS = PROJ_ROOT / "tests" / "notebooks"


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reports") / "seed"
    return run_report(out=out)


#: Report tables that now hold every row (the CSVs keep them all, issue 16): the rows of
#: commit 1e95cb4 are their first rows.
WHOLE_NOW = frozenset({"02_top_words", "02_top_ngrams", "02_collocations"})


@pytest.mark.parametrize("name", ["seed", "bbc_slice"])
def test_every_report_table_is_the_one_before_the_change(name, request):
    """Row for row, the tables of commit 1e95cb4 (before issue 15): the report reads one
    extract instead of recomputing in every notebook, with the same numbers.  Columns may
    have moved (the concordance's ``query`` comes first).  Issue 16 changed some tables on
    purpose: three now keep every row (the old rows come first), and seven changed their
    rows (the sentence and quote tables gained columns; sentiment means are of body
    sentences; lists are sorted by what matters; examples are cut between words): those are
    compared with digests made after issue 16.  Columns added since (how each actor is
    treated, issue 32) are left out: the pinned ones compare row for row."""
    report = request.getfixturevalue("seed_report" if name == "seed" else "bbc_slice_report")
    pinned = digests.load(name)["report"]
    changed = digests.load(name, digests.ISSUE16)["report"]
    assert {p.stem for p in (report / "tables").glob("*.csv")} >= set(pinned) | set(changed)
    for table, digest in pinned.items():
        if table in changed:
            continue
        got = digests.csv_digest(report / "tables" / f"{table}.csv", digest["columns"])
        if table in WHOLE_NOW:
            assert len(got["rows"]) >= len(digest["rows"]), table
            got = {**got, "rows": got["rows"][: len(digest["rows"])]}
        assert digests.differences(digest, got) == [], table
    for table, digest in changed.items():
        got = digests.csv_digest(report / "tables" / f"{table}.csv", digest["columns"])
        assert digests.differences(digest, got) == [], table


def test_seed_report_has_everything(seed_report):
    names = {p.name for p in seed_report.iterdir()}
    assert {
        "index.html",
        "manifest.json",
        "01_corpus_overview.ipynb",
        "01_corpus_overview.html",
    } <= names
    documents = pd.read_csv(seed_report / "tables" / "01_documents.csv")
    assert documents[["n_sentences", "n_tokens", "n_words"]].values.tolist() == [[22, 535, 464]]
    assert (seed_report / "figures" / "01_length_histogram.png").stat().st_size > 1000
    manifest = json.loads((seed_report / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"] == [
        {
            "path": "000_89bd0e97d5afb917.txt",
            "bytes": 2943,
            "sha256": "88011f04cb19f80cb4e913617ccfdc9727e7786807d357b6770271a154159d54",
        }
    ]
    assert manifest["corpus"] == "seeds"
    assert manifest["notebooks"][0]["name"] == "01_corpus_overview"
    assert "pandas" in manifest["versions"]
    # code is hidden in the HTML by default
    html = (seed_report / "01_corpus_overview.html").read_text(encoding="utf-8")
    assert "check_parameters" not in html
    assert "The Taliban Assisted Americans" in html


def test_seed_report_tables_hold_the_hand_counts(seed_report):
    tables = seed_report / "tables"
    words = pd.read_csv(tables / "02_top_words.csv").set_index("term")["count"]
    assert (words["u.s."], words["taliban"], words["mckenzie"]) == (12, 11, 5)
    kwic = pd.read_csv(tables / "02_kwic.csv")
    assert kwic.groupby("query").size().to_dict() == {"ISIS-K": 4, "McKenzie": 5, "Taliban": 11}
    keyness = pd.read_csv(tables / "02_keyness.csv")
    assert keyness["term"].iloc[0] == "taliban"
    doc = pd.read_csv(tables / "03_documents.csv").iloc[0]
    assert doc.n_sentences == 21
    assert doc.compound_mean == pytest.approx(-0.8594 / 21)
    assert doc.title_compound == pytest.approx(0.5994)
    arc = pd.read_csv(tables / "03_arc.csv")
    assert len(arc) == 21
    assert not (tables / "03_timeline.csv").exists()  # the seed has no dates
    actors = pd.read_csv(tables / "04_actor_counts.csv").set_index("actor")["mentions"]
    assert (actors["Taliban"], actors["United States"], actors["Frank McKenzie"]) == (11, 11, 5)
    edges = pd.read_csv(tables / "04_actor_network.csv")
    assert edges.iloc[0][["actor_a", "actor_b"]].tolist() == ["Taliban", "United States"]
    quoted = pd.read_csv(tables / "05_quotes.csv")
    assert quoted["speaker_actor"].tolist() == ["Frank McKenzie"] * 5 + ["John Garamendi"]
    kinds = pd.read_csv(tables / "05_source_kinds.csv").set_index("source_kind")["attributions"]
    assert (kinds["anonymous"], kinds["named_person"], kinds["named_organization"]) == (5, 5, 1)
    groups = pd.read_csv(tables / "06_groups.csv")
    assert groups[["group", "documents", "quotes"]].values.tolist() == [["seeds", 1, 6]]


def test_bbc_slice_report_compares_the_sections(bbc_slice_report):
    tables = bbc_slice_report / "tables"
    groups = pd.read_csv(tables / "01_groups.csv")
    assert sorted(groups["group"]) == ["business", "entertainment", "politics", "sport", "tech"]
    assert groups["documents"].tolist() == [4, 4, 4, 4, 4]
    keyness = pd.read_csv(tables / "02_keyness.csv")
    assert set(keyness["group"]) == set(groups["group"])
    assert (keyness["direction"] == "over").all()
    kwic = pd.read_csv(tables / "02_kwic.csv")
    assert set(kwic["query"]) <= {"Blair", "game"}
    docs = pd.read_csv(tables / "03_documents.csv")
    assert len(docs) == 20 and docs["compound_mean"].between(-1, 1).all()
    compared = pd.read_csv(tables / "06_groups.csv")
    assert compared["group"].tolist() == sorted(groups["group"])
    assert compared["documents"].tolist() == [4] * 5
    assert compared["words"].sum() == pd.read_csv(tables / "01_documents.csv")["n_words"].sum()
    shares = pd.read_csv(tables / "06_actor_shares.csv")
    assert shares.groupby("group")["share"].sum().le(1 + 1e-9).all()
    # page 08 shows no outlets and no dates for a corpus that has neither (the CSV keeps them)
    stories = pd.read_csv(tables / "08_stories.csv")
    assert len(stories) >= 1 and (stories["n_outlets"] == 0).all()
    page = (bbc_slice_report / "08_stories.html").read_text(encoding="utf-8")
    headers = re.findall(r"<th[^>]*>([^<]*)</th>", page.split("The biggest stories")[-1])
    assert headers[:3] == ["Story", "Headline", "Articles"], headers
    assert not {"Outlets", "First published", "Carried by"} & set(headers[:6]), headers
    # ... while the front page lists every column of the file
    index = (bbc_slice_report / "index.html").read_text(encoding="utf-8")
    listed = re.search(r"08_stories\.csv</a></td>.*?</td><td>.*?</td><td>([^<]*)</td>", index)
    assert listed and listed.group(1) == (
        "Story, Headline, Articles, Outlets, First published, Carried by"
    ), listed


def test_same_inputs_give_identical_tables_figures_and_manifest(seed_report, tmp_path):
    again = run_report(out=tmp_path / "seed")
    for sub in ("tables", "figures"):
        first = sorted(p.name for p in (seed_report / sub).iterdir())
        assert first == sorted(p.name for p in (again / sub).iterdir())
        for name in first:
            assert (seed_report / sub / name).read_bytes() == (again / sub / name).read_bytes(), (
                name
            )

    def stable(path: Path) -> dict:
        data = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        data.pop("name")
        for key in TIME_FIELDS:
            data.pop(key, None)
        for nb in data["notebooks"]:
            nb.pop("seconds")
        return data

    assert stable(seed_report) == stable(again)
    # the HTML too: papermill's random id for its injected cell is replaced by a fixed one
    for html in sorted(seed_report.glob("*.html")):
        assert html.read_bytes() == (again / html.name).read_bytes(), html.name


FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([-0.0, 5e-324, 0.1])


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(FLOATS, st.floats(width=32), st.text(max_size=5)), max_size=20))
def test_a_saved_table_is_what_pandas_writes_with_ten_digits(rows, tmp_path_factory):
    """save_table formats float columns itself, in one pass: the bytes are those of pandas'
    ``to_csv(float_format="%.10g")``, for float64, float32 and nullable Float64 columns,
    missing values, infinities and duplicate column names."""
    table = pd.DataFrame(rows, columns=["x", "y", "label"]).astype({"x": float, "y": float})
    table["y32"] = table["y"].astype("float32")
    table["nullable"] = pd.array(table["x"].where(table["x"] > 0), dtype="Float64")
    table.columns = ["x", "x", "label", "y32", "nullable"]
    table.index = table.index[::-1]
    out = tmp_path_factory.mktemp("csv")
    save_table(table, "t", out)
    expected = table.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    assert (out / "tables" / "t.csv").read_bytes() == expected.encode("utf-8")


def test_pages_show_code_only_when_asked_in_any_order(seed_report):
    """Pages are made by one nbconvert exporter per setting, kept for the process: a page
    with code between two without (and the other way round) is what a fresh exporter makes."""
    import nbformat
    from nbconvert import HTMLExporter

    from analysis.report.pages import _body

    nb = nbformat.read(seed_report / "01_corpus_overview.ipynb", as_version=4)
    assert "p = analysis.check_parameters(globals())" in "".join(c.source for c in nb.cells)
    for include_code in (False, True, False, True):
        body = _body(nb, include_code=include_code)
        fresh, _ = HTMLExporter(
            template_name="basic",
            exclude_input=not include_code,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        ).from_notebook_node(nb)
        assert body == fresh
        assert ("check_parameters" in body) == include_code, include_code
        assert "How long the documents are" in body  # the chart's alt text, either way


def test_article_text_is_escaped_in_html(tmp_path):
    corpus = tmp_path / "evil"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        '<script>alert(1)</script> headline\n\nA body <img src=x onerror="alert(2)"> with '
        '<a href="javascript:alert(3)">a link</a>.\n',
        encoding="utf-8",
    )
    out = run_report(corpus=corpus, out=tmp_path / "out", notebooks="01")
    for page in [out / "index.html", out / "01_corpus_overview.html"]:
        text = page.read_text(encoding="utf-8")
        parser = TagCollector()
        parser.feed(text)
        assert parser.only_chart_images
        assert not any(name == "onerror" for name, _ in parser.attrs)
        assert not any(value and "javascript:alert" in value for _, value in parser.attrs)
        assert "alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (out / "01_corpus_overview.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc to count files")
def test_reports_in_one_process_leave_no_file_open(tmp_path):
    """run_report from a notebook, again and again: each notebook's kernel client (papermill
    leaves it open when it is handed the kernel manager) used to keep its sockets and zmq
    context, about ten open files per notebook, until the process ended."""

    def open_files() -> int:
        return len(list(Path("/proc/self/fd").iterdir()))

    run_report(out=tmp_path / "first", notebooks="01,06,07")  # imports, caches
    before = open_files()
    for i in range(2):
        run_report(out=tmp_path / f"again{i}", notebooks="01,06,07")
    assert open_files() == before
    # a report refused once its kernels are starting: they used to go on starting after it
    # (their warm-up clients open, about forty files, until they had warmed up)
    with pytest.raises(ParameterError, match=r"group_by='nope' is not valid"):
        run_report(out=tmp_path / "refused", notebooks="01,06", params={"group_by": "nope"})
    assert open_files() == before


def test_the_notebooks_start_before_the_second_pass_only_when_it_is_short(
    tmp_path, seed_report, monkeypatch
):
    """With one job a notebook waits for the second pass's tables inside a cell, under the
    cell's time limit: where the first pass took too large a share of it, the whole extract
    is made before any notebook starts.  The tables are the same either way."""
    lines: list[str] = []
    run_report(out=tmp_path / "early", notebooks="03", jobs=1, log=lines.append)
    steps = [line.split(":")[0] for line in lines]
    assert steps == ["extract, first pass", "03_sentiment", "extract, second pass"], lines
    monkeypatch.setattr(report_mod.runner, "EARLY_START", 0.0)
    lines.clear()
    late = run_report(out=tmp_path / "late", notebooks="03", jobs=1, log=lines.append)
    steps = [line.split(":")[0] for line in lines]
    assert steps == ["extract, first pass", "extract, second pass", "03_sentiment"], lines
    for table in sorted((late / "tables").glob("*.csv")):
        assert table.read_bytes() == (seed_report / "tables" / table.name).read_bytes(), table


def test_a_failing_notebook_keeps_the_previous_report(tmp_path, monkeypatch):
    out = run_report(out=tmp_path / "r", notebooks="01")
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # point the runner at a folder holding a notebook that fails in its third cell
    nb_dir = tmp_path / "nbs"
    nb_dir.mkdir()
    shutil.copy(FIXTURE_NOTEBOOKS / "99_fails.ipynb", nb_dir)
    monkeypatch.setattr(
        report_mod.notebooks, "available_notebooks", lambda: sorted(nb_dir.glob("*.ipynb"))
    )
    with pytest.raises(
        ReportError,
        match=r"notebook 99_fails failed in cell 2 \(In \[4\]: 'raise RuntimeError.*RuntimeError: deliberate failure",
    ):
        run_report(out=out)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    failed = tmp_path / "r.failed"
    assert (failed / "99_fails.ipynb").exists()
    assert "deliberate failure" in (failed / "99_fails.ipynb").read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".r.tmp-*"))


def test_unknown_and_mistyped_parameters_stop_before_running(tmp_path):
    with pytest.raises(
        ParameterError,
        match=r"unknown parameter 'topn'; the selected notebooks take corpus, date_column, dedupe, encoding, encoding_errors, extract_dir, n_jobs, outlet_column, stories, text_column, top_n",
    ):
        run_report(out=tmp_path / "x", notebooks="01", params={"topn": "5"})
    with pytest.raises(ParameterError, match=r"^top_n='ten' is not valid; expected an integer$"):
        run_report(out=tmp_path / "x", notebooks="01", params={"top_n": "ten"})
    with pytest.raises(ParameterError, match="is set by the report runner"):
        run_report(out=tmp_path / "x", notebooks="01", params={"output_dir": "/etc"})
    assert not (tmp_path / "x").exists()


def test_output_folder_that_is_a_file(tmp_path):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(ReportError, match="exists and is a file"):
        run_report(out=target, notebooks="01")


@pytest.mark.parametrize(
    ("raw", "type_name", "expected"),
    [
        ("5", "int", 5),
        ("0.5", "float", 0.5),
        ("true", "bool", True),
        ("a,b", "list", ["a", "b"]),
        ("7", "str", "7"),
    ],
)
def test_command_line_values_take_the_declared_type(raw, type_name, expected):
    assert coerce_parameter("x", raw, type_name) == expected


def test_check_parameters_in_a_notebook_namespace():
    ns = {"__annotations__": {"corpus": str, "top_n": int}, "corpus": "seeds", "top_n": 3, "In": []}
    params = check_parameters(ns)
    assert params.top_n == 3
    assert params.corpus.resolve() == PROJ_ROOT / "seeds"
    # the notebook's own variables are never taken for parameters (a second Run All)
    assert check_parameters({**ns, "colour": "red"}).top_n == 3
    with pytest.raises(ParameterError, match=r"^top_n=True is not valid; expected an integer$"):
        check_parameters({**ns, "top_n": True})
    with pytest.raises(ParameterError, match=r"^top_n=0 is not valid; expected an integer >= 1$"):
        check_parameters({**ns, "top_n": 0})
    with pytest.raises(ParameterError, match=r"^corpus='nope/x': no such file"):
        check_parameters({**ns, "corpus": "nope/x"})


def test_cli_prints_one_line_for_a_mistake(capsys, tmp_path):
    code = main(["report", "--corpus", str(tmp_path / "missing"), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("analysis: error: corpus=")
    assert "no such file or folder" in err
    assert "Traceback" not in err


def test_notebooks_are_committed_without_outputs_and_with_parameters():
    import nbformat

    paths = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    assert [p.stem[:2] for p in paths] == [
        "00",
        "01",
        "02",
        "03",
        "04",
        "05",
        "06",
        "07",
        "08",
        "09",
    ]
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert not any(c.get("outputs") or c.get("execution_count") for c in code), path.name
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        spec = report_mod.notebook_spec(path)
        wanted = {"corpus"} if path.stem.startswith("00") else {"corpus", "output_dir"}
        assert wanted <= set(spec.parameters), path.name
        # the metadata JupyterLab writes when it saves, so opening one changes nothing
        assert nb.metadata.kernelspec == {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        }, path.name
        assert nb.metadata.language_info.name == "python", path.name
        assert nb.nbformat == 4 and nb.nbformat_minor == 5, path.name
        assert all(re.fullmatch(r"cell-\d\d", c.id) for c in nb.cells), path.name


def test_the_heaviest_notebooks_are_weighed_and_a_bad_weight_is_refused(tmp_path):
    specs = {p.stem: report_mod.notebook_spec(p) for p in report_mod.available_notebooks()}
    heaviest = max(specs.values(), key=lambda spec: spec.weight)
    assert heaviest.name == "09_themes"  # topics, readability and diversity: 11 s on BBC
    assert all(spec.weight >= 1 for spec in specs.values())
    nb = json.loads((NOTEBOOKS_DIR / "07_time_and_outlets.ipynb").read_text(encoding="utf-8"))
    nb["metadata"]["news_analysis_report"] = {"weight": "heavy"}
    bad = tmp_path / "07_time_and_outlets.ipynb"
    bad.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(ReportError, match=r"07_time_and_outlets.ipynb: metadata .*weight"):
        report_mod.notebook_spec(bad)


def test_parameters_are_read_as_papermill_reads_them():
    from papermill.inspection import inspect_notebook

    for path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        theirs = inspect_notebook(str(path))
        ours = report_mod.notebook_spec(path).parameters
        assert list(ours) == list(theirs), path.name
        for name, info in theirs.items():
            fields = ("name", "inferred_type_name", "default", "help")
            assert ours[name] == {k: info[k] for k in fields}, (path.name, name)
