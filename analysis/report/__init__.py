"""Reports: run the notebooks on one extract of the corpus and write a complete folder.

* :mod:`~analysis.report.saving`: what notebooks call to save the tables and figures behind
  their charts (:func:`save_table`, :func:`save_figure`);
* :mod:`~analysis.report.notebooks`: the notebooks and the parameters they declare;
* :mod:`~analysis.report.kernels`: warm kernels of the project's own Python;
* :mod:`~analysis.report.pages`: the HTML pages and the index;
* :mod:`~analysis.report.runner`: :func:`run_report`, behind ``analysis report``.
"""

from analysis.report.notebooks import (
    NotebookSpec,
    available_notebooks,
    notebook_spec,
    resolve_parameters,
    select_notebooks,
)
from analysis.report.runner import TIME_FIELDS, run_report
from analysis.report.saving import SPREADSHEET_NOTE, make_csv_safe, save_figure, save_table

__all__ = [
    "SPREADSHEET_NOTE",
    "TIME_FIELDS",
    "NotebookSpec",
    "available_notebooks",
    "make_csv_safe",
    "notebook_spec",
    "resolve_parameters",
    "run_report",
    "save_figure",
    "save_table",
    "select_notebooks",
]
