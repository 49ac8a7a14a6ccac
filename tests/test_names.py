"""The name model: its file, its training, and its scores on CoNLL-2003's development split."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import analysis
from analysis.actors.discovery import candidate_runs
from analysis.actors.names import MODEL_FILE, NameModel, name_model
from analysis.actors.train_names import fit, model_entities, read_conll, scores
from analysis.config import PROJ_ROOT
from tests.conftest import require_data

CONLL_DIR = PROJ_ROOT.parent / "shared" / "data" / "conll2003"


def test_the_model_loads_without_unpickling_and_tags_in_a_fresh_process_offline():
    with np.load(MODEL_FILE, allow_pickle=False) as data:  # plain arrays, no objects
        assert {"vocabulary", "weights", "labels"} <= set(data.files)
        assert data["weights"].dtype == np.float16
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('no network in this test')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "import analysis\n"
        "m = analysis.actor_mentions(['Yesterday Tomas Rydell of Vantor Systems flew to "
        "Port Elvira.'], lexicon=None)\n"
        "print(sorted(zip(m.surface, m.type)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJ_ROOT
    )
    assert out.stdout.strip() == str(
        sorted(
            [
                ("Tomas Rydell", "person"),
                ("Vantor Systems", "organization"),
                ("Port Elvira", "place"),
            ]
        )
    )


def test_a_run_is_labelled_under_the_bio_constraint():
    # Viterbi: no name starts with an I- label; "Los Angeles" is one place, not two names
    model = name_model()
    text = "Later Los Angeles voted no."
    runs = candidate_runs(text, [0])
    (found,) = model.names(runs)
    assert [(text[n.start : n.end], n.label) for n in found] == [("Los Angeles", "LOC")]
    assert 0.0 < found[0].confidence < 1.0


def test_conll_reading_turns_iob1_into_spans(tmp_path):
    path = tmp_path / "mini.conll"
    path.write_text(
        "-DOCSTART- -X- O O\n\n"
        "EU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\ncall NN I-NP O\n\n"
        "Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\nand CC O O\n"
        "Smith NNP I-NP B-PER\nJones NNP I-NP B-PER\n\n"
    )
    (doc,) = read_conll(path)
    assert doc.text == "EU rejects German call\nPeter Blackburn and Smith Jones\n"
    spans = [(doc.text[s:e], kind) for s, e, kind in doc.entities]
    # B- opens a second entity of the same type that touches the first
    assert spans == [
        ("EU", "ORG"),
        ("German", "MISC"),
        ("Peter Blackburn", "PER"),
        ("Smith", "PER"),
        ("Jones", "PER"),
    ]


def test_the_shipped_model_scores_on_the_development_split():
    dev = read_conll(require_data(CONLL_DIR) / "eng.testa")
    result = scores([set(d.entities) for d in dev], [model_entities(name_model(), d) for d in dev])
    # measured: .893 over PER+ORG+LOC, ORG .835 (make model prints them); floors, not values
    assert result["PER+ORG+LOC"]["f1"] >= 0.88
    assert result["ORG"]["f1"] >= 0.82
    assert result["PER"]["f1"] >= 0.89 and result["LOC"]["f1"] >= 0.91


def test_training_learns_from_a_few_hundred_documents():
    train = read_conll(require_data(CONLL_DIR) / "eng.train")[:150]
    dev = read_conll(CONLL_DIR / "eng.testa")[:60]
    model = fit(train)
    assert isinstance(model, NameModel)
    result = scores([set(d.entities) for d in dev], [model_entities(model, d) for d in dev])
    # 150 of the 946 training documents already reach .81 on 60 development documents
    assert result["PER+ORG+LOC"]["f1"] >= 0.78


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Shares in TimeWarner rose.", "TimeWarner", "organization"),
        ("The Trade minister spoke; trade fell.", None, None),
    ],
)
def test_brands_are_no_persons_and_ordinary_words_no_names(text, name, kind):
    m = analysis.actor_mentions([text])
    found = dict(zip(m.surface, m.type, strict=True))
    if name is None:
        assert "Trade" not in found
    else:
        assert found[name] == kind


def test_a_lone_word_named_twice_is_a_person_only_as_someones_surname():
    text = (
        "Shares in Vantor fell on Monday. Vantor said sales were weak. Tim Rydell spoke. "
        "Rydell said he was calm. Later Mr Okafor arrived; Okafor left at noon."
    )
    m = analysis.actor_mentions([text])
    typed = dict(zip(m.surface, m.type, strict=False))
    assert typed["Vantor"] == "organization"  # never a surname: a company
    assert typed["Rydell"] == "person" and typed["Okafor"] == "person"
