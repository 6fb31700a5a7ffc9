"""Every documented option of ``ko-en-align align|check|evaluate``, in-process, real default model.

Inputs are small real text: the seed bulletin (``seeds/``) and the first NTREX-128 documents
shipped in ``tests/data``. Each case asserts the exit code and what the option changes in
the output (a run with the option against a run without it), not only that it ran.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest

from ko_en_align.cli import main
from ko_en_align.convert import default_model_path

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_FILE = SEEDS / "000_ba3be2c408401557.txt"
NTREX = ROOT / "tests" / "data" / "ntrex128_ko_en_news_docs_first12.jsonl"
# stands for the converted default model's folder, resolved when a test runs (not at
# collection, which would build the cache)
MODEL_FOLDER = "<default model folder>"


def _argv(args: list[str]) -> list[str]:
    return [str(default_model_path()) if a == MODEL_FOLDER else a for a in args]


def _run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _ntrex(tmp_path: Path, n: int) -> Path:
    path = tmp_path / f"ntrex{n}.jsonl"
    lines = NTREX.read_text(encoding="utf-8").splitlines()[:n]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.fixture(scope="module")
def seed_ranking() -> list[tuple[int, float, float]]:
    """``align seeds --json`` with every option at its default: (index, score, cosine) per rank."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["align", str(SEEDS), "--json"]) == 0
    (record,) = [json.loads(x) for x in out.getvalue().splitlines()]
    return [(r["index"], r["score"], r["similarity"]) for r in record["ranking"]]


def _ranking(out: str) -> list[tuple[int, float, float]]:
    (record,) = [json.loads(x) for x in out.splitlines()]
    return [(r["index"], r["score"], r["similarity"]) for r in record["ranking"]]


# ------------------------------------------------------------------ align
@pytest.mark.parametrize(
    "extra",
    [
        ["--device", "cpu"],
        ["--batch-size", "5"],
        ["--model", MODEL_FOLDER],  # the same model as a folder, via transformers
        ["--format", "folder"],
    ],
    ids=["device", "batch-size", "model-folder", "format"],
)
def test_align_options_that_keep_the_result(capsys, seed_ranking, extra):
    code, out, err = _run(capsys, ["align", str(SEEDS), "--json", *_argv(extra)])
    assert code == 0, err
    got = _ranking(out)
    assert [i for i, _, _ in got] == [i for i, _, _ in seed_ranking]
    for (_, s, c), (_, s0, c0) in zip(got, seed_ranking, strict=True):
        assert s == pytest.approx(s0, abs=1e-5)
        assert c == pytest.approx(c0, abs=1e-5)
    assert "read 1 = processed 1 + rejected 0" in err


def test_align_mode_embedding_ranks_by_plain_cosine(capsys, seed_ranking):
    code, out, _ = _run(capsys, ["align", str(SEEDS), "--json", "--mode", "embedding"])
    assert code == 0
    record = json.loads(out)
    assert record["mode"] == "embedding"
    scores = [(r["score"], r["similarity"]) for r in record["ranking"]]
    assert all(s == c for s, c in scores)  # the score is the cosine itself
    assert [c for _, c in scores] == sorted((c for _, c in scores), reverse=True)
    # the cosines are the hybrid run's; only the ranking score differs
    assert sorted(c for _, c in scores) == pytest.approx(sorted(c for _, _, c in seed_ranking))
    assert any(abs(s - c) > 0.05 for _, s, c in seed_ranking)


def test_align_table_top_and_stdin(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(SEED_FILE.read_text(encoding="utf-8")))
    code, out, err = _run(capsys, ["align", "-", "--top", "2"])
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == '김현종 방미 "日 수출규제 美 중재 논의"'  # stdin has no id
    best = lines[2].split()
    assert best[:2] == ["*", "1"]
    assert int(best[2]) in (0, 3, 5)  # a gold support sentence (seeds/*.gold.json)
    assert len([x for x in lines if x.strip()]) == 4  # headline, header, two rows
    assert "read 1 = processed 1 + rejected 0" in err


def test_format_option_overrides_the_file_extension(capsys, tmp_path):
    """JSON Lines in a .txt file: read as one seed-format bulletin unless --format jsonl."""
    path = tmp_path / "two.txt"
    rows = [
        {"id": "a", "headline": "코스피 2% 급등", "body": "The KOSPI rose 2 percent. It rained."},
        {"id": "b", "headline": "美 중재 논의", "body": "It rained. The U.S. will mediate."},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    code, out, err = _run(capsys, ["align", str(path), "--format", "jsonl", "--json"])
    assert code == 0
    got = [json.loads(x) for x in out.splitlines()]
    assert [(r["id"], r["best"]) for r in got] == [("a", 0), ("b", 1)]
    assert "read 2 = processed 2 + rejected 0" in err
    code, out, err = _run(capsys, ["align", str(path), "--format", "txt", "--json"])
    assert code == 0
    assert [json.loads(x)["id"] for x in out.splitlines()] == [
        "two"
    ]  # the whole file, one bulletin


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["align", "seeds", "--batch-size", "0"], "batch_size must be a positive int, got 0"),
        (["align", "seeds", "--device", "bogus"], "device must be 'cpu', 'cuda'"),
        (
            ["align", "seeds", "--model", "/no/such/model"],
            "model folder '/no/such/model' does not exist",
        ),
        (["check", "seeds", "--device", "bogus"], "device must be 'cpu', 'cuda'"),
        (["align", "no-such-file.jsonl"], "no-such-file.jsonl"),
    ],
    ids=["batch-size", "device", "model", "check-device", "missing-input"],
)
def test_bad_option_values_exit_2_with_a_message(capsys, argv, message):
    code, out, err = _run(capsys, argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


# ------------------------------------------------------------------ check
@pytest.mark.parametrize(
    "extra",
    [["--device", "cpu"], ["--batch-size", "5"], ["--model", MODEL_FOLDER]],
    ids=["device", "batch-size", "model-folder"],
)
def test_check_options_that_keep_the_result(capsys, extra):
    code, out, _ = _run(capsys, ["check", str(SEEDS), "--json"])
    assert code == 0
    base = json.loads(out)
    code, out, err = _run(capsys, ["check", str(SEEDS), "--json", *_argv(extra)])
    assert code == 0, err
    got = json.loads(out)
    assert got["supported"] == base["supported"]
    assert got["score"] == pytest.approx(base["score"], abs=1e-4)
    assert [(w["text"], w["verdict"]) for w in got["words"]] == [
        (w["text"], w["verdict"]) for w in base["words"]
    ]


# ------------------------------------------------------------------ evaluate
def test_evaluate_pairing_compare_heatmap_and_report(capsys, tmp_path):
    """The README's example: --compare mode=embedding, with --mode, --limit, --heatmap-id."""
    data = _ntrex(tmp_path, 2)
    out_dir = tmp_path / "r"
    argv = ["evaluate", str(data), "--task", "pairing", "--mode", "hybrid"]
    argv += ["--compare", "mode=embedding", "--limit", "4", "--out", str(out_dir)]
    argv += ["--heatmap-id", "upi.176249:3", "--no-progress"]
    code, out, err = _run(capsys, argv)
    assert code == 0, err
    rows = {line.split()[0]: line.split() for line in out.splitlines()[1:]}
    assert set(rows) == {"mode=hybrid", "mode=embedding"}
    assert rows["mode=hybrid"][-1] == rows["mode=embedding"][-1] == "4"  # n
    assert "read 4 = processed 4 + rejected 0" in err
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    assert report["configs"] == {
        "mode=hybrid": {"mode": "hybrid"},
        "mode=embedding": {"mode": "embedding"},
    }
    preds = _jsonl(out_dir / "predictions.jsonl")
    assert sorted({p["config"] for p in preds}) == ["mode=embedding", "mode=hybrid"]
    assert [p["id"] for p in preds if p["config"] == "mode=hybrid"] == [
        f"upi.176249:{i}" for i in range(4)
    ]
    page = (out_dir / "report.md").read_text(encoding="utf-8")
    assert "Bulletin `upi.176249:3`" in page  # the heatmap bulletin asked for
    assert (out_dir / "heatmap.png").stat().st_size > 0


def test_evaluate_resume_skips_the_predictions_already_written(capsys, tmp_path):
    data = _ntrex(tmp_path, 1)
    out_dir = tmp_path / "r"
    base = [
        "evaluate",
        str(data),
        "--task",
        "pairing",
        "--out",
        str(out_dir),
        "--no-plots",
        "--no-progress",
    ]
    assert main([*base, "--limit", "2"]) == 0
    first = (out_dir / "predictions.jsonl").read_text(encoding="utf-8")
    capsys.readouterr()
    code, out, err = _run(capsys, [*base, "--limit", "3", "--resume"])
    assert code == 0, err
    text = (out_dir / "predictions.jsonl").read_text(encoding="utf-8")
    assert text.startswith(first)  # kept as written
    assert [p["id"] for p in _jsonl(out_dir / "predictions.jsonl")] == [
        f"upi.176249:{i}" for i in range(3)
    ]
    assert "read 3 = processed 3 + rejected 0" in err
    assert out.splitlines()[1].split()[-1] == "3"  # metrics over all three, not only the new one
    code, _, err = _run(capsys, ["evaluate", str(data), "--resume"])
    assert code == 2
    assert "--resume needs --out DIR" in err


def test_evaluate_seed_draws_other_negatives(capsys, tmp_path):
    """Summary on parallel documents: the third document's negative headline is drawn from the
    two seen before it, with --seed."""
    data = _ntrex(tmp_path, 3)
    heads = [json.loads(x)["headline_ko"] for x in data.read_text("utf-8").splitlines()]
    third = json.loads(data.read_text("utf-8").splitlines()[2])["doc_id"]
    drawn = {}
    for seed in ("0", "2"):
        out_dir = tmp_path / f"s{seed}"
        argv = ["evaluate", str(data), "--task", "summary", "--seed", seed, "--threshold", "0.4"]
        argv += ["--out", str(out_dir), "--no-plots", "--no-progress"]
        code, _, err = _run(capsys, argv)
        assert code == 0, err
        assert "read 6 = processed 6 + rejected 0" in err
        preds = {p["id"]: p for p in _jsonl(out_dir / "predictions.jsonl")}
        assert {p["threshold"] for p in preds.values()} == {0.4}
        assert all(p["predicted"] == (p["score"] >= 0.4) for p in preds.values())
        drawn[seed] = preds[f"{third}:neg"]["headline"]
    assert set(drawn.values()) == {heads[0], heads[1]}  # seed 0 and seed 2 draw differently


def test_evaluate_model_device_batch_size_and_format(capsys, tmp_path):
    """The main configuration's options reach the report; the same model as a folder scores alike."""
    data = tmp_path / "seed.data"  # JSON Lines under an extension the reader does not know
    gold = json.loads((SEEDS / "000_ba3be2c408401557.gold.json").read_text(encoding="utf-8"))
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines()
    row = {
        "id": "seed",
        "headline": lines[0],
        "body": "\n".join(lines[1:]),
        "support": gold["support"],
    }
    data.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    results = {}
    for name, extra in {
        "default": [],
        "folder": ["--model", str(default_model_path()), "--device", "cpu", "--batch-size", "4"],
    }.items():
        out_dir = tmp_path / name
        argv = ["evaluate", str(data), "--format", "jsonl", "--task", "pairing", *extra]
        code, _, err = _run(capsys, [*argv, "--out", str(out_dir), "--no-plots", "--no-progress"])
        assert code == 0, err
        results[name] = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    (config,) = results["folder"]["configs"].values()
    assert config == {"model": str(default_model_path()), "device": "cpu", "batch_size": 4}
    (m0,) = results["default"]["metrics"].values()
    (m1,) = results["folder"]["metrics"].values()
    assert m1["P@1"] == m0["P@1"] == 1.0  # the seed's best sentence (index 5) is gold support
    # without --format an unknown extension is read as a seed-format bulletin: the JSON line
    # becomes the headline, nothing is left for the body, and the record is rejected
    code, _, err = _run(capsys, ["evaluate", str(data), "--task", "pairing", "--no-progress"])
    assert code == 1
    assert "seed.data: body is empty" in err


def test_evaluate_split_of_a_saved_dataset_dict(capsys, tmp_path):
    datasets = pytest.importorskip("datasets")  # the datasets extra, part of the test extra
    gold = json.loads((SEEDS / "000_ba3be2c408401557.gold.json").read_text(encoding="utf-8"))
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines()

    def rows(prefix: str, n: int) -> dict[str, list]:
        return {
            "id": [f"{prefix}{i}" for i in range(n)],
            "headline": [lines[0]] * n,
            "body": ["\n".join(lines[1:])] * n,
            "entities": [json.dumps(gold["entities"], ensure_ascii=False)] * n,
        }

    folder = tmp_path / "ds"
    datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_dict(rows("tr", 2)),
            "test": datasets.Dataset.from_dict(rows("te", 3)),
        }
    ).save_to_disk(str(folder))
    out_dir = tmp_path / "r"
    argv = ["evaluate", str(folder), "--format", "hf", "--split", "test", "--task", "entities"]
    code, _, err = _run(capsys, [*argv, "--out", str(out_dir), "--no-plots", "--no-progress"])
    assert code == 0, err
    assert "read 3 = processed 3 + rejected 0" in err
    assert {p["id"] for p in _jsonl(out_dir / "predictions.jsonl")} == {"te0", "te1", "te2"}
    code, _, err = _run(
        capsys, ["evaluate", str(folder), "--split", "dev", "--task", "entities", "--no-progress"]
    )
    assert code == 2
    assert "dev" in err


def test_evaluate_without_out_prints_the_table_only(capsys, tmp_path):
    shutil.copy(SEED_FILE, tmp_path / SEED_FILE.name)
    shutil.copy(SEEDS / "000_ba3be2c408401557.gold.json", tmp_path)
    code, out, err = _run(
        capsys, ["evaluate", str(tmp_path), "--task", "entities", "--no-progress"]
    )
    assert code == 0, err
    assert out.splitlines()[0].split()[:3] == ["config", "precision", "recall"]
    assert out.splitlines()[1].split()[0] == "default"
    assert "wrote" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [SEED_FILE.name, "000_ba3be2c408401557.gold.json"]
    )


def test_version(capsys):
    from ko_en_align import __version__

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"ko-en-align {__version__}"


def _seed_entities_jsonl(tmp_path: Path, n: int) -> Path:
    gold = json.loads((SEEDS / "000_ba3be2c408401557.gold.json").read_text(encoding="utf-8"))
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "seed_entities.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            row = {"id": f"s{i}", "headline": lines[0], "body": "\n".join(lines[1:])}
            fh.write(json.dumps({**row, "entities": gold["entities"]}, ensure_ascii=False) + "\n")
    return path


def test_evaluate_compare_inherits_device_and_batch_size(capsys, tmp_path):
    data = _seed_entities_jsonl(tmp_path, 1)
    out_dir = tmp_path / "r"
    argv = ["evaluate", str(data), "--task", "entities", "--device", "cpu", "--batch-size", "8"]
    argv += ["--compare", "threshold=0.99", "--out", str(out_dir), "--no-plots", "--no-progress"]
    code, out, err = _run(capsys, argv)
    assert code == 0, err
    configs = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))["configs"]
    assert configs == {
        "device=cpu,batch_size=8": {"device": "cpu", "batch_size": 8},
        "threshold=0.99": {"device": "cpu", "batch_size": 8, "threshold": 0.99},
    }
    assert {line.split()[0] for line in out.splitlines()[1:]} == set(configs)


@pytest.mark.parametrize(
    ("compare", "message"),
    [
        (
            "threshold=high",
            "--compare threshold=high: threshold must be a number between 0 and 1 "
            "(e.g. threshold=0.6), got 'high'",
        ),
        ("mode=embedding,threshold=1.5", "--compare threshold=1.5: threshold must be a number"),
        ("threshold=nan", "--compare threshold=nan: threshold must be a number"),
        ("batch_size=big", "--compare batch_size=big: batch_size must be a positive integer"),
        ("batch-size=0", "--compare batch-size=0: batch_size must be a positive integer"),
        ("mode=fast", "--compare mode=fast: mode must be 'hybrid' or 'embedding', got 'fast'"),
        ("colour=red", "--compare expects KEY=VALUE pairs with KEY in mode, model, device"),
        (",", "--compare got no options"),
    ],
)
def test_evaluate_bad_compare_values_exit_2(capsys, tmp_path, compare, message):
    """A bad --compare value is named with what is allowed (threshold=high gave Python's own
    "could not convert string to float" before), and nothing is evaluated or written."""
    data = _seed_entities_jsonl(tmp_path, 1)
    out_dir = tmp_path / "r"
    argv = ["evaluate", str(data), "--task", "entities", "--compare", compare]
    code, out, err = _run(capsys, [*argv, "--out", str(out_dir)])
    assert code == 2
    assert err.startswith(f"error: {message}")
    assert "could not convert" not in err
    assert "invalid literal" not in err
    assert out == ""
    assert not out_dir.exists()


def test_evaluate_interrupted_keeps_predictions_and_exits_130(capsys, tmp_path, monkeypatch):
    import ko_en_align.evaluate as evaluate_module

    real = evaluate_module.read_records

    def interrupted(*args, **kwargs):
        for i, bulletin in enumerate(real(*args, **kwargs)):
            if i == 2:
                raise KeyboardInterrupt
            yield bulletin

    monkeypatch.setattr(evaluate_module, "read_records", interrupted)
    data = _seed_entities_jsonl(tmp_path, 4)
    out_dir = tmp_path / "r"
    argv = ["evaluate", str(data), "--task", "entities", "--out", str(out_dir), "--no-progress"]
    code, out, err = _run(capsys, argv)
    assert code == 130
    assert f"interrupted: predictions so far are kept in {out_dir}/predictions.jsonl" in err
    assert "rerun with --resume" in err
    assert [p["id"] for p in _jsonl(out_dir / "predictions.jsonl")] == ["s0", "s1"]
    monkeypatch.setattr(evaluate_module, "read_records", real)
    code, _, err = _run(capsys, [*argv, "--resume"])
    assert code == 0
    assert [p["id"] for p in _jsonl(out_dir / "predictions.jsonl")] == ["s0", "s1", "s2", "s3"]


def test_evaluate_nothing_to_evaluate_exits_1(capsys, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    code, _, err = _run(capsys, ["evaluate", str(empty), "--task", "entities", "--no-progress"])
    assert code == 1
    assert "read 0 = processed 0 + rejected 0" in err
    assert "no bulletins evaluated" in err


@pytest.mark.parametrize("command", ["align", "check"])
def test_empty_folder_exits_1(capsys, tmp_path, command):
    code, out, err = _run(capsys, [command, str(tmp_path)])
    assert code == 1
    assert out == ""
    assert "read 0 = processed 0 + rejected 0" in err
    assert "no bulletins found" in err


def test_check_reports_each_problem_once_in_plain_words(capsys, tmp_path):
    path = tmp_path / "mixed.jsonl"
    rows = [
        {"id": "en", "headline": "Kim visits Washington", "body": "Kim arrived in Washington."},
        {"id": "empty", "headline": "", "body": "Kim arrived in Washington."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    code, out, err = _run(capsys, ["check", str(path)])
    assert code == 0
    # the record without Hangul is checked, with one plain warning line (no source path)
    assert err.count("contains no Hangul") == 1
    assert "warning: headline 'Kim visits Washington' contains no Hangul" in err
    assert ".py:" not in err
    # the empty headline is rejected and reported once, beside the summary line
    assert err.count("headline is empty") == 1
    assert "read 2 = processed 1 + rejected 1" in err
