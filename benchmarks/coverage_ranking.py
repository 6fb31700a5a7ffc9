"""Would word coverage help the headline ranking itself? (issue 12; opt-in, not the default)

The default aligner uses a claim's word coverage only to re-rank that claim's
sentences (``wordalign.sentence_coverage``, ``scoring.claim_coverage_probs``).
This script adds the headline's own coverage, z-scored over the body (the
``coverage`` feature that ``HeadlineAligner(word_coverage=True)`` weighs), as a
column of the conditional-logit ranker of ``headline_pairing.py`` and prints
held-out P@1 per set (5 folds that leave whole documents out; ranking only, no
calibration), beside the shipped features in the same run:

* ``base``: the shipped features;
* ``cov``: + coverage;
* ``cov+short``: + coverage and coverage x (candidate under 12 words), so the
  fit can trust coverage less on short English lines (headlines).

    cd benchmarks && python coverage_ranking.py

2026-12-07 (2-core Zen 3): base NTREX 0.9819, headlines 1.0000, KPC 0.9489,
merged 0.7673, claims 0.7986; cov 0.9879, 0.9683, 0.9556, 0.8616, 0.8819;
cov+short 0.9879, 0.9841, 0.9545, 0.8616, 0.8785. The loss on headlines (loose
Korean/English headline pairs, the closest thing to real headlines here) is why
it is not the default: plain cosine gets all 63.
"""

from __future__ import annotations

import headline_pairing as hp
import numpy as np
from pairing_sets import all_sets

from ko_en_align import Encoder
from ko_en_align.scoring import FEATURES

COVERAGE = FEATURES.index("coverage")


def main() -> None:
    hp.COVERAGE["on"] = False  # the rows' own claims are not used here
    # prepare() caches every query's coverage (pairing_sets.coverage_cached) and
    # fills the coverage column of the "cov" feature matrix with its z over the body
    rows = hp.prepare(Encoder(), all_sets())
    fold = hp.folds_of(rows)
    shipped = hp.features

    def variant(kind: str):
        def feats(r, _variant: str) -> np.ndarray:
            if kind == "base":
                return r.feats["base"]
            x = r.feats["cov"]
            if kind == "cov":
                return x
            short = np.array([len(s.split()) < 12 for s in r.item.candidates], float)
            return np.column_stack([x, x[:, COVERAGE] * short])

        return feats

    names = list(dict.fromkeys(r.item.set for r in rows))
    for kind in ("base", "cov", "cov+short"):
        feats = variant(kind)
        hp.features = feats  # fit_ranker reads the module's features()
        oof: list[np.ndarray] = [np.zeros(0)] * len(rows)
        for f in range(hp.FOLDS):
            w = hp.fit_ranker(
                [r for r, k in zip(rows, fold, strict=True) if k not in (f, -1)], "base"
            )
            for i, (r, k) in enumerate(zip(rows, fold, strict=True)):
                if k == f:
                    oof[i] = feats(r, "base") @ w
        w_all = hp.fit_ranker([r for r, k in zip(rows, fold, strict=True) if k != -1], "base")
        for i, (r, k) in enumerate(zip(rows, fold, strict=True)):
            if k == -1:  # the seed: a test, scored by weights fitted on all dev rows
                oof[i] = feats(r, "base") @ w_all
        cells = []
        for n in names:
            idx = [i for i, r in enumerate(rows) if r.item.set == n]
            p1, _ = hp.rank_metrics([oof[i] for i in idx], [rows[i] for i in idx])
            cells.append(f"{n} {p1:.4f}")
        print(f"{kind:<10} " + " | ".join(cells), flush=True)
    hp.features = shipped


if __name__ == "__main__":
    main()
