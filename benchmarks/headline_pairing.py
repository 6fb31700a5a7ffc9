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
from dataclasses import dataclass, field

import numpy as np
from pairing_sets import Item, _key, all_sets, coverage_cached, encode_cached, evidence_cached

from ko_en_align.scoring import (
    CALIBRATION,
    CLAIM_COVERAGE_WEIGHT,
    DEFAULT_WEIGHTS,
    FEATURES,
    SUPPORT_CLAIM_THRESHOLD,
    SUPPORT_NAME_MAX_SENTENCES,
    SUPPORT_NAME_MIN_PROB,
    SUPPORT_THRESHOLD,
    HybridWeights,
    _is_full_sentence,
    calibration_inputs,
    claim_coverage_probs,
    hybrid_scores,
    lexicon_evidence,
    name_holders,
    pairing_features,
    support_set,
)

FOLDS = 5

#: the claims' word coverage in their probabilities (--no-coverage: the previous release)
COVERAGE: dict = {"on": True, "weight": CLAIM_COVERAGE_WEIGHT}

#: the variant whose probabilities the support rules are fitted on and whose coverage
#: the package defaults are scored with (``--variant``)
SHIPPED_VARIANT = {"name": "covfull"}


@dataclass
class Prepared:
    item: Item
    sims: np.ndarray
    pp: np.ndarray  # headline in the passage role vs body passages
    sym: np.ndarray  # headline (query role) vs body in the query role
    body: np.ndarray
    evidence: object
    claims: dict  # claim text -> (sims, pp, evidence, lexicon_evidence)
    feats: dict  # variant -> feature matrix
    lex: np.ndarray  # lexicon_evidence (coverage both ways), from the table of the other half
    coverage: dict = field(default_factory=dict)  # claim text -> sentence_coverage (2+ claims)
    qcov: np.ndarray | None = None  # the query's own sentence_coverage (variant cov)


#: variants measured, each a feature matrix and the features it leaves out: passage-role
#: body only (the shipped one); its ablations without the word-table features (``nolex``),
#: without the reverse coverage (``norev``) and without the idf-weighted coverage (``noidf``);
#: + the headline's passage-role cosine (one short extra encoding); + the body's query-role
#: pass (a second body encoding)
VARIANTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "base": ("base", ()),
    "nolex": ("base", ("lexicon", "lexicon_rev", "lexicon_idf")),
    "norev": ("base", ("lexicon_rev",)),
    "noidf": ("base", ("lexicon_idf",)),
    "pp": ("pp", ()),
    "sym": ("sym", ()),
    "cov": ("cov", ()),
    "covtele": ("covtele", ()),
    "covfull": ("covfull", ()),
}


def held_out_lexicons() -> dict[str, object]:
    """Per half of the groups, the word table learned on the *other* half
    (``summary_data.half_of``), so no item's coverage comes from its own pair.

    Cached in ``/tmp/ko_en_align_pairing`` under a key of the training pairs and
    of ``lexicon.py``'s source (a change in either learns the tables again)."""
    import hashlib
    import inspect
    import pickle

    from pairing_sets import CACHE
    from summary_data import sentence_pairs

    from ko_en_align import lexicon as lexicon_module
    from ko_en_align.lexicon import Lexicon

    halves = {o: [(k, e) for _, k, e in sentence_pairs(o)] for o in ("A", "B")}
    h = hashlib.sha256(inspect.getsource(lexicon_module).encode())
    for o in ("A", "B"):
        for k, e in halves[o]:
            h.update(f"{o}\t{k}\t{e}\n".encode())
    path = CACHE / f"lexicons-{h.hexdigest()[:20]}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    out = {h_: Lexicon.from_pairs(halves[o]) for h_, o in (("A", "B"), ("B", "A"))}
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


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
    # every query's and claim's word coverage: the claims' re-ranking and variant cov
    cover = coverage_cached(encoder, items, every_query=True)
    lexicons = held_out_lexicons()
    out = []
    for it, (ev, cev) in zip(items, evs, strict=True):
        lex = lexicons[half_of(it.group)]  # the seed (in no half's data) gets either
        body = np.stack([p[c] for c in it.candidates]).astype(np.float64)
        symb = np.stack([s[c] for c in it.candidates]).astype(np.float64)
        claims = {
            c: (body @ q[c], body @ qp[c], e, lexicon_evidence(c, it.candidates, lex))
            for c, e in cev.items()
        }
        cov = lexicon_evidence(it.query, it.candidates, lex)
        qcov = cover[_key(it.query, *it.candidates)]
        row = _prepared(
            it,
            body @ q[it.query],
            body @ qp[it.query],
            symb @ q[it.query],
            body,
            ev,
            claims,
            cov,
            qcov,
        )
        if len(claims) > 1 and COVERAGE["on"]:
            row.coverage = {c: cover[k] for c in claims if (k := _key(c, *it.candidates)) in cover}
        out.append(row)
        if it.set == "merged" and len(claims) == len(it.claims):
            # each fact of a merged headline is a training query too (gold: its sentence)
            for (c, (cs, cpp, ce, cc)), gold in zip(claims.items(), it.claims, strict=True):
                cit = Item("claims", it.group, c, it.candidates, gold)
                ccov = cover.get(_key(c, *it.candidates))
                out.append(_prepared(cit, cs, cpp, symb @ q[c], body, ce, {}, cc, ccov))
    return out


def _prepared(it, sims, pp, sym, body, ev, claims, cov, qcov=None) -> Prepared:
    kw = {"body_vecs": body, "evidence": ev, "lexicon_scores": cov}
    feats = {
        "base": pairing_features(it.query, it.candidates, sims, **kw),
        "pp": pairing_features(it.query, it.candidates, sims, sims_passage=pp, **kw),
        "sym": pairing_features(
            it.query, it.candidates, sims, sims_symmetric=sym, symmetric=1.0, **kw
        ),
        "cov": pairing_features(it.query, it.candidates, sims, coverage=qcov, **kw),
        **{
            v: pairing_features(
                it.query, it.candidates, sims, coverage=_coverage(it.query, qcov, v), **kw
            )
            for v in ("covtele", "covfull")
        },
    }
    return Prepared(it, sims, pp, sym, body, ev, claims, feats, cov, qcov=qcov)


def features(r: Prepared, variant: str) -> np.ndarray:
    """The feature matrix of a variant (its left-out features set to 0, so fitted to 0)."""
    key, drop = VARIANTS[variant]
    X = r.feats[key]
    if not drop:
        return X
    X = X.copy()
    X[:, [FEATURES.index(f) for f in drop]] = 0.0
    return X


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

    X = np.vstack([features(r, variant) for r in rows])
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
        X.append(calibration_inputs(r.item.query, features(r, variant) @ coef))
        lab = np.zeros(len(r.item.candidates))
        lab[list(r.item.support)] = 1.0
        y.append(lab)
        sw.append(np.full(len(lab), w))
    # C large: 5 parameters on ~30,000 pairs need no shrinkage
    lr = LogisticRegression(C=100.0, max_iter=2000).fit(
        np.vstack(X), np.concatenate(y), sample_weight=np.concatenate(sw)
    )
    return HybridWeights.from_vector(
        coef,
        (*lr.coef_[0], lr.intercept_[0]),
        symmetric=1.0 if variant == "sym" else 0.0,
        # the variants gate the coverage themselves (_coverage), as the aligner does
        coverage_full_only=variant == "covfull",
    )


def folds_of(rows: list[Prepared]) -> list[int]:
    groups = sorted({r.item.group for r in rows if r.item.set != "seed"})
    rng = np.random.default_rng(0)
    order = rng.permutation(len(groups))
    fold = {g: int(order[k] % FOLDS) for k, g in enumerate(groups)}
    return [fold.get(r.item.group, -1) for r in rows]


def _coverage(query: str, qcov: np.ndarray | None, variant: str) -> np.ndarray | None:
    """The query's word coverage as the variant's aligner computes it: every query
    (``cov``), full sentences only (``covfull``), telegraphic ones only (``covtele``)."""
    full = _is_full_sentence(query)
    if (variant == "covfull" and not full) or (variant == "covtele" and full):
        return None
    return qcov


def logits(r: Prepared, w: HybridWeights, variant: str = "base") -> np.ndarray:
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
        coverage=_coverage(r.item.query, r.qcov, variant),
    )


def rank_metrics(scores: list[np.ndarray], rows: list[Prepared]) -> tuple[float, float]:
    p1, rr = [], []
    for sc, r in zip(scores, rows, strict=True):
        order = np.argsort(-sc, kind="stable")
        rank = next(k for k, j in enumerate(order, 1) if j in r.item.support)
        p1.append(rank == 1)
        rr.append(1.0 / rank)
    return float(np.mean(p1)), float(np.mean(rr))


_PROBS: dict[tuple[int, int], tuple[np.ndarray, list[np.ndarray]]] = {}


def probabilities(
    r: Prepared, w: HybridWeights, variant: str = "base"
) -> tuple[np.ndarray, list[np.ndarray]]:
    """The headline's probabilities and, for a headline of two or more claims, each claim's."""
    key = (id(r), id(w), variant)
    if key not in _PROBS:  # per (row, weights), reused by every support rule
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
            prob = 1.0 / (1.0 + np.exp(-z))
            if c in r.coverage:  # as HeadlineAligner: the claim's word coverage
                prob = claim_coverage_probs(prob, r.coverage[c], weight=COVERAGE["weight"])
            claim_probs.append(prob)
        if len(claim_probs) < 2:  # one claim is the headline itself (as in align.py)
            claim_probs = []
        _PROBS[key] = (1.0 / (1.0 + np.exp(-logits(r, w, variant))), claim_probs)
    return _PROBS[key]


# ------------------------------------------------------------------ support sets
#: sets the support rule is chosen on (mean F1 over them); the seed is a test, and the
#: "claims" rows are the merged headlines' facts (their support is measured through merged)
SUPPORT_SETS = ("ntrex", "headlines", "kpc", "merged")

#: thresholds tried for the support rules (probabilities, step 0.05)
TAUS = tuple(float(t) for t in np.round(np.arange(0.05, 0.96, 0.05), 2))


#: Inputs of the learned support rule (a measured alternative to the shipped threshold):
#: per sentence its calibrated log-odds and their gap to the best sentence's; over the
#: claims (a headline of one claim is its own claim) the best log-odds a claim gives it,
#: the gap to that claim's own best sentence, and how much better it carries a claim than
#: the best sentence does; whether there are two or more claims, and log(len(body))
SUPPORT_FEATURES = (
    "z",
    "gap",
    "claim_z",
    "claim_gap",
    "claim_gain",
    "multi",
    "log_n",
)


def support_features(probs: np.ndarray, claim_probs: list[np.ndarray]) -> np.ndarray:
    """The ``(n, len(SUPPORT_FEATURES))`` inputs of the learned support rule."""
    z = np.log(np.clip(probs, 1e-12, 1 - 1e-12) / np.clip(1 - probs, 1e-12, 1))
    cz = [np.log(np.clip(c, 1e-12, 1 - 1e-12) / np.clip(1 - c, 1e-12, 1)) for c in claim_probs]
    c_mat = np.vstack(cz or [z])
    best = int(np.argmax(z))
    out = np.zeros((len(z), len(SUPPORT_FEATURES)))
    out[:, 0] = z
    out[:, 1] = z - z[best]
    out[:, 2] = c_mat.max(axis=0)
    out[:, 3] = (c_mat - c_mat.max(axis=1, keepdims=True)).max(axis=0)
    out[:, 4] = (c_mat - c_mat[:, best : best + 1]).max(axis=0)
    out[:, 5] = float(len(cz) >= 2)
    out[:, 6] = np.log(len(z))
    return out


@dataclass
class Flat:
    """Every non-best sentence of some rows, flattened, for fast support-rule grids."""

    row: np.ndarray  # index of the row (in the list given to flatten)
    set_id: np.ndarray  # index into SUPPORT_SETS
    label: np.ndarray  # in the gold support
    p: np.ndarray  # headline probability
    claim_best: np.ndarray  # the probability of the claims whose best sentence it is (0: none)
    X: np.ndarray  # support_features
    base: np.ndarray  # (len(SUPPORT_SETS), 3): tp, fp, fn of the best sentences alone

    def subset(self, rows: np.ndarray, row_set: np.ndarray, row_base: np.ndarray) -> Flat:
        """The entries of the rows in the boolean mask ``rows``."""
        m = rows[self.row]
        base = np.zeros_like(self.base)
        for i in np.flatnonzero(rows & (row_set >= 0)):
            base[row_set[i]] += row_base[i]
        return Flat(
            self.row[m],
            self.set_id[m],
            self.label[m],
            self.p[m],
            self.claim_best[m],
            self.X[m],
            base,
        )


def flatten(
    rows: list[Prepared], inputs: list[tuple[np.ndarray, list[np.ndarray]]]
) -> tuple[Flat, np.ndarray, np.ndarray]:
    """The entries of every row, and per row its set id (-1: not a support set) and the
    (tp, fp, fn) of its best sentence alone."""
    cols: dict[str, list] = {k: [] for k in ("row", "set_id", "label", "p", "claim_best", "X")}
    row_set = np.full(len(rows), -1)
    row_base = np.zeros((len(rows), 3))
    for i, (r, (p, cps)) in enumerate(zip(rows, inputs, strict=True)):
        if r.item.set not in SUPPORT_SETS:
            continue
        sid = SUPPORT_SETS.index(r.item.set)
        gold = set(r.item.support)
        best = int(np.argmax(p))
        row_set[i] = sid
        row_base[i] = (best in gold, best not in gold, len(gold - {best}))
        cb = np.zeros(len(p))
        for cp in cps:
            j = int(np.argmax(cp))
            cb[j] = max(cb[j], float(cp[j]))
        keep = np.arange(len(p)) != best
        cols["row"].append(np.full(keep.sum(), i))
        cols["set_id"].append(np.full(keep.sum(), sid))
        cols["label"].append(np.isin(np.arange(len(p)), list(gold))[keep])
        cols["p"].append(p[keep])
        cols["claim_best"].append(cb[keep])
        cols["X"].append(support_features(p, cps)[keep])
    arr = {k: np.concatenate(v) for k, v in cols.items() if k != "X"}
    fl = Flat(**arr, X=np.vstack(cols["X"]), base=np.zeros((len(SUPPORT_SETS), 3)))
    return fl, row_set, row_base


def set_counts(fl: Flat, include: np.ndarray) -> np.ndarray:
    """(len(SUPPORT_SETS), 3) tp, fp, fn when the non-best sentences ``include``d join the best."""
    out = fl.base.copy()
    for sid in range(len(SUPPORT_SETS)):
        m = fl.set_id == sid
        tp = int((include[m] & fl.label[m]).sum())
        out[sid] += (tp, int((include[m] & ~fl.label[m]).sum()), -tp)
    return out


def mean_f1(counts: np.ndarray) -> float:
    f1 = [2 * tp / (2 * tp + fp + fn) for tp, fp, fn in counts if tp + fp + fn]
    return float(np.mean(f1)) if f1 else float("nan")


def _threshold_rule(fl: Flat, tau: float, tau_c: float) -> np.ndarray:
    """The rule of the last release (one threshold: ``tau_c == tau``) and its two-threshold form."""
    return (fl.p >= tau) | (fl.claim_best >= tau_c)


def fit_support_lr(fl: Flat, rows: list[Prepared], cols: list[int]) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    sw = _set_weights(rows)[fl.row]
    # C large: 6 parameters on ~25,000 sentences need no shrinkage
    lr = LogisticRegression(C=100.0, max_iter=2000).fit(fl.X[:, cols], fl.label, sample_weight=sw)
    coef = np.zeros(len(SUPPORT_FEATURES))
    coef[cols] = lr.coef_[0]
    return coef, float(lr.intercept_[0])


def _lr_probs(fl: Flat, coef: np.ndarray, icpt: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(fl.X @ coef + icpt, -50, 50)))


#: support rules compared: name -> (fit on train entries -> params, include mask of entries)
def _rules() -> dict[str, tuple]:
    def grid1(fl: Flat) -> tuple:
        return max((mean_f1(set_counts(fl, _threshold_rule(fl, t, t))), t, t) for t in TAUS)[1:]

    def grid2(fl: Flat) -> tuple:
        return max(
            (mean_f1(set_counts(fl, _threshold_rule(fl, t, tc))), t, tc)
            for t in TAUS
            for tc in TAUS
        )[1:]

    def learned(cols: list[int]):
        def fit_(fl: Flat, rows: list[Prepared]) -> tuple:
            coef, icpt = fit_support_lr(fl, rows, cols)
            sp = _lr_probs(fl, coef, icpt)
            tau = max((mean_f1(set_counts(fl, sp >= t)), t) for t in TAUS)[1]
            return coef, icpt, tau

        return fit_, lambda fl, prm: _lr_probs(fl, prm[0], prm[1]) >= prm[2]

    every = list(range(len(SUPPORT_FEATURES)))
    no_claim = [SUPPORT_FEATURES.index(f) for f in ("z", "gap", "log_n")]
    return {
        SHIPPED_RULE: (lambda fl, rows: grid1(fl), lambda fl, t: _threshold_rule(fl, *t)),
        "two thresholds": (lambda fl, rows: grid2(fl), lambda fl, t: _threshold_rule(fl, *t)),
        "learned, no claims": learned(no_claim),
        "learned, no gain": learned([c for c in every if SUPPORT_FEATURES[c] != "claim_gain"]),
        "learned": learned(every),
    }


#: the rule of the previous release (best sentence + p >= threshold + claims' best >= threshold)
SHIPPED_RULE = "one threshold (old)"

#: the rule of scoring.support_set: thresholds per headline style and rare-name evidence
NAMED_RULE = "style + names (shipped)"

#: the grid of the shipped rule: (threshold, claim threshold of a full-sentence headline,
#: claim threshold of a telegraphic one, most sentences a "rare" name may be in (0: no
#: name evidence), least probability of a rare name's holder)
NAMED_GRID = tuple(
    (t, tcf, tct, md, mp)
    for t in (0.85, 0.9, 0.95)
    for tcf in (0.85, 0.9, 0.95)
    for tct in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9)
    for md in (0, 1, 2, 3)
    for mp in (0.02, 0.05, 0.1, 0.2)
)


@dataclass
class NamedInputs:
    """One row's inputs of :func:`scoring.support_set`, per name cut-off (max sentences)."""

    sid: int  # index into SUPPORT_SETS
    gold: frozenset
    p: np.ndarray
    claim_probs: list[np.ndarray]
    telegraphic: bool
    names: dict[int, np.ndarray]  # max sentences -> name_holders of the headline
    claim_names: dict[int, list[np.ndarray]]
    memo: dict = field(default_factory=dict)  # the parameters it depends on -> its set


def named_inputs(
    rows: list[Prepared], inputs: list[tuple[np.ndarray, list[np.ndarray]]]
) -> list[NamedInputs | None]:
    cuts = sorted({g[3] for g in NAMED_GRID} | {SUPPORT_NAME_MAX_SENTENCES})
    out: list[NamedInputs | None] = []
    for r, (p, cps) in zip(rows, inputs, strict=True):
        if r.item.set not in (*SUPPORT_SETS, "seed"):
            out.append(None)
            continue
        cevs = [v[2] for v in r.claims.values()] if cps else []
        out.append(
            NamedInputs(
                SUPPORT_SETS.index(r.item.set) if r.item.set in SUPPORT_SETS else -1,
                frozenset(r.item.support),
                p,
                cps,
                not _is_full_sentence(r.item.query),
                {m: name_holders(r.evidence, m) if m else None for m in cuts},
                {m: [name_holders(e, m) for e in cevs] if m else [] for m in cuts},
            )
        )
    return out


def named_support(x: NamedInputs, prm: tuple) -> tuple[int, ...]:
    t, tcf, tct, md, mp = prm
    # a full-sentence headline's set ignores tct and mp, a telegraphic one's tcf
    key = (t, tct, md, mp) if x.telegraphic else (t, tcf, md)
    if key not in x.memo:
        x.memo[key] = _named_support(x, prm)
    return x.memo[key]


def _named_support(x: NamedInputs, prm: tuple) -> tuple[int, ...]:
    t, tcf, tct, md, mp = prm
    return support_set(
        x.p,
        x.claim_probs,
        threshold=t,
        claim_threshold=tct if x.telegraphic else tcf,
        telegraphic=x.telegraphic,
        names=x.names[md],
        claim_names=x.claim_names[md],
        name_min_prob=mp,
    )


def named_counts(xs: list[NamedInputs], prm: tuple) -> np.ndarray:
    out = np.zeros((len(SUPPORT_SETS), 3))
    for x in xs:
        pred = set(named_support(x, prm))
        out[x.sid] += (len(pred & x.gold), len(pred - x.gold), len(x.gold - pred))
    return out


def cross_validate_named(
    rows: list[Prepared], fold: list[int], inputs: list[tuple[np.ndarray, list[np.ndarray]]]
) -> tuple[np.ndarray, list[tuple], tuple, list[NamedInputs | None]]:
    """The shipped rule: held-out (tp, fp, fn) per set, the grid point chosen on the other
    folds (mean F1 over the dev sets), the one chosen on all dev rows, and the inputs."""
    xs = named_inputs(rows, inputs)
    dev = [(x, f) for x, f in zip(xs, fold, strict=True) if x is not None and f >= 0]

    def choose(sub: list[NamedInputs]) -> tuple:
        # rows whose set is the best line alone under every grid point add the same to
        # each: kept, they only cost time, so the grid runs on all rows of the sets
        return max(NAMED_GRID, key=lambda prm: mean_f1(named_counts(sub, prm)))

    counts = np.zeros((len(SUPPORT_SETS), 3))
    params = []
    for k in range(FOLDS):
        prm = choose([x for x, f in dev if f != k])
        params.append(prm)
        counts += named_counts([x for x, f in dev if f == k], prm)
    return counts, params, choose([x for x, _ in dev]), xs


def support_inputs(
    rows: list[Prepared], fold: list[int], fold_w: list[HybridWeights], variant: str = "base"
) -> list[tuple[np.ndarray, list[np.ndarray]]]:
    """Out-of-fold probabilities of every row and its claims (the seed: weights fitted on all)."""
    return [probabilities(r, fold_w[f], variant) for r, f in zip(rows, fold, strict=True)]


def cross_validate_support(
    rows: list[Prepared], fold: list[int], inputs: list[tuple[np.ndarray, list[np.ndarray]]]
) -> dict[str, tuple[np.ndarray, list, tuple]]:
    """Per rule: held-out (tp, fp, fn) per set, the parameters chosen in each fold, and the
    parameters chosen on all dev rows (the shipped ones).

    The inputs are out-of-fold probabilities, so a rule is fitted on what the ranker gives
    bodies it was not fitted on; its parameters are chosen on the other folds' rows."""
    fl, row_set, row_base = flatten(rows, inputs)
    fold_a = np.array(fold)
    out = {}
    for name, (fit_, include) in _rules().items():
        counts = np.zeros((len(SUPPORT_SETS), 3))
        params = []
        for k in range(FOLDS):
            tr = fl.subset((fold_a != k) & (fold_a >= 0), row_set, row_base)
            te = fl.subset(fold_a == k, row_set, row_base)
            prm = fit_(tr, rows)
            params.append(prm)
            counts += set_counts(te, include(te, prm))
        full = fit_(fl.subset(fold_a >= 0, row_set, row_base), rows)
        out[name] = (counts, params, full)
    return out


def seed_support(
    r: Prepared, inp: tuple[np.ndarray, list[np.ndarray]], name: str, prm: tuple
) -> tuple[int, ...]:
    p, cps = inp
    if name.startswith("learned"):
        coef, icpt, tau = prm
        sp = 1.0 / (1.0 + np.exp(-(support_features(p, cps) @ coef + icpt)))
        sp[int(np.argmax(p))] = 1.0
        return tuple(int(j) for j in np.flatnonzero(sp >= tau))
    tau, tau_c = prm
    out = {int(np.argmax(p))} | {int(j) for j in np.flatnonzero(p >= tau)}
    for cp in cps:
        j = int(np.argmax(cp))
        if cp[j] >= tau_c:
            out.add(j)
    return tuple(sorted(out))


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
                out[i] = logits(r, w, variant)
    full = fit([r for r, f in zip(rows, fold, strict=True) if f >= 0], variant)
    weights.append(full)
    for i, f in enumerate(fold):
        if f < 0:
            out[i] = logits(rows[i], full, variant)
    return [o for o in out if o is not None], weights


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--fit", action="store_true", help="print the weights fitted on all dev sets")
    ap.add_argument(
        "--coverage-weight",
        type=float,
        default=CLAIM_COVERAGE_WEIGHT,
        help="weight of a claim's word coverage in its log-odds (0: the previous release)",
    )
    ap.add_argument(
        "--variant",
        choices=tuple(VARIANTS),
        default=SHIPPED_VARIANT["name"],
        help="the variant the package defaults are scored as, and whose held-out "
        "probabilities the support rules are fitted on",
    )
    args = ap.parse_args()
    SHIPPED_VARIANT["name"] = args.variant
    COVERAGE["weight"] = args.coverage_weight
    COVERAGE["on"] = args.coverage_weight != 0
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
            rank_metrics([logits(r, DEFAULT_WEIGHTS, SHIPPED_VARIANT["name"]) for r in sub], sub),
            *(rank_metrics([oof[v][i] for i in idx], sub) for v in VARIANTS),
        ]
        print(f"{name:<10} {len(sub):>4} | " + " | ".join(f"{a:.4f} {b:.3f}" for a, b in cells))
    # the support rule, cross-validated too: fitted on the out-of-fold probabilities of the
    # training folds (mean F1 over the dev sets), measured on the held-out fold
    v = SHIPPED_VARIANT["name"]  # the shipped variant
    inputs = support_inputs(rows, fold, fold_w[v], v)
    cv_sup = cross_validate_support(rows, fold, inputs)
    seed_i = next(i for i, r in enumerate(rows) if r.item.set == "seed")
    print(
        f"\nsupport sets, held-out (cv-{v} probabilities; rules chosen on the other folds): "
        f"precision / recall / F1 per set; shipped threshold {SUPPORT_THRESHOLD}, claim "
        f"thresholds {SUPPORT_CLAIM_THRESHOLD}, names in <= {SUPPORT_NAME_MAX_SENTENCES} "
        f"sentences, name floor {SUPPORT_NAME_MIN_PROB}"
    )
    print(f"{'rule':<20} | " + " | ".join(f"{n:>21}" for n in SUPPORT_SETS) + " | mean F1 | seed")
    top1 = [_prf_top1([r for r in rows if r.item.set == n]) for n in SUPPORT_SETS]
    print(f"{'top-1 cosine':<20} | " + " | ".join(_f3(t) for t in top1) + " |")
    for name, (counts, _, full) in cv_sup.items():
        prf = [_prf(c) for c in counts]
        pred = seed_support(rows[seed_i], inputs[seed_i], name, full)
        gold = set(rows[seed_i].item.support)
        tp = len(set(pred) & gold)
        sf1 = 2 * tp / (len(pred) + len(gold))
        print(
            f"{name:<20} | "
            + " | ".join(_f3(t) for t in prf)
            + f" | {np.mean([t[2] for t in prf]):.4f}  | F1 {sf1:.3f} {pred}"
        )
    n_counts, n_params, n_full, n_xs = cross_validate_named(rows, fold, inputs)
    prf = [_prf(c) for c in n_counts]
    pred = named_support(n_xs[seed_i], n_full)
    gold = set(rows[seed_i].item.support)
    sf1 = 2 * len(set(pred) & gold) / (len(pred) + len(gold))
    print(
        f"{NAMED_RULE:<20} | "
        + " | ".join(_f3(t) for t in prf)
        + f" | {np.mean([t[2] for t in prf]):.4f}  | F1 {sf1:.3f} {pred}"
    )
    shipped_support, seed_pred = _support_counts(rows, DEFAULT_WEIGHTS)
    print(
        f"{'package defaults':<20} | "
        + " | ".join(_f3(_prf(c)) for c in shipped_support)
        + f" | {np.mean([_prf(c)[2] for c in shipped_support]):.4f}  | "
        + f"{seed_pred} (in-sample: fitted on all dev)"
    )
    print(f"seed gold support {rows[seed_i].item.support}")
    for name, (_, params, full) in cv_sup.items():
        print(
            f"  {name}: parameters per fold {[_short(p) for p in params]}; on all dev {_short(full)}"
        )
    print(
        f"  {NAMED_RULE} (threshold, claim threshold full/telegraphic, name max sentences, "
        f"name min prob): per fold {n_params}; on all dev {n_full}"
    )
    if args.fit:
        for v in VARIANTS:
            w = fold_w[v][-1]
            print(f"\nweights fitted on all dev sets, variant {v}:")
            for f in (*FEATURES, *CALIBRATION, "cal_intercept", "symmetric"):
                print(f"    {f}: float = {getattr(w, f):.4f}")
        tau = cv_sup[SHIPPED_RULE][2][0]
        print(f"\none-threshold rule (previous release) fitted on all dev: {tau:.2f}")
        coef, icpt, tau_l = cv_sup["learned"][2]
        print("learned support rule (not shipped):", end=" ")
        print(
            ", ".join(f"{f} {c:.4f}" for f, c in zip(SUPPORT_FEATURES, coef, strict=True)), end=""
        )
        print(f", intercept {icpt:.4f}, threshold {tau_l:.2f}")


def _prf_top1(rows: list[Prepared]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for r in rows:
        pred = {int(np.argmax(r.sims))}
        gold = set(r.item.support)
        tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), 2 * tp / max(2 * tp + fp + fn, 1)


def _prf(c: np.ndarray) -> tuple[float, float, float]:
    tp, fp, fn = c
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), 2 * tp / max(2 * tp + fp + fn, 1)


def _support_counts(rows: list[Prepared], w: HybridWeights) -> tuple[np.ndarray, tuple[int, ...]]:
    """(tp, fp, fn) per set of the package's own support rule on weights ``w`` (in-sample),
    and the seed's set."""
    out = np.zeros((len(SUPPORT_SETS), 3))
    shipped = (
        SUPPORT_THRESHOLD,
        SUPPORT_CLAIM_THRESHOLD[False],
        SUPPORT_CLAIM_THRESHOLD[True],
        SUPPORT_NAME_MAX_SENTENCES,
        SUPPORT_NAME_MIN_PROB,
    )
    xs = named_inputs(rows, [probabilities(r, w, SHIPPED_VARIANT["name"]) for r in rows])
    seed: tuple[int, ...] = ()
    for r, x in zip(rows, xs, strict=True):
        if x is None:
            continue
        pred = named_support(x, shipped)
        if r.item.set == "seed":
            seed = pred
            continue
        out[x.sid] += (len(set(pred) & x.gold), len(set(pred) - x.gold), len(x.gold - set(pred)))
    return out, seed


def _short(prm: tuple) -> str:
    if len(prm) == 2:
        return f"({prm[0]:.2f}, {prm[1]:.2f})"
    return f"tau {prm[2]:.2f}"


def _f3(t: tuple[float, float, float]) -> str:
    return f"{t[0]:.3f} / {t[1]:.3f} / {t[2]:.3f}"


if __name__ == "__main__":
    main()
