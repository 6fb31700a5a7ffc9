"""Write an :class:`~ko_en_align.evaluate.EvaluationReport` to disk: JSON, Markdown and PNG plots.

* ``report.json``: metrics, configurations, counts, errors, score samples;
* ``report.md``: a page for people: the metrics table, the plots embedded with
  relative links, the five worst bulletins (headline, gold and predicted
  sentences) and the rejected records;
* ``scores.png``: score distributions of positives vs. negatives per configuration;
* ``reliability.png``: a reliability diagram (mean score vs. observed frequency);
* ``heatmap.png``: headline claims × body sentences similarity for one bulletin,
  the best sentence of each claim outlined.

Plots are drawn on plain :class:`matplotlib.figure.Figure` objects (no pyplot
state, no back-end switch) with the NanumGothic font that the
``koreanize-matplotlib`` package ships (SIL Open Font License), so Hangul and
the Hanja abbreviations of headlines (日, 美, 中) render instead of boxes. The
font is registered with matplotlib's font manager on the first plot and used
through a temporary ``rc_context``: importing this module or drawing a plot
changes no global ``rcParams``.

>>> import tempfile
>>> from ko_en_align.report import plot_heatmap
>>> png = plot_heatmap(["김현종 방미", "美 중재 논의"],
...                    ["Kim Hyun-chong arrived in Washington.", "Rain fell in Seoul."],
...                    [[0.91, 0.12], [0.34, 0.20]], Path(tempfile.mkdtemp()) / "heatmap.png")
>>> png.name, png.stat().st_size > 10_000
('heatmap.png', True)
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import heapq
import json
import logging
import math
import os
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

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
#: how each metric points, for the reader of report.md
_METRIC_HELP = {
    "pairing": "P@k: the gold sentence is among the top k; MRR: mean reciprocal rank of the first "
    "gold sentence; ECE: calibration error of the top-1 score (lower is better).",
    "summary": "AUROC: faithful headlines ranked above unfaithful ones; accuracy and F1 at the "
    "threshold; ECE: calibration error of the score (lower is better).",
    "entities": "precision / recall / F1 of the matched (Korean, English) name pairs; accuracy@1: "
    "the best English mention of each gold Korean name is right.",
}
#: the packaged Hangul font: koreanize-matplotlib's NanumGothic (OFL), found without importing
#: the package (its import sets global rcParams, and it imports distutils, gone in Python 3.12)
_FONT_PACKAGE, _FONT_FILE = "koreanize_matplotlib", "fonts/NanumGothic.ttf"
#: installed system fonts with Hangul, tried when the packaged one is missing
_SYSTEM_HANGUL_FONTS = (
    "NanumGothic",
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Malgun Gothic",
    "AppleGothic",
    "UnDotum",
)
_DPI = 110
N_WORST = 5


# ------------------------------------------------------------------ fonts
@functools.lru_cache(maxsize=1)
def hangul_font() -> str | None:
    """Name of a font family with Hangul and Hanja glyphs, registered with matplotlib.

    The packaged NanumGothic first, then an installed system font; ``None``
    when neither exists (labels are then romanised, see :func:`plot_heatmap`).

    >>> hangul_font()
    'NanumGothic'
    """
    import importlib.util

    from matplotlib import font_manager

    spec = importlib.util.find_spec(_FONT_PACKAGE)
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))) / _FONT_FILE
        if path.is_file():
            font_manager.fontManager.addfont(str(path))
            return str(font_manager.FontProperties(fname=str(path)).get_name())
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in _SYSTEM_HANGUL_FONTS:
        if name in installed:
            return name
    logger.warning(
        "no Hangul font found; plot labels are romanised. Install one with "
        "`pip install koreanize-matplotlib`"
    )
    return None


@contextlib.contextmanager
def _plot_style() -> Iterator[bool]:
    """Hangul font (DejaVu Sans as fallback for other scripts) for the plots drawn inside."""
    from matplotlib import rc_context

    font = hangul_font()
    families = [font, "DejaVu Sans"] if font else ["DejaVu Sans"]
    # NanumGothic has no U+2212 minus sign: use the ASCII hyphen on axes
    with rc_context({"font.family": families, "axes.unicode_minus": False}):
        yield font is not None


def _save(fig: Figure, path: str | os.PathLike[str], *, hangul: bool) -> Path:
    out = Path(path)
    with warnings.catch_warnings():
        if not hangul:  # labels were romanised; stray CJK boxes are not worth an error
            warnings.filterwarnings("ignore", message=".*[Gg]lyph.*missing.*")
        fig.savefig(out, dpi=_DPI)
    return out


def _new_figure(figsize: tuple[float, float]) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained")


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
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------ plots
def plot_score_distributions(report: EvaluationReport, path: str | os.PathLike[str]) -> Path:
    """Histograms of positive vs. negative scores, one panel per configuration."""
    names = list(report.curves)
    with _plot_style() as hangul:
        fig = _new_figure((max(5.0, 4.6 * len(names)), 3.6))
        axes = fig.subplots(1, len(names), squeeze=False)[0]
        bins = [i / 25 for i in range(26)]
        for ax, name in zip(axes, names, strict=True):
            curve = report.curves[name]
            for key, label, colour in (
                ("negative_scores", _NEGATIVE[report.task], "#d62728"),
                ("positive_scores", _POSITIVE[report.task], "#1f77b4"),
            ):
                scores = curve[key]
                if scores:
                    ax.hist(scores, bins=bins, alpha=0.6, density=True, color=colour, label=label)
            ax.set_title(_label(name, 40, hangul))
            ax.set_xlabel("score")
            ax.set_ylabel("density")
            ax.set_xlim(0, 1)
            ax.legend(fontsize=8)
        fig.suptitle(f"{report.task}: score distributions")
        return _save(fig, path, hangul=hangul)


def plot_reliability(report: EvaluationReport, path: str | os.PathLike[str]) -> Path:
    """Reliability diagram: per score bin, mean score vs. observed frequency, all configurations."""
    with _plot_style() as hangul:
        fig = _new_figure((4.8, 4.4))
        ax = fig.subplots()
        ax.plot(
            [0, 1], [0, 1], linestyle="--", color="gray", linewidth=1, label="perfectly calibrated"
        )
        for name, curve in report.curves.items():
            bins = curve["reliability"]
            if bins:
                (line,) = ax.plot(
                    [b["mean_score"] for b in bins],
                    [b["frequency"] for b in bins],
                    marker="o",
                    label=_label(name, 40, hangul),
                )
                for b in bins:  # the count says how much each point can be trusted
                    ax.annotate(
                        str(b["count"]),
                        (b["mean_score"], b["frequency"]),
                        textcoords="offset points",
                        xytext=(5, -10),
                        fontsize=7,
                        color=line.get_color(),
                    )
        ax.set_xlim(-0.02, 1.02)  # margins so points at 0 or 1 are not cut in half
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel("mean score in bin")
        ax.set_ylabel("observed frequency")
        ax.set_title(f"{report.task}: {_RELIABILITY[report.task]} (n per bin)", fontsize=9)
        ax.legend(fontsize=8)
        return _save(fig, path, hangul=hangul)


def claim_sentence_matrix(
    bulletin: Bulletin, encoder: Encoder
) -> tuple[list[str], list[str], list[list[float]], list[tuple[int, int]]]:
    """Each headline claim (rows) × body sentence (columns): cosine, and the evidence cells.

    Claims and evidence are those of :func:`ko_en_align.check_summary` (the
    sentence it cites for each claim), so the outlined cells are the library's
    answer, not merely the largest cosine.

    >>> from pathlib import Path
    >>> from ko_en_align import Bulletin, Encoder
    >>> seed = Path("seeds/000_ba3be2c408401557.txt").read_text(encoding="utf-8")  # repository root
    >>> seed_bulletin, encoder = Bulletin.from_text(seed), Encoder()
    >>> claims, sentences, matrix, evidence = claim_sentence_matrix(seed_bulletin, encoder)
    >>> claims, evidence[0]
    (['김현종 방미', '日 수출규제', '美 중재 논의'], (0, 3))
    """
    from ko_en_align.evidence import SummaryChecker

    check = SummaryChecker(encoder).check(bulletin.headline, bulletin.sentences)
    claims = [c.text for c in check.claims] or [bulletin.headline]
    q = encoder.encode(claims, role="query")
    p = encoder.encode(list(bulletin.sentences), role="passage")
    evidence = [(r, int(c.evidence[0][0])) for r, c in enumerate(check.claims) if c.evidence]
    return claims, list(bulletin.sentences), (q @ p.T).tolist(), evidence


def word_sentence_matrix(
    bulletin: Bulletin, encoder: Encoder
) -> tuple[list[str], list[str], list[list[float]], list[tuple[int, int]]]:
    """Each headline word (rows) × body sentence (columns): its evidence, and the evidence cells.

    Rows are the content words :func:`ko_en_align.check_summary` checks; a name's
    values are entity-match scores, a number's number-match scores, a noun's or
    predicate's alignment cosines (see
    :meth:`~ko_en_align.SummaryChecker.word_sentence_matrix`). The marked cells are the
    evidence the check reports for each word (none for a word without evidence).
    Row labels carry the verdict: ``중재 ✗`` for a word without evidence, ``급등 ≠`` for
    a conflict.

    >>> from pathlib import Path
    >>> from ko_en_align import Bulletin, Encoder
    >>> seed = Path("seeds/000_ba3be2c408401557.txt").read_text(encoding="utf-8")  # repository root
    >>> seed_bulletin, encoder = Bulletin.from_text(seed), Encoder()
    >>> words, sentences, matrix, evidence = word_sentence_matrix(seed_bulletin, encoder)
    >>> words[0], evidence[0]
    ('김현종 (name)', (0, 3))
    """
    from ko_en_align.evidence import SummaryChecker

    check, matrix = SummaryChecker(encoder).word_sentence_matrix(
        bulletin.headline, bulletin.sentences
    )
    mark = {"supported": "", "unsupported": " ✗", "conflict": " ≠"}
    rows = [f"{w.text} ({w.kind}){mark[w.verdict]}" for w in check.words]
    cells = [
        (r, w.sentence_index) for r, w in enumerate(check.words) if w.sentence_index is not None
    ]
    return rows, list(bulletin.sentences), matrix, cells


def best_cells(matrix: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """``(row, column)`` of the largest value of each row (first one on ties).

    >>> best_cells([[0.2, 0.9, 0.1], [0.5, 0.4, 0.6]])
    [(0, 1), (1, 2)]
    """
    cells = []
    for r, row in enumerate(matrix):
        if len(row):
            cells.append((r, max(range(len(row)), key=row.__getitem__)))
    return cells


def plot_heatmap(
    rows: Sequence[str],
    sentences: Sequence[str],
    matrix: Sequence[Sequence[float]],
    path: str | os.PathLike[str],
    *,
    marked: Iterable[tuple[int, int]] | None = None,
    marked_label: str = "outlined: the best sentence of each row",
    title: str = "",
    row_title: str = "headline claim",
    value_label: str = "cosine",
) -> Path:
    """Heatmap of labelled rows (claims, or headline words) × body sentences, evidence cells outlined.

    Args:
        rows: one label per matrix row, e.g. the headline's claims or words.
        sentences: the body sentences (columns); ticks show ``#`` and their start.
        matrix: ``len(rows)`` lists of ``len(sentences)`` values.
        path: the PNG file to write.
        marked: ``(row, column)`` cells to outline, e.g. each claim's evidence;
            default: the best cell of each row (:func:`best_cells`).
        marked_label: says what the outlines mean (under the x-axis title).
        title: shown above the plot (e.g. the bulletin id and headline).
        row_title: the y-axis title.
        value_label: the colour bar's title.

    Returns:
        ``path`` as a :class:`~pathlib.Path`.

    Raises:
        ValueError: the matrix does not have ``len(rows)`` rows of ``len(sentences)`` values.
    """
    n_rows, n_cols = len(rows), len(sentences)
    if n_rows == 0 or n_cols == 0:
        msg = f"heatmap needs at least one row and one sentence, got {n_rows} rows and {n_cols} sentences"
        raise ValueError(msg)
    shape = [len(r) for r in matrix]
    if len(shape) != n_rows or any(k != n_cols for k in shape):
        msg = (
            f"matrix must have {n_rows} rows (one per label) of {n_cols} values (one per sentence), "
            f"got rows of lengths {shape}"
        )
        raise ValueError(msg)
    cells = best_cells(matrix) if marked is None else list(marked)
    bad = [c for c in cells if not (0 <= c[0] < n_rows and 0 <= c[1] < n_cols)]
    if bad:
        msg = f"marked cells {bad} are outside the {n_rows} × {n_cols} matrix"
        raise ValueError(msg)
    from matplotlib.patches import Rectangle

    with _plot_style() as hangul:
        fig = _new_figure((max(6.5, 0.42 * n_cols + 3.5), max(3.2, 0.42 * n_rows + 2.6)))
        ax = fig.subplots()
        image = ax.imshow(matrix, aspect="auto", cmap="viridis", interpolation="nearest")
        ax.set_yticks(range(n_rows), [_label(r, 24, hangul) for r in rows])
        ax.set_xticks(
            range(n_cols),
            [f"{i} {_label(s, 22, hangul)}" for i, s in enumerate(sentences)],
            rotation=60,
            ha="right",
            rotation_mode="anchor",
            fontsize=7,
        )
        ax.set_xlabel(f"body sentence  ({marked_label})")
        ax.set_ylabel(row_title)
        for r, c in cells:
            ax.add_patch(
                Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor="#ff2d55", linewidth=2.2)
            )
        if n_rows * n_cols <= 160:  # small enough to print each value legibly
            lo, hi = image.get_clim()
            for r in range(n_rows):
                for c in range(n_cols):
                    value = matrix[r][c]
                    bright = (value - lo) / ((hi - lo) or 1.0) > 0.6  # viridis turns yellow
                    ax.text(
                        c,
                        r,
                        f"{value:.2f}",
                        ha="center",
                        va="center",
                        fontsize=6,
                        color="black" if bright else "white",
                    )
        fig.colorbar(image, ax=ax, label=value_label)
        if title:
            units = int(fig.get_figwidth() * 13)  # ~13 Latin letters per inch at 9 pt
            ax.set_title(_wrap(_label(title, 400, hangul), units), fontsize=9)
        return _save(fig, path, hangul=hangul)


def _wrap(text: str, units: int, max_lines: int = 2) -> str:
    """Break ``text`` into lines of ``units`` Latin-letter widths (Hangul/CJK count two), ``…`` past the last.

    >>> print(_wrap("김현종 방미 日 수출규제 美 중재 논의", 16))
    김현종 방미 日
    수출규제 美 중재…
    """
    import unicodedata

    lines: list[str] = []
    line, width = "", 0
    for word in text.split():
        w = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in word)
        if line and width + 1 + w > units:
            lines.append(line)
            line, width = word, w
        else:
            line, width = (f"{line} {word}", width + 1 + w) if line else (word, w)
    lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,") + "…"
    return "\n".join(lines)


# ------------------------------------------------------------------ report.md
def _iter_predictions(path: Path, config: str) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                pred = json.loads(line)
            except json.JSONDecodeError:
                continue  # a torn last line of an interrupted run
            if pred.get("config") == config:
                yield pred


def _badness(task: str, pred: Mapping[str, Any]) -> tuple[float, float]:
    """Sort key, larger = worse: how far the prediction is from the gold answer."""
    if task == "pairing":
        gold_best = max(pred.get("gold_scores") or [0.0])
        return float(pred["rank"]), float(pred["best_score"]) - gold_best
    if task == "summary":
        margin = float(pred["score"]) - float(pred["threshold"])
        return (-margin if pred["faithful"] else margin), 0.0
    return float(pred["fn"] + pred["fp"]), -float(pred["correct_at_1"])


def worst_predictions(
    predictions: Iterable[Mapping[str, Any]], task: str, n: int = N_WORST
) -> list[Mapping[str, Any]]:
    """The ``n`` predictions furthest from their gold answer, worst first (streams, O(n) memory).

    >>> preds = [{"id": "a", "rank": 1, "best_score": 0.9, "gold_scores": [0.9]},
    ...          {"id": "b", "rank": 4, "best_score": 0.8, "gold_scores": [0.5]}]
    >>> [p["id"] for p in worst_predictions(preds, "pairing", n=1)]
    ['b']
    """
    return heapq.nlargest(n, predictions, key=lambda p: _badness(task, p))


def _text(value: Any) -> str:
    text = " ".join(str(value).split())
    return text.replace("|", "\\|") if text else "—"


def _worst_markdown(task: str, pred: Mapping[str, Any], k: int) -> list[str]:
    lines = [f"### {k}. `{pred['id']}`", "", f"- **headline**: {_text(pred['headline'])}"]
    if task == "pairing":
        support = pred["support"]
        also = f" of {support}" if len(support) > 1 else ""
        verdict = "a gold sentence" if pred["best"] in support else "wrong"
        lines += [
            f"- **gold** (sentence #{support[0]}{also}; the best gold sentence ranked "
            f"{pred['rank']}): {_text(pred['gold_sentence'])}",
            f"- **predicted** (sentence #{pred['best']}, score {pred['best_score']:.3f}, "
            f"{verdict}): {_text(pred['best_sentence'])}",
        ]
    elif task == "summary":
        gold = "faithful" if pred["faithful"] else "unfaithful"
        said = "supported" if pred["predicted"] else "not supported"
        lines.append(
            f"- **gold**: {gold}; **predicted**: {said} "
            f"(score {pred['score']:.3f}, threshold {pred['threshold']:.2f})"
        )
        for claim in pred.get("claims", []):
            where = claim["evidence"][:1]
            cited = f"sentence #{where[0]}: {_text(claim.get('sentence', ''))}" if where else "none"
            lines.append(
                f"- claim **{_text(claim['text'])}** ({claim['verdict']}, support "
                f"{claim['support']:.3f}) — evidence {cited}"
            )
    else:
        gold = ", ".join(
            f"{g['ko']} → {g['en'] if isinstance(g['en'], str) else ' / '.join(g['en'])}"
            for g in pred["gold"]
        )
        found = ", ".join(
            f"{m['ko']} → {m['en'] or '—'} ({m['score']:.2f}{'' if m['correct'] else ', wrong'})"
            for m in pred["matches"]
            if m["matched"]
        )
        lines += [f"- **gold**: {gold}", f"- **predicted**: {found or 'no match'}"]
    return [*lines, ""]


def to_markdown(
    report: EvaluationReport,
    *,
    worst: Sequence[Mapping[str, Any]] = (),
    heatmap_bulletin: Bulletin | None = None,
) -> str:
    """The human report: metrics table, plots, the worst bulletins, configurations, rejected records.

    Args:
        report: the evaluation to describe; plot links are relative to the report's folder.
        worst: predictions of the first configuration to show, worst first
            (see :func:`worst_predictions`).
        heatmap_bulletin: the bulletin drawn in ``heatmap.png``; its sentences are listed.
    """
    cols = report._metric_columns()
    lines = [
        f"# Evaluation: {report.task}",
        "",
        f"Data: `{report.data}` · {report.summary}",
        "",
        "| config | " + " | ".join(cols) + " | seconds |",
        "|---|" + "---:|" * (len(cols) + 1),
    ]
    for name, m in report.metrics.items():
        cells = [_md(m.get(c)) for c in cols]
        seconds = report.seconds.get(name, math.nan)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {seconds:.1f} |")
    lines += ["", _METRIC_HELP.get(report.task, ""), ""]
    plots = {Path(p).stem: Path(p).name for p in report.plots}
    if plots:
        lines += ["## Plots", ""]
        if "scores" in plots:
            lines += [
                f"Score distributions, {_POSITIVE[report.task]} vs. {_NEGATIVE[report.task]}: "
                "the less they overlap, the better.",
                "",
                f"![score distributions]({plots['scores']})",
                "",
            ]
        if "reliability" in plots:
            lines += [
                f"Reliability ({_RELIABILITY[report.task]}): a calibrated score follows the diagonal.",
                "",
                f"![reliability diagram]({plots['reliability']})",
                "",
            ]
        if "heatmap" in plots:
            lines += [
                "Headline claims × body sentences (cosine); outlined: the sentence the summary "
                "check cites as each claim's evidence."
            ]
            if heatmap_bulletin is not None:
                lines += [
                    "",
                    f"Bulletin `{heatmap_bulletin.id}`: {_text(heatmap_bulletin.headline)}",
                ]
            lines += ["", f"![claims x sentences heatmap]({plots['heatmap']})", ""]
            if heatmap_bulletin is not None:
                lines += [f"{i}. {_text(s)}" for i, s in enumerate(heatmap_bulletin.sentences)]
                lines.append("")
        for stem, name in plots.items():
            if stem not in ("scores", "reliability", "heatmap"):
                lines += [f"![{stem}]({name})", ""]
    if worst:
        first = next(iter(report.metrics))
        lines += [
            f"## Worst bulletins ({first})",
            "",
            f"The {len(worst)} predictions furthest from their gold answer, worst first.",
            "",
        ]
        for k, pred in enumerate(worst, start=1):
            lines += _worst_markdown(report.task, pred, k)
    lines += ["## Configurations", ""]
    for name, opts in report.configs.items():
        shown = ", ".join(f"`{k}={v}`" for k, v in opts.items()) or "library defaults"
        lines.append(f"- **{name}**: {shown}")
    if report.errors:
        lines += ["", f"## Rejected records ({len(report.errors)}, all in errors.jsonl)", ""]
        for e in report.errors[:20]:
            where = f"{e.source}:{e.line}" if e.line is not None else e.source
            lines.append(f"- `{where}`: {e.reason}")
    lines += [
        "",
        "Per-bulletin predictions: [`predictions.jsonl`](predictions.jsonl) "
        "(one JSON object per bulletin and configuration).",
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
    """Write report.json, report.md and (with ``plots``) PNG files; return the report with ``plots`` filled in.

    The worst bulletins of report.md are read back from ``out_dir/predictions.jsonl``
    (written by :func:`ko_en_align.evaluate`) when it exists.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    if plots:
        written.append(str(plot_score_distributions(report, out / "scores.png")))
        written.append(str(plot_reliability(report, out / "reliability.png")))
        if heatmap_bulletin is not None and encoder is not None:
            words, sentences, matrix, evidence = word_sentence_matrix(heatmap_bulletin, encoder)
            if not words:  # a headline with no content word: claims instead
                words, sentences, matrix, evidence = claim_sentence_matrix(
                    heatmap_bulletin, encoder
                )
            png = plot_heatmap(
                words,
                sentences,
                matrix,
                out / "heatmap.png",
                marked=evidence,
                marked_label="outlined: each word's evidence; ✗ none found, ≠ contradicted",
                title=f"{heatmap_bulletin.id}: {heatmap_bulletin.headline}",
                row_title="headline word",
                value_label="name/number match, or word-alignment cosine",
            )
            written.append(str(png))
    report = dataclasses.replace(report, plots=tuple(written))
    (out / "report.json").write_text(
        json.dumps(_json_safe(report.to_dict(curves=True)), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    worst: list[Mapping[str, Any]] = []
    if report.metrics:
        first = next(iter(report.metrics))
        worst = worst_predictions(_iter_predictions(out / "predictions.jsonl", first), report.task)
    (out / "report.md").write_text(
        to_markdown(
            report,
            worst=worst,
            heatmap_bulletin=heatmap_bulletin
            if "heatmap" in {Path(p).stem for p in written}
            else None,
        ),
        encoding="utf-8",
    )
    logger.info("report written to %s", out)
    return report
