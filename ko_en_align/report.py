"""Write an :class:`~ko_en_align.evaluate.EvaluationReport` to disk: JSON, Markdown and PNG plots.

* ``report.json``: metrics, configurations, counts, errors, score samples;
* ``report.md``: a table per configuration, the counts and links to the plots;
* ``scores.png``: score distributions of positives vs. negatives per configuration;
* ``reliability.png``: a reliability diagram (mean score vs. observed frequency);
* ``heatmap.png``: headline claims × body sentences similarity for one bulletin.

matplotlib is imported only when plots are drawn (``Agg`` back end, no display).

>>> from ko_en_align.report import plot_claim_heatmap      # doctest: +SKIP
>>> plot_claim_heatmap(["김현종 방미", "美 중재 논의"], ["Kim Hyun-chong arrived.", "Rain fell."],
...                    [[0.9, 0.1], [0.3, 0.2]], "heatmap.png")  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ko_en_align.bulletin import Bulletin
    from ko_en_align.encoder import Encoder
    from ko_en_align.evaluate import EvaluationReport

logger = logging.getLogger(__name__)

_POSITIVE = {
    "pairing": "gold support sentences",
    "summary": "faithful headlines",
    "entities": "correct matches",
}
_NEGATIVE = {
    "pairing": "other sentences",
    "summary": "unfaithful headlines",
    "entities": "wrong matches",
}
_RELIABILITY = {
    "pairing": "top-1 score vs. top-1 correct",
    "summary": "summary score vs. faithful",
    "entities": "match score vs. correct",
}


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError as exc:  # pragma: no cover - depends on the environment
        msg = 'plots require matplotlib: pip install "ko-en-align[plots]" (or pass plots=False / --no-plots)'
        raise ImportError(msg) from exc
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _korean_font(plt: Any) -> bool:
    """Use an installed font with Hangul glyphs; False when there is none."""
    from matplotlib import font_manager

    wanted = (
        "Noto Sans CJK KR",
        "Noto Sans KR",
        "NanumGothic",
        "Malgun Gothic",
        "AppleGothic",
        "UnDotum",
    )
    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in wanted:
        if name in names:
            plt.rcParams["font.family"] = [name, "DejaVu Sans"]
            return True
    return False


def _label(text: str, limit: int, hangul_font: bool) -> str:
    """Shorten a label; without a Hangul font, romanise it (boxes help nobody)."""
    if not hangul_font:
        from ko_en_align.entities import lookup, romanize

        def hanja(ch: str) -> str:  # 日 -> Japan, 美 -> United States; other CJK -> ·
            if ord(ch) < 0x2E80:
                return ch
            entry = lookup(ch)
            return f"[{entry.normalized}]" if entry is not None else "·"

        text = "".join(hanja(ch) for ch in romanize(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plot_score_distributions(report: EvaluationReport, path: str | os.PathLike[str]) -> Path:
    """Histograms of positive vs. negative scores, one panel per configuration."""
    plt = _pyplot()
    names = list(report.curves)
    fig, axes = plt.subplots(1, len(names), figsize=(5 * len(names), 3.6), squeeze=False)
    for ax, name in zip(axes[0], names, strict=True):
        curve = report.curves[name]
        bins = [i / 25 for i in range(26)]
        ax.hist(
            curve["negative_scores"],
            bins=bins,
            alpha=0.6,
            density=True,
            label=_NEGATIVE[report.task],
            color="#d62728",
        )
        ax.hist(
            curve["positive_scores"],
            bins=bins,
            alpha=0.6,
            density=True,
            label=_POSITIVE[report.task],
            color="#1f77b4",
        )
        ax.set_title(f"{name}")
        ax.set_xlabel("score")
        ax.set_ylabel("density")
        ax.legend(fontsize=8)
    fig.suptitle(f"{report.task}: score distributions")
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def plot_reliability(report: EvaluationReport, path: str | os.PathLike[str]) -> Path:
    """Reliability diagram: per score bin, mean score vs. observed frequency, all configurations."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(4.6, 4.2))
    ax.plot([0, 1], [0, 1], linestyle="--", color="gray", linewidth=1, label="perfectly calibrated")
    for name, curve in report.curves.items():
        bins = curve["reliability"]
        if bins:
            ax.plot(
                [b["mean_score"] for b in bins],
                [b["frequency"] for b in bins],
                marker="o",
                label=name,
            )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("mean score in bin")
    ax.set_ylabel("observed frequency")
    ax.set_title(f"{report.task}: {_RELIABILITY[report.task]}", fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def claim_sentence_matrix(
    bulletin: Bulletin, encoder: Encoder
) -> tuple[list[str], list[str], list[list[float]]]:
    """Cosine similarity of each headline claim (rows) with each body sentence (columns).

    >>> claims, sentences, m = claim_sentence_matrix(bulletin, encoder)   # doctest: +SKIP
    >>> claims
    ['김현종 방미', '日 수출규제', '美 중재 논의']
    """
    from ko_en_align.segment import split_claims

    claims = [c.text for c in split_claims(bulletin.headline)] or [bulletin.headline]
    q = encoder.encode(claims, role="query")
    p = encoder.encode(list(bulletin.sentences), role="passage")
    return claims, list(bulletin.sentences), (q @ p.T).tolist()


def plot_claim_heatmap(
    claims: Sequence[str],
    sentences: Sequence[str],
    matrix: Sequence[Sequence[float]],
    path: str | os.PathLike[str],
    *,
    title: str = "",
) -> Path:
    """Heatmap of headline claims (rows) × body sentences (columns)."""
    plt = _pyplot()
    hangul = _korean_font(plt)
    n_rows, n_cols = len(claims), len(sentences)
    fig, ax = plt.subplots(figsize=(max(6.0, 0.45 * n_cols + 2.5), 0.6 * n_rows + 2.2))
    image = ax.imshow(matrix, aspect="auto", cmap="viridis")
    ax.set_yticks(range(n_rows))
    ax.set_yticklabels([_label(c, 28, hangul) for c in claims])
    ax.set_xticks(range(n_cols))
    ax.set_xticklabels([str(i) for i in range(n_cols)])
    ax.set_xlabel("body sentence #")
    for r in range(n_rows):
        c = max(range(n_cols), key=lambda j: matrix[r][j])
        ax.text(c, r, "*", ha="center", va="center", color="white", fontsize=9)
    fig.colorbar(image, ax=ax, label="cosine")
    if title:
        ax.set_title(_label(title, 90, hangul), fontsize=9)
    out = Path(path)
    with warnings.catch_warnings():
        # without a Hangul font installed, labels show boxes; that is not worth an error
        warnings.filterwarnings("ignore", message=".*[Gg]lyph.*missing.*")
        fig.tight_layout()
        fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def to_markdown(report: EvaluationReport) -> str:
    """The human report: metrics table, counts, configurations, plots, first errors."""
    cols = report._metric_columns()
    lines = [
        f"# Evaluation: {report.task}",
        "",
        f"Data: `{report.data}`  ",
        f"{report.summary}",
        "",
    ]
    lines.append("| config | " + " | ".join(cols) + " | seconds |")
    lines.append("|---|" + "---:|" * (len(cols) + 1))
    for name, m in report.metrics.items():
        cells = [_md(m.get(c)) for c in cols]
        lines.append(
            f"| {name} | " + " | ".join(cells) + f" | {report.seconds.get(name, math.nan):.1f} |"
        )
    lines += ["", "## Configurations", ""]
    for name, opts in report.configs.items():
        shown = ", ".join(f"`{k}={v}`" for k, v in opts.items()) or "library defaults"
        lines.append(f"- **{name}**: {shown}")
    if report.plots:
        lines += ["", "## Plots", ""]
        lines += [f"![{Path(p).stem}]({Path(p).name})" for p in report.plots]
    if report.errors:
        lines += ["", f"## Rejected records ({len(report.errors)}, all in errors.jsonl)", ""]
        for e in report.errors[:20]:
            where = f"{e.source}:{e.line}" if e.line is not None else e.source
            lines.append(f"- `{where}`: {e.reason}")
    lines += [
        "",
        "Per-bulletin predictions: `predictions.jsonl` (one JSON object per bulletin and configuration).",
        "",
    ]
    return "\n".join(lines)


def _md(value: Any) -> str:
    if isinstance(value, float):
        return "nan" if math.isnan(value) else f"{value:.4f}"
    return str(value)


def _json_safe(obj: Any) -> Any:
    if isinstance(obj, float) and math.isnan(obj):
        return None
    if isinstance(obj, dict):
        return {k: _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_json_safe(v) for v in obj]
    return obj


def write_report(
    report: EvaluationReport,
    out_dir: str | os.PathLike[str],
    *,
    plots: bool = True,
    heatmap_bulletin: Bulletin | None = None,
    encoder: Encoder | None = None,
) -> EvaluationReport:
    """Write report.json, report.md and (with ``plots``) PNG files; return the report with ``plots`` filled in."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    if plots:
        written.append(str(plot_score_distributions(report, out / "scores.png")))
        written.append(str(plot_reliability(report, out / "reliability.png")))
        if heatmap_bulletin is not None and encoder is not None:
            claims, sentences, matrix = claim_sentence_matrix(heatmap_bulletin, encoder)
            written.append(
                str(
                    plot_claim_heatmap(
                        claims,
                        sentences,
                        matrix,
                        out / "heatmap.png",
                        title=f"{heatmap_bulletin.id}: {heatmap_bulletin.headline}",
                    )
                )
            )
    report = dataclasses.replace(report, plots=tuple(written))
    (out / "report.json").write_text(
        json.dumps(_json_safe(report.to_dict(curves=True)), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    (out / "report.md").write_text(to_markdown(report), encoding="utf-8")
    logger.info("report written to %s", out)
    return report
