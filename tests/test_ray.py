"""The Ray engine against the local one, on a real local Ray cluster and the real model.

Every comparison is row by row: the same ids in the same order, the same best
sentence, support set and ranking, scores equal to 1e-6 (the actors run torch
on one thread, the local engine on all cores, so float32 sums differ in the
last bits), the same rejected records with source and line, and the same metrics.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_ba3be2c408401557.txt"
#: the first 12 NTREX-128 documents, shipped (tests/data/SOURCES.md): the same rows as
#: ../shared/data's, so these tests also run in a clone without it
NTREX = ROOT / "tests" / "data" / "ntrex128_ko_en_news_docs_first12.jsonl"

ray = pytest.importorskip("ray", reason='the Ray engine needs pip install "ko-en-align[ray]"')

pytestmark = pytest.mark.slow

#: Scores of the Ray engine against the local one. Rankings, best lines and support sets must
#: be identical; scores may differ in float rounding: the default engine on a CPU (ONNX
#: Runtime) gives a text's vector to ~1e-7 depending on the batch it is encoded in, and a
#: Ray actor batches other texts together than the local run (measured: 1.1e-6 on a score).
TOL = 1e-5


@pytest.fixture(scope="module")
def cluster():
    """A real local Ray cluster with 2 CPUs, for the whole module."""
    if ray.is_initialized():  # left running by another test in this process
        ray.shutdown()
    ray.init(num_cpus=2, include_dashboard=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def ntrex_docs_few() -> list[dict]:
    with NTREX.open(encoding="utf-8") as fh:
        return [json.loads(line) for line, _ in zip(fh, range(3), strict=False)]


@pytest.fixture(scope="module")
def mixed_jsonl(tmp_path_factory) -> Path:
    """Two good bulletins and two bad lines (malformed JSON, no body)."""
    path = tmp_path_factory.mktemp("ray") / "mixed.jsonl"
    rows = [
        json.dumps(
            {
                "id": "kim",
                "headline": "김현종 방미",
                "body": "It rained in Seoul. Kim Hyun-chong arrived in Washington.",
            },
            ensure_ascii=False,
        ),
        '{"id": "broken", "headline": ',
        json.dumps({"id": "nobody", "headline": "코스피 2% 급등"}, ensure_ascii=False),
        json.dumps(
            {"id": "kospi", "headline": "코스피 2% 급등", "body": "The KOSPI fell 2 percent."},
            ensure_ascii=False,
        ),
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOL


def _same_alignment(local: dict, remote: dict) -> None:
    assert remote["id"] == local["id"]
    assert remote["best"] == local["best"]
    assert remote["support"] == local["support"]
    assert [m["index"] for m in remote["ranking"]] == [m["index"] for m in local["ranking"]]
    for a, b in zip(local["ranking"], remote["ranking"], strict=True):
        assert a["sentence"] == b["sentence"]
        assert _close(a["score"], b["score"]), (local["id"], a, b)
        assert _close(a["similarity"], b["similarity"]), (local["id"], a, b)


def test_import_never_imports_ray():
    code = (
        "import sys, ko_en_align, ko_en_align.ray, ko_en_align.cli\n"
        "ko_en_align.cli._build_parser()\n"
        "print(sorted(m for m in sys.modules if m == 'ray' or m.startswith('ray.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"


def test_bad_arguments_fail_before_any_actor_starts(cluster):
    from ko_en_align.ray import align_dataset, check_dataset

    ds = ray.data.from_items([{"id": "a", "headline": "김현종 방미", "body": "Kim arrived."}])
    with pytest.raises(ValueError, match="mode must be 'hybrid' or 'embedding', got 'fast'"):
        align_dataset(ds, mode="fast")
    with pytest.raises(ValueError, match="threshold must be a number strictly between 0 and 1"):
        check_dataset(ds, threshold=2.0)
    with pytest.raises(ValueError, match="concurrency must be a positive int"):
        align_dataset(ds, concurrency=0)
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        check_dataset(ds, batch_size=0)
    with pytest.raises(TypeError, match="expected a ray.data.Dataset, got list"):
        align_dataset([{"headline": "김현종 방미", "body": "Kim arrived."}])


def test_align_dataset_matches_local_row_by_row(cluster, encoder, ntrex_docs_few, mixed_jsonl):
    from ko_en_align import HeadlineAligner
    from ko_en_align.bulletin import RejectedRecord, read_bulletins
    from ko_en_align.ray import align_dataset, bulletins_dataset, read_dataset
    from ko_en_align.records import read_records

    errors: list[RejectedRecord] = []
    bulletins = [
        *read_bulletins(SEED.parent),
        *read_records(ntrex_docs_few, task="pairing"),
        *read_bulletins(mixed_jsonl, errors=errors),
    ]
    assert len(bulletins) > 40
    assert len(errors) == 2
    local = [r.to_dict() for r in HeadlineAligner(encoder).align_many(bulletins)]

    rows = align_dataset(
        bulletins_dataset(bulletins, errors=errors, block_size=16), batch_size=16, concurrency=2
    ).take_all()
    assert [r["seq"] for r in rows] == list(range(len(bulletins) + 2))  # input order kept
    ok = [r for r in rows if r["status"] == "ok"]
    assert len(ok) == len(local)
    for want, row in zip(local, ok, strict=True):
        remote = json.loads(row["result"])
        _same_alignment(want, remote)
        # the flat columns say the same as the full result
        assert row["id"] == want["id"]
        assert row["best"] == want["best"]
        assert _close(row["score"], want["ranking"][0]["score"])
        assert [m["index"] for m in row["ranking"]] == [m["index"] for m in want["ranking"]]
    # rejected records come back with the local engine's source, line and reason
    rejected = [
        RejectedRecord(r["source"], r["line"], r["reason"])
        for r in rows
        if r["status"] == "rejected"
    ]
    assert rejected == errors
    assert [e.line for e in rejected] == [2, 3]

    # read_dataset reads the same file through the library's readers
    again = align_dataset(read_dataset(mixed_jsonl), concurrency=1).take_all()
    assert [(r["id"], r["status"], r["line"]) for r in again] == [
        ("kim", "ok", None),
        ("kospi", "ok", None),
        (None, "rejected", 2),
        (None, "rejected", 3),
    ]
    assert again[0]["best"] == 1


def test_check_dataset_matches_local_and_validates_raw_records(cluster, encoder, ntrex_docs_few):
    from ko_en_align import SummaryChecker
    from ko_en_align.bulletin import Bulletin, read_bulletins
    from ko_en_align.ray import bulletins_dataset, check_dataset
    from ko_en_align.records import read_records

    bulletins = [*read_bulletins(SEED.parent), *read_records(ntrex_docs_few[:2], task="summary")]
    local = SummaryChecker(encoder).check_many([(b.headline, b.sentences) for b in bulletins])
    rows = check_dataset(bulletins_dataset(bulletins, block_size=3), concurrency=2).take_all()
    assert [r["id"] for r in rows] == [b.id for b in bulletins]
    for want, row in zip(local, rows, strict=True):
        got = json.loads(row["result"])
        assert row["supported"] == want.supported == got["supported"]
        assert row["culprits"] == list(want.culprits) == got["culprits"]
        assert _close(row["score"], want.score)
        assert [w["verdict"] for w in got["words"]] == [w.verdict for w in want.words]
        for w, g in zip(want.words, got["words"], strict=True):
            assert _close(w.probability, g["probability"]), (want.headline, w.text)
    # a faithful headline is supported, another story's headline is not
    verdicts = {r["id"]: r["supported"] for r in rows}
    assert verdicts["upi.176249:pos"] is True
    assert verdicts["upi.176249:neg"] is False

    # a Dataset of raw records (as from ray.data.read_parquet) is validated by the actors
    raw = ray.data.from_items(
        [
            {"id": "kospi", "headline": "코스피 2% 급등", "body": "The KOSPI fell 2 percent."},
            {"id": "empty", "headline": "코스피 2% 급등", "body": ""},
        ]
    )
    out = {r["id"]: r for r in check_dataset(raw, concurrency=1).take_all()}
    assert out["kospi"]["status"] == "ok"
    assert out["kospi"]["culprits"] == ["급등"]  # 'fell' contradicts 급등 (surge)
    assert out["empty"]["status"] == "rejected"
    assert out["empty"]["source"] == "<dataset>"
    with pytest.raises(
        ValueError, match="is empty"
    ) as local_error:  # what the local reader reports
        Bulletin.from_record({"id": "empty", "headline": "코스피 2% 급등", "body": ""})
    assert out["empty"]["reason"] == str(local_error.value)


def test_cli_engine_ray_matches_local(cluster, capsys, mixed_jsonl):
    from ko_en_align.cli import main

    outputs = {}
    for engine in ("local", "ray"):
        assert main(["align", str(mixed_jsonl), "--json", "--engine", engine]) == 0
        out, err = capsys.readouterr()
        outputs[engine] = [json.loads(line) for line in out.splitlines()]
        assert "read 4 = processed 2 + rejected 2" in err
        assert f"rejected {mixed_jsonl}:2: malformed JSON" in err
        assert f"rejected {mixed_jsonl}:3: missing field 'body'" in err
    for want, got in zip(outputs["local"], outputs["ray"], strict=True):
        _same_alignment(want, got)

    assert main(["check", str(SEED.parent), "--engine", "ray"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("[000_ba3be2c408401557] 김현종 방미")
    assert "SUPPORTED" in out
    assert "read 1 = processed 1 + rejected 0" in err

    tables = {}
    for engine in ("local", "ray"):
        args = ["evaluate", str(SEED.parent), "--task", "entities", "--no-progress"]
        assert main([*args, "--engine", engine]) == 0
        tables[engine], err = capsys.readouterr()
        assert "read 1 = processed 1 + rejected 0" in err
    assert tables["ray"] == tables["local"]
    assert "accuracy@1" in tables["ray"]

    assert main(["align", "seeds", "--address", "auto"]) == 2
    assert "--address needs --engine ray" in capsys.readouterr().err


def test_evaluate_on_ray_gives_the_same_metrics_and_predictions(
    cluster, ntrex_pairing_run, ntrex_docs, tmp_path
):
    from ko_en_align.evaluate import evaluate
    from ko_en_align.ray import RayEngine

    local, folder = ntrex_pairing_run
    report = evaluate(
        ntrex_docs[:2],
        task="pairing",
        configs={"hybrid": {"mode": "hybrid"}, "embedding": {"mode": "embedding"}},
        engine=RayEngine(concurrency=2),
        out=tmp_path,
        plots=False,
    )
    assert report.summary == local.summary
    assert report.metrics.keys() == local.metrics.keys()
    for name, metrics in local.metrics.items():
        for key, value in metrics.items():
            assert _close(report.metrics[name][key], value), (name, key)

    def predictions(path: Path) -> list[dict]:
        with path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh]

    want, got = (
        predictions(folder / "predictions.jsonl"),
        predictions(tmp_path / "predictions.jsonl"),
    )
    assert len(got) == len(want) == 2 * report.processed
    for a, b in zip(want, got, strict=True):
        for key in ("config", "id", "rank", "best", "top", "support", "predicted_support"):
            assert a[key] == b[key], (a["id"], key)
        for key in ("gold_scores", "other_scores"):
            assert all(_close(x, y) for x, y in zip(a[key], b[key], strict=True)), (a["id"], key)


class _DyingOnce:
    """Mix-in for the engine's actor: exits the process, once, on a chosen record."""

    marker: Path
    victim: str

    def __call__(self, batch):
        if self.victim in batch.column("id").to_pylist() and not self.marker.exists():
            self.marker.write_text(str(os.getpid()), encoding="utf-8")
            os._exit(1)  # a killed worker: no exception, no cleanup, the process is gone
        return super().__call__(batch)


def test_a_killed_worker_loses_and_duplicates_nothing(cluster, monkeypatch, tmp_path, mixed_jsonl):
    from ray import cloudpickle

    import ko_en_align.ray as kray
    from ko_en_align.bulletin import RejectedRecord, read_bulletins

    errors: list[RejectedRecord] = []
    bulletins = [
        *read_bulletins(mixed_jsonl, errors=errors),
        *read_bulletins(SEED.parent),
    ] * 3
    bulletins = [
        type(b)(b.headline, b.sentences, id=f"{b.id}#{k}") for k, b in enumerate(bulletins)
    ]
    victim = bulletins[4].id

    class Dying(_DyingOnce, kray._Worker):
        pass

    Dying.marker, Dying.victim = tmp_path / "died", victim
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import tests/
    try:
        monkeypatch.setattr(kray, "_Worker", Dying)
        engine = kray.RayEngine(batch_size=2, concurrency=1, max_restarts=2, max_task_retries=2)
        got = list(engine.align(bulletins, errors=errors, mode="embedding"))
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert (tmp_path / "died").exists()  # the worker did die on the victim's batch
    ids = [r.id for _, r in got]
    assert ids == [b.id for b in bulletins]  # every record once, in order
    assert len(set(ids)) == len(ids)
    assert len(bulletins) + 2 == len(got) + len(errors)  # records in = out + rejected
    assert [e.line for e in errors] == [2, 3]
