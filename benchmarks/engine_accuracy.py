"""Engines side by side: NTREX dev P@1 and encoding speed of each, in one run (issue 13).

For every engine given (default: torch fp32, the reference; onnx fp32; onnx
qint8) this prints:

- P@1 / MRR on the NTREX-128 dev queries (every Korean sentence over its
  document's English sentences, gold the index-aligned one: 662 queries), in
  embedding mode and in the library's default hybrid mode;
- how many of the queries get the same top sentence as the reference engine;
- encoding speed in sentences/second on distinct real text (the body
  sentences of ``throughput.py``'s distinct set, passage role), measured
  interleaved: each engine encodes one block in turn, block after block, so
  a load change on a shared machine hits every engine alike.

    KO_EN_ALIGN_CACHE=/tmp/kcache python benchmarks/engine_accuracy.py
    python benchmarks/engine_accuracy.py --engines torch:float32,onnx:qint8 --speed-texts 256
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pairing_accuracy import DEFAULT_DATA, queries  # noqa: E402
from throughput import distinct_set  # noqa: E402

from ko_en_align import Encoder, HeadlineAligner  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--engines",
        default="torch:float32,onnx:float32,onnx:qint8",
        help="comma-separated backend:dtype pairs; the first is the reference",
    )
    ap.add_argument("--modes", default="embedding,hybrid")
    ap.add_argument("--speed-texts", type=int, default=512, help="texts per engine for speed")
    ap.add_argument("--blocks", type=int, default=4)
    args = ap.parse_args()

    engines: dict[str, Encoder] = {}
    for spec in args.engines.split(","):
        backend, _, dtype = spec.partition(":")
        engines[spec] = Encoder(backend=backend, dtype=dtype or "float32", cache_size=20_000).load()  # type: ignore[arg-type]

    texts = [s for b in distinct_set()[0] for s in b.sentences][: args.speed_texts]
    for enc in engines.values():
        enc.encode(texts[:8], role="passage")  # warm-up
    seconds = dict.fromkeys(engines, 0.0)
    size = -(-len(texts) // args.blocks)
    for a in range(0, len(texts), size):
        for name, enc in engines.items():
            enc.clear_cache()
            t = time.perf_counter()
            enc.encode(texts[a : a + size], role="passage")
            seconds[name] += time.perf_counter() - t
    ref_name = next(iter(engines))
    print(f"encoding speed, {len(texts)} distinct sentences (passage role), interleaved:")
    for name, s in seconds.items():
        print(
            f"  {name:<14} {len(texts) / s:7.1f} sentences/s  ({seconds[ref_name] / s:.2f}x {ref_name})"
        )
    for enc in engines.values():
        enc.clear_cache()

    items = queries(DEFAULT_DATA)
    gold = [g for _, g in items]
    print(f"NTREX dev: {len(items)} queries")
    print(f"{'engine':<14} {'mode':<10} {'P@1':>7} {'MRR':>7} {'same top-1 as ' + ref_name:>26}")
    for mode in args.modes.split(","):
        tops: dict[str, list[int]] = {}
        for name, enc in engines.items():
            results = HeadlineAligner(enc, mode=mode).align_many([b for b, _ in items])  # type: ignore[arg-type]
            ranks = np.array(
                [
                    next(r for r, m in enumerate(res.ranking) if m.index == g) + 1
                    for res, g in zip(results, gold, strict=True)
                ]
            )
            tops[name] = [res.best.index for res in results]
            same = np.mean([a == b for a, b in zip(tops[name], tops[ref_name], strict=True)])
            print(
                f"{name:<14} {mode:<10} {(ranks == 1).mean():7.4f} {(1 / ranks).mean():7.4f} {same:26.4f}"
            )


if __name__ == "__main__":
    main()
