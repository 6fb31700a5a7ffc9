"""Evaluation workflow: record readers, metrics, evaluate(), reports, the CLI subcommand."""

from __future__ import annotations

import json
import math
import zlib
from pathlib import Path

import pytest

from ko_en_align.bulletin import Bulletin, BulletinFormatError, RejectedRecord
from ko_en_align.evaluate import EvaluationReport, auroc, evaluate, expected_calibration_error
from ko_en_align.records import count_records, parallel_bulletins, read_records

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = json.loads((SEEDS / "000_ba3be2c408401557.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_records(seed_bulletin) -> list[dict]:
    """The seed as five records with entity gold, plus one without gold (to be rejected).

    Five ids for the bookkeeping tests (resume, strict, read = processed + rejected); the
    copies are one measurement, so no metric is asserted over them as if n were 5."""
    base = {"headline": seed_bulletin.headline, "sentences": list(seed_bulletin.sentences)}
    rows = [
        {"id": f"seed-{i}", **base, "entities": GOLD["entities"], "support": GOLD["support"]}
        for i in range(5)
    ]
    rows.append({"id": "no-gold", **base})
    return rows


# ------------------------------------------------------------------ seed gold
def test_seed_gold_matches_the_sentence_split(seed_bulletin):
    assert GOLD["headline"] == seed_bulletin.headline
    for i, prefix in zip(GOLD["support"], GOLD["support_text"], strict=True):
        assert seed_bulletin.sentences[i].startswith(prefix)
    from ko_en_align.segment import split_claims

    assert [c["text"] for c in GOLD["claims"]] == [
        c.text for c in split_claims(seed_bulletin.headline)
    ]
    for claim in GOLD["claims"]:
        assert all(0 <= i < len(seed_bulletin.sentences) for i in claim["evidence"])


def test_folder_of_txt_picks_up_sidecar_gold():
    (b,) = list(read_records(SEEDS))
    assert b.id == "000_ba3be2c408401557"
    assert b.gold["support"] == [0, 3, 5]
    assert b.gold["entities"][0] == {"ko": "김현종", "en": "Kim Hyun-chong"}
    assert count_records(SEEDS) == 1


# ------------------------------------------------------------------ readers
def _row(i: int, **gold) -> dict:
    return {
        "id": f"r{i}",
        "headline": "김현종 방미",
        "body": "Kim Hyun-chong arrived in Washington. It rained.",
        **gold,
    }


def test_jsonl_with_bad_lines_reports_line_numbers(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_text(
        json.dumps(_row(1, support=[0]), ensure_ascii=False)
        + "\n{not json\n"
        + json.dumps({"id": "x", "body": "No headline."})
        + "\n",
        encoding="utf-8",
    )
    errors: list[RejectedRecord] = []
    got = list(read_records(path, errors=errors))
    assert [b.id for b in got] == ["r1"]
    assert [(e.line, "JSON" in e.reason or "headline" in e.reason) for e in errors] == [
        (2, True),
        (3, True),
    ]
    with pytest.raises(BulletinFormatError, match=r"b\.jsonl:2"):
        list(read_records(path))


def test_csv_and_parquet_parse_list_columns(tmp_path):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        [
            {
                "id": "a",
                "headline": "김현종 방미",
                "body": "Kim Hyun-chong arrived. It rained.",
                "support": "[0]",
                "faithful": "true",
                "entities": json.dumps([{"ko": "김현종", "en": "Kim Hyun-chong"}]),
            },
            {
                "id": "b",
                "headline": "日 수출규제",
                "body": "Japan curbs exports. Talks start.",
                "support": "[0, 1]",
                "faithful": "false",
                "entities": "",
            },
        ]
    )
    frame.to_csv(tmp_path / "r.csv", index=False)
    got = list(read_records(tmp_path / "r.csv"))
    assert [b.gold["support"] for b in got] == [[0], [0, 1]]
    assert [b.gold["faithful"] for b in got] == [True, False]
    assert "entities" not in got[1].gold
    pytest.importorskip("pyarrow")
    frame["support"] = [[0], [0, 1]]
    frame.to_parquet(tmp_path / "r.parquet")
    got = list(read_records(tmp_path / "r.parquet"))
    assert [b.gold["support"] for b in got] == [[0], [0, 1]]
    assert count_records(tmp_path / "r.parquet") == 2


def test_tsv_is_read_tab_delimited(tmp_path):
    # issue 17: a .tsv went to the comma reader, so every row lacked 'headline'
    path = tmp_path / "r.tsv"
    path.write_text(
        "id\theadline\tbody\tsupport\n"
        "a\t김현종 방미, 日 수출규제 논의\tKim Hyun-chong arrived in Washington, D.C. It rained.\t[0]\n"
        "b\t500억 달러 투자\tSeoul pledged $50,000,000,000. Talks start.\t[0, 1]\n",
        encoding="utf-8",
    )
    errors: list[RejectedRecord] = []
    got = list(read_records(path, errors=errors))
    assert errors == []
    assert [(b.id, b.headline, b.gold["support"]) for b in got] == [
        ("a", "김현종 방미, 日 수출규제 논의", [0]),
        ("b", "500억 달러 투자", [0, 1]),
    ]
    assert got[1].sentences[0] == "Seoul pledged $50,000,000,000."
    # the same rows with commas in the cells stay whole when forced as TSV
    renamed = tmp_path / "r.txt"
    renamed.write_bytes(path.read_bytes())
    assert [b.id for b in read_records(renamed, format="tsv")] == ["a", "b"]
    # a header without 'headline' is one error naming the columns and the delimiter
    wrong = tmp_path / "w.tsv"
    wrong.write_text("id,headline,body\na,김현종 방미,Kim arrived.\n", encoding="utf-8")
    with pytest.raises(BulletinFormatError, match=r"w\.tsv:1: no 'headline' column in the tab"):
        list(read_records(wrong, errors=[]))
    # a malformed list cell names its column and the allowed form
    bad = tmp_path / "bad.tsv"
    bad.write_text(
        "id\theadline\tbody\tsupport\na\t김현종 방미\tKim arrived.\t[0,\n", encoding="utf-8"
    )
    errors = []
    assert list(read_records(bad, errors=errors)) == []
    assert "column 'support' holds malformed JSON" in errors[0].reason
    assert "expected a JSON list such as [0, 2]" in errors[0].reason


def test_hf_dataset_dict_and_saved_folder(tmp_path):
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_list([_row(1, support=[0]), _row(2, support=[1])])
    dd = datasets.DatasetDict({"train": ds, "test": ds.select([1])})
    assert [b.id for b in read_records(ds)] == ["r1", "r2"]
    assert [b.id for b in read_records(dd, split="test")] == ["r2"]
    assert [b.id for b in read_records(dd)] == ["r1", "r2", "r2"]
    with pytest.raises(ValueError, match="available"):
        list(read_records(dd, split="dev"))
    dd.save_to_disk(str(tmp_path / "saved"))
    assert [b.gold["support"] for b in read_records(tmp_path / "saved", split="train")] == [
        [0],
        [1],
    ]


def test_parallel_documents_expand_per_task(ntrex_docs):
    docs = ntrex_docs[:3]
    pairing = list(read_records(docs, task="pairing"))
    assert (
        len(pairing)
        == sum(len(d["ko_sentences"]) for d in docs)
        == count_records(docs, task="pairing")
    )
    first = pairing[0]
    assert first.headline == docs[0]["ko_sentences"][0].strip()
    assert first.gold == {"support": [0]}
    summary = list(read_records(docs, task="summary", seed=1))
    assert len(summary) == 2 * len(docs)
    labels = sorted((b.id, b.gold["faithful"]) for b in summary)
    assert sum(1 for _, y in labels if y) == len(docs)
    for b in summary:  # the negative headline always comes from another document
        doc = next(d for d in docs if b.id.startswith(str(d["doc_id"]) + ":"))
        assert (b.headline == doc["ko_sentences"][0].strip()) == b.gold["faithful"]
    again = [b.headline for b in read_records(docs, task="summary", seed=1)]
    assert again == [b.headline for b in summary]
    with pytest.raises(ValueError, match="entity gold"):
        list(parallel_bulletins([], "entities"))


def test_read_records_rejects_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="task must be one of"):
        list(read_records([], task="ranking"))
    with pytest.raises(TypeError, match="got int"):
        list(read_records(3))
    with pytest.raises(FileNotFoundError, match="does not exist"):
        list(read_records(tmp_path / "missing.jsonl"))


# ------------------------------------------------------------------ metrics
def test_auroc_and_calibration():
    assert auroc([0.9, 0.8], [0.1, 0.85]) == 0.75
    assert auroc([0.5], [0.5]) == 0.5
    assert math.isnan(auroc([], [0.1]))
    assert expected_calibration_error([0.95, 0.95], [True, True]) == pytest.approx(0.05)
    assert expected_calibration_error([0.9, 0.1], [False, True]) == pytest.approx(0.9)


# ------------------------------------------------------------------ evaluate: entities (no model)
def test_entities_on_seed_gold(seed_records):
    # one seed record (the five copies of the fixture are for the bookkeeping tests: as a
    # measurement they are n=1, not 5) and the record without gold
    report = evaluate([seed_records[0], seed_records[-1]], task="entities")
    m = report.metrics["default"]
    assert m["n"] == 1
    assert report.read == 2
    assert report.processed == 1
    assert report.rejected == 1
    assert report.read == report.processed + report.rejected
    assert "no gold 'entities'" in report.errors[0].reason
    # 김현종 -> Kim Hyun-chong, 日 -> Japan, 美 -> U.S./American: all three right
    assert m["accuracy@1"] == 1.0
    assert m["recall"] == 1.0
    frame = report.to_dataframe()
    assert list(frame.index) == ["default"]
    assert frame.loc["default", "accuracy@1"] == 1.0
    assert "<table>" in report._repr_html_()
    assert "accuracy@1" in report._repr_html_()
    with pytest.raises(ValueError, match="strict"):
        evaluate(seed_records, task="entities", strict=True)


def test_interrupted_run_keeps_predictions_and_resume_skips_them(seed_records, tmp_path):
    out = tmp_path / "run"

    def interrupted():
        for i, row in enumerate(seed_records[:5]):
            if i == 3:
                raise KeyboardInterrupt
            yield row

    with pytest.raises(KeyboardInterrupt):
        evaluate(interrupted(), task="entities", out=out, plots=False)
    lines = (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["seed-0", "seed-1", "seed-2"]
    with (out / "predictions.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"config": "default", "id": "seed-3", "tru')  # torn line from a hard kill
    report = evaluate(seed_records, task="entities", out=out, resume=True, plots=False)
    ids = [
        json.loads(line)["id"]
        for line in (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert ids == ["seed-0", "seed-1", "seed-2", "seed-3", "seed-4"]
    assert report.metrics["default"]["n"] == 5
    assert report.processed == 5
    assert report.rejected == 1
    errors = [
        json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert errors[0]["source"] == "no-gold"
    saved = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert saved["read"] == saved["processed"] + saved["rejected"] == 6
    assert "| default |" in (out / "report.md").read_text(encoding="utf-8")


def test_cli_entities_strict_exit_code(seed_records, tmp_path, capsys):
    from ko_en_align.cli import main

    path = tmp_path / "seed.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in seed_records), encoding="utf-8"
    )
    assert (
        main(
            [
                "evaluate",
                str(path),
                "--task",
                "entities",
                "--no-progress",
                "--no-plots",
                "--out",
                str(tmp_path / "o"),
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    assert "accuracy@1" in captured.out
    assert "read 6 = processed 5 + rejected 1" in captured.err
    assert main(["evaluate", str(path), "--task", "entities", "--no-progress", "--strict"]) == 1
    assert main(["evaluate", str(path), "--task", "entities", "--compare", "colour=red"]) == 2


# ------------------------------------------------------------------ evaluate with the real model
#: P@1 of embedding mode on the first two NTREX documents: 0.857 measured (36 of 42
#: sentences, 2026-12-07); the floor leaves two sentences of margin (34 of 42 = 0.81)
EMBEDDING_P1_FLOOR = 0.8


@pytest.mark.slow
def test_pairing_compare_hybrid_vs_embedding_on_ntrex(ntrex_docs, ntrex_pairing_run):
    report, out = ntrex_pairing_run
    docs = ntrex_docs[:2]
    assert isinstance(report, EvaluationReport)
    n = sum(len(d["ko_sentences"]) for d in docs)
    assert report.processed == n
    assert report.rejected == 0
    preds = [
        json.loads(line)
        for line in (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(preds) == 2 * n
    assert {p["config"] for p in preds} == {"hybrid", "embedding"}
    # the metrics are those of the predictions written, recomputed from each prediction's own
    # ranking: a regression in the ranks, the bookkeeping or the averaging fails this.
    # No quality floor for hybrid here: its weights and word table were fitted on every NTREX
    # document, these two included (its held-out P@1 is benchmarks/headline_pairing.py's
    # 5-fold, documents-out figure)
    for name in ("hybrid", "embedding"):
        mine = [p for p in preds if p["config"] == name]
        assert [p["id"] for p in mine] == [
            f"{d['doc_id']}:{i}" for d in docs for i in range(len(d["ko_sentences"]))
        ]
        for p in mine:
            gold = p["support"][0]
            assert (p["top"] + [gold]).index(gold) == min(p["rank"] - 1, len(p["top"]))
            assert p["correct"] == (p["best"] == gold) == (p["rank"] == 1)
        m = report.metrics[name]
        assert m["n"] == n
        assert m["P@1"] == pytest.approx(sum(p["rank"] == 1 for p in mine) / n)
        assert m["P@3"] == pytest.approx(sum(p["rank"] <= 3 for p in mine) / n)
        assert m["MRR"] == pytest.approx(sum(1 / p["rank"] for p in mine) / n)
    # embedding mode ranks by the model's cosine alone: nothing in the package was fitted on
    # these documents for it, so a floor on them is not in-sample. Each Korean sentence is the
    # translation of the English one at its index.
    assert report.metrics["embedding"]["P@1"] >= EMBEDDING_P1_FLOOR
    for name in ("report.json", "report.md", "scores.png", "reliability.png", "heatmap.png"):
        assert (out / name).stat().st_size > 0
    frame = report.to_dataframe()
    assert list(frame.index) == ["hybrid", "embedding"]


@pytest.mark.slow
def test_pairing_on_seed_gold(encoder):
    report = evaluate(SEEDS, task="pairing", encoder=encoder)
    assert report.metrics["default"]["P@1"] == 1.0  # the best sentence is one of 0, 3, 5
    summary = evaluate(SEEDS, task="summary", encoder=encoder)
    m = summary.metrics["default"]
    assert m["n"] == 1
    assert m["accuracy"] == 1.0  # the seed headline is faithful to its body
    # claim evidence@1: the share of the three gold claims whose first cited sentence is one
    # of the gold evidence sentences, recomputed here from check_summary itself
    from ko_en_align import check_summary
    from ko_en_align.bulletin import read_bulletins

    (seed,) = read_bulletins(SEEDS)
    cited = [c.evidence[0][0] for c in check_summary(seed.headline, seed.sentences).claims]
    hits = [i in claim["evidence"] for i, claim in zip(cited, GOLD["claims"], strict=True)]
    assert m["claim evidence@1"] == pytest.approx(sum(hits) / 3)
    assert m["claim evidence@1"] > 0


def _half_of(group: str) -> str:
    """``benchmarks/summary_data.half_of``: the fixed split of the development documents."""
    return "AB"[zlib.crc32(group.encode("utf-8")) % 2]


def test_the_held_out_split_is_the_fitting_scripts(ntrex_docs):
    """The tests' half A is the one ``benchmarks/summary_check.py`` did not fit on."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "summary_data", ROOT / "benchmarks" / "summary_data.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    groups = [f"ntrex:{d['doc_id']}" for d in ntrex_docs]
    assert [_half_of(g) for g in groups] == [module.half_of(g) for g in groups]
    assert {_half_of(g) for g in groups} == {"A", "B"}


@pytest.mark.slow
def test_summary_task_on_held_out_ntrex(encoder, ntrex_docs, tmp_path):
    """The summary check on the NTREX documents of half A: the shipped word and headline
    weights were fitted on half B (``benchmarks/summary_check.py --fit``), so these five
    documents are held out for them. The shipped word table was learned from every NTREX
    sentence pair, these included; a table learned on half B alone gives the same figures on
    all 15 half-A NTREX documents (AUROC 0.982, balanced accuracy 0.90, own headline vs the
    next document's; measured 2026-12-07), so the table's sight of them does not lift this."""
    docs = [d for d in ntrex_docs if _half_of(f"ntrex:{d['doc_id']}") == "A"]
    assert [d["doc_id"] for d in docs] == [
        "abcnews.306815",
        "bbc.381746",
        "cnn.304489",
        "abcnews.306758",
        "scotsman.133804",
    ]
    report = evaluate(docs, task="summary", encoder=encoder, seed=3, out=tmp_path)
    m = report.metrics["default"]
    assert m["n"] == 10
    # every true item scores above every mismatched headline: 1.0 measured; 0.8 allows 5 of
    # the 25 (true, mismatched) pairs to swap
    assert m["AUROC"] >= 0.8
    assert m["accuracy"] >= 0.8  # at the default threshold: 0.9 measured (9 of 10)
    # the metrics are those of the predictions written: a regression in the bookkeeping fails
    preds = [
        json.loads(x) for x in (tmp_path / "predictions.jsonl").read_text("utf-8").splitlines()
    ]
    assert [p["faithful"] for p in preds].count(True) == 5  # one positive, one negative per doc
    for p in preds:
        assert p["predicted"] == (p["score"] >= p["threshold"])
        assert p["correct"] == (p["predicted"] == p["faithful"])
    assert m["accuracy"] == pytest.approx(sum(p["correct"] for p in preds) / 10)
    assert m["AUROC"] == pytest.approx(
        auroc(
            [p["score"] for p in preds if p["faithful"]],
            [p["score"] for p in preds if not p["faithful"]],
        )
    )
    assert m["ECE"] == pytest.approx(
        expected_calibration_error([p["score"] for p in preds], [p["faithful"] for p in preds]),
        abs=1e-3,
    )


def test_bulletin_input_passes_through():
    b = Bulletin("김현종 방미", ["Kim Hyun-chong arrived."], id="x", gold={"support": [0]})
    assert next(read_records([b])).gold == {"support": [0]}


def test_package_evaluate_is_callable_whatever_was_imported_first():
    import ko_en_align
    import ko_en_align.evaluate  # noqa: F401  # binds the package attribute to the module

    with pytest.raises(ValueError, match="task"):
        ko_en_align.evaluate([], task="nonsense")


# ------------------------------------------------------------------ gold and argument errors
def test_records_with_unusable_gold_are_rejected_with_the_reason(capsys):
    base = {"headline": "김현종 방미", "body": "Kim Hyun-chong arrived. It rained."}
    cases = {
        "pairing": [
            ({"support": [0, 5, True]}, "gold 'support' has indices [5, True] outside 0..1"),
            ({"support": []}, "no gold 'support'"),
        ],
        "summary": [({"faithful": "maybe"}, "no gold 'faithful' (expected true or false)")],
        "entities": [
            (
                {"entities": [{"ko": "김현종"}]},
                "gold 'entities' must be objects with a string 'ko'",
            ),
            ({"entities": [{"ko": "김현종", "en": []}]}, "gold 'entities' must be objects"),
        ],
    }
    for task, rows in cases.items():
        records = [{"id": f"r{i}", **base, **gold} for i, (gold, _) in enumerate(rows)]
        # nothing is left to predict, so no model is loaded
        report = evaluate(records, task=task, show_progress_bar=True)
        assert (report.read, report.processed, report.rejected) == (len(rows), 0, len(rows))
        assert [e.source for e in report.errors] == [r["id"] for r in records]
        for error, (_, reason) in zip(report.errors, rows, strict=True):
            assert reason in error.reason
        assert str(report).endswith(f"read {len(rows)} = processed 0 + rejected {len(rows)}")
    assert f"{task} [default]" in capsys.readouterr().err  # the progress bar was drawn


def test_evaluate_rejects_bad_arguments(seed_records):
    with pytest.raises(ValueError, match="limit must be a non-negative int or None, got -1"):
        evaluate(seed_records, task="entities", limit=-1)
    with pytest.raises(TypeError, match="configs must be a non-empty dict"):
        evaluate(seed_records, task="entities", configs={})
    with pytest.raises(ValueError, match=r"unknown configuration option\(s\) \['colour'\]"):
        evaluate(seed_records, task="entities", configs={"x": {"colour": "red"}})
    with pytest.raises(ValueError, match="task must be one of"):
        evaluate(seed_records, task="ranking")  # type: ignore[arg-type]
