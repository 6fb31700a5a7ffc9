"""Encoder.encode_tokens vs Encoder.encode on the seed body (the baseline, same process).

Medians of 9 interleaved rounds after one warm-up each; the default model on the CPU.
Run: ``python benchmarks/encode_tokens_speed.py``.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from ko_en_align import Bulletin, Encoder

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_ba3be2c408401557.txt"


def main(rounds: int = 9) -> None:
    body = list(Bulletin.from_text(SEED.read_text(encoding="utf-8")).sentences)[:10]
    enc = Encoder().load()
    runs = {
        "encode (baseline)": lambda: enc.encode(body, role="passage"),
        "encode_tokens(layer 8)": lambda: enc.encode_tokens(body, role="passage"),
        "encode_tokens(layer 12)": lambda: enc.encode_tokens(body, role="passage", layer=12),
    }
    times: dict[str, list[float]] = {k: [] for k in runs}
    for run in runs.values():
        run()
    for _ in range(rounds):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    medians = {k: statistics.median(v) * 1000 for k, v in times.items()}
    print(
        f"{len(body)} seed sentences, median of {rounds} interleaved rounds: "
        + ", ".join(f"{k} {v:.0f} ms" for k, v in medians.items())
    )


if __name__ == "__main__":
    main()
