"""Latency, cold start and scaling of ko_en_align (issue 6).

Prints, for the embedded default model with the converted cache already built:

- ``import ko_en_align`` time in a fresh interpreter (median of 5) and whether
  torch got imported (it must not);
- cold start: fresh interpreter -> first ``align_headline`` result on the seed
  bulletin (median of 7; single runs vary by +-0.5 s on a shared 2-core box),
  with the CPU seconds and the process's peak RSS (``VmHWM``);
- warm latency of one seed bulletin through the default aligner (median of 50);
- how time and peak memory grow with body length (each size in a fresh
  process; sentences are distinct so de-duplication does not help).

    KO_EN_ALIGN_CACHE=/tmp/kcache python benchmarks/latency.py
    python benchmarks/latency.py --sizes 10,100,1000 --skip-cold   # a quick look
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "seeds").glob("*.txt"))
DATA = ROOT.parent / "shared" / "data" / "ntrex128_ko_en_news_docs.jsonl"

IMPORT = "import time, sys; t = time.perf_counter(); import ko_en_align; print(time.perf_counter() - t, 'torch' in sys.modules)"
COLD = f"""
import time; t = time.perf_counter()
from pathlib import Path
import ko_en_align as kea
b = kea.Bulletin.from_text(Path({str(SEED)!r}).read_text(encoding="utf-8"))
r = kea.align_headline(b.headline, list(b.sentences))
dt = time.perf_counter() - t
with open("/proc/self/status") as fh:  # this process's peak resident memory (Linux)
    peak = next((int(l.split()[1]) / 1024 for l in fh if l.startswith("VmHWM")), float("nan"))
print(dt, r.best.index, peak)
"""


def cold_code(backend: str, dtype: str, mode: str = "hybrid") -> str:
    """The cold-start script: the library's defaults, or an aligner on the given engine and mode."""
    if backend == "auto" and dtype == "float32" and mode == "hybrid":
        return COLD
    encoder = f"kea.Encoder(backend={backend!r}, dtype={dtype!r}, cache_size=10_000)"
    return COLD.replace(
        "r = kea.align_headline(b.headline, list(b.sentences))",
        f"r = kea.HeadlineAligner({encoder}, mode={mode!r}).align(b)",
    )


def cpu_run(code: str) -> tuple[str, float]:
    """Run ``code`` in a fresh interpreter: its output and the CPU seconds (user + system) it used.

    CPU time moves much less than wall time when other processes share the cores.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = run(code)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return out, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


SCALE = f"""
import json, resource, sys, time
from ko_en_align import Bulletin, HeadlineAligner
n = int(sys.argv[1])
docs = [json.loads(l) for l in open({str(DATA)!r}, encoding="utf-8") if l.strip()]
pool = [s for d in docs for s in d["en_sentences"]]
body = [f"{{pool[i % len(pool)]}} ({{i}})" for i in range(n)]  # distinct texts
import ko_en_align as kea
backend, dtype = sys.argv[2], sys.argv[3]
if backend == "auto" and dtype == "float32":
    aligner = HeadlineAligner()
else:
    aligner = HeadlineAligner(kea.Encoder(backend=backend, dtype=dtype, cache_size=10_000))
aligner.align(Bulletin("김현종 방미", pool[:8]))  # load + warm-up
def peak_mb():
    # VmHWM is this process's own high-water mark; ru_maxrss would include the parent's
    # peak (Linux keeps it across fork + exec), which made every size look the same
    try:
        with open("/proc/self/status") as fh:
            return next(int(l.split()[1]) for l in fh if l.startswith("VmHWM")) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
before = peak_mb()
t = time.perf_counter()
r = aligner.align(Bulletin('김현종 방미 "日 수출규제 美 중재 논의"', body))
dt = time.perf_counter() - t
print(json.dumps({{"n": n, "seconds": dt, "peak_rss_mb": peak_mb(), "rss_before_mb": before}}))
"""


def run(code: str, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="10,100,1000,10000")
    ap.add_argument("--warm-runs", type=int, default=50)
    ap.add_argument("--skip-cold", action="store_true")
    ap.add_argument(
        "--cold-runs",
        type=int,
        default=7,
        help="fresh interpreters per cold-start figure (it is noisy)",
    )
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument(
        "--backend", default="auto", help="Encoder backend for every figure (auto, torch, onnx)"
    )
    ap.add_argument("--dtype", default="float32", help="Encoder dtype (float32, qint8)")
    args = ap.parse_args()
    print(f"encoder: backend={args.backend} dtype={args.dtype}")

    imports = [run(IMPORT).split() for _ in range(5)]
    print(
        f"import ko_en_align: median {statistics.median(float(s) for s, _ in imports):.3f} s "
        f"(5 runs)  torch imported: {any(x == 'True' for _, x in imports)}"
    )

    if not args.skip_cold:
        for mode, label in (
            ("hybrid", "cold start to first result (cache built)"),
            ("embedding", "cold start, mode=embedding (no Korean analyser)"),
        ):
            runs = [
                cpu_run(cold_code(args.backend, args.dtype, mode)) for _ in range(args.cold_runs)
            ]
            walls = [float(out.split()[0]) for out, _ in runs]
            peaks = [float(out.split()[2]) for out, _ in runs]
            cpus = [cpu for _, cpu in runs]
            print(
                f"{label}: median {statistics.median(walls):.2f} s wall, "
                f"{statistics.median(cpus):.2f} s CPU, peak RSS {statistics.median(peaks):.0f} MB  "
                f"wall runs {[round(c, 2) for c in walls]}"
            )

    import ko_en_align as kea

    b = kea.Bulletin.from_text(SEED.read_text(encoding="utf-8"))
    default = kea.HeadlineAligner(
        kea.Encoder(backend=args.backend, dtype=args.dtype, cache_size=10_000)  # type: ignore[arg-type]
    )
    default.align(b)
    times = []
    for _ in range(args.warm_runs):
        t = time.perf_counter()
        default.align(b)
        times.append(time.perf_counter() - t)
    times.sort()
    print(
        f"warm seed latency ({len(b.sentences)} sentences, aligner, embedding cache hit): "
        f"median {1000 * statistics.median(times):.1f} ms  "
        f"p90 {1000 * times[int(0.9 * len(times)) - 1]:.1f} ms  ({args.warm_runs} runs)"
    )
    # the same bulletin with the embedding cache off: every run pays the forward passes
    for mode in ("hybrid", "embedding"):
        aligner = kea.HeadlineAligner(
            kea.Encoder(backend=args.backend, dtype=args.dtype, cache_size=0),  # type: ignore[arg-type]
            mode=mode,
        )
        aligner.align(b)
        times = []
        for _ in range(max(5, args.warm_runs // 5)):
            t = time.perf_counter()
            aligner.align(b)
            times.append(time.perf_counter() - t)
        print(
            f"warm seed latency, no embedding cache, mode={mode}: median {1000 * statistics.median(times):.1f} ms "
            f"({len(times)} runs)"
        )

    if not args.skip_scaling:
        print(
            f"{'sentences':>9} {'seconds':>9} {'ms/sent':>8} {'peak RSS MB':>12} {'before MB':>10}"
        )
        for n in (int(x) for x in args.sizes.split(",")):
            r = json.loads(run(SCALE, str(n), args.backend, args.dtype).splitlines()[-1])
            print(
                f"{n:>9} {r['seconds']:9.2f} {1000 * r['seconds'] / n:8.2f} {r['peak_rss_mb']:12.0f} {r['rss_before_mb']:10.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
