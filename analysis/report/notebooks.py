"""The notebooks of a report, and the parameters they declare.

Each notebook has one cell tagged ``parameters`` of typed assignments with a ``# help``
comment (``top_n: int = 20  # how many rows``), read here as papermill's
``inspect_notebook`` reads it (name, type, default, help) but with the standard library
alone, so that a bad ``-p`` is refused before papermill is even imported.  The runner checks
every value against these declarations and the rules of :mod:`analysis.parameters`.
"""

from __future__ import annotations

import ast
import io
import json
import tokenize
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.config import NOTEBOOKS_DIR
from analysis.errors import ParameterError, ReportError, invalid_value
from analysis.parameters import PARAMETERS, RUNNER_PARAMETERS, coerce_parameter, resolve_path

#: The notebook metadata key of the report's settings for a notebook.
METADATA_KEY = "news_analysis_report"


@dataclass(frozen=True)
class NotebookSpec:
    """One notebook of the report and the parameters its ``parameters`` cell declares.

    ``weight`` is how long the notebook takes relative to the others (its metadata's
    ``news_analysis_report.weight``, 1 when absent): a report starts the heaviest first, so
    that no kernel is left running the longest notebook alone at the end.
    """

    path: Path
    parameters: dict[str, dict[str, Any]]
    weight: float = 1.0

    @property
    def name(self) -> str:
        return self.path.stem


def available_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The numbered notebooks (``NN_name.ipynb``) in ``folder``, in order; ``00_*`` is the
    guide to the others, read in JupyterLab, not a page of a report."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb") if not p.name.startswith("00_"))


def notebook_spec(path: Path) -> NotebookSpec:
    """Read the parameters a notebook declares in its cell tagged ``parameters``.

    Returns:
        The spec, whose ``parameters`` map each name to papermill's description of it:
        ``name``, ``inferred_type_name``, ``default`` (source text) and ``help``.
    """
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = notebook.get("cells", [])
    settings = notebook.get("metadata", {}).get(METADATA_KEY, {})
    weight = settings.get("weight", 1.0) if isinstance(settings, dict) else 1.0
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight > 0:
        raise ReportError(f"{path}: metadata {METADATA_KEY}.weight must be a positive number")
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        raise ReportError(f"{path}: needs exactly one cell tagged 'parameters', has {len(tagged)}")
    source = tagged[0]["source"]
    source = "".join(source) if isinstance(source, list) else source
    return NotebookSpec(path=path, parameters=declared_parameters(source), weight=float(weight))


def declared_parameters(source: str) -> dict[str, dict[str, Any]]:
    """The typed assignments of a parameters cell, as papermill's ``inspect_notebook`` gives
    them (untyped assignments have the type name ``"None"``)."""
    comments = {
        token.start[0]: token.string.lstrip("#").strip()
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }
    out: dict[str, dict[str, Any]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name, kind = node.target.id, ast.unparse(node.annotation)
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name, kind = node.targets[0].id, "None"
        else:
            continue
        out[name] = {
            "name": name,
            "inferred_type_name": kind,
            "default": ast.get_source_segment(source, node.value) if node.value else "None",
            "help": comments.get(node.lineno, ""),
        }
    return out


def select_notebooks(selection: str | Sequence[str] | None) -> list[NotebookSpec]:
    """Pick notebooks by number prefix (``"01,03"``) or name; all of them by default."""
    paths = available_notebooks()
    if not paths:
        raise ReportError(f"{NOTEBOOKS_DIR}: no numbered notebooks found")
    if selection:
        wanted = selection.split(",") if isinstance(selection, str) else list(selection)
        chosen = []
        for item in (w.strip() for w in wanted if w.strip()):
            match = [p for p in paths if p.stem == item or p.stem.split("_", 1)[0] == item]
            if not match:
                raise invalid_value("notebooks", item, [p.stem.split("_", 1)[0] for p in paths])
            chosen.extend(m for m in match if m not in chosen)
        paths = chosen
    return [notebook_spec(p) for p in paths]


def resolve_parameters(
    specs: Sequence[NotebookSpec], params: Mapping[str, Any], *, base: Path
) -> dict[str, dict[str, Any]]:
    """Check ``params`` against the notebooks' declared parameters before anything runs.

    Args:
        specs: The notebooks to run.
        params: Parameter values (strings from ``-p`` are converted to the declared type).
        base: The folder relative paths are resolved from (where the command started).

    Returns:
        For each notebook name, the parameters it declares among ``params``, converted to
        their types, path parameters made absolute.

    Raises:
        ParameterError: an unknown name (declared by none of the notebooks), a value that
            does not fit its type or range, or a path parameter whose path does not exist.
    """
    declared: dict[str, str] = {}
    for spec in specs:
        for name, info in spec.parameters.items():
            declared.setdefault(name, info.get("inferred_type_name") or "None")
    for name in params:
        if name in RUNNER_PARAMETERS:
            raise ParameterError(f"parameter {name!r} is set by the report runner, not by users")
        if name not in declared:
            raise ParameterError(
                f"unknown parameter {name!r}; the selected notebooks take "
                f"{', '.join(sorted(set(declared) - RUNNER_PARAMETERS))}"
            )
    typed = {name: coerce_parameter(name, raw, declared[name]) for name, raw in params.items()}
    for name, value in typed.items():
        rule = PARAMETERS.get(name)
        if rule is not None and rule.path and value:
            typed[name] = str(resolve_path(value, name=name, base=base))
    return {spec.name: {k: v for k, v in typed.items() if k in spec.parameters} for spec in specs}


def declared_default(specs: Sequence[NotebookSpec], name: str) -> Any:
    """The largest default any of ``specs`` declares for ``name`` (``None``: none does)."""
    values = []
    for spec in specs:
        info = spec.parameters.get(name)
        if info is not None:
            try:
                values.append(ast.literal_eval(info["default"]))
            except (ValueError, SyntaxError):
                continue
    return max(values) if values else None
