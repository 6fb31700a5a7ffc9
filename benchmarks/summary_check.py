"""Summary check AUROC on corrupted NTREX-128 headlines (issue 4).

For every document the Korean headline (``ko_sentences[0]``) is checked
against its English body (``en_sentences[1:]``): label 1. Corrupted headlines
against the same body are label 0:

* entity: one Hangul name of the headline (person/place/country/organization/
  other, as found by the entity layer) replaced by a name of the same kind
  from another document;
* number: NTREX headlines rarely hold numbers, so the number set uses, per
  document, the first Korean sentence with a digit number as the "headline"
  (label 1) and the same sentence with that number changed (n -> 2n + 3,
  e.g. 13 -> 29) as label 0, against ``en_sentences[1:]``;
* other: the next document's headline.

Prints the AUROC of the library ``score`` and of the max-cosine baseline per
set, two-fold leave-documents-out CV of the logistic weights (fit on the even
documents, score the odd ones, and the reverse), and with ``--fit`` the
weights fitted on all documents (the ones in ``ko_en_align/evidence.py``).

    python benchmarks/summary_check.py [--data PATH] [--fit]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import numpy as np

from ko_en_align.evidence import FEATURES, SummaryChecker
from ko_en_align.numbers import extract_numbers

DEFAULT_DATA = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "ntrex128_ko_en_news_docs.jsonl"
)
NAME_KINDS = ("person", "place", "country", "organization", "other")


def auroc(y: np.ndarray, s: np.ndarray) -> float:
    """Rank-based AUROC (ties count half)."""
    pos, neg = s[y == 1], s[y == 0]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    gt = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(gt / (len(pos) * len(neg)))


def _hangul(t: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" for c in t)


def build(docs: list[dict]) -> list[dict]:
    """Examples: dict(doc, set, label, headline, body)."""
    from ko_en_align.entities import extract_entities

    names = [
        [
            e
            for e in extract_entities(d["ko_sentences"][0])
            if e.kind in NAME_KINDS and _hangul(e.text)
        ]
        for d in docs
    ]
    out = []
    n = len(docs)
    for i, d in enumerate(docs):
        body = d["en_sentences"][1:]
        h = d["ko_sentences"][0]
        out.append({"doc": i, "set": "real", "label": 1, "headline": h, "body": body})
        # (a) entity swap
        if names[i]:
            ent = names[i][0]
            alltext = " ".join(d["ko_sentences"])
            for k in range(1, n):
                cands = [
                    e for e in names[(i + k) % n] if e.kind == ent.kind and e.text not in alltext
                ]
                if cands:
                    # drop a Latin gloss of the replaced name: 캐버노(Kavanaugh)
                    rest = re.sub(r"^\s*\([A-Za-z][^)]*\)", "", h[ent.end :])
                    new = h[: ent.start] + cands[0].text + rest
                    out.append(
                        {"doc": i, "set": "entity", "label": 0, "headline": new, "body": body}
                    )
                    break
        # (b) number change
        for ko in d["ko_sentences"]:
            ms = [m for m in extract_numbers(ko, lang="ko") if re.search(r"\d", m.text)]
            if ms:
                m = ms[0]
                dm = re.search(r"\d[\d,]*", m.text)
                assert dm is not None
                old = int(dm.group().replace(",", ""))
                new_text = m.text[: dm.start()] + str(2 * old + 3) + m.text[dm.end() :]
                changed = ko[: m.start] + new_text + ko[m.end :]
                out.append({"doc": i, "set": "number+", "label": 1, "headline": ko, "body": body})
                out.append(
                    {"doc": i, "set": "number", "label": 0, "headline": changed, "body": body}
                )
                break
        # (c) another story's headline
        out.append(
            {
                "doc": i,
                "set": "other",
                "label": 0,
                "headline": docs[(i + 1) % n]["ko_sentences"][0],
                "body": body,
            }
        )
    return out


def _fit1(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    mu, sd = x.mean(0), x.std(0) + 1e-9
    lr = LogisticRegression(C=1.0, max_iter=2000).fit((x - mu) / sd, y)
    w = lr.coef_[0] / sd
    b = lr.intercept_[0] - (lr.coef_[0] * mu / sd).sum()
    return np.concatenate([[b], w])


FACTORS = {
    "relevance": ((0, 1), ("real", "other")),
    "entities": ((2,), ("real", "entity")),
    "numbers": ((3,), ("number+", "number")),
}


def fit(x: np.ndarray, sets: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    """One logistic factor per corruption, each fitted on its own set."""
    return {
        name: _fit1(x[np.isin(sets, s)][:, list(cols)], y[np.isin(sets, s)])
        for name, (cols, s) in FACTORS.items()
    }


def predict(w: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    out = np.ones(len(x))
    for name, (cols, _) in FACTORS.items():
        out *= 1.0 / (1.0 + np.exp(-(x[:, list(cols)] @ w[name][1:] + w[name][0])))
    return out


def report(ex: list[dict], score: np.ndarray, base: np.ndarray, title: str) -> None:
    print(f"-- {title}")
    print(f"{'set':<8} {'n+':>4} {'n-':>4} {'AUROC score':>12} {'AUROC max-cos':>14}")
    sets = {"entity": "real", "number": "number+", "other": "real"}
    for neg, pos in sets.items():
        idx = np.array([e["set"] in (neg, pos) for e in ex])
        y = np.array([e["label"] for e in ex])[idx]
        print(
            f"{neg:<8} {int(y.sum()):>4} {int((1 - y).sum()):>4} {auroc(y, score[idx]):12.4f} {auroc(y, base[idx]):14.4f}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--fit", action="store_true", help="print weights fitted on all documents")
    ap.add_argument("--dump", type=Path, help="write per-example features and details as JSONL")
    args = ap.parse_args()
    docs = [json.loads(line) for line in args.data.open(encoding="utf-8") if line.strip()]
    ex = build(docs)
    checker = SummaryChecker()
    t = time.perf_counter()
    results = checker.check_many([(e["headline"], e["body"]) for e in ex])
    print(
        f"data: {args.data.name}  docs: {len(docs)}  examples: {len(ex)}  check time: {time.perf_counter() - t:.1f}s"
    )
    x = np.array([[r.features[f] for f in FEATURES] for r in results])
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for e, r in zip(ex, results, strict=True):
                fh.write(
                    json.dumps(
                        {k: e[k] for k in ("doc", "set", "label", "headline")} | r.to_dict(),
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    y = np.array([e["label"] for e in ex])
    base = x[:, 0]
    score = np.array([r.score for r in results])
    report(ex, score, base, "library score (weights in evidence.py)")
    sup = np.array([r.supported for r in results])
    for s in ("real", "number+", "entity", "number", "other"):
        idx = np.array([e["set"] == s for e in ex])
        print(f"   supported rate {s:<8} {sup[idx].mean():.3f}")
    # two-fold leave-documents-out CV of the logistic weights
    docs_idx = np.array([e["doc"] for e in ex])
    sets = np.array([e["set"] for e in ex])
    cv = np.zeros(len(ex))
    for fold in (0, 1):
        tr, te = docs_idx % 2 != fold, docs_idx % 2 == fold
        w = fit(x[tr], sets[tr], y[tr])
        cv[te] = predict(w, x[te])
        print(
            f"fold {fold}: fitted on {tr.sum()} examples:",
            {k: np.round(v, 2).tolist() for k, v in w.items()},
        )
    report(ex, cv, base, "two-fold leave-documents-out CV (fit on one half, scored on the other)")
    if args.fit:
        w = fit(x, sets, y)
        print(
            "weights fitted on all documents:", {k: np.round(v, 2).tolist() for k, v in w.items()}
        )


if __name__ == "__main__":
    main()
