"""Reports people can read: Hangul in every plot, the evidence heatmap, report.md, the base install."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from ko_en_align.report import best_cells, hangul_font, plot_heatmap, worst_predictions

ROOT = Path(__file__).resolve().parents[1]
SEED_HEADLINE = '김현종 방미 "日 수출규제 美 중재 논의"'


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_hangul_renders_without_missing_glyph_warnings(tmp_path):
    """The packaged NanumGothic covers Hangul, the Hanja abbreviations and headline punctuation."""
    import matplotlib

    before = {k: matplotlib.rcParams[k] for k in ("font.family", "axes.unicode_minus")}
    labels = [
        "김현종 방미",
        "日 수출규제",
        "美 중재 논의",
        "北 미사일 발사…",
        "‘속보’ 「中」 ㆍ 경제",
    ]
    sentences = ["Kim Hyun-chong arrived in Washington.", "Japan's export curbs — 'unfair'."]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = plot_heatmap(
            labels,
            sentences,
            [[0.1 * (r + c) - 0.2 for c in range(2)] for r in range(5)],  # negative ticks too
            tmp_path / "hangul.png",
            title=f"seed: {SEED_HEADLINE}",
        )
    assert [str(w.message) for w in caught] == []
    assert hangul_font() == "NanumGothic"
    width, height = _png_size(png)
    assert width > 600
    assert height > 300
    # no global side effects: the font is only used inside the plot's rc_context
    assert {k: matplotlib.rcParams[k] for k in before} == before


def test_hangul_font_is_the_packaged_file():
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties(family=hangul_font()))
    assert Path(path).name == "NanumGothic.ttf"
    assert "koreanize_matplotlib" in path


def test_heatmap_marks_given_cells_and_rejects_bad_shapes(tmp_path):
    matrix = [[0.2, 0.9, 0.1], [0.5, 0.4, 0.6]]
    assert best_cells(matrix) == [(0, 1), (1, 2)]
    words = ["김현종", "방미"]  # word rows, as the word-level summary check will pass them
    out = plot_heatmap(words, ["a.", "b.", "c."], matrix, tmp_path / "w.png", marked=[(0, 0)])
    assert out.stat().st_size > 5_000
    with pytest.raises(ValueError, match="2 rows .* of 3 values"):
        plot_heatmap(words, ["a.", "b.", "c."], [[0.1, 0.2, 0.3]], tmp_path / "x.png")
    with pytest.raises(ValueError, match=r"marked cells \[\(2, 0\)\] are outside the 2 × 3"):
        plot_heatmap(words, ["a.", "b.", "c."], matrix, tmp_path / "x.png", marked=[(2, 0)])
    with pytest.raises(ValueError, match="at least one row and one sentence"):
        plot_heatmap([], ["a."], [], tmp_path / "x.png")


def test_worst_predictions_orders_by_distance_from_gold():
    preds = [
        {"id": "ok", "rank": 1, "best_score": 0.9, "gold_scores": [0.9]},
        {"id": "far", "rank": 7, "best_score": 0.8, "gold_scores": [0.2]},
        {"id": "near", "rank": 2, "best_score": 0.6, "gold_scores": [0.55]},
        {"id": "near-but-confident", "rank": 2, "best_score": 0.9, "gold_scores": [0.3]},
    ]
    assert [p["id"] for p in worst_predictions(iter(preds), "pairing", n=3)] == [
        "far",
        "near-but-confident",
        "near",
    ]
    summary = [
        {"id": "fine", "faithful": True, "score": 0.9, "threshold": 0.5},
        {"id": "missed", "faithful": True, "score": 0.1, "threshold": 0.5},
        {"id": "fooled", "faithful": False, "score": 0.7, "threshold": 0.5},
    ]
    assert [p["id"] for p in worst_predictions(summary, "summary", n=2)] == ["missed", "fooled"]


@pytest.mark.slow
def test_report_md_reads_as_a_page(ntrex_pairing_run):
    """Metrics table, plots linked relatively and present, the five worst with their sentences."""
    report, out = ntrex_pairing_run
    page = (out / "report.md").read_text(encoding="utf-8")
    assert "| config | P@1 | P@3 | MRR | " in page
    assert "| seconds |\n|---|" in page
    assert re.search(r"^\| hybrid \| [01]\.\d{4} \|", page, flags=re.MULTILINE)
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", page)
    assert sorted(links) == ["heatmap.png", "reliability.png", "scores.png"]
    for link in links:
        assert (out / link).is_file()  # relative to report.md
    assert "## Worst bulletins (hybrid)" in page
    worst = page.split("## Worst bulletins (hybrid)", 1)[1].split("## Configurations", 1)[0]
    entries = re.findall(r"^### \d\. `([^`]+)`", worst, flags=re.MULTILINE)
    assert len(entries) == 5
    preds = [
        json.loads(line)
        for line in (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    hybrid = {p["id"]: p for p in preds if p["config"] == "hybrid"}
    worst_rank = max(p["rank"] for p in hybrid.values())
    assert hybrid[entries[0]]["rank"] == worst_rank  # (1 when every headline is a hit)
    first = hybrid[entries[0]]
    for text in (first["headline"], first["gold_sentence"], first["best_sentence"]):
        assert " ".join(text.split()).replace("|", "\\|") in worst
    assert report.metrics["hybrid"]["n"] == len(hybrid)


# ---------------------------------------------------------------- the base install
#: test extras that the base install does not have (pyproject [project.optional-dependencies])
_TEST_ONLY = (
    "pandas",
    "datasets",
    "pyarrow",
    "sentence_transformers",
    "sklearn",
    "jellyfish",
    "hypothesis",
    "nbclient",
    "nbformat",
    "ipykernel",
    "IPython",
    "mkdocs",
)


def test_plot_dependencies_are_in_the_base_install():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=!~\[ ;]", d, maxsplit=1)[0].lower() for d in project["dependencies"]}
    assert {"matplotlib", "koreanize-matplotlib"} <= names


@pytest.mark.slow
def test_cli_evaluate_summary_writes_plots_with_base_dependencies_only(tmp_path):
    """`ko-en-align evaluate ... --task summary --out r/` in a fresh process imports no test extra."""
    data = ROOT / "tests" / "data" / "ntrex128_ko_en_news_docs_first12.jsonl"
    out = tmp_path / "r"
    code = (
        "import sys\n"
        "from ko_en_align.cli import main\n"
        f"rc = main(['evaluate', {str(data)!r}, '--task', 'summary', '--limit', '4',"
        f" '--no-progress', '--out', {str(out)!r}])\n"
        f"extras = sorted(m for m in {_TEST_ONLY!r} if m in sys.modules)\n"
        "print('TEST-ONLY IMPORTS', extras)\n"
        "sys.exit(rc)\n"
    )
    env = {**os.environ, "PYTHONWARNINGS": "error::UserWarning"}  # a missing glyph fails the run
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=env,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "TEST-ONLY IMPORTS []" in proc.stdout, proc.stdout
    assert "read 4 = processed 4 + rejected 0" in proc.stderr
    for name in ("scores.png", "reliability.png", "heatmap.png"):
        width, height = _png_size(out / name)
        assert width > 300
        assert height > 300
    page = (out / "report.md").read_text(encoding="utf-8")
    assert "![score distributions](scores.png)" in page
    assert "## Worst bulletins (default)" in page


def test_heatmap_bulletin_prefers_a_headline_with_several_claims():
    """A one-claim headline draws a single row, so evaluate keeps looking for one with two or more."""
    from ko_en_align import Bulletin
    from ko_en_align.evaluate import _better_heatmap

    body = ["Kim Hyun-chong arrived in Washington.", "Japan's export curbs were discussed."]
    single = Bulletin(
        "허리케인 로사의 잔류가 미국 서북부에 광범위한 폭우를 가져오다", body, id="one"
    )
    several = Bulletin(SEED_HEADLINE, body, id="seed")
    assert _better_heatmap(single, None, None)
    assert _better_heatmap(several, single, None)
    assert not _better_heatmap(single, several, None)
    assert not _better_heatmap(several, several, None)  # the first multi-claim one stays
    assert _better_heatmap(single, None, "one")
    assert not _better_heatmap(several, single, "one")  # an explicit --heatmap-id wins


def test_without_a_hangul_font_labels_are_romanised(tmp_path, monkeypatch, caplog):
    """No Hangul font: a warning, and the plots' Korean labels are romanised (RR), Hanja
    abbreviations written as what they stand for, so no glyph is drawn as a box."""
    import importlib.util

    from matplotlib import font_manager

    import ko_en_align.report as report

    with monkeypatch.context() as m:
        m.setattr(importlib.util, "find_spec", lambda name: None)
        m.setattr(font_manager.fontManager, "ttflist", [])
        assert report.hangul_font.__wrapped__() is None  # the uncached lookup
    assert "no Hangul font found; plot labels are romanised" in caplog.text
    assert report._label("北 미사일 발사", 40, False) == "[North Korea] misail balsa"
    assert report._label("abc def ghi", 8, True) == "abc def…"  # long labels are shortened
    monkeypatch.setattr(report, "hangul_font", lambda: None)
    png = report.plot_heatmap(
        ["김현종 방미", "美 중재 논의"],
        ["Kim arrived.", "U.S. mediation"],
        [[0.9, 0.1], [0.2, 0.8]],
        tmp_path / "h.png",
    )
    width, height = _png_size(png)
    assert width > 300
    assert height > 100
