"""The notebooks run top to bottom, offline, with a kernel on this interpreter (so they never rot)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.fixture
def kernel_on_this_python(tmp_path, monkeypatch):
    """A 'python3' kernelspec that launches ipykernel with sys.executable (the test venv), found first."""
    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (test venv)",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return "python3"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["01_quickstart.ipynb", "02_evaluate_bulletins.ipynb"])
def test_notebook_runs_top_to_bottom(name, kernel_on_this_python):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        kernel_name=kernel_on_this_python,
        timeout=300,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    saved = _outputs(nb)
    client.execute()
    errors = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.output_type == "error"
    ]
    assert not errors
    images = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if "image/png" in o.get("data", {})
    ]
    assert images, "the notebook should show at least one plot"
    # the committed outputs come from this code: same cells show the same kinds of output
    assert _outputs(nb) == saved, "re-execute the notebook and commit it with its outputs"


def _outputs(nb) -> list[tuple[int, list[str]]]:
    """Per code cell: its index and the kinds of output it shows (stream name or MIME types)."""
    shown = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            kinds = sorted(
                {
                    o.get("name") or "+".join(sorted(o.get("data", {})))
                    for o in cell.get("outputs", [])
                    if o.get("name") != "stderr"  # warnings and logs vary from run to run
                }
            )
            shown.append((i, kinds))
    return shown


@pytest.mark.parametrize("name", ["01_quickstart.ipynb", "02_evaluate_bulletins.ipynb"])
def test_notebooks_are_committed_executed(name):
    """A reader browsing the repository (or the docs site) sees the tables and pictures."""
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    counts = [c.get("execution_count") for c in code]
    assert all(counts), f"{name}: cells never run: {[i for i, n in enumerate(counts) if not n]}"
    assert counts == sorted(counts), f"{name}: cells were run out of order: {counts}"
    outputs = [o for c in code for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"], name
    assert any("image/png" in o.get("data", {}) for o in outputs), name
    # what a reader sees: the HTML of rich outputs, else their plain text; streams
    shown = [
        o.get("text") or o.get("data", {}).get("text/html") or o.get("data", {}).get("text/plain")
        for o in outputs
    ]
    text = json.dumps(shown, ensure_ascii=False)
    local = re.findall(r"(?<![\w.])/(?:home|tmp|work|Users|root|private)/[^\s'\"]*", text)
    assert not local, f"{name}: outputs show local folders {local[:3]}"
