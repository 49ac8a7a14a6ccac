"""Count calls of the workbook's costly steps in every process of a run.

Put this folder first on ``PYTHONPATH`` and set ``ANALYSIS_CALL_LOG`` to a file: every
Python process started with them (the report runner, its worker processes, its notebook
kernels) appends one line per call of the functions below to that file.  Python imports
``sitecustomize`` at start-up, before the workbook, so the counting wrappers are in place
before any module takes the functions.  Used by ``benchmarks/count_calls.py`` and a test.
"""

import functools
import os

LOG = os.environ.get("ANALYSIS_CALL_LOG")
#: (module, function) pairs counted: reading a file's text, splitting a text into sentences.
COUNTED = (("analysis.corpus", "decode_bytes"), ("analysis.segment", "sentence_spans"))

if LOG:
    import importlib

    def _counting(name, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with open(LOG, "a", encoding="utf-8") as handle:
                handle.write(f"{name}\t{os.getpid()}\n")
            return function(*args, **kwargs)

        return wrapper

    for module_name, function_name in COUNTED:
        module = importlib.import_module(module_name)
        setattr(module, function_name, _counting(function_name, getattr(module, function_name)))
