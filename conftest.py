"""Repository-wide pytest set-up: the package's docstring examples run from the repository root.

``python -m pytest`` collects them with ``--doctest-modules`` (pyproject's ``addopts``); they
name repository files as the README does (``seeds/``), so each runs with the root as its
working directory, wherever pytest was started.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _pytest.doctest import DoctestItem

ROOT = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def _doctests_run_from_the_repository_root(request, monkeypatch):
    if isinstance(request.node, DoctestItem):
        monkeypatch.chdir(ROOT)
