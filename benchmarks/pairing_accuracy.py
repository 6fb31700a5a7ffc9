"""Pairing accuracy on NTREX-128 news documents (issue 2 / issue 4).

Every Korean sentence of a document (its headline included) is a query over
that document's English sentences; the gold answer is the index-aligned
English sentence. Prints P@1, P@3 and MRR for the plain embedding baseline and
for the library's default (and hybrid) modes, in one run.

    python benchmarks/pairing_accuracy.py [--data PATH] [--modes embedding,hybrid]

The cross-validated fit of the hybrid weights, on NTREX and the headline sets,
is ``benchmarks/headline_pairing.py``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from ko_en_align import Bulletin, HeadlineAligner

DEFAULT_DATA = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "ntrex128_ko_en_news_docs.jsonl"
)


def queries(path: Path) -> list[tuple[Bulletin, int]]:
    out = []
    with path.open(encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    for doc in docs:
        en = doc["en_sentences"]
        for i, ko in enumerate(doc["ko_sentences"]):
            out.append((Bulletin(ko, en, id=f"{doc['doc_id']}:{i}"), i))
    return out


def evaluate(aligner: HeadlineAligner, items: list[tuple[Bulletin, int]]) -> dict[str, float]:
    t = time.perf_counter()
    results = aligner.align_many([b for b, _ in items])
    elapsed = time.perf_counter() - t
    ranks = np.array(
        [
            next(r for r, m in enumerate(res.ranking) if m.index == gold) + 1
            for res, (_, gold) in zip(results, items, strict=False)
        ]
    )
    return {
        "P@1": float((ranks == 1).mean()),
        "P@3": float((ranks <= 3).mean()),
        "MRR": float((1.0 / ranks).mean()),
        "queries": len(items),
        "seconds": elapsed,
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--modes", default="embedding,hybrid")
    ap.add_argument("--backend", default="auto")
    args = ap.parse_args()
    from ko_en_align import Encoder

    items = queries(args.data)
    encoder = Encoder(backend=args.backend)
    print(
        f"data: {args.data.name}  queries: {len(items)}  model: {encoder.model_name}  backend: {encoder.backend}"
    )
    print(f"{'mode':<12} {'P@1':>7} {'P@3':>7} {'MRR':>7} {'sec':>7}")
    for mode in args.modes.split(","):
        r = evaluate(HeadlineAligner(encoder, mode=mode), items)  # type: ignore[arg-type]
        print(f"{mode:<12} {r['P@1']:7.4f} {r['P@3']:7.4f} {r['MRR']:7.4f} {r['seconds']:7.1f}")


if __name__ == "__main__":
    main()
