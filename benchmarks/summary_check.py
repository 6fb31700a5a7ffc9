"""Summary check on the development set of ``summary_data.py``: AUROC, balanced accuracy, speed.

Every item of NTREX, KPC and FLORES (and the seed) is checked as written (label 1)
and with one corruption (label 0): a name swapped, a number changed, a content
word swapped, a predicate flipped, another story's headline (see
``benchmarks/summary_data.py``). Printed, in one run:

* per corruption, the AUROC of the library ``score`` against the true items,
  beside plain max-cosine (headline vs best body sentence);
* the share of true and corrupted items ``supported`` at the default threshold,
  and balanced accuracy, per source and per body size (1, 2, 3, 4-10, 11+);
* with ``--cv``: the same from leave-one-source-out cross-validation (the word
  and headline weights fitted on two sources, scored on the third);
* with ``--fit``: the weights fitted on all three sources, to paste into
  ``ko_en_align/evidence.py``;
* checks per second beside ``align_headline`` on the same items.

The raw word features are cached in ``--cache`` (JSONL), so refits cost no
encoding: ``--refit`` reuses it.

    python benchmarks/summary_check.py --cv --fit [--limit N] [--half B]

Items come from half B of the groups (``summary_data.half_of``) and the word-translation
table of :mod:`ko_en_align.lexicon` is learned on half A, so no item taught the table.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from summary_data import build  # noqa: E402

from ko_en_align.evidence import (  # noqa: E402
    NAME_MATCH,
    WORD_FEATURES,
    WORD_WEIGHTS,
    SummaryChecker,
)

KINDS = tuple(WORD_FEATURES)
SETS = ("name", "number", "word", "predicate", "other")
SOURCES = ("ntrex", "kpc", "flores")
CLIP = 8.0
#: The relevance z-score below which a headline costs, with ``--fixed-floor`` (the
#: floor is fitted otherwise). 3.0 is the median of the other-story items, below which a
#: headline is no closer to the body than to unrelated news. It was the shipped value
#: while every development item was a translated full sentence (median z 7.3-8.0 by
#: source), whose fitted floor (~5.6) would have rejected true telegraphic headlines
#: (김현종 방미 against its carrier: 3.98); with telegraphic items in the set the fit sees
#: them, and both give the same CV balanced accuracy (0.776, 2026-12-07).
RELEVANCE_FLOOR = 3.0
#: Items with at most this many content words are reported apart as headline-sized (the
#: seed headline has 8; NTREX's translated headlines a median of 8, quartiles 6-10).
SHORT_WORDS = 8


def auroc(y: np.ndarray, s: np.ndarray) -> float:
    """Rank-based AUROC (ties count half)."""
    pos, neg = s[y == 1], s[y == 0]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    gt = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(gt / (len(pos) * len(neg)))


#: Features left out of the fit (``--drop``, for ablations): read as 0.
DROP: set[str] = set()


def _feat(feats: dict[str, float], f: str) -> float:
    return 0.0 if f in DROP else feats[f]


def run_checks(ex: list[dict[str, Any]], cache: Path, lexicon: Any) -> list[dict[str, Any]]:
    checker = SummaryChecker(lexicon=lexicon)
    t = time.perf_counter()
    results = checker.check_many([(e["headline"], e["body"]) for e in ex])
    dt = time.perf_counter() - t
    rows = []
    for e, r in zip(ex, results, strict=True):
        words = [{"text": w.text, "kind": w.kind, "features": w.features} for w in r.words]
        target = e["target"]
        for w in words:
            w["label"] = (
                0 if target is not None and (w["text"] == target or target in w["text"]) else 1
            )
        rows.append(
            {k: e[k] for k in ("source", "group", "set", "label", "style")}
            | {
                "n_body": len(e["body"]),
                "words": words,
                "features": r.features,
                "score": r.score,
                "supported": r.supported,
            }
        )
    with cache.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"check_seconds": dt, "n": len(ex)}) + "\n")
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return rows


# ------------------------------------------------------------------ fitting
def _xy(rows: list[dict[str, Any]], kind: str) -> tuple[np.ndarray, np.ndarray]:
    x, y = [], []
    for r in rows:
        for w in r["words"]:
            if w["kind"] != kind:
                continue
            if r["set"] == "other":
                continue  # another story: which of its words the body has is unknown
            if r["label"] == 0 and w["label"] == 1:
                continue  # the untouched words of a corrupted item are its true words again
            x.append([_feat(w["features"], f) for f in WORD_FEATURES[kind]])
            y.append(w["label"] if r["label"] == 0 else 1)
    return np.array(x, dtype=np.float64).reshape(-1, len(WORD_FEATURES[kind])), np.array(y)


def fit_words(rows: list[dict[str, Any]]) -> dict[str, tuple[float, ...]]:
    from sklearn.linear_model import LogisticRegression

    out = {}
    for kind in KINDS:
        x, y = _xy(rows, kind)
        if len(set(y.tolist())) < 2:
            out[kind] = WORD_WEIGHTS[kind]
            continue
        mu, sd = x.mean(0), x.std(0) + 1e-9
        lr = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced").fit((x - mu) / sd, y)
        w = lr.coef_[0] / sd
        b = lr.intercept_[0] - (lr.coef_[0] * mu / sd).sum()
        out[kind] = (float(b), *map(float, w))
    return out


def word_p(kind: str, feats: dict[str, float], ww: dict[str, tuple[float, ...]]) -> float:
    w = ww[kind]
    z = w[0] + sum(c * _feat(feats, f) for c, f in zip(w[1:], WORD_FEATURES[kind], strict=True))
    z = max(min(z, CLIP), -CLIP)
    p = 1.0 / (1.0 + math.exp(-z))
    if kind == "name" and feats["entity"] >= NAME_MATCH:
        p = max(p, 0.5)  # a name the matcher found has evidence (evidence.word_probability)
    return p


def _conflict(w: dict[str, Any], p: float) -> bool:
    f = w["features"]
    return p < 0.5 and (f.get("conflict", 0.0) == 1.0 or f.get("polarity_opposite", 0.0) == 1.0)


def costs(rows: list[dict[str, Any]], ww: dict[str, tuple[float, ...]]) -> np.ndarray:
    """Per item, the columns of :data:`COST_TERMS`: missing evidence per kind (max(0,
    -logit p), summed), the number of contradicted words, the share of words without
    evidence, the worst word's missing evidence, the number of words without evidence
    per kind (a contradicted word counts as a conflict only, as in the library); then
    relevance."""
    out = np.zeros((len(rows), len(COST_TERMS) + 1))
    nk = len(KINDS)
    for i, r in enumerate(rows):
        worst = 0.0
        for w in r["words"]:
            p = min(max(word_p(w["kind"], w["features"], ww), 1e-6), 1 - 1e-6)
            miss = max(0.0, -math.log(p / (1 - p)))
            worst = max(worst, miss)
            if _conflict(w, p):
                out[i, nk] += 1
            else:
                out[i, KINDS.index(w["kind"])] += miss
                out[i, nk + 3 + KINDS.index(w["kind"])] += p < 0.5
            out[i, nk + 1] += p < 0.5
        out[i, nk + 1] /= max(len(r["words"]), 1)
        out[i, nk + 2] = worst
        out[i, -1] = r["features"]["relevance"]
    return out


#: The cost terms of a headline, in the column order of :func:`costs` (each with a
#: non-negative weight in ``HEADLINE_WEIGHTS``, all zero when every word has evidence).
COST_TERMS = (*KINDS, "conflict", "share", "worst", *(f"missing_{k}" for k in KINDS))


def headline_z(theta: np.ndarray, c: np.ndarray) -> np.ndarray:
    b, gam, g_rel, floor = theta[0], theta[1:-2], theta[-2], theta[-1]
    return b - c[:, :-1] @ gam - g_rel * np.maximum(0.0, floor - c[:, -1])


#: How far above the budget the fit keeps the conflict weight: a word the body
#: contradicts (2% 급등 against "fell 2 percent") rejects the headline on its own,
#: whatever the rest costs. A design rule (issue 11: "an antonym is a conflict, not
#: support"), not fitted; the margin only keeps the score of such a headline below 0.5.
CONFLICT_MARGIN = 0.05

#: ``--fit-on short``: the headline weights are fitted on headline-sized items only.
FIT_ON = {"items": "short", "floor": "fitted"}


def fit_headline(rows: list[dict[str, Any]], ww: dict[str, tuple[float, ...]]) -> dict[str, float]:
    from scipy.optimize import minimize

    if FIT_ON["items"] == "short":
        rows = [r for r in rows if len(r["words"]) <= SHORT_WORDS]

    c = costs(rows, ww)
    y = np.array([r["label"] for r in rows], dtype=np.float64)
    # balance true and corrupted items (balanced accuracy is the target)
    wt = np.where(y == 1, 0.5 / max(y.sum(), 1), 0.5 / max((1 - y).sum(), 1))

    ci = 1 + COST_TERMS.index("conflict")

    def real(theta: np.ndarray) -> np.ndarray:
        # a contradicted word alone rejects the headline: conflict = budget + delta, delta >= 0
        t = theta.copy()
        t[ci] = theta[0] + theta[ci] + CONFLICT_MARGIN
        return t

    def loss(theta: np.ndarray) -> float:
        z = headline_z(real(theta), c)
        fit = (wt * (np.logaddexp(0, -z) * y + np.logaddexp(0, z) * (1 - y))).sum()
        return float(fit) + 1e-4 * float((theta[1:-1] ** 2).sum())

    names = COST_TERMS
    x0 = np.array([2.0] + [1.0] * len(names) + [1.0, RELEVANCE_FLOOR])
    # budget and weights non-negative; the floor fitted too unless --fixed-floor
    floor = (RELEVANCE_FLOOR, RELEVANCE_FLOOR) if FIT_ON["floor"] == "fixed" else (0.0, 10.0)
    bounds = [(0.0, 20.0)] + [(0.0, 10.0)] * len(names) + [(0.0, 10.0), floor]
    t = real(minimize(loss, x0, method="L-BFGS-B", bounds=bounds).x)
    out = {"budget": float(t[0])}
    out |= {k: float(v) for k, v in zip(names, t[1 : 1 + len(names)], strict=True)}
    return out | {"relevance": float(t[-2]), "relevance_floor": float(t[-1])}


def predict(
    rows: list[dict[str, Any]], ww: dict[str, tuple[float, ...]], hw: dict[str, float]
) -> np.ndarray:
    names = COST_TERMS
    theta = np.array(
        [hw["budget"], *[hw[k] for k in names], hw["relevance"], hw["relevance_floor"]]
    )
    return 1.0 / (1.0 + np.exp(-headline_z(theta, costs(rows, ww))))


# ------------------------------------------------------------------ reports
def _size(n: int) -> str:
    return "1" if n == 1 else "2" if n == 2 else "3" if n == 3 else "4-10" if n <= 10 else "11+"


def _against_true(rows: list[dict[str, Any]], sets: np.ndarray, s: str) -> np.ndarray:
    """The items of corruption ``s`` and the true items of the same groups (same bodies)."""
    groups = {r["group"] for r, t in zip(rows, sets, strict=True) if t == s}
    return np.array(
        [
            (t == s) or (t == "real" and r["group"] in groups)
            for r, t in zip(rows, sets, strict=True)
        ]
    )


def report(rows: list[dict[str, Any]], score: np.ndarray, title: str) -> dict[str, float]:
    base = np.array([r["features"]["max_cosine"] for r in rows])
    sets = np.array([r["set"] for r in rows])
    src = np.array([r["source"] for r in rows])
    y = np.array([r["label"] for r in rows])
    sup = score >= 0.5
    print(f"\n-- {title}")
    print(
        f"{'corruption':<10} {'n+':>5} {'n-':>5} {'AUROC score':>12} {'AUROC max-cos':>14} {'rejected':>9}"
    )
    out = {}
    for s in SETS:
        # a corruption against the true items of the same groups (the same bodies)
        idx = _against_true(rows, sets, s)
        if not (sets == s).any():
            continue
        a = auroc(y[idx], score[idx])
        out[s] = a
        print(
            f"{s:<10} {int(y[idx].sum()):>5} {int((1 - y[idx]).sum()):>5} {a:12.4f} "
            f"{auroc(y[idx], base[idx]):14.4f} {1 - sup[sets == s].mean():9.3f}"
        )
    short = np.array([len(r["words"]) <= SHORT_WORDS for r in rows])
    line = []
    for s in SETS:
        idx = short & _against_true(rows, sets, s)
        if (y[idx] == 0).any() and (y[idx] == 1).any():
            line.append(f"{s} {auroc(y[idx], score[idx]):.3f} (n={int(idx.sum())})")
    print(f"   AUROC on headline-sized items (<= {SHORT_WORDS} content words): " + "; ".join(line))
    styles = np.array([r.get("style", "sentence") for r in rows])
    for st in ("sentence", "telegraphic"):
        m = styles == st
        if not (m & (y == 0)).any() or not (m & (y == 1)).any():
            continue
        line = []
        for s in SETS:
            idx = m & _against_true(rows, sets, s)
            if (y[idx] == 0).any() and (y[idx] == 1).any():
                line.append(
                    f"{s} {auroc(y[idx], score[idx]):.3f} (max-cos {auroc(y[idx], base[idx]):.3f})"
                )
        t1, t0 = sup[m & (y == 1)].mean(), 1 - sup[m & (y == 0)].mean()
        print(f"   {st:<11} AUROC " + "; ".join(line))
        print(
            f"   {'':<11} true supported {t1:.3f}  corrupted rejected {t0:.3f}  "
            f"balanced accuracy {(t1 + t0) / 2:.4f}"
        )
    tpr = sup[y == 1].mean()
    tnr = 1 - sup[y == 0].mean()
    print(
        f"true items supported {tpr:.3f}   corrupted rejected {tnr:.3f}   balanced accuracy {(tpr + tnr) / 2:.4f}"
    )
    out["balanced"] = (tpr + tnr) / 2
    line = []
    for s in (*SOURCES, "seed"):
        m = src == s
        if m.any():
            t1 = sup[m & (y == 1)].mean() if (m & (y == 1)).any() else float("nan")
            t0 = 1 - sup[m & (y == 0)].mean() if (m & (y == 0)).any() else float("nan")
            line.append(f"{s}: true {t1:.3f} / corrupted rejected {t0:.3f}")
    print("   by source   " + "; ".join(line))
    sizes = np.array([_size(r["n_body"]) for r in rows])
    line = []
    for s in ("1", "2", "3", "4-10", "11+"):
        m = sizes == s
        if (m & (y == 1)).any():
            line.append(f"{s}: {sup[m & (y == 1)].mean():.3f}/{1 - sup[m & (y == 0)].mean():.3f}")
    print("   by body size (true supported / corrupted rejected)   " + "; ".join(line))
    return out


def word_report(
    rows: list[dict[str, Any]], held_weights: dict[str, dict[str, tuple[float, ...]]]
) -> None:
    """Word-level view: AUROC of each kind's probability (the corrupted word against the
    true words), and the share of true words without evidence; each source scored with
    the word weights fitted on the other two."""
    print("\n-- words (leave-one-source-out CV): corrupted word vs true words")
    print(
        f"{'kind':<10} {'true':>6} {'corrupt':>8} {'AUROC p':>8} {'true words without evidence':>28}"
    )
    for kind in KINDS:
        ys, ps = [], []
        for r in rows:
            if r["source"] not in held_weights or r["set"] == "other":
                continue
            for w in r["words"]:
                if w["kind"] != kind or (r["label"] == 0 and w["label"] == 1):
                    continue
                ys.append(1 if r["label"] == 1 else w["label"])
                ps.append(word_p(kind, w["features"], held_weights[r["source"]]))
        y, p = np.array(ys), np.array(ps)
        if len(y) and 0 < y.sum() < len(y):
            print(
                f"{kind:<10} {int(y.sum()):>6} {int((1 - y).sum()):>8} {auroc(y, p):8.3f} "
                f"{(p[y == 1] < 0.5).mean():28.3f}"
            )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--cache", type=Path, default=Path("/tmp/summary_check_features.jsonl"))
    ap.add_argument(
        "--refit", action="store_true", help="reuse --cache instead of running the checks"
    )
    ap.add_argument("--cv", action="store_true", help="leave-one-source-out cross-validation")
    ap.add_argument("--fit", action="store_true", help="print the weights fitted on all sources")
    ap.add_argument("--limit", type=int, default=0, help="use every k-th item only (quick runs)")
    ap.add_argument(
        "--speed", type=int, default=60, help="items for the checks/second comparison (0: skip)"
    )
    ap.add_argument(
        "--half",
        choices=("A", "B", "all"),
        default="B",
        help="measure on this half of the groups, with a lexicon learned on the other half "
        "(default B); 'all' uses every item and the packaged lexicon (learned on them: optimistic)",
    )
    ap.add_argument("--lexicon", type=Path, help="a lexicon TSV instead of the one --half implies")
    ap.add_argument("--drop", default="", help="comma-separated features to leave out (ablation)")
    ap.add_argument(
        "--fit-on",
        choices=("all", "short"),
        default="short",
        help="fit the headline weights on headline-sized items only (default: on half B, "
        "2026-12-07, its CV balanced accuracy on all items is 0.763 against 0.760 when fitted "
        "on all items; 0.774 against 0.777 on telegraphic ones) or on all items",
    )
    ap.add_argument(
        "--fixed-floor",
        action="store_true",
        help=f"keep the relevance floor at {RELEVANCE_FLOOR} instead of fitting it",
    )
    args = ap.parse_args()
    FIT_ON["items"] = args.fit_on
    FIT_ON["floor"] = "fixed" if args.fixed_floor else "fitted"
    DROP.update(f for f in args.drop.split(",") if f)
    if DROP:
        print(f"features left out of the fit: {sorted(DROP)}")
    from ko_en_align.lexicon import Lexicon, default_lexicon

    lexicon = None
    if not args.refit:
        if args.lexicon:
            lexicon = Lexicon.load(args.lexicon)
        elif args.half == "all":
            lexicon = default_lexicon()
        else:
            from summary_data import sentence_pairs

            other = "A" if args.half == "B" else "B"
            lexicon = Lexicon.from_pairs([(k, e) for _, k, e in sentence_pairs(other)])
            print(f"lexicon learned on half {other}: {len(lexicon)} Korean lemmas")
    ex = build(half=None if args.half == "all" else args.half)
    if args.limit:
        keep = {g for k, g in enumerate(sorted({e["group"] for e in ex})) if k % args.limit == 0}
        ex = [e for e in ex if e["group"] in keep]
    if args.refit:
        lines = args.cache.read_text(encoding="utf-8").splitlines()
        meta, rows = json.loads(lines[0]), [json.loads(x) for x in lines[1:]]
        if len(rows) == len(ex):  # caches written before the style was saved
            for r, e in zip(rows, ex, strict=True):
                r.setdefault("style", e.get("style", "sentence"))
    else:
        rows = run_checks(ex, args.cache, lexicon)
        meta = json.loads(args.cache.read_text(encoding="utf-8").splitlines()[0])
    print(
        f"items {len(rows)}  (check_many: {meta['check_seconds']:.1f} s, {meta['n'] / meta['check_seconds']:.1f} checks/s)"
    )
    report(rows, np.array([r["score"] for r in rows]), "library score (weights in evidence.py)")
    if args.cv:
        cv = np.zeros(len(rows))
        src = np.array([r["source"] for r in rows])
        held_weights = {}
        for held in SOURCES:
            train = [r for r, s in zip(rows, src, strict=True) if s != held and s != "seed"]
            ww = fit_words(train)
            held_weights[held] = ww
            hw = fit_headline(train, ww)
            m = src == held
            cv[m] = predict([r for r, k in zip(rows, m, strict=True) if k], ww, hw)
            if held == "ntrex":  # the seed is scored by the model fitted without NTREX
                ms = src == "seed"
                cv[ms] = predict([r for r, k in zip(rows, ms, strict=True) if k], ww, hw)
        report(rows, cv, "leave-one-source-out CV (fit on two sources, scored on the third)")
        word_report(rows, held_weights)
    if args.fit:
        train = [r for r in rows if r["source"] != "seed"]
        ww = fit_words(train)
        hw = fit_headline(train, ww)
        print("\nWORD_WEIGHTS =", json.dumps({k: [round(v, 3) for v in w] for k, w in ww.items()}))
        print("HEADLINE_WEIGHTS =", json.dumps({k: round(v, 3) for k, v in hw.items()}))
        report(rows, predict(rows, ww, hw), "in-sample with the weights just fitted (optimistic)")
    if args.speed:
        from ko_en_align import Bulletin, Encoder, HeadlineAligner

        # one true item per group, so no body repeats (an NTREX document's headline and
        # sentence claims share one body, which check_many and align_many would encode once)
        real = list({e["group"]: e for e in reversed(ex) if e["set"] == "real"}.values())
        real = real[: args.speed]
        pairs = [(e["headline"], e["body"]) for e in real]
        bulletins = [Bulletin(e["headline"], tuple(e["body"])) for e in real]
        # fresh encoders without an embedding cache: the checks above encoded these items
        # already, and the default encoder's LRU cache would flatter both sides
        checker = SummaryChecker(Encoder(), lexicon=lexicon)
        aligner = HeadlineAligner(Encoder())
        checker.check_many(pairs[:2])
        aligner.align_many(bulletins[:2])
        for name, fn, arg in (
            ("check_summary", checker.check_many, pairs[2:]),
            ("align_headline", aligner.align_many, bulletins[2:]),
        ):
            t = time.perf_counter()
            fn(arg)  # type: ignore[operator]
            dt = time.perf_counter() - t
            print(f"{name:<15} {len(arg)} items, no body repeated: {len(arg) / dt:.2f} per second")


if __name__ == "__main__":
    main()
