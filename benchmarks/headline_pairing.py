"""Pairing on every development set: plain cosine vs the hybrid default, in one run.

Sets (see ``pairing_sets.py``): NTREX-128 sentences, Korean headlines among
English headlines (NTREX + KPC), KPC pseudo-documents, merged two-fact
pseudo-bulletins, and the seed. For each set it prints P@1 and MRR of
``mode="embedding"`` (argmax cosine), of the shipped hybrid weights, and of
weights fitted with 5-fold cross-validation that leaves whole documents out
(the held-out figure), plus support-set precision/recall/F1.

    python benchmarks/headline_pairing.py            # table
    python benchmarks/headline_pairing.py --fit      # also print the weights fitted on all dev data
    python benchmarks/headline_pairing.py --symmetric  # also the query-role body pass

Encoder outputs and evidence are cached in /tmp/ko_en_align_pairing.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import numpy as np
from pairing_sets import Item, all_sets, encode_cached, evidence_cached

from ko_en_align.scoring import (
    CALIBRATION,
    DEFAULT_WEIGHTS,
    FEATURES,
    SUPPORT_THRESHOLD,
    HybridWeights,
    calibration_inputs,
    hybrid_scores,
    pairing_features,
    support_set,
)

FOLDS = 5


@dataclass
class Prepared:
    item: Item
    sims: np.ndarray
    pp: np.ndarray  # headline in the passage role vs body passages
    sym: np.ndarray  # headline (query role) vs body in the query role
    body: np.ndarray
    evidence: object
    claims: dict  # claim text -> (sims, pp, evidence, lexicon coverage)
    feats: dict  # variant -> feature matrix
    lex: np.ndarray  # word-table coverage, from the table of the other half


#: variants measured: passage-role body only (the shipped one); the same without the
#: word-table coverage (``nolex``, the ablation); + the headline's passage-role cosine
#: (one short extra encoding); + the body's query-role pass (a second body encoding)
VARIANTS = ("base", "nolex", "pp", "sym")


def held_out_lexicons() -> dict[str, object]:
    """Per half of the groups, the word table learned on the *other* half
    (``summary_data.half_of``), so no item's coverage comes from its own pair."""
    from summary_data import sentence_pairs

    from ko_en_align.lexicon import Lexicon

    return {
        h: Lexicon.from_pairs([(k, e) for _, k, e in sentence_pairs(o)])
        for h, o in (("A", "B"), ("B", "A"))
    }


def prepare(encoder, sets: dict[str, list[Item]]) -> list[Prepared]:
    from summary_data import half_of

    from ko_en_align.segment import split_claims

    items = [it for v in sets.values() for it in v]
    claim_texts = [c.text for it in items for c in split_claims(it.query)]
    q = encode_cached(encoder, [it.query for it in items] + claim_texts, "query")
    qp = encode_cached(encoder, [it.query for it in items] + claim_texts, "passage")
    cands = sorted({c for it in items for c in it.candidates})
    p = encode_cached(encoder, cands, "passage")
    s = encode_cached(encoder, cands, "query")
    evs = evidence_cached(items)
    lexicons = held_out_lexicons()
    out = []
    for it, (ev, cev) in zip(items, evs, strict=True):
        lex = lexicons[half_of(it.group)]  # the seed (in no half's data) gets either
        body = np.stack([p[c] for c in it.candidates]).astype(np.float64)
        symb = np.stack([s[c] for c in it.candidates]).astype(np.float64)
        claims = {
            c: (body @ q[c], body @ qp[c], e, lex.coverage(c, it.candidates))
            for c, e in cev.items()
        }
        cov = lex.coverage(it.query, it.candidates)
        out.append(
            _prepared(
                it,
                body @ q[it.query],
                body @ qp[it.query],
                symb @ q[it.query],
                body,
                ev,
                claims,
                cov,
            )
        )
        if it.set == "merged" and len(claims) == len(it.claims):
            # each fact of a merged headline is a training query too (gold: its sentence)
            for (c, (cs, cpp, ce, cc)), gold in zip(claims.items(), it.claims, strict=True):
                cit = Item("claims", it.group, c, it.candidates, gold)
                out.append(_prepared(cit, cs, cpp, symb @ q[c], body, ce, {}, cc))
    return out


def _prepared(it, sims, pp, sym, body, ev, claims, cov) -> Prepared:
    kw = {"body_vecs": body, "evidence": ev, "lexicon_scores": cov}
    feats = {
        "base": pairing_features(it.query, it.candidates, sims, **kw),
        "nolex": pairing_features(
            it.query, it.candidates, sims, **(kw | {"lexicon_scores": 0 * cov})
        ),
        "pp": pairing_features(it.query, it.candidates, sims, sims_passage=pp, **kw),
        "sym": pairing_features(
            it.query, it.candidates, sims, sims_symmetric=sym, symmetric=1.0, **kw
        ),
    }
    return Prepared(it, sims, pp, sym, body, ev, claims, feats, cov)


def _set_weights(rows: list[Prepared]) -> np.ndarray:
    """Per query: 1 / (queries in its set), so every set weighs the same in a fit."""
    per_set: dict[str, int] = {}
    for r in rows:
        per_set[r.item.set] = per_set.get(r.item.set, 0) + 1
    return np.array([1.0 / per_set[r.item.set] for r in rows]) * len(rows) / len(per_set)


#: L2 penalty of the ranking fit (per unit of query weight); 1e-3 keeps the weights
#: finite when a feature separates a few queries perfectly, and is far below the data term
RIDGE = 1e-3


def fit_ranker(rows: list[Prepared], variant: str) -> np.ndarray:
    """Conditional logit: softmax over each body, the gold sentences as the answer."""
    from scipy.optimize import minimize

    X = np.vstack([r.feats[variant] for r in rows])
    sizes = np.array([len(r.item.candidates) for r in rows])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    gold = np.zeros(len(X), dtype=bool)
    for r, st in zip(rows, starts, strict=True):
        gold[st + np.array(r.item.support)] = True
    qw = _set_weights(rows)
    rw = np.repeat(qw, sizes)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = X @ w
        m = np.maximum.reduceat(s, starts)
        e = np.exp(s - np.repeat(m, sizes))
        z_all = np.add.reduceat(e, starts)
        z_gold = np.add.reduceat(np.where(gold, e, 0.0), starts)
        nll = float((qw * (np.log(z_all) - np.log(z_gold))).sum()) + RIDGE * len(rows) * float(
            w @ w
        )
        p_all = e / np.repeat(z_all, sizes)
        p_gold = np.where(gold, e, 0.0) / np.repeat(z_gold, sizes)
        grad = X.T @ (rw * (p_all - p_gold)) + 2 * RIDGE * len(rows) * w
        return nll, grad

    res = minimize(loss, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B")
    return np.asarray(res.x)


def fit(rows: list[Prepared], variant: str = "base") -> HybridWeights:
    """Ranking weights (conditional logit), then the calibration (logistic regression)."""
    from sklearn.linear_model import LogisticRegression

    coef = fit_ranker(rows, variant)
    qw = _set_weights(rows)
    X, y, sw = [], [], []
    for r, w in zip(rows, qw, strict=True):
        X.append(calibration_inputs(r.item.query, r.feats[variant] @ coef))
        lab = np.zeros(len(r.item.candidates))
        lab[list(r.item.support)] = 1.0
        y.append(lab)
        sw.append(np.full(len(lab), w))
    # C large: 5 parameters on ~30,000 pairs need no shrinkage
    lr = LogisticRegression(C=100.0, max_iter=2000).fit(
        np.vstack(X), np.concatenate(y), sample_weight=np.concatenate(sw)
    )
    return HybridWeights.from_vector(
        coef, (*lr.coef_[0], lr.intercept_[0]), symmetric=1.0 if variant == "sym" else 0.0
    )


def folds_of(rows: list[Prepared]) -> list[int]:
    groups = sorted({r.item.group for r in rows if r.item.set != "seed"})
    rng = np.random.default_rng(0)
    order = rng.permutation(len(groups))
    fold = {g: int(order[k] % FOLDS) for k, g in enumerate(groups)}
    return [fold.get(r.item.group, -1) for r in rows]


def logits(r: Prepared, w: HybridWeights) -> np.ndarray:
    return hybrid_scores(
        r.item.query,
        r.item.candidates,
        r.sims,
        sims_passage=r.pp,
        sims_symmetric=r.sym,
        body_vecs=r.body,
        evidence=r.evidence,
        weights=w,
        log_odds=True,
        lexicon_scores=r.lex,
    )


def rank_metrics(scores: list[np.ndarray], rows: list[Prepared]) -> tuple[float, float]:
    p1, rr = [], []
    for sc, r in zip(scores, rows, strict=True):
        order = np.argsort(-sc, kind="stable")
        rank = next(k for k, j in enumerate(order, 1) if j in r.item.support)
        p1.append(rank == 1)
        rr.append(1.0 / rank)
    return float(np.mean(p1)), float(np.mean(rr))


def _counts(rows: list[Prepared], w: HybridWeights, threshold: float) -> np.ndarray:
    tp = fp = fn = 0
    for r in rows:
        pred = set(predict_support(r, w, threshold))
        gold = set(r.item.support)
        tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
    return np.array([tp, fp, fn], dtype=float)


#: thresholds tried for the support set (probabilities, step 0.05)
TAUS = tuple(np.round(np.arange(0.05, 0.96, 0.05), 2))


def choose_threshold(rows: list[Prepared], w: HybridWeights) -> float:
    """The threshold of best mean support F1 over the sets in ``rows``."""
    sets = sorted({r.item.set for r in rows} - {"claims"})
    best = (-1.0, 0.5)
    for tau in TAUS:
        f1 = []
        for name in sets:
            tp, fp, fn = _counts([r for r in rows if r.item.set == name], w, float(tau))
            f1.append(2 * tp / max(2 * tp + fp + fn, 1))
        best = max(best, (float(np.mean(f1)), float(tau)))
    return best[1]


def support_prf(
    rows: list[Prepared], w: HybridWeights, threshold: float
) -> tuple[float, float, float]:
    tp, fp, fn = _counts(rows, w, threshold)
    pr = tp / (tp + fp) if tp + fp else float("nan")
    rc = tp / (tp + fn) if tp + fn else float("nan")
    return pr, rc, 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")


_PROBS: dict[tuple[int, int], tuple[np.ndarray, list[np.ndarray]]] = {}


def predict_support(r: Prepared, w: HybridWeights, threshold: float) -> tuple[int, ...]:
    key = (id(r), id(w))
    if key not in _PROBS:  # probabilities per (row, weights), reused for every threshold
        it = r.item
        claim_probs = []
        for c, (cs, cpp, cev, cc) in r.claims.items():
            z = hybrid_scores(
                c,
                it.candidates,
                cs,
                sims_passage=cpp,
                body_vecs=r.body,
                evidence=cev,
                weights=w,
                log_odds=True,
                lexicon_scores=cc,
            )
            claim_probs.append(1.0 / (1.0 + np.exp(-z)))
        if len(claim_probs) < 2:  # one claim is the headline itself (as in align.py)
            claim_probs = []
        _PROBS[key] = (1.0 / (1.0 + np.exp(-logits(r, w))), claim_probs)
    probs, claim_probs = _PROBS[key]
    return support_set(probs, claim_probs, threshold=threshold)


def cross_validate(
    rows: list[Prepared], fold: list[int], variant: str = "base"
) -> tuple[list[np.ndarray], list[HybridWeights]]:
    """Out-of-fold logits of every row and the weights of each fold (last: fitted on all).

    Rows of fold -1 (the seed) are a test: scored with the weights fitted on all dev sets.
    """
    out: list[np.ndarray | None] = [None] * len(rows)
    weights = []
    for k in range(FOLDS):
        w = fit([r for r, f in zip(rows, fold, strict=True) if f != k and f >= 0], variant)
        weights.append(w)
        for i, (r, f) in enumerate(zip(rows, fold, strict=True)):
            if f == k:
                out[i] = logits(r, w)
    full = fit([r for r, f in zip(rows, fold, strict=True) if f >= 0], variant)
    weights.append(full)
    for i, f in enumerate(fold):
        if f < 0:
            out[i] = logits(rows[i], full)
    return [o for o in out if o is not None], weights


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--fit", action="store_true", help="print the weights fitted on all dev sets")
    args = ap.parse_args()
    from ko_en_align import Encoder

    encoder = Encoder()
    rows = prepare(encoder, all_sets())
    fold = folds_of(rows)
    names = list(dict.fromkeys(r.item.set for r in rows))
    oof: dict[str, list[np.ndarray]] = {}
    fold_w: dict[str, list[HybridWeights]] = {}
    for v in VARIANTS:
        oof[v], fold_w[v] = cross_validate(rows, fold, v)
    print(f"model: {encoder.model_name}; CV: {FOLDS} folds over documents/windows; seed = test")
    print("P@1 / MRR; emb = mode='embedding' (cosine); shipped = the package defaults;")
    print(
        "cv-<variant> = held-out, weights fitted on the other folds. Variants: "
        + ", ".join(VARIANTS)
    )
    head = f"{'set':<10} {'n':>4} | {'emb':>13} | {'shipped':>13}"
    for v in VARIANTS:
        head += f" | {'cv-' + v:>13}"
    print(head)
    for name in names:
        idx = [i for i, r in enumerate(rows) if r.item.set == name]
        sub = [rows[i] for i in idx]
        cells = [
            rank_metrics([r.sims for r in sub], sub),
            rank_metrics([logits(r, DEFAULT_WEIGHTS) for r in sub], sub),
            *(rank_metrics([oof[v][i] for i in idx], sub) for v in VARIANTS),
        ]
        print(f"{name:<10} {len(sub):>4} | " + " | ".join(f"{a:.4f} {b:.3f}" for a, b in cells))
    # the support threshold, cross-validated too: chosen on the training folds (mean F1
    # over the dev sets), measured on the held-out fold
    v = "base"  # the shipped variant
    cv_tau = []
    for k in range(FOLDS):
        train = [r for r, f in zip(rows, fold, strict=True) if f != k and f >= 0]
        cv_tau.append(choose_threshold(train, fold_w[v][k]))
    all_dev = [r for r, f in zip(rows, fold, strict=True) if f >= 0]
    full_tau = choose_threshold(all_dev, fold_w[v][-1])
    print(
        f"\nsupport sets: precision / recall / F1 (shipped threshold {SUPPORT_THRESHOLD}; "
        f"cv-{v} thresholds {', '.join(f'{t:.2f}' for t in cv_tau)}; fitted on all dev {full_tau:.2f})"
    )
    print(f"{'set':<10} | {'top-1 cosine':>21} | {'shipped':>21} | {'cv-' + v:>21}")
    for name in [x for x in names if x != "claims"]:
        sub_i = [i for i, r in enumerate(rows) if r.item.set == name]
        top1 = _prf_top1([rows[i] for i in sub_i])
        shipped = support_prf([rows[i] for i in sub_i], DEFAULT_WEIGHTS, SUPPORT_THRESHOLD)
        counts = np.zeros(3)
        for k in [*range(FOLDS), -1]:
            part = [rows[i] for i in sub_i if fold[i] == k]
            if part:
                counts += _counts(part, fold_w[v][k], cv_tau[k] if k >= 0 else full_tau)
        tp, fp, fn = counts
        cv = (tp / max(tp + fp, 1), tp / max(tp + fn, 1), 2 * tp / max(2 * tp + fp + fn, 1))
        print(f"{name:<10} | {_f3(top1)} | {_f3(shipped)} | {_f3(cv)}")
    seed = next(r for r in rows if r.item.set == "seed")
    print(
        "seed support: shipped",
        predict_support(seed, DEFAULT_WEIGHTS, SUPPORT_THRESHOLD),
        f"refit ({full_tau:.2f})",
        predict_support(seed, fold_w[v][-1], full_tau),
        "gold",
        seed.item.support,
    )
    if args.fit:
        for v in VARIANTS:
            w = fold_w[v][-1]
            print(f"\nweights fitted on all dev sets, variant {v}:")
            for f in (*FEATURES, *CALIBRATION, "cal_intercept", "symmetric"):
                print(f"    {f}: float = {getattr(w, f):.4f}")


def _prf_top1(rows: list[Prepared]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for r in rows:
        pred = {int(np.argmax(r.sims))}
        gold = set(r.item.support)
        tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), 2 * tp / max(2 * tp + fp + fn, 1)


def _f3(t: tuple[float, float, float]) -> str:
    return f"{t[0]:.3f} / {t[1]:.3f} / {t[2]:.3f}"


if __name__ == "__main__":
    main()
