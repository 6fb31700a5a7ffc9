"""Scale-out on Ray (issue 14): 1 vs 2 local Ray workers against the local engine.

Bulletins are distinct: one per NTREX-128 document (its Korean headline, its
English body without the headline's translation), so no body repeats and
de-duplication helps neither side. ``--repeat K`` runs the list K times in a
row (a batch never holds a bulletin twice while ``--batch-size`` is below the
41 documents). Everything aligns with the default hybrid aligner.

It prints, in one run:

- the local engine (one process, ``HeadlineAligner.iter_align`` in chunks of
  ``--batch-size``) on 1 torch thread (the baseline "1 worker") and on all cores;
- Ray with 1 and 2 actors (1 CPU each, so torch runs 1 thread per actor):
  the end-to-end wall time (actor start, model load, every batch) and the
  marginal seconds per bulletin ``(T(all) - T(start-up run)) / (n - k)``, where
  the start-up run aligns ``k`` = one bulletin per actor through a fresh pool, so
  actor start and model load cancel out;
- CPU seconds per bulletin: the local process's, and for Ray the actors' CPU
  inside their calls (model load excluded; Ray's serialisation and threads in
  the actor included) plus the driver's, which other processes' load does not
  inflate the way it inflates wall time;
- the speed-up of 2 actors over 1 and Ray's overhead per bulletin over the
  local engine at 1 thread, with the targets (>= 1.6x, <= 10%).

The machine's load average is printed before and after: on a shared 2-core box
another process's work shows up directly in the 2-actor figure.

    KO_EN_ALIGN_CACHE=/tmp/kcache python benchmarks/scale.py
    python benchmarks/scale.py --repeat 1 --batch-size 8
    python benchmarks/scale.py --repeat 1 --cpu-split    # encoder share, tokens per bulletin
    python benchmarks/scale.py --repeat 1 --ceiling      # 1 vs 2 plain processes, no Ray
    python benchmarks/scale.py --with-ceiling            # the same, printed beside Ray's
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ntrex128_ko_en_news_docs.jsonl"


def distinct_bulletins(repeat: int) -> list:
    from ko_en_align import Bulletin

    with DATA.open(encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    once = [
        Bulletin(d["ko_sentences"][0], d["en_sentences"][1:], id=str(d["doc_id"])) for d in docs
    ]
    return [
        Bulletin(b.headline, b.sentences, id=f"{b.id}#{k}") for k in range(repeat) for b in once
    ]


def local_seconds(
    bulletins: list,
    threads: int,
    batch_size: int,
    results: list | None = None,
    barrier: Any = None,
) -> tuple[float, float]:
    """Wall and CPU seconds of the local engine on ``threads`` torch threads, model warm
    (its results appended to ``results`` when given; with a ``barrier``, the timing
    starts when every process holding it is warm)."""
    import torch

    from ko_en_align import Encoder, HeadlineAligner

    torch.set_num_threads(threads)
    aligner = HeadlineAligner(Encoder())
    aligner.align_many(bulletins[:2])  # model loaded and warm, as a long-lived process would be
    if barrier is not None:
        barrier.wait()
    t0, c0 = time.perf_counter(), time.process_time()
    got = list(aligner.iter_align(bulletins, chunk_size=batch_size))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert len(got) == len(bulletins)
    if results is not None:
        results.extend(r.to_dict() for r in got)
    return wall, cpu


#: Scores may differ in the last float bits between processes (summation order);
#: the same tolerance as tests/test_ray.py.
TOL = 1e-6


def same_rows(local: list[dict], remote: list[dict]) -> int:
    """How many Ray rows equal the local engine's: id, best, support, the ranking's
    sentences in order, every score and similarity to :data:`TOL`."""

    def same(a: dict, b: dict) -> bool:
        if (a["id"], a["best"], a["support"]) != (b["id"], b["best"], b["support"]):
            return False
        ra, rb = a["ranking"], b["ranking"]
        return len(ra) == len(rb) and all(
            x["index"] == y["index"]
            and abs(x["score"] - y["score"]) <= TOL
            and abs(x["similarity"] - y["similarity"]) <= TOL
            for x, y in zip(ra, rb, strict=True)
        )

    by_id = {r["id"]: r for r in remote}
    return sum(1 for a in local if a["id"] in by_id and same(a, by_id[a["id"]]))


def _plain_worker(bulletins: list, batch_size: int, barrier: Any, out: Any) -> None:
    """One plain process: the local engine on 1 thread over its share, timed from the
    moment every process is warm."""
    wall, _ = local_seconds(bulletins, 1, batch_size, barrier=barrier)
    out.put((len(bulletins), wall))


def ceiling(bulletins: list, batch_size: int) -> float:
    """What two workers can gain on this machine without Ray: 1 plain process on 1 thread
    against 2 plain processes on 1 thread each, started together on half the list each.
    Prints and returns the speed-up (the hardware's share of the 1.6x target: shared
    caches, memory bandwidth, or vCPUs that are one physical core's two threads)."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    walls = {}
    for procs in (1, 2):
        barrier, out = ctx.Barrier(procs), ctx.Queue()
        shares = [bulletins[k::procs] for k in range(procs)]
        ps = [
            ctx.Process(target=_plain_worker, args=(sh, batch_size, barrier, out)) for sh in shares
        ]
        for p in ps:
            p.start()
        got = [out.get() for _ in ps]
        for p in ps:
            p.join()
        assert sum(n for n, _ in got) == len(bulletins)
        walls[procs] = max(w for _, w in got)
    speedup = walls[1] / walls[2]
    print(
        f"plain processes, 1 thread each (no Ray): 1 process {len(bulletins) / walls[1]:.2f} "
        f"bulletins/s, 2 processes {len(bulletins) / walls[2]:.2f}: {speedup:.2f}x"
    )
    return speedup


def cpu_split(bulletins: list, batch_size: int) -> None:
    """Where a bulletin's CPU time goes on 1 thread: the encoder's forward passes vs the rest,
    and how many tokens it encodes (real and padded): the inputs of docs/ray.md's GPU estimate."""
    import torch

    from ko_en_align import Encoder, HeadlineAligner

    torch.set_num_threads(1)
    encoder = Encoder().load()
    aligner = HeadlineAligner(encoder)
    aligner.align_many(bulletins[:2])
    stats = {"encode": 0.0, "tokens": 0, "padded": 0}
    encode, batches = encoder.encode, encoder._padded_batches

    def counted_batches(*args: Any, **kwargs: Any) -> Any:
        for batch, ids, mask in batches(*args, **kwargs):
            stats["tokens"] += int(mask.sum())
            stats["padded"] += int(mask.size)
            yield batch, ids, mask

    def timed_encode(*args: Any, **kwargs: Any) -> Any:
        c0 = time.process_time()
        out = encode(*args, **kwargs)
        stats["encode"] += time.process_time() - c0
        return out

    encoder._padded_batches = counted_batches  # type: ignore[method-assign]
    encoder.encode = timed_encode  # type: ignore[method-assign]
    c0 = time.process_time()
    for i in range(0, len(bulletins), batch_size):
        aligner.align_many(bulletins[i : i + batch_size])
    total, n = time.process_time() - c0, len(bulletins)
    print(
        f"CPU per bulletin on 1 thread: {total / n:.3f} s; encoder {stats['encode'] / n:.3f} s "
        f"({stats['encode'] / total:.0%}), the rest {(total - stats['encode']) / n * 1000:.0f} ms"
    )
    print(
        f"tokens per bulletin: {stats['tokens'] / n:.0f} encoded, {stats['padded'] / n:.0f} with padding "
        f"(batches of {batch_size} bulletins)"
    )


def metered_worker(kray: Any, folder: Path) -> type:
    """The engine's actor, writing the CPU seconds of each call to ``folder/<pid>.jsonl``.

    ``time.process_time`` counts every thread of the actor's process (Ray's own
    included), so serialisation and Ray's bookkeeping inside the actor are in it.
    """

    class Metered(kray._Worker):
        def __call__(self, batch: Any) -> Any:
            c0 = time.process_time()
            out = super().__call__(batch)
            with (folder / f"{os.getpid()}.jsonl").open("a", encoding="utf-8") as fh:
                fh.write(json.dumps([time.process_time() - c0, batch.num_rows]) + "\n")
            return out

    return Metered


def ray_run(bulletins: list, actors: int, batch_size: int, folder: Path) -> dict[str, Any]:
    """Wall seconds, actor CPU seconds in calls, driver CPU seconds and the result rows
    of one Ray run."""
    from ko_en_align import ray as kray

    folder.mkdir(parents=True)
    original = kray._Worker
    kray._Worker = metered_worker(kray, folder)  # type: ignore[misc]
    try:
        engine = kray.RayEngine(concurrency=actors, num_cpus=1, batch_size=batch_size)
        t0, c0 = time.perf_counter(), time.process_time()
        rows = [r.to_dict() for _, r in engine.align(bulletins)]
        wall, driver = time.perf_counter() - t0, time.process_time() - c0
        n = len(rows)
    finally:
        kray._Worker = original  # type: ignore[misc]
    assert n == len(bulletins)
    calls = [json.loads(line) for f in folder.glob("*.jsonl") for line in f.open()]
    assert sum(rows for _, rows in calls) == n
    return {
        "wall": wall,
        "actor_cpu": sum(c for c, _ in calls),
        "driver_cpu": driver,
        "actors": len(list(folder.glob("*.jsonl"))),
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="run the 41 documents K times")
    parser.add_argument("--batch-size", type=int, default=4, help="bulletins per actor call")
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="only measure 1 vs 2 plain processes (no Ray): what this machine allows",
    )
    parser.add_argument(
        "--cpu-split",
        action="store_true",
        help="only measure the encoder's share of the CPU time and the tokens per bulletin",
    )
    parser.add_argument(
        "--with-ceiling",
        action="store_true",
        help="also run --ceiling's plain processes, to print beside the Ray speed-up",
    )
    args = parser.parse_args()
    if args.batch_size >= 41:
        parser.error("--batch-size must stay below the 41 documents, or a batch repeats a body")

    import ray

    from ko_en_align import ray as kray

    bulletins = distinct_bulletins(args.repeat)
    n = len(bulletins)
    sentences = sum(len(b.sentences) for b in bulletins)
    print(f"{n} distinct bulletins ({sentences / n:.1f} sentences each), batch {args.batch_size}")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    if args.cpu_split:
        cpu_split(bulletins, args.batch_size)
        return
    if args.ceiling:
        ceiling(bulletins, args.batch_size)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        return

    local_rows: list[dict] = []
    local1, local1_cpu = local_seconds(bulletins, 1, args.batch_size, local_rows)
    threads = os.cpu_count() or 1
    local_all, _ = local_seconds(bulletins, threads, args.batch_size)
    plain = ceiling(bulletins, args.batch_size) if args.with_ceiling else 0.0
    t0 = time.perf_counter()
    kray.init(num_cpus=2)
    print(f"ray.init (local cluster, 2 CPUs): {time.perf_counter() - t0:.1f} s", flush=True)

    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        for actors in (1, 2):
            # the start-up run: one bulletin per actor, each in its own block, through a fresh
            # pool; subtracting it cancels actor start and model load out of the wall time
            start = ray_run(bulletins[:actors], actors, 1, Path(tmp) / f"start{actors}")
            run = ray_run(bulletins, actors, args.batch_size, Path(tmp) / f"run{actors}")
            assert run["actors"] == actors
            run["start"] = start["wall"]
            run["marginal"] = (run["wall"] - start["wall"]) / (n - actors)
            runs[actors] = run
    ray.shutdown()

    print(
        f"\n{'engine':<18} {'wall s':>7} {'start-up s':>10} {'wall s/bull.':>12} {'bull./s':>8} {'CPU s/bull.':>11}"
    )
    print(
        f"{'local, 1 thread':<18} {local1:7.1f} {'-':>10} {local1 / n:12.3f} {n / local1:8.2f} {local1_cpu / n:11.3f}"
    )
    print(
        f"{f'local, {threads} threads':<18} {local_all:7.1f} {'-':>10} {local_all / n:12.3f} {n / local_all:8.2f} {'-':>11}"
    )
    for actors, r in runs.items():
        name = f"ray, {actors} actor{'s' if actors > 1 else ''}"
        cpu = (r["actor_cpu"] + r["driver_cpu"]) / n
        print(
            f"{name:<18} {r['wall']:7.1f} {r['start']:10.1f} {r['marginal']:12.3f} {1 / r['marginal']:8.2f} {cpu:11.3f}"
        )
    print(
        "(Ray wall s/bulletin: marginal, start-up run subtracted; Ray CPU: actors' calls + driver)"
    )
    speedup = runs[1]["marginal"] / runs[2]["marginal"]
    overhead = runs[1]["marginal"] / (local1 / n) - 1
    cpu1 = (runs[1]["actor_cpu"] + runs[1]["driver_cpu"]) / local1_cpu - 1
    cpu2 = (runs[2]["actor_cpu"] + runs[2]["driver_cpu"]) / local1_cpu - 1
    for actors, r in runs.items():
        print(
            f"ray, {actors} actor(s): {same_rows(local_rows, r['rows'])} of {n} rows identical "
            f"to the local engine's (id, best, support, ranking, scores to {TOL:g})"
        )
    print(f"\n2 actors vs 1, wall (marginal): {speedup:.2f}x (target >= 1.6x)")
    if plain:
        print(f"2 plain processes vs 1 (no Ray, same run): {plain:.2f}x")
    print(f"Ray overhead per bulletin vs local at 1 thread, wall: {overhead:+.1%} (target <= 10%)")
    print(
        f"Ray overhead per bulletin vs local at 1 thread, CPU: 1 actor {cpu1:+.1%}, 2 actors {cpu2:+.1%}"
    )
    print(
        f"end to end incl. start-up: 2 actors {runs[2]['wall']:.1f} s vs local {threads} threads {local_all:.1f} s"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
