"""Reliability of the pairing score: is ``score`` a probability on every development set?

Uses the out-of-fold scores of ``headline_pairing.py`` (5-fold CV leaving whole
documents out: no sentence is scored by weights fitted on its own document)
and every (headline, sentence) pair: a sentence is positive when it is in the
gold support. Prints the expected calibration error (ECE) per set, per body
length and per headline style, beside the clipped cosine of
``mode="embedding"`` from the same run, and writes a reliability diagram PNG.

    python benchmarks/reliability.py [--out benchmarks/pairing_reliability.png]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from headline_pairing import SHIPPED_VARIANT, cross_validate, folds_of, prepare
from pairing_sets import all_sets

from ko_en_align.evaluate import expected_calibration_error, reliability_bins
from ko_en_align.scoring import _is_full_sentence

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, default=HERE / "pairing_reliability.png")
    args = ap.parse_args()
    from ko_en_align import Encoder

    encoder = Encoder()
    sets = all_sets()
    rows = prepare(encoder, sets)
    fold = folds_of(rows)
    # the shipped variant: full-sentence headlines weigh their word coverage
    oof, _ = cross_validate(rows, fold, SHIPPED_VARIANT["name"])
    groups: dict[str, tuple[list[float], list[float], list[bool]]] = {}

    def add(key: str, p: np.ndarray, c: np.ndarray, y: np.ndarray) -> None:
        g = groups.setdefault(key, ([], [], []))
        g[0].extend(p.tolist())
        g[1].extend(c.tolist())
        g[2].extend(y.tolist())

    for r, z in zip(rows, oof, strict=True):
        p = 1.0 / (1.0 + np.exp(-z))
        c = np.clip(r.sims, 0.0, 1.0)
        y = np.zeros(len(p), dtype=bool)
        y[list(r.item.support)] = True
        n = len(r.item.candidates)
        add(f"set: {r.item.set}", p, c, y)
        if r.item.set != "seed":
            add("all (dev)", p, c, y)
            # 12 splits the dev bodies near their median length (NTREX docs 7-30, KPC windows 10)
            add(f"body {'<= 12' if n <= 12 else '> 12'} sentences", p, c, y)
            style = "full sentence" if _is_full_sentence(r.item.query) else "telegraphic"
            add(f"headline: {style}", p, c, y)
    print(f"{'group':<26} {'pairs':>6} {'pos':>5} | {'ECE hybrid':>10} {'ECE cosine':>10}")
    for key, (p, c, y) in groups.items():
        print(
            f"{key:<26} {len(p):>6} {sum(y):>5} | {expected_calibration_error(p, y):10.4f} "
            f"{expected_calibration_error(c, y):10.4f}"
        )
    plot(groups, args.out)
    print("wrote", args.out)


def _curve(ax, scores: list[float], labels: list[bool], style: str, label: str, **kw) -> None:
    bins = [b for b in reliability_bins(scores, labels) if b["count"] >= 5]
    ece = expected_calibration_error(scores, labels)
    ax.plot(
        [b["mean_score"] for b in bins],
        [b["frequency"] for b in bins],
        style,
        label=f"{label} (ECE {ece:.3f})",
        **kw,
    )


def plot(groups: dict, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.8))
    panels = (
        (
            "Hybrid score: reliability per development set",
            "hybrid score (out-of-fold)",
            ("all", "set:"),
        ),
        ("By body length and headline style", "score", ("body", "headline:")),
    )
    for ax, (title, xlabel, prefixes) in zip(axes, panels, strict=True):
        ax.plot([0, 1], [0, 1], "--", color="gray", linewidth=1, label="perfectly calibrated")
        for key in [k for k in groups if k.startswith(prefixes) and "seed" not in k]:
            p, _, y = groups[key]
            big = key.startswith("all")
            _curve(ax, p, y, "o-" if big else ".-", key, linewidth=2.5 if big else 1.2)
        if ax is axes[1]:
            _, c, y = groups["all (dev)"]
            _curve(ax, c, y, "x:", "cosine, embedding mode", color="black")
        ax.set(xlabel=xlabel, ylabel="fraction that carry the headline", title=title)
        ax.set(xlim=(0, 1), ylim=(0, 1))
        ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    main()
