"""The docs site builds strictly (warnings are errors) and its pages are in the nav."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_every_page_is_in_the_nav():
    yaml = pytest.importorskip("yaml")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def pages(nav):
        for item in nav:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                yield from pages(value)
            else:
                yield value

    listed = set(pages(config["nav"]))
    on_disk = {p.name for p in (ROOT / "docs").glob("*.md") if not p.name.startswith("_")}
    assert on_disk <= listed, f"pages missing from the nav: {sorted(on_disk - listed)}"
    for page in (
        "installation.md",
        "quickstart.md",
        "evaluation.md",
        "record-format.md",
        "cli.md",
        "api.md",
    ):
        assert (ROOT / "docs" / page).exists(), page


def test_mkdocs_build_strict(tmp_path):
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    pytest.importorskip("mkdocs_jupyter")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    api = (tmp_path / "site" / "api" / "index.html").read_text(encoding="utf-8")
    assert "EvaluationReport" in api
    assert "HeadlineAligner" in api
    assert "language-pycon" in api  # doctest examples render as code
    # the executed notebooks are pages, with their outputs (tables, the heatmap PNG)
    for name in ("01_quickstart", "02_evaluate_bulletins"):
        page = (tmp_path / "site" / "notebooks" / name / "index.html").read_text(encoding="utf-8")
        assert "data:image/png;base64," in page, name
        assert "김현종 방미" in page or "P@1" in page, name
    # the evaluation page shows the report's plots, and the images are in the site
    evaluation = (tmp_path / "site" / "evaluation" / "index.html").read_text(encoding="utf-8")
    for image in ("ntrex_summary_scores.png", "ntrex_summary_heatmap.png"):
        assert image in evaluation
        assert (tmp_path / "site" / "img" / image).is_file()
