"""`python -m digest` is the same as the `digest` console script."""

from digest.cli import run

run()
