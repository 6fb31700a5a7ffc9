"""Encoder.encode_tokens vs Encoder.encode on the seed body (the baseline, same process).

Medians of 9 interleaved rounds after one warm-up each; the default model on the CPU.
``--one-pass`` times what the summary checker needs per body instead: ``encode`` then
``encode_tokens`` (two forward passes) against ``encode_with_tokens`` (one), and prints
their ratio (from the same run; absolute times depend on the machine's load).
Run: ``python benchmarks/encode_tokens_speed.py [--one-pass] [--sentences N]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ko_en_align import Bulletin, Encoder

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_ba3be2c408401557.txt"


def _time(runs: dict[str, Callable[[], Any]], rounds: int) -> dict[str, float]:
    """Median milliseconds per run, the runs interleaved round by round after one warm-up."""
    times: dict[str, list[float]] = {k: [] for k in runs}
    for run in runs.values():
        run()
    for _ in range(rounds):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {k: statistics.median(v) * 1000 for k, v in times.items()}


def main(rounds: int = 9, *, one_pass: bool = False, sentences: int = 10) -> None:
    body = list(Bulletin.from_text(SEED.read_text(encoding="utf-8")).sentences)
    body = (body * (sentences // len(body) + 1))[:sentences]
    enc = Encoder().load()
    if one_pass:
        runs: dict[str, Callable[[], Any]] = {
            "encode + encode_tokens": lambda: (
                enc.encode(body, role="passage"),
                enc.encode_tokens(body, role="passage"),
            ),
            "encode_with_tokens": lambda: enc.encode_with_tokens(body, role="passage"),
            "encode alone": lambda: enc.encode(body, role="passage"),
        }
    else:
        runs = {
            "encode (baseline)": lambda: enc.encode(body, role="passage"),
            "encode_tokens(layer 8)": lambda: enc.encode_tokens(body, role="passage"),
            "encode_tokens(layer 12)": lambda: enc.encode_tokens(body, role="passage", layer=12),
        }
    medians = _time(runs, rounds)
    print(
        f"{len(body)} seed sentences, median of {rounds} interleaved rounds: "
        + ", ".join(f"{k} {v:.0f} ms" for k, v in medians.items())
    )
    if one_pass:
        two, one = medians["encode + encode_tokens"], medians["encode_with_tokens"]
        print(f"two passes / one pass: {two / one:.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--one-pass", action="store_true", help="two calls vs encode_with_tokens")
    parser.add_argument(
        "--sentences", type=int, default=10, help="body length (the seed's, repeated)"
    )
    args = parser.parse_args()
    main(args.rounds, one_pass=args.one_pass, sentences=args.sentences)
