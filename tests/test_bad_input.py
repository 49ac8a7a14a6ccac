"""Bad input: every case ends in one clear message or a documented fallback, nothing is lost.

Each test names the input it feeds and asserts the exact outcome: the error type and a
message naming the file or field and the problem, or the fallback result README documents
("When something goes wrong").  Loader errors are CorpusError, lexicon errors LexiconError,
options ParameterError, output problems ReportError; the command line turns each into one
line, ``analysis: error: ...``, and exit status 2.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis import (
    CorpusError,
    CorpusWarning,
    LexiconError,
    ParameterError,
    ReportError,
    iter_corpus,
    load_corpus,
    load_lexicon,
)
from analysis.config import PROJ_ROOT
from analysis.report import run_report, save_table
from tests.conftest import TagCollector

PYTHON = sys.executable


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def _folder(path: Path, files: dict[str, bytes | str]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        _write(path / name, data)
    return path


def _docx(path: Path, lines: list[str]) -> Path:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(path)
    return path


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def _quiet_load(*args, **kwargs) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        return load_corpus(*args, **kwargs)


# --- files -------------------------------------------------------------------------------
FILE_ERRORS = {
    "missing path": (lambda p: p / "missing.txt", r"missing\.txt: no such file or folder"),
    "unknown file type": (
        lambda p: _write(p / "story.pdf", b"%PDF-1.4"),
        r"story\.pdf: unknown file type '\.pdf'; expected one of \.txt, \.md, \.csv",
    ),
    "a .docx that is not a Word document": (
        lambda p: _write(p / "story.docx", b"PK\x03\x04"),
        r"story\.docx: not a readable Word document \(\.docx\)",
    ),
    "a Word document in no export layout": (
        lambda p: _docx(p / "notes.docx", ["Shopping list", "Milk", "Bread"]),
        r"notes\.docx: not in a news-database export layout this workbook reads",
    ),
    "a broken web archive": (
        lambda p: _write(p / "crawl.warc", b"this is not a WARC file at all"),
        r"crawl\.warc: not a readable web archive \(WARC\)",
    ),
    "a broken zip archive": (
        lambda p: _write(p / "pages.zip", b"PK\x03\x04 broken"),
        r"pages\.zip: not a readable archive",
    ),
    "an archive of nothing readable": (
        lambda p: _zip(p / "pics.zip", {"a.png": b"\x89PNG"}),
        r"pics\.zip: the archive holds no file this workbook reads",
    ),
    "PNG named .txt": (
        lambda p: _write(p / "x.txt", b"\x89PNG\r\n\x1a\n0000"),
        r"x\.txt: is a binary file \(a PNG image\), not text",
    ),
    "zip named .txt": (
        lambda p: _write(p / "x.txt", b"PK\x03\x04zip"),
        r"x\.txt: is a binary file \(a zip archive\), not text",
    ),
    "gzip named .txt": (
        lambda p: _write(p / "x.txt", b"\x1f\x8b\x08\x00"),
        r"x\.txt: is a binary file \(a gzip archive\), not text",
    ),
    "NUL byte": (
        lambda p: _write(p / "x.txt", b"Kabul\x00fell"),
        r"x\.txt: contains a NUL byte at offset 5; it looks binary",
    ),
    "UTF-16 without BOM": (
        lambda p: _write(p / "x.txt", "Kabul fell.".encode("utf-16-le")),
        r"x\.txt: contains a NUL byte at offset 1; .*pass encoding='utf-16-le'",
    ),
    "Latin-1 bytes in UTF-8": (
        lambda p: _write(p / "x.txt", "Café society".encode("latin-1")),
        r"x\.txt: is not valid utf-8 at byte 3 \(0xE9\); pass encoding='latin-1'",
    ),
    "empty folder": (
        lambda p: _folder(p / "empty", {}),
        r"empty: no text files found \(looked for \.txt, \.md, web pages, .* below the folder",
    ),
    "folder without text files": (
        lambda p: _folder(p / "pics", {"a.png": b"\x89PNG", "b.csv": "text\nx\n"}),
        r"pics: no text files found .*for tables pass the file itself",
    ),
    "text passed as a path": (
        lambda p: "The U.S. said\nno.",
        r"path looks like article text, not a file; wrap texts in a list",
    ),
    "a list holding a number": (
        lambda p: ["fine", 3],
        r"a list of documents must hold only strings",
    ),
}


@pytest.mark.parametrize("case", list(FILE_ERRORS))
def test_a_bad_file_is_one_clear_error(tmp_path, case):
    setup, message = FILE_ERRORS[case]
    with pytest.raises(CorpusError, match=message):
        load_corpus(setup(tmp_path))


def test_unknown_encoding_name(tmp_path):
    path = _write(tmp_path / "x.txt", "Kabul")
    with pytest.raises(CorpusError, match=r"x\.txt: unknown encoding 'latin-99'"):
        load_corpus(path, encoding="latin-99")


def test_empty_file_is_kept_as_an_empty_document(tmp_path):
    path = _write(tmp_path / "blank.txt", b"")
    with pytest.warns(CorpusWarning, match=r"1 empty document\(s\), e\.g\. 'blank'; they are kept"):
        docs = load_corpus(path)
    assert docs[["doc_id", "n_chars"]].values.tolist() == [["blank", 0]]
    assert analysis.sentences(docs).empty
    assert pd.isna(analysis.document_sentiment(docs)["compound_mean"].item())


def test_utf16_without_bom_loads_with_the_suggested_encoding(tmp_path):
    path = _write(tmp_path / "x.txt", "Kabul fell. “We left,” he said.".encode("utf-16-le"))
    docs = load_corpus(path, encoding="utf-16-le")
    assert docs["text"].item() == "Kabul fell. “We left,” he said."


def test_latin1_bytes_replaced_on_request(tmp_path):
    path = _write(tmp_path / "x.txt", "Café and naïve".encode("latin-1"))
    with pytest.warns(CorpusWarning, match=r"x\.txt: 2 undecodable byte\(s\) in utf-8 replaced"):
        docs = load_corpus(path, encoding_errors="replace")
    assert docs["text"].item() == "Caf\ufffd and na\ufffdve"
    assert load_corpus(path, encoding="latin-1")["text"].item() == "Café and naïve"


def test_mixed_line_endings_become_newlines(tmp_path):
    path = _write(tmp_path / "x.txt", b"Headline\r\n\r\nFirst one.\rSecond one.\nThird one.\r\n")
    docs = load_corpus(path)
    text = docs["text"].item()
    assert text == "Headline\n\nFirst one.\nSecond one.\nThird one.\n"
    sents = analysis.sentences(docs)
    assert sents["text"].tolist() == ["Headline", "First one.", "Second one.", "Third one."]
    spans = zip(sents["start"], sents["end"], sents["text"], strict=True)
    assert all(text[s:e] == t for s, e, t in spans)


def test_a_50_mb_article(tmp_path, bbc_dir):
    article = (bbc_dir / "business" / "001.txt").read_text(encoding="utf-8").strip()
    body = article.split("\n\n", 1)[1]  # without its headline
    copies = 50_000_000 // len(body.encode("utf-8")) + 1
    path = _write(tmp_path / "huge.txt", article + ("\n\n" + body) * (copies - 1))
    assert path.stat().st_size >= 50_000_000
    docs = load_corpus(path)
    one = len(analysis.sentences(load_corpus(bbc_dir / "business" / "001.txt"))) - 1
    assert one == 20
    assert len(analysis.sentences(docs)) == 1 + one * copies


def test_path_with_spaces_and_non_ascii(tmp_path):
    corpus = _folder(
        tmp_path / "Nachrichten Über",
        {"política exterior/artículo 1.txt": "Kabul\n\nThe U.S. left Kabul."},
    )
    docs = load_corpus(corpus)
    assert docs[["doc_id", "group", "title"]].values.tolist() == [
        ["política exterior/artículo 1", "política exterior", "Kabul"]
    ]


def test_symlink_loop_is_read_once(tmp_path):
    corpus = _folder(tmp_path / "c", {"a.txt": "One.", "sub/b.txt": "Two."})
    (corpus / "sub" / "loop").symlink_to(corpus, target_is_directory=True)
    assert load_corpus(corpus)["doc_id"].tolist() == ["a", "sub/b"]


def _as_another_user(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` where permission bits apply: as root, without the capabilities that let
    root read and write past them (util-linux setpriv); as anyone else, as is."""
    prefix = []
    if os.geteuid() == 0:
        caps = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"]
    return subprocess.run(
        [*prefix, PYTHON, "-c", code],
        capture_output=True,
        text=True,
        cwd=PROJ_ROOT,
    )


def test_unreadable_file_and_folder(tmp_path):
    corpus = _folder(tmp_path / "corpus", {"a.txt": "One.", "locked/b.txt": "Two."})
    secret = _write(tmp_path / "secret.txt", "Hidden.")
    secret.chmod(0o000)
    (corpus / "locked").chmod(0o000)
    try:
        code = (
            "import analysis\n"
            f"for p in ({str(secret)!r}, {str(corpus)!r}):\n"
            "    try:\n"
            "        analysis.load_corpus(p)\n"
            "    except analysis.CorpusError as e:\n"
            "        print(e)\n"
        )
        done = _as_another_user(code)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == [
            f"{secret}: permission denied (the file cannot be read)",
            f"{corpus / 'locked'}: permission denied (the folder cannot be listed)",
        ]
    finally:
        secret.chmod(0o644)
        (corpus / "locked").chmod(0o755)


# --- tables ------------------------------------------------------------------------------
TABLE_ERRORS = {
    "CSV without a text column": (
        "x.csv",
        "title,words\nA,B\n",
        r"x\.csv: no text column \(looked for text, content_original, .*\); columns are "
        r"'title', 'words'",
    ),
    "text column misnamed": ("x.csv", "title,txt\nA,B\n", r"did you mean 'txt'\?"),
    "ragged rows": (
        "x.csv",
        "doc_id,text\na,One\nb,Two,extra\n",
        r"x\.csv: unreadable CSV \(Error tokenizing data. C error: Expected 2 fields in line 3, saw 3",
    ),
    "duplicate doc ids": (
        "x.csv",
        "doc_id,text\na,One\na,Two\n",
        r"x\.csv: column 'doc_id' has duplicate ids \('a'\); ids must be unique",
    ),
    "empty CSV": ("x.csv", "", r"x\.csv: the CSV file is empty"),
    "JSONL with a broken line": (
        "x.jsonl",
        '{"text": "One."}\n{"text": "Two."}\n{"text": broken\n{"text": "Four."}\n',
        r"x\.jsonl: line 3 is not valid JSON \(Expecting value\); nothing was loaded",
    ),
    "JSONL line that is a list": (
        "x.jsonl",
        '{"text": "One."}\n["Two."]\n',
        r"x\.jsonl: line 2 is a JSON list, expected an object; nothing was loaded",
    ),
    "corrupt Parquet": ("x.parquet", "not parquet", r"x\.parquet: unreadable Parquet file"),
}


@pytest.mark.parametrize("case", list(TABLE_ERRORS))
def test_a_bad_table_is_one_clear_error(tmp_path, case):
    name, content, message = TABLE_ERRORS[case]
    with pytest.raises(CorpusError, match=message):
        load_corpus(_write(tmp_path / name, content))


def test_broken_jsonl_line_while_streaming_says_what_was_read(tmp_path):
    rows = "".join(json.dumps({"text": f"Story {i}."}) + "\n" for i in range(5))
    path = _write(tmp_path / "x.jsonl", rows + "{oops\n" + rows)
    read = []
    with pytest.raises(
        CorpusError,
        match=r"x\.jsonl: line 6 is not valid JSON .*; 5 documents before it were read, none after",
    ):
        for chunk in iter_corpus(path, chunk_size=2):
            read.extend(chunk["doc_id"])
    assert read == ["x-00000", "x-00001", "x-00002", "x-00003"]  # the chunks before the line


def test_csv_quoted_newlines_stay_in_the_text(tmp_path):
    path = _write(tmp_path / "x.csv", 'doc_id,text\na,"Kabul fell.\n\nThe U.S. left."\n')
    docs = load_corpus(path)
    assert docs["text"].item() == "Kabul fell.\n\nThe U.S. left."
    assert len(analysis.sentences(docs)) == 2


def test_non_string_cells_become_text_or_empty_documents():
    table = pd.DataFrame({"text": ["Kabul fell.", 42, float("nan"), None]})
    with pytest.warns(
        CorpusWarning, match=r"DataFrame: 3 row\(s\) of 'text' are not text \(first at row 1\)"
    ):
        docs = load_corpus(table)
    assert docs["text"].tolist() == ["Kabul fell.", "42", "", ""]


def test_parquet_with_the_wrong_schema(tmp_path):
    path = tmp_path / "x.parquet"
    pd.DataFrame({"headline": ["A"], "words": ["B"]}).to_parquet(path)
    with pytest.raises(CorpusError, match=r"x\.parquet: no text column \(looked for .*columns are"):
        load_corpus(path)
    pd.DataFrame({"text": [1, 2]}).to_parquet(path)
    with pytest.warns(CorpusWarning, match=r"2 row\(s\) of 'text' are not text"):
        assert load_corpus(path)["text"].tolist() == ["1", "2"]


def test_tsv_quote_marks_are_article_text(tmp_path):
    path = _write(tmp_path / "x.tsv", 'doc_id\ttext\na\t"We left," he said.\n')
    assert load_corpus(path)["text"].item() == '"We left," he said.'


# --- text --------------------------------------------------------------------------------
def test_whitespace_only_text():
    docs = _quiet_load([" \n\t \n"])
    assert analysis.sentences(docs).empty and analysis.tokens(docs).empty
    assert analysis.term_frequencies(docs).empty
    assert pd.isna(analysis.document_sentiment(docs)["compound_mean"].item())


def test_punctuation_only_text():
    docs = load_corpus(["!!! ... ??? —"])
    # each run of end marks closes a "sentence"; none has a term or a sentiment
    assert analysis.sentences(docs)["text"].tolist() == ["!!!", "...", "???", "—"]
    assert analysis.term_frequencies(docs).empty
    assert analysis.sentence_sentiment(docs)["compound"].tolist() == [0.0] * 4


def test_no_sentence_ending_punctuation():
    docs = load_corpus(["Taliban take Kabul\nTroops leave the airport\n\nNo one knows what next"])
    assert analysis.sentences(docs)["text"].tolist() == [
        "Taliban take Kabul",
        "Troops leave the airport",
        "No one knows what next",
    ]


def test_a_100k_character_sentence():
    text = "Officials said " + "the talks went on and on " * 4_000 + "today."
    assert len(text) > 100_000
    tables = analysis.extract([text])
    assert len(tables["sentences"]) == 1
    assert tables["corpus_totals"]["tokens"].item() == 2 + 6 * 4_000 + 2
    assert tables["attributions"]["source"].tolist() == ["Officials"]


def test_emoji_and_right_to_left_scripts():
    docs = load_corpus(
        ["Great result 😀 for Kabul.", "قال المسؤولون إن طالبان دخلت كابول. שלום עולם."]
    )
    toks = analysis.tokens(docs)
    assert toks[toks["doc_id"] == "doc00001"]["token"].tolist()[:3] == ["قال", "المسؤولون", "إن"]
    assert len(analysis.sentences(docs)) == 3
    scores = analysis.sentence_sentiment(docs)["compound"].tolist()
    # VADER reads the emoji as its description: 0.765 with it, 0.6249 without
    assert scores == [0.765, 0.0, 0.0]
    assert analysis.sentence_sentiment(["Great result for Kabul."])["compound"].item() == 0.6249


def test_html_markup_and_entities_are_kept_as_text():
    raw = "<p>Kabul &amp; Doha</p>\n\n<p>The U.S. said it would leave.</p>"
    docs = load_corpus([raw])
    assert docs["text"].item() == raw  # kept verbatim: offsets point into what was given
    sents = analysis.sentences(docs)
    assert sents["text"].tolist() == [
        "<p>Kabul &amp; Doha</p>",
        "<p>The U.S. said it would leave.</p>",
    ]
    terms = set(analysis.term_frequencies(docs)["term"])
    assert {"kabul", "doha", "u.s."} <= terms and "amp" in terms


def test_all_capitals_text_still_gives_its_attribution():
    found = analysis.attributions(["OFFICIALS ARE WORRIED, ACCORDING TO THE PENTAGON."])
    assert found[["source", "cue", "start"]].values.tolist() == [
        ["THE PENTAGON", "ACCORDING to", 36]
    ]


def test_unbalanced_quotes_run_to_the_end_of_the_paragraph():
    text = "“We will not leave, he said.\n\nThe next paragraph has no quote."
    q = analysis.quotes([text])
    assert q[["text", "balanced"]].values.tolist() == [["We will not leave, he said.", False]]


# --- lexicon and parameters --------------------------------------------------------------
LEXICON_ERRORS = {
    "invalid YAML": ("actors: [\n  - name: X\n", r"bad\.yaml: invalid YAML"),
    "alias claimed twice": (
        "actors:\n  - {name: X, type: person, aliases: [Z]}\n  - {name: Y, type: person, aliases: [Z]}\n",
        r"bad\.yaml: alias 'Z' is claimed by both 'X' and 'Y'",
    ),
    "unknown actor type": (
        "actors:\n  - {name: X, type: alien}\n",
        r"bad\.yaml: actor 'X': unknown type 'alien'; expected one of person, organization",
    ),
    "regex that does not compile": (
        "actors:\n  - {name: X, type: person, patterns: ['(unclosed']}\n",
        r"bad\.yaml: actor 'X': pattern '\(unclosed' does not compile",
    ),
    "catastrophic-backtracking regex": (
        "actors:\n  - {name: X, type: person, patterns: ['(a+)+$']}\n",
        r"bad\.yaml: actor 'X': pattern '\(a\+\)\+\$' repeats a repetition",
    ),
    "YAML that asks to run code": (
        "actors: !!python/object/apply:os.system ['echo pwned']\n",
        r"bad\.yaml: invalid YAML",
    ),
}


@pytest.mark.parametrize("case", list(LEXICON_ERRORS))
def test_a_bad_lexicon_is_one_clear_error(tmp_path, case):
    text, message = LEXICON_ERRORS[case]
    with pytest.raises(LexiconError, match=message):
        load_lexicon(_write(tmp_path / "bad.yaml", text))


def test_missing_lexicon(tmp_path):
    with pytest.raises(LexiconError, match=r"nope\.yaml: no such file"):
        load_lexicon(tmp_path / "nope.yaml")


def test_nested_but_bounded_patterns_are_accepted(tmp_path):
    text = "actors:\n  - {name: X, type: person, patterns: ['Gen\\.? (?:[A-Z]\\w+ )?Milley']}\n"
    lexicon = load_lexicon(_write(tmp_path / "ok.yaml", text))
    mentions = analysis.actor_mentions(["Gen. Mark Milley spoke."], lexicon, discover=False)
    assert mentions["actor"].tolist() == ["X"]


def _cli(*args: str, user: bool = False) -> subprocess.CompletedProcess[str]:
    command = [PYTHON, "-m", "analysis", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=PROJ_ROOT)


CLI_ERRORS = {
    "unknown report parameter": (
        ["report", "--notebooks", "01", "-p", "topn", "5"],
        "analysis: error: unknown parameter 'topn'; the selected notebooks take corpus, "
        "date_column, dedupe, encoding, encoding_errors, extract_dir, n_jobs, outlet_column, "
        "stories, text_column, top_n",
    ),
    "wrong parameter type": (
        ["report", "--notebooks", "01", "-p", "top_n", "many"],
        "analysis: error: top_n='many' is not valid; expected an integer",
    ),
    "missing corpus": (
        ["report", "--corpus", "no/such/folder"],
        "analysis: error: corpus='no/such/folder': no such file or folder",
    ),
    "unknown engine": (
        ["extract", "--out", "/tmp/never-written", "--engine", "spark"],
        "analysis: error: engine='spark' is not valid; expected one of 'local', 'dask'",
    ),
    "no workers": (
        ["extract", "--out", "/tmp/never-written", "--jobs", "0"],
        "analysis: error: n_jobs=0 is not valid; expected a positive number of workers, "
        "or -1 for all",
    ),
}


@pytest.mark.parametrize("case", list(CLI_ERRORS))
def test_command_line_mistakes_are_one_line_and_status_2(case):
    args, line = CLI_ERRORS[case]
    done = _cli(*args)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == line
    assert "Traceback" not in done.stderr
    assert not Path("/tmp/never-written").exists()


def test_params_file_that_is_not_yaml(tmp_path):
    params = _write(tmp_path / "p.yaml", "top_n: [unclosed\n")
    done = _cli("report", "--notebooks", "01", "--params", str(params))
    assert done.returncode == 2
    assert done.stderr.startswith(f"analysis: error: {params}: invalid YAML")


def test_output_folder_is_a_file(tmp_path):
    taken = _write(tmp_path / "out", "a file")
    with pytest.raises(ReportError, match=r"out: exists and is a file; the report needs a folder"):
        run_report(out=taken, notebooks="01")
    done = _cli("extract", "--out", str(taken))
    assert (
        done.stderr.strip()
        == f"analysis: error: {taken}: exists and is a file; the extract needs a folder"
    )


def test_output_folder_not_writable(tmp_path):
    parent = tmp_path / "readonly"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        code = (
            "import sys\n"
            "from analysis.cli import main\n"
            "sys.exit(main(['extract', '--corpus', {!r}, '--out', {!r}]))\n"
        ).format(str(PROJ_ROOT / "seeds"), str(parent / "out"))
        done = _as_another_user(code)
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip() == (
            f"analysis: error: {parent}: cannot write the extract there (Permission denied)"
        )
        assert list(parent.iterdir()) == []
    finally:
        parent.chmod(0o755)


def test_table_names_cannot_leave_the_output_folder(tmp_path):
    table = pd.DataFrame({"a": [1]})
    for name in ("../escape", "/etc/passwd", "sub/dir", ".."):
        with pytest.raises(ParameterError, match=r"name=.* is not valid; expected letters"):
            save_table(table, name, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_users_cannot_set_the_output_folder_of_a_notebook(tmp_path):
    with pytest.raises(ParameterError, match=r"'output_dir' is set by the report runner"):
        run_report(out=tmp_path / "r", notebooks="01", params={"output_dir": "/etc"})


# --- nothing lost ------------------------------------------------------------------------
def _kill_when(process: subprocess.Popen, ready, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < deadline, "the run never reached the point to kill it"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_killed_report_leaves_the_previous_one(tmp_path, bbc_dir):
    out = run_report(out=tmp_path / "report", notebooks="01")  # an earlier report
    before = _snapshot(out)
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "analysis",
            "report",
            "--corpus",
            str(bbc_dir / "politics"),
            "--out",
            str(out),
        ],
        cwd=PROJ_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    # kill once the first notebook has been written into the hidden temporary folder
    _kill_when(process, lambda: any(tmp_path.glob(".report.tmp-*/01_corpus_overview.html")))
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["report"]


def test_killed_extract_leaves_the_previous_one_and_the_next_run_cleans_up(tmp_path, bbc_dir):
    out = tmp_path / "extract"
    analysis.extract_to_parquet(load_corpus(bbc_dir / "tech").iloc[:20], out)
    before = _snapshot(out)
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "analysis",
            "extract",
            "--corpus",
            str(bbc_dir),
            "--out",
            str(out),
            "--chunk-size",
            "50",
        ],
        cwd=PROJ_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    _kill_when(process, lambda: len(list(tmp_path.glob(".extract.tmp-*/sentences/*"))) >= 3)
    assert _snapshot(out) == before
    assert list(tmp_path.glob(".extract.tmp-*"))  # hidden, and never read as results
    analysis.extract_to_parquet(["One more."], out)
    assert not list(tmp_path.glob(".extract.tmp-*"))
    assert json.loads((out / "manifest.json").read_text())["rows"]["documents"] == 1


def test_reading_never_changes_the_input(tmp_path, bbc_dir):
    corpus = tmp_path / "politics"
    shutil.copytree(bbc_dir / "politics", corpus)
    table = tmp_path / "t.jsonl"
    _quiet_load(corpus)[["doc_id", "text"]].to_json(table, orient="records", lines=True)
    files = [*sorted(corpus.rglob("*.txt")), table]
    state = [(hashlib.sha256(f.read_bytes()).hexdigest(), f.stat().st_mtime_ns) for f in files]
    _quiet_load(corpus)
    _quiet_load(table)
    list(iter_corpus(corpus, chunk_size=100))
    list(iter_corpus(table, chunk_size=100))
    analysis.extract_to_parquet(corpus, tmp_path / "x", chunk_size=200)
    after = [(hashlib.sha256(f.read_bytes()).hexdigest(), f.stat().st_mtime_ns) for f in files]
    assert after == state
    assert len(list(corpus.rglob("*"))) == len(files) - 1


# --- safe --------------------------------------------------------------------------------
def test_every_html_page_shows_crafted_names_as_inert_text(tmp_path):
    evil = "<img src=x onerror=alert(1)>"
    corpus = _folder(
        tmp_path / "corpus",
        {
            f"{evil}/a.txt": (
                f"<script>alert(2)</script> Acme {evil} wins\n\n"
                'Boss <b onmouseover=alert(3)>Sam</b> said the <a href="javascript:alert(4)">'
                "deal</a> was good. Acme Corp said so too. “We won,” said Jane Doe.\n"
            ),
            "plain/b.txt": "Acme results\n\nAcme Corp said profits rose. Jane Doe agreed.\n",
        },
    )
    lexicon = _write(
        tmp_path / "lex.yaml",
        "actors:\n  - name: '<script>alert(5)</script>Acme'\n    type: organization\n"
        "    aliases: [Acme Corp]\n",
    )
    out = run_report(
        corpus=corpus, out=tmp_path / "out", params={"lexicon": str(lexicon), "group_by": "group"}
    )
    pages = sorted(out.glob("*.html"))
    assert len(pages) == 10  # index and the nine notebooks
    for page in pages:
        html = page.read_text(encoding="utf-8")
        parser = TagCollector()
        parser.feed(html)
        assert parser.only_chart_images and "b" not in parser.tags, page.name
        assert not any(name in ("onerror", "onmouseover") for name, _ in parser.attrs), page.name
        assert not any(v and "javascript:" in v for _, v in parser.attrs), page.name
        assert "<script>alert" not in html, page.name
    actors = (out / "04_actors.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(5)&lt;/script&gt;Acme" in actors


# --- inputs that used to crash, hang or go wrong silently (issue 14) -----------------------
def _cli_in(cwd: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "analysis", *args], capture_output=True, text=True, cwd=cwd, timeout=timeout
    )


def _extracted(out: Path) -> pd.DataFrame:
    return analysis.read_extract(out, "documents")["documents"]


def test_a_named_pipe_in_a_corpus_folder_is_skipped_not_waited_on(tmp_path):
    corpus = _folder(tmp_path / "c", {"a.txt": "Storm hits.\n", "z.txt": "Calm returns.\n"})
    os.mkfifo(corpus / "x.txt")  # nothing ever writes to it: reading it would block forever
    before = _snapshot(corpus)
    done = _cli_in(tmp_path, "extract", "--corpus", "c", "--out", "out", timeout=60)
    assert done.returncode == 0, done.stderr
    assert _extracted(tmp_path / "out")["doc_id"].tolist() == ["a", "z"]
    with pytest.warns(CorpusWarning, match=r"c: skipped 1 entry that is not a regular file, "):
        load_corpus(corpus)
    assert _snapshot(corpus) == before
    done = _cli_in(tmp_path, "extract", "--corpus", "c/x.txt", "--out", "out2", timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "analysis: error: c/x.txt: is a named pipe (FIFO), not a file to read"
    )


def test_1100_nested_folders(tmp_path):
    # made and removed one level at a time: pathlib, shutil.rmtree and os.walk recurse
    folders = [tmp_path / "deep"]
    for _ in range(1100):
        folders.append(folders[-1] / "a")
    for folder in folders:
        folder.mkdir()
    story = _write(folders[-1] / "story.txt", "Deep down, it works.\n")
    try:
        done = _cli_in(tmp_path, "extract", "--corpus", "deep", "--out", "out")
        assert done.returncode == 0, done.stderr
        assert _extracted(tmp_path / "out")["doc_id"].str.count("/").tolist() == [1100]
    finally:
        story.unlink()
        for folder in reversed(folders):
            folder.rmdir()


def test_a_lone_surrogate_in_json_lines_becomes_a_replacement_character(tmp_path):
    _write(
        tmp_path / "t.jsonl",
        '{"text": "Broken \\ud800 pair.", "title": "T\\udfff"}\n{"text": "Fine."}\n',
    )
    with pytest.warns(
        CorpusWarning,
        match=r"t\.jsonl: 2 lone surrogate character\(s\) .* replaced with U\+FFFD "
        r"\(first in line 1\)",
    ):
        docs = load_corpus(tmp_path / "t.jsonl")
    assert docs[["text", "title"]].values.tolist() == [
        ["Broken \ufffd pair.", "T\ufffd"],
        ["Fine.", ""],
    ]
    done = _cli_in(tmp_path, "report", "--corpus", "t.jsonl", "--out", "r", "--notebooks", "01")
    assert done.returncode == 0, done.stderr
    assert "Broken \ufffd pair." in (tmp_path / "r" / "tables" / "01_sentences.csv").read_text()


def test_file_names_that_are_not_utf8(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    with open(os.fsencode(corpus) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(b"Cafe opens.\n")
    _write(corpus / "cafe.txt", "Cafe closes.\n")
    with pytest.warns(CorpusWarning, match=r"1 file name\(s\) are not valid UTF-8"):
        assert load_corpus(corpus)["doc_id"].tolist() == ["cafe", "caf\\xe9"]
    done = _cli_in(tmp_path, "report", "--corpus", "c", "--out", "r", "--notebooks", "01")
    assert done.returncode == 0, done.stderr
    assert "caf\\xe9" in (tmp_path / "r" / "tables" / "01_documents.csv").read_text()


def test_parquet_text_stored_as_bytes_or_lists(tmp_path):
    pd.DataFrame({"text": [b"Bytes are text.", "\ufeffWith a BOM.".encode()]}).to_parquet(
        tmp_path / "b.parquet"
    )
    assert load_corpus(tmp_path / "b.parquet")["text"].tolist() == [
        "Bytes are text.",
        "With a BOM.",
    ]
    pd.DataFrame({"text": [b"caf\xe9"]}).to_parquet(tmp_path / "latin.parquet")
    done = _cli_in(tmp_path, "extract", "--corpus", "latin.parquet", "--out", "out")
    assert done.stderr.strip() == (
        "analysis: error: latin.parquet (column 'text', row 0): is not valid utf-8 at byte 3 "
        "(0xE9); pass encoding='latin-1' (or the file's real encoding), or "
        "encoding_errors='replace'"
    )
    done = _cli_in(
        tmp_path, "extract", "--corpus", "latin.parquet", "--out", "out", "--encoding", "latin-1"
    )
    assert done.returncode == 0, done.stderr
    pd.DataFrame({"text": [["a", "list"], ["of", "words"]]}).to_parquet(tmp_path / "l.parquet")
    done = _cli_in(tmp_path, "extract", "--corpus", "l.parquet", "--out", "out2")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "analysis: error: l.parquet: column 'text' holds lists, not text (row 0); join them "
        "into one text per row, or pass another text_column="
    )
    assert not (tmp_path / "out2").exists()


def test_a_csv_with_two_text_columns_is_refused(tmp_path):
    _write(tmp_path / "two.csv", "id,text,source,text\n1,Body one,AP,Other one\n")
    for args in (["extract", "--out", "out"], ["report", "--out", "r", "--notebooks", "01"]):
        done = _cli_in(tmp_path, *args[:1], "--corpus", "two.csv", *args[1:])
        assert done.returncode == 2
        assert done.stderr.strip() == (
            "analysis: error: two.csv: columns 2 and 4 are both named 'text'; "
            "rename one so that each column has its own name"
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["two.csv"]


def test_a_corpus_of_empty_documents_runs_every_notebook(tmp_path):
    corpus = _folder(tmp_path / "c", {"a.txt": "   \n", "b.txt": "\n\n\t\n"})
    done = _cli_in(tmp_path, "report", "--corpus", "c", "--out", "r")
    assert done.returncode == 0, done.stderr
    pages = sorted(p.name for p in (tmp_path / "r").glob("0*.html"))
    assert len(pages) == 9
    index = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert '<span class="value">2</span><span class="key">empty documents</span>' in index
    assert corpus.is_dir()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "  - {name: Acme, type: organization, ignore_case: 'no'}\n",
            "lex.yaml: actor 'Acme': ignore_case must be true or false, not 'no'",
        ),
        (
            "  - {name: Acme, type: organization, aliases: [Acme Corp, '']}\n",
            "lex.yaml: actor 'Acme': aliases has an empty entry; remove it or fill it in",
        ),
        (
            "  - {name: Acme, type: organization}\n  - {name: Acme, type: person}\n",
            "lex.yaml: actor 'Acme' is defined twice (entries 1 and 2); merge them into one entry",
        ),
    ],
)
def test_lexicon_mistakes_that_used_to_pass(tmp_path, entry, message):
    _write(tmp_path / "lex.yaml", "actors:\n" + entry)
    done = _cli_in(
        tmp_path,
        "extract",
        "--corpus",
        str(PROJ_ROOT / "seeds"),
        "--out",
        "o",
        "--lexicon",
        "lex.yaml",
    )
    assert done.returncode == 2
    assert done.stderr.strip() == f"analysis: error: {message}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lex.yaml"]


def test_encoding_options_on_the_command_line(tmp_path):
    _folder(tmp_path / "c", {"a.txt": "Café owners said prices rose.\n".encode("latin-1")})
    done = _cli_in(tmp_path, "report", "--corpus", "c", "--out", "r", "--notebooks", "01")
    assert done.returncode == 2
    assert "pass encoding='latin-1'" in done.stderr
    done = _cli_in(
        tmp_path,
        "report",
        "--corpus",
        "c",
        "--out",
        "r",
        "--notebooks",
        "01",
        "--encoding",
        "latin-1",
    )
    assert done.returncode == 0, done.stderr
    assert "Café owners" in (tmp_path / "r" / "tables" / "01_sentences.csv").read_text()
    done = _cli_in(
        tmp_path, "extract", "--corpus", "c", "--out", "e", "--encoding-errors", "replace"
    )
    assert done.returncode == 0, done.stderr
    sents = analysis.read_extract(tmp_path / "e", "sentences")["sentences"]
    assert sents["text"].tolist() == ["Caf\ufffd owners said prices rose."]


def test_cells_a_spreadsheet_would_run_are_kept_or_made_safe(tmp_path):
    _folder(
        tmp_path / "c",
        {"a.txt": '=HYPERLINK("http://x.example","click") won.\n\n@handle said -5 was fine.\n'},
    )
    done = _cli_in(tmp_path, "report", "--corpus", "c", "--out", "r", "--notebooks", "01")
    assert done.returncode == 0, done.stderr
    plain = (tmp_path / "r" / "tables" / "01_sentences.csv").read_text()
    assert ',"=HYPERLINK(""http://x.example"",""click"") won.",' in plain  # as it is
    index = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "--safe-csv" in index and "spreadsheet" in index
    done = _cli_in(
        tmp_path, "report", "--corpus", "c", "--out", "r", "--notebooks", "01", "--safe-csv"
    )
    assert done.returncode == 0, done.stderr
    safe = (tmp_path / "r" / "tables" / "01_sentences.csv").read_text()
    assert "\"'=HYPERLINK(" in safe and "'@handle said -5 was fine." in safe
    documents = (tmp_path / "r" / "tables" / "01_documents.csv").read_text()
    assert "'-" not in documents  # numbers stay numbers
