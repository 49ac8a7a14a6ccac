"""Notebook parameters: one table of what each may hold, checked alike everywhere.

Every notebook declares its parameters in a cell tagged ``parameters`` (``top_n: int = 20
# help``).  :data:`PARAMETERS` says, once for all notebooks, what each name may hold; the
report runner checks ``-p`` values against it before any notebook runs, and
:func:`check_parameters`, the first call in every notebook, checks the same rules inside
the notebook, so a value is refused with the same message by the command line, by
papermill and in JupyterLab, and that message is the one a Python caller of the library
gets for the same option.
"""

from __future__ import annotations

import ast
import codecs
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.config import PROJ_ROOT
from analysis.errors import (
    ParameterError,
    check_choice,
    check_int,
    check_strings,
    invalid_value,
)

#: Names papermill writes into its injected cell, which starts with this comment.
INJECTED_HEADER = "# Parameters"


@dataclass(frozen=True)
class Parameter:
    """What one notebook parameter may hold."""

    type: type
    check: Callable[[str, Any], Any] | None = None
    path: bool = False  # a file or folder that must exist ("" means not given)


def _ints(minimum: int | None = None, maximum: int | None = None) -> Callable[[str, Any], Any]:
    return lambda name, value: check_int(name, value, minimum=minimum, maximum=maximum)


def _jobs(name: str, value: Any) -> int:
    check_int(name, value, minimum=-1)
    if value == 0:
        raise invalid_value(name, value, "a positive number of workers, or -1 for all")
    return value


def _codec(name: str, value: Any) -> str:
    if value:
        try:
            codecs.lookup(value)
        except LookupError:
            raise invalid_value(name, value, "a Python codec name such as 'latin-1'") from None
    return value


def _choices(*allowed: str) -> Callable[[str, Any], Any]:
    return lambda name, value: check_choice(name, value, allowed)


#: Every parameter a notebook may declare; a test keeps the notebooks and this table equal.
PARAMETERS: dict[str, Parameter] = {
    "corpus": Parameter(str, path=True),
    "extract_dir": Parameter(str, path=True),
    "lexicon": Parameter(str, path=True),
    "output_dir": Parameter(str),
    "encoding": Parameter(str, _codec),
    "encoding_errors": Parameter(str, _choices("strict", "replace")),
    "top_n": Parameter(int, _ints(1)),
    "ngram_max": Parameter(int, _ints(1, 6)),
    "min_count": Parameter(int, _ints(1)),
    "window": Parameter(int, _ints(1)),
    "n_jobs": Parameter(int, _jobs),
    "terms": Parameter(list, check_strings),
    "group_by": Parameter(str),
    "date_column": Parameter(str),
    "text_column": Parameter(str),
    "outlet_column": Parameter(str),
    "freq": Parameter(str, _choices("auto", "day", "week", "month", "quarter", "year")),
    "min_documents": Parameter(int, _ints(0)),
    "rolling": Parameter(int, _ints(0)),
    "threshold": Parameter(float),
    "n_topics": Parameter(int, _ints(0)),
    "method": Parameter(str, _choices("nmf", "lda")),
    "dictionary": Parameter(str, path=True),
    "discover": Parameter(bool),
    "dedupe": Parameter(bool),
    "stories": Parameter(bool),
}
#: Parameters set by the report runner itself, never by a user.
RUNNER_PARAMETERS: frozenset[str] = frozenset({"output_dir"})
_TYPE_NAMES = {"int": "an integer", "float": "a number", "bool": "True or False", "str": "text"}


def _check_type(name: str, value: Any, expected: type) -> Any:
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if expected is list and isinstance(value, tuple):
        return list(value)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        if expected is list:
            raise invalid_value(name, value, "a list of words or phrases")
        raise invalid_value(name, value, _TYPE_NAMES.get(expected.__name__, expected.__name__))
    return value


def check_value(name: str, value: Any, expected: type | None = None) -> Any:
    """Check one parameter against :data:`PARAMETERS` (or ``expected`` for other names).

    Raises:
        ParameterError: ``NAME=VALUE is not valid; expected ...``, as the library says it.
    """
    rule = PARAMETERS.get(name)
    wanted = rule.type if rule is not None else expected
    if isinstance(wanted, type):
        value = _check_type(name, value, wanted)
    if rule is not None and rule.check is not None:
        value = rule.check(name, value)
    return value


def resolve_path(value: str, *, name: str, base: Path | None = None) -> Path:
    """Resolve a path parameter: relative to ``base`` (the current folder by default).

    In a notebook, a relative path that does not exist from the current folder (JupyterLab
    runs notebooks in ``notebooks/``) is tried from the project root, so ``"seeds"`` means
    the same everywhere; the command line resolves against the folder it was started in
    only (``base=Path.cwd()``).

    Raises:
        ParameterError: the path does not exist.
    """
    path = Path(value).expanduser()
    if base is not None:
        path = path if path.is_absolute() else base / path
        if path.exists():
            return path.resolve()
    else:
        if path.exists():
            return path
        if not path.is_absolute() and (PROJ_ROOT / path).exists():
            return PROJ_ROOT / path
    raise ParameterError(f"{name}={value!r}: no such file or folder")


def coerce_parameter(name: str, raw: Any, type_name: str) -> Any:
    """Turn a command-line string into the parameter's type, then check it.

    papermill's own ``-p`` guesses types from the text (papermill #55); here the table (or,
    for a name it lacks, the notebook's annotation ``type_name``) decides.  A list
    parameter takes YAML (``[Blair, Brown]``) or comma-separated text (``Blair,Brown``;
    ``Blair`` is ``["Blair"]``).  Values from ``--params FILE.yaml`` are checked the same way.
    """
    rule = PARAMETERS.get(name)
    wanted = rule.type if rule is not None else _BUILTIN_TYPES.get(type_name.split("[", 1)[0])
    if isinstance(raw, str) and wanted is not None and wanted is not str:
        raw = _from_text(name, raw, wanted)
    return check_value(name, raw, wanted)


_BUILTIN_TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool}
_BUILTIN_TYPES["list"] = list


def _from_text(name: str, raw: str, wanted: type) -> Any:
    text = raw.strip()
    if wanted is bool:
        lowered = text.lower()
        if lowered not in ("true", "false", "1", "0", "yes", "no"):
            raise invalid_value(name, raw, "True or False")
        return lowered in ("true", "1", "yes")
    if wanted is list:
        if text.startswith("["):
            import yaml

            try:
                value = yaml.safe_load(text)
            except yaml.YAMLError:
                raise invalid_value(name, raw, "a list of words or phrases") from None
            return [str(v) for v in value] if isinstance(value, list) else value
        return [v.strip() for v in text.split(",") if v.strip()]
    try:
        return wanted(text)
    except ValueError:
        raise invalid_value(name, raw, _TYPE_NAMES.get(wanted.__name__, "a value")) from None


# --- inside a notebook ---------------------------------------------------------------------
def _assigned_names(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def injected_names() -> set[str]:
    """The names papermill injected into this kernel (its cell starting ``# Parameters``).

    Read from IPython's input history, so a notebook's own variables are never taken for
    injected parameters, however often its cells run again.  Outside IPython: none.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the kernel
        return set()
    shell = get_ipython()
    history = shell.user_ns.get("In", []) if shell is not None else []
    for source in reversed(history):
        if isinstance(source, str) and source.lstrip().startswith(INJECTED_HEADER):
            return _assigned_names(source)
    return set()


def check_parameters(namespace: Mapping[str, Any]) -> types.SimpleNamespace:
    """Validate a notebook's parameters; call it as ``check_parameters(globals())``.

    Looks only at the parameters the notebook declares (its annotated assignments) and
    the names papermill injected: a name injected but not declared is refused (papermill
    only warns), each declared value must satisfy :data:`PARAMETERS`, and path parameters
    must exist.  Running the notebook again, whole or cell by cell, checks the same names.

    Args:
        namespace: The notebook's global namespace.

    Returns:
        The parameters as attributes, with path parameters resolved to ``Path`` (or
        ``None`` when empty).

    Raises:
        ParameterError: naming the parameter, its value and what is allowed.
    """
    annotations: dict[str, Any] = dict(namespace.get("__annotations__", {}))
    if not annotations:
        raise ParameterError("the notebook's parameters cell declares no typed parameters")
    unknown = sorted(injected_names() - set(annotations))
    if unknown:
        raise ParameterError(
            f"unknown parameter(s) {', '.join(map(repr, unknown))}; this notebook takes "
            f"{', '.join(sorted(annotations))}"
        )
    values: dict[str, Any] = {}
    for name, expected in annotations.items():
        value = check_value(name, namespace.get(name), getattr(expected, "__origin__", expected))
        rule = PARAMETERS.get(name)
        if rule is not None and rule.path:
            value = resolve_path(value, name=name) if value else None
        values[name] = value
    return types.SimpleNamespace(**values)
