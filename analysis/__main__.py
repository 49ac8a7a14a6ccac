"""``python -m analysis report ...``."""

from analysis.cli import run

run()
