"""Evaluate pairing, summary checks or entity matching on gold-labelled bulletins.

:func:`evaluate` streams records (see :mod:`ko_en_align.records`), runs one or
more configurations over them, writes one prediction per bulletin as it goes
(``predictions.jsonl``, flushed line by line, so an interrupted run keeps what
it did and ``resume=True`` skips it), and returns an :class:`EvaluationReport`
with the metrics of each configuration:

* ``pairing``: P@1, P@3 and MRR of the first gold ``support`` sentence,
  set precision/recall/F1 of the predicted
  :attr:`~ko_en_align.HeadlineAlignment.support` against the gold one
  (micro-averaged over sentences), and the ECE of every sentence's score
  against "this sentence is in the gold support";
* ``summary``: AUROC of the summary score against ``faithful``, accuracy and
  F1 at the threshold, expected calibration error (ECE);
* ``entities``: precision, recall and F1 of the matched (ko, en) pairs and
  accuracy@1 (the best English mention of each gold Korean entity is right).

Metrics are aggregated from running sums and stored score lists only, so the
data never has to fit in memory.

>>> from ko_en_align import evaluate
>>> rows = [{"id": "a", "headline": "김현종 방미",
...          "body": "It rained in Seoul. Kim Hyun-chong arrived in Washington.", "support": [1]}]
>>> evaluate(rows, task="pairing").metrics["default"]["P@1"]
1.0
"""

from __future__ import annotations

import html
import itertools
import json
import logging
import math
import os
import random
import re
import sys
import time
import types
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ko_en_align.bulletin import Bulletin, RejectedRecord
from ko_en_align.records import TASKS, Format, Task, count_records, read_records

if TYPE_CHECKING:
    import pandas as pd

    from ko_en_align.encoder import Encoder

logger = logging.getLogger(__name__)

#: Options a configuration may set (``configs={"name": {option: value}}``).
CONFIG_KEYS = ("mode", "model", "device", "batch_size", "threshold")
_MAX_STORED_SCORES = 50_000  # per class and configuration (reservoir sample beyond that)

METRIC_NAMES: dict[str, tuple[str, ...]] = {
    "pairing": ("P@1", "P@3", "MRR", "support P", "support R", "support F1", "n"),
    "summary": ("AUROC", "accuracy", "F1", "ECE", "threshold", "n"),
    "entities": ("precision", "recall", "F1", "accuracy@1", "n"),
}


# ------------------------------------------------------------------ metrics
def auroc(pos: list[float], neg: list[float]) -> float:
    """Area under the ROC curve (Mann-Whitney U, ties count one half); NaN if a class is empty.

    >>> auroc([0.9, 0.8], [0.1, 0.85])
    0.75
    """
    if not pos or not neg:
        return math.nan
    scored = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    rank_sum, i = 0.0, 0
    while i < len(scored):
        j = i
        while j < len(scored) and scored[j][0] == scored[i][0]:
            j += 1
        avg_rank = (i + j + 1) / 2.0  # 1-based average rank of the tie group
        rank_sum += avg_rank * sum(label for _, label in scored[i:j])
        i = j
    u = rank_sum - len(pos) * (len(pos) + 1) / 2.0
    return u / (len(pos) * len(neg))


def reliability_bins(
    scores: list[float], labels: list[bool], n_bins: int = 10
) -> list[dict[str, float]]:
    """Bin scores in [0, 1] and report mean score vs. observed frequency per bin."""
    bins: list[list[tuple[float, bool]]] = [[] for _ in range(n_bins)]
    for s, y in zip(scores, labels, strict=True):
        bins[min(int(max(s, 0.0) * n_bins), n_bins - 1)].append((s, y))
    out = []
    for k, items in enumerate(bins):
        if items:
            out.append(
                {
                    "lo": k / n_bins,
                    "hi": (k + 1) / n_bins,
                    "count": len(items),
                    "mean_score": sum(s for s, _ in items) / len(items),
                    "frequency": sum(1 for _, y in items if y) / len(items),
                }
            )
    return out


def expected_calibration_error(scores: list[float], labels: list[bool], n_bins: int = 10) -> float:
    """ECE: the count-weighted gap between mean score and observed frequency per bin."""
    if not scores:
        return math.nan
    bins = reliability_bins(scores, labels, n_bins)
    return sum(b["count"] * abs(b["mean_score"] - b["frequency"]) for b in bins) / len(scores)


class _Reservoir:
    """Keeps at most ``cap`` floats, a uniform sample once more arrive (bounded memory)."""

    def __init__(self, cap: int, seed: int) -> None:
        self.cap, self.seen = cap, 0
        self.items: list[Any] = []
        self._rng = random.Random(seed)

    def add(self, x: Any) -> None:
        self.seen += 1
        if len(self.items) < self.cap:
            self.items.append(x)
        else:
            k = self._rng.randrange(self.seen)
            if k < self.cap:
                self.items[k] = x


class _Accumulator:
    """Running metric state for one task and configuration, fed one prediction at a time."""

    def __init__(self, task: Task, seed: int) -> None:
        self.task = task
        self.n = 0
        self.sums: dict[str, float] = {}
        # scores of positives / negatives (for distributions and AUROC) and (score, correct) for reliability
        self.pos = _Reservoir(_MAX_STORED_SCORES, seed)
        self.neg = _Reservoir(_MAX_STORED_SCORES, seed + 1)
        self.calib = _Reservoir(_MAX_STORED_SCORES, seed + 2)

    def _add(self, key: str, value: float) -> None:
        self.sums[key] = self.sums.get(key, 0.0) + value

    def add(self, pred: Mapping[str, Any]) -> None:
        self.n += 1
        if self.task == "pairing":
            rank = pred["rank"]
            self._add("hit1", rank == 1)
            self._add("hit3", rank <= 3)
            self._add("rr", 1.0 / rank)
            for s in pred["gold_scores"]:
                self.pos.add(s)
            for s in pred["other_scores"]:
                self.neg.add(s)
                self.calib.add((s, False))
            for s in pred["gold_scores"]:
                self.calib.add((s, True))
            gold, got = set(pred["support"]), set(pred.get("predicted_support", ()))
            self._add("s_tp", len(gold & got))
            self._add("s_fp", len(got - gold))
            self._add("s_fn", len(gold - got))
        elif self.task == "summary":
            label, score = bool(pred["faithful"]), float(pred["score"])
            (self.pos if label else self.neg).add(score)
            self.calib.add((score, label))
            predicted = bool(pred["predicted"])
            self._add("correct", predicted == label)
            self._add("tp", predicted and label)
            self._add("fp", predicted and not label)
            self._add("fn", (not predicted) and label)
            self._add("threshold", float(pred["threshold"]))
            self._add("claim_hits", pred.get("claim_hits", 0))
            self._add("claim_total", pred.get("claim_total", 0))
        else:
            self._add("tp", pred["tp"])
            self._add("fp", pred["fp"])
            self._add("fn", pred["fn"])
            self._add("gold", len(pred["gold"]))
            self._add("correct_at_1", pred["correct_at_1"])
            for m in pred["matches"]:
                (self.pos if m["correct"] else self.neg).add(m["score"])
                self.calib.add((m["score"], m["correct"]))

    def metrics(self) -> dict[str, float]:
        s, n = self.sums, self.n
        nan = math.nan
        if self.task == "pairing":
            stp, sfp, sfn = s.get("s_tp", 0), s.get("s_fp", 0), s.get("s_fn", 0)
            return {
                "P@1": s.get("hit1", 0) / n if n else nan,
                "P@3": s.get("hit3", 0) / n if n else nan,
                "MRR": s.get("rr", 0) / n if n else nan,
                "support P": stp / (stp + sfp) if stp + sfp else nan,
                "support R": stp / (stp + sfn) if stp + sfn else nan,
                "support F1": 2 * stp / (2 * stp + sfp + sfn) if stp + sfp + sfn else nan,
                "ECE": expected_calibration_error(*self._calib()),
                "n": n,
            }
        if self.task == "summary":
            tp, fp, fn = s.get("tp", 0), s.get("fp", 0), s.get("fn", 0)
            return {
                "AUROC": auroc(self.pos.items, self.neg.items),
                "accuracy": s.get("correct", 0) / n if n else nan,
                "F1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else nan,
                "ECE": expected_calibration_error(*self._calib()),
                "threshold": s.get("threshold", nan) / n if n else nan,
                "n": n,
            } | (
                {"claim evidence@1": s["claim_hits"] / s["claim_total"]}
                if s.get("claim_total")
                else {}
            )
        tp, fp, fn = s.get("tp", 0), s.get("fp", 0), s.get("fn", 0)
        precision = tp / (tp + fp) if tp + fp else nan
        recall = tp / (tp + fn) if tp + fn else nan
        return {
            "precision": precision,
            "recall": recall,
            "F1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else nan,
            "accuracy@1": s.get("correct_at_1", 0) / s["gold"] if s.get("gold") else nan,
            "n": n,
        }

    def _calib(self) -> tuple[list[float], list[bool]]:
        return [float(x) for x, _ in self.calib.items], [bool(y) for _, y in self.calib.items]

    def curves(self) -> dict[str, Any]:
        scores, labels = self._calib()
        return {
            "positive_scores": list(self.pos.items),
            "negative_scores": list(self.neg.items),
            "reliability": reliability_bins(scores, labels),
        }


# ------------------------------------------------------------------ report
@dataclass(frozen=True)
class EvaluationReport:
    """Metrics of one evaluation run, per configuration.

    Attributes:
        task: ``"pairing"``, ``"summary"`` or ``"entities"``.
        metrics: configuration name -> metric name -> value.
        configs: configuration name -> its options (``mode``, ``model``...).
        read: records read; always ``processed + rejected``.
        processed: records evaluated (per configuration).
        rejected: records that could not be evaluated (see ``errors``).
        errors: the rejected records with source, line and reason.
        seconds: configuration name -> wall time.
        out: the output folder (predictions.jsonl, report.json, report.md,
            errors.jsonl, plots) or None.
        curves: configuration name -> score samples and reliability bins
            (what the plots are drawn from).
        plots: paths of the PNG files written.

    >>> from ko_en_align import evaluate
    >>> report = evaluate([{"id": "a", "headline": "김현종 방미", "support": [1],
    ...                     "body": "It rained in Seoul. Kim Hyun-chong arrived in Washington."}])
    >>> report.to_dataframe()[["P@1", "MRR", "n"]]  # doctest: +NORMALIZE_WHITESPACE
             P@1  MRR  n
    config
    default  1.0  1.0  1
    """

    task: str
    metrics: Mapping[str, Mapping[str, float]]
    configs: Mapping[str, Mapping[str, Any]]
    read: int
    processed: int
    rejected: int
    errors: tuple[RejectedRecord, ...] = ()
    seconds: Mapping[str, float] = field(default_factory=dict)
    data: str = ""
    out: str | None = None
    curves: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, repr=False, compare=False)
    plots: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """``read N = processed P + rejected R``."""
        return f"read {self.read} = processed {self.processed} + rejected {self.rejected}"

    def to_dict(self, *, curves: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "task": self.task,
            "data": self.data,
            "metrics": {k: dict(v) for k, v in self.metrics.items()},
            "configs": {k: dict(v) for k, v in self.configs.items()},
            "read": self.read,
            "processed": self.processed,
            "rejected": self.rejected,
            "errors": [e.to_dict() for e in self.errors],
            "seconds": dict(self.seconds),
            "out": self.out,
            "plots": list(self.plots),
        }
        if curves:
            out["curves"] = {k: dict(v) for k, v in self.curves.items()}
        return out

    def to_dataframe(self) -> pd.DataFrame:
        """One row per configuration, one column per metric (pandas required)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            msg = (
                'EvaluationReport.to_dataframe requires pandas: pip install "ko-en-align[datasets]"'
            )
            raise ImportError(msg) from exc
        frame = pd.DataFrame.from_dict(
            {k: dict(v) for k, v in self.metrics.items()}, orient="index"
        )
        frame.index.name = "config"
        return frame

    def _metric_columns(self) -> list[str]:
        cols: list[str] = []
        for m in self.metrics.values():
            cols.extend(k for k in m if k not in cols)
        return cols

    def _repr_html_(self) -> str:
        cols = self._metric_columns()
        head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
        rows = "".join(
            f"<tr><th>{html.escape(name)}</th>"
            + "".join(f"<td>{_fmt(m.get(c))}</td>" for c in cols)
            + "</tr>"
            for name, m in self.metrics.items()
        )
        return (
            f"<div><b>{html.escape(self.task)}</b> on {html.escape(self.data)} "
            f"<small>({html.escape(self.summary)})</small>"
            f"<table><thead><tr><th>config</th>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
        )

    def __str__(self) -> str:
        return f"{self.table()}\n{self.summary}"

    def table(self) -> str:
        """The metrics as a plain-text table, one row per configuration."""
        cols = self._metric_columns()
        width = max([len("config"), *map(len, self.metrics)])
        widths = [max(10, len(c)) for c in cols]
        lines = [
            f"{'config':<{width}}  "
            + "  ".join(f"{c:>{w}}" for c, w in zip(cols, widths, strict=True))
        ]
        for name, m in self.metrics.items():
            lines.append(
                f"{name:<{width}}  "
                + "  ".join(f"{_fmt(m.get(c)):>{w}}" for c, w in zip(cols, widths, strict=True))
            )
        return "\n".join(lines)


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "nan" if math.isnan(value) else f"{value:.4f}"
    return str(value)


# ------------------------------------------------------------------ predictions
def _norm_en(text: str | None) -> str:
    if not text:
        return ""
    text = re.sub(r"['’]s\b", "", text)
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def _gold_problem(b: Bulletin, task: Task) -> str | None:
    gold = b.gold or {}
    if task == "pairing":
        support = gold.get("support")
        if not isinstance(support, list | tuple) or not support:
            return (
                "no gold 'support' (expected a non-empty list of sentence indices such as [0, 3])"
            )
        bad = [
            i
            for i in support
            if not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < len(b.sentences)
        ]
        if bad:
            return f"gold 'support' has indices {bad} outside 0..{len(b.sentences) - 1}"
    elif task == "summary":
        if not isinstance(gold.get("faithful"), bool):
            return "no gold 'faithful' (expected true or false)"
    else:
        ents = gold.get("entities")
        if not isinstance(ents, list | tuple) or not ents:
            return 'no gold \'entities\' (expected [{"ko": "김현종", "en": "Kim Hyun-chong"}])'

        def ok(e: Any) -> bool:
            en = e.get("en") if isinstance(e, Mapping) else None
            en_ok = isinstance(en, str) or (
                isinstance(en, list | tuple) and en and all(isinstance(x, str) for x in en)
            )
            return isinstance(e, Mapping) and isinstance(e.get("ko"), str) and bool(en_ok)

        if not all(ok(e) for e in ents):
            return "gold 'entities' must be objects with a string 'ko' and an 'en' string (or list of accepted spellings)"
    return None


def _pairing_prediction(result: Any, b: Bulletin, top: int = 5) -> dict[str, Any]:
    support = list(b.gold["support"])  # type: ignore[index]
    rank = next(r for r, m in enumerate(result.ranking, start=1) if m.index in support)
    by_index = {m.index: m.score for m in result.ranking}
    return {
        "id": b.id,
        "headline": b.headline,
        "support": support,
        "predicted_support": list(result.support),
        "rank": rank,
        "correct": rank == 1,
        "best": result.best.index,
        "best_score": result.best.score,
        "best_sentence": result.best.sentence,
        "gold_sentence": b.sentences[support[0]],
        "top": [m.index for m in result.ranking[:top]],
        "gold_scores": [by_index[i] for i in support],
        "other_scores": [m.score for m in result.ranking if m.index not in support],
    }


def _summary_prediction(check: Any, b: Bulletin, threshold: float | None) -> dict[str, Any]:
    score = float(check.score)
    if threshold is None:
        predicted = bool(check.supported)
        used = float(check.threshold)
    else:
        predicted, used = score >= threshold, float(threshold)
    claims = [
        {
            "text": c.text,
            "support": float(c.support),
            "verdict": c.verdict,
            "evidence": [int(i) for i, _, _ in c.evidence],
            # the best evidence sentence itself, for report.md's worst bulletins
            "sentence": c.evidence[0][1] if c.evidence else None,
        }
        for c in check.claims
    ]
    # optional claim-level gold: is each claim's best evidence sentence one of the gold ones?
    gold_claims = {
        c.get("text"): c.get("evidence") or []
        for c in (b.gold or {}).get("claims") or []
        if isinstance(c, Mapping)
    }
    claim_hits = sum(
        1
        for c in claims
        if c["text"] in gold_claims
        and c["evidence"][:1]
        and c["evidence"][0] in gold_claims[c["text"]]
    )
    claim_total = sum(1 for c in claims if c["text"] in gold_claims)
    return {
        "id": b.id,
        "headline": b.headline,
        "claim_hits": claim_hits,
        "claim_total": claim_total,
        "faithful": bool(b.gold["faithful"]),  # type: ignore[index]
        "score": score,
        "predicted": predicted,
        "correct": predicted == bool(b.gold["faithful"]),  # type: ignore[index]
        "threshold": used,
        "claims": claims,
    }


def _entities_prediction(matches: Iterable[Any], b: Bulletin) -> dict[str, Any]:
    # gold "en" is one spelling or a list of accepted spellings (美 -> ["U.S.", "American"])
    gold = [
        (e["ko"], [e["en"]] if isinstance(e["en"], str) else list(e["en"]))
        for e in b.gold["entities"]  # type: ignore[index]
    ]
    accepted = {ko: {_norm_en(x) for x in ens} for ko, ens in gold}
    rows = []
    best_for: dict[str, str] = {}
    tp = fp = 0
    hit: set[str] = set()
    for m in matches:
        ko = m.entity.text
        en = _norm_en(m.en_text)
        correct = ko in accepted and en in accepted[ko]
        rows.append(
            {
                "ko": ko,
                "en": m.en_text,
                "sentence_index": m.sentence_index,
                "score": float(m.score),
                "matched": bool(m.matched),
                "correct": bool(correct),
            }
        )
        best_for.setdefault(ko, en)
        if m.matched and m.en_text:
            if correct and ko not in hit:
                tp += 1
                hit.add(ko)
            elif not correct:
                fp += 1
    correct_at_1 = sum(1 for ko, ens in accepted.items() if best_for.get(ko) in ens)
    return {
        "id": b.id,
        "headline": b.headline,
        "gold": [{"ko": ko, "en": ens[0] if len(ens) == 1 else ens} for ko, ens in gold],
        "matches": rows,
        "tp": tp,
        "fp": fp,
        "fn": len(accepted) - tp,
        "correct_at_1": correct_at_1,
        "correct": tp == len(accepted) and fp == 0,
    }


# ------------------------------------------------------------------ running
class _Runner:
    """Turns bulletins into predictions for one configuration."""

    def __init__(
        self,
        task: Task,
        options: Mapping[str, Any],
        encoders: dict[Any, Encoder],
        encoder: Encoder | None,
    ) -> None:
        unknown = set(options) - set(CONFIG_KEYS)
        if unknown:
            msg = f"unknown configuration option(s) {sorted(unknown)}; allowed: {', '.join(CONFIG_KEYS)}"
            raise ValueError(msg)
        self.task, self.options = task, dict(options)
        self._encoders, self._given = encoders, encoder

    @property
    def encoder(self) -> Encoder:
        model, device = self.options.get("model"), self.options.get("device")
        if model is None and device is None and self._given is not None:
            return self._given
        key = (model, device)
        if key not in self._encoders:
            from ko_en_align.encoder import Encoder

            self._encoders[key] = Encoder(model, device=device)
        return self._encoders[key]

    def predict(self, bulletins: Iterable[Bulletin], chunk_size: int) -> Iterator[dict[str, Any]]:
        if self.task == "pairing":
            from ko_en_align.align import HeadlineAligner

            kwargs: dict[str, Any] = {"batch_size": int(self.options.get("batch_size", 64))}
            if "mode" in self.options:
                kwargs["mode"] = self.options["mode"]
            aligner = HeadlineAligner(self.encoder, **kwargs)
            pending: deque[Bulletin] = deque()

            def remember(items: Iterable[Bulletin]) -> Iterator[Bulletin]:
                for b in items:
                    pending.append(b)
                    yield b

            for result in aligner.iter_align(remember(bulletins), chunk_size=chunk_size):
                yield _pairing_prediction(result, pending.popleft())
        elif self.task == "summary":
            from ko_en_align.evidence import SummaryChecker

            checker = SummaryChecker(self.encoder)
            threshold = self.options.get("threshold")
            chunk: list[Bulletin] = []
            for b in itertools.chain(bulletins, [None]):  # None flushes the last chunk
                if b is not None:
                    chunk.append(b)
                if chunk and (b is None or len(chunk) >= chunk_size):
                    checks = checker.check_many([(x.headline, x.sentences) for x in chunk])
                    for x, check in zip(chunk, checks, strict=True):
                        yield _summary_prediction(check, x, threshold)
                    chunk = []
        else:
            from ko_en_align.entities import match_entities

            kwargs = (
                {"threshold": float(self.options["threshold"])}
                if "threshold" in self.options
                else {}
            )
            for b in bulletins:
                yield _entities_prediction(
                    match_entities(b.headline, list(b.sentences), **kwargs), b
                )


def _config_name(options: Mapping[str, Any]) -> str:
    return ",".join(f"{k}={v}" for k, v in options.items()) or "default"


def _load_done(path: Path, acc: dict[str, _Accumulator]) -> set[tuple[str, str]]:
    """Read predictions of an earlier run; drop a torn last line (Ctrl-C mid-write)."""
    done: set[tuple[str, str]] = set()
    if not path.exists():
        return done
    good_bytes = 0
    with path.open("rb") as fh:
        for raw in fh:
            try:
                pred = json.loads(raw)
            except json.JSONDecodeError:
                logger.warning("%s: dropping an incomplete line left by an interrupted run", path)
                break
            if not raw.endswith(b"\n"):
                break
            good_bytes += len(raw)
            cfg = pred.get("config")
            if cfg in acc and (cfg, pred.get("id")) not in done:
                done.add((cfg, str(pred.get("id"))))
                acc[cfg].add(pred)
    if good_bytes < path.stat().st_size:
        with path.open("r+b") as fh:
            fh.truncate(good_bytes)
    return done


def evaluate(
    data: Any,
    task: Task = "pairing",
    *,
    configs: Mapping[str, Mapping[str, Any]] | None = None,
    encoder: Encoder | None = None,
    out: str | os.PathLike[str] | None = None,
    limit: int | None = None,
    seed: int = 0,
    format: Format = "auto",
    split: str | None = None,
    resume: bool = False,
    strict: bool = False,
    plots: bool = True,
    heatmap_id: str | None = None,
    chunk_size: int = 64,
    show_progress_bar: bool | None = None,
    engine: Any = None,
) -> EvaluationReport:
    """Evaluate ``task`` on gold-labelled records, for one or more configurations.

    Args:
        data: records: a path (JSONL, CSV, Parquet, ``.txt``, folder, saved
            dataset), a ``datasets.Dataset``/``DatasetDict`` or a list of dicts;
            see :func:`ko_en_align.records.read_records`.
        task: ``"pairing"``, ``"summary"`` or ``"entities"``.
        configs: name -> options to compare in one report, e.g.
            ``{"hybrid": {"mode": "hybrid"}, "embedding": {"mode": "embedding"}}``.
            Options: ``mode``, ``model`` (HF id or folder), ``device``,
            ``batch_size``, ``threshold`` (summary/entities). Default: one
            configuration ``"default"`` with the library defaults.
        encoder: the encoder for configurations that name no ``model``.
        out: folder for ``predictions.jsonl``, ``errors.jsonl``,
            ``report.json``, ``report.md`` and PNG plots (created).
        limit: evaluate only the first ``limit`` records.
        seed: seeds the negatives of the summary task on parallel documents
            and the score samples kept for plots.
        format: input format, passed to :func:`~ko_en_align.records.read_records`.
        split: the ``DatasetDict`` split to read (default: all).
        resume: keep ``out/predictions.jsonl`` and skip the ids already in it.
        strict: raise ``ValueError`` if any record was rejected.
        plots: draw PNG plots into ``out`` (needs matplotlib).
        heatmap_id: bulletin to draw the claims × sentences heatmap for
            (default: the first whose headline has two or more claims, else the first).
        chunk_size: bulletins encoded together.
        show_progress_bar: ``None`` shows a bar (with ETA) on a terminal.
        engine: ``None`` runs the models in this process; a
            :class:`ko_en_align.ray.RayEngine` runs them on a Ray cluster and
            returns the same predictions in the same order.

    Returns:
        An :class:`EvaluationReport`.

    >>> rows = [{"id": "seed", "headline": '김현종 방미 "日 수출규제 美 중재 논의"',
    ...          "body": "Kim Hyun-chong arrived in Washington. Japan and the U.S. spoke.",
    ...          "entities": [{"ko": "김현종", "en": "Kim Hyun-chong"}, {"ko": "日", "en": "Japan"}]}]
    >>> evaluate(rows, task="entities").metrics["default"]["accuracy@1"]
    1.0
    """
    if task not in TASKS:
        msg = f"task must be one of {', '.join(map(repr, TASKS))}, got {task!r}"
        raise ValueError(msg)
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        msg = f"limit must be a non-negative int or None, got {limit!r}"
        raise ValueError(msg)
    if configs is None:
        configs = {"default": {}}
    if not isinstance(configs, Mapping) or not configs:
        msg = "configs must be a non-empty dict of name -> options, e.g. {'embedding': {'mode': 'embedding'}}"
        raise TypeError(msg)
    encoders: dict[Any, Encoder] = {}
    runners = {name: _Runner(task, opts, encoders, encoder) for name, opts in configs.items()}
    if len(runners) > 1 and isinstance(data, Iterator):
        data = list(data)  # a one-shot iterator cannot be read once per configuration

    out_dir = Path(out) if out is not None else None
    pred_fh = None
    acc = {name: _Accumulator(task, seed) for name in runners}
    done: set[tuple[str, str]] = set()
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        pred_path = out_dir / "predictions.jsonl"
        if resume:
            done = _load_done(pred_path, acc)
            logger.info("resume: %d predictions already in %s", len(done), pred_path)
        pred_fh = pred_path.open("a" if resume else "w", encoding="utf-8")

    errors: list[RejectedRecord] = []
    seconds: dict[str, float] = {}
    read = processed = 0
    total = count_records(data, task=task, split=split)
    if total is not None and limit is not None:
        total = min(total, limit)
    if show_progress_bar is None:
        show_progress_bar = sys.stderr.isatty()
    heat: list[Bulletin] = []  # the bulletin drawn in the heatmap, kept while streaming
    try:
        for k, (name, runner) in enumerate(runners.items()):
            first = k == 0
            errs = errors if first else []
            counter = {"read": 0, "processed": 0}

            def stream(
                errs: list[RejectedRecord] = errs,
                counter: dict[str, int] = counter,
                name: str = name,
            ) -> Iterator[Bulletin]:
                n_errors = len(errs)
                for b in itertools.islice(
                    read_records(
                        data, task=task, format=format, split=split, seed=seed, errors=errs
                    ),
                    limit,
                ):
                    problem = _gold_problem(b, task)
                    if problem is not None:
                        errs.append(RejectedRecord(str(b.id), None, problem))
                        logger.warning("rejected %s: %s", b.id, problem)
                        continue
                    counter["read"] += 1
                    if _better_heatmap(b, heat[0] if heat else None, heatmap_id):
                        heat[:] = [b]
                    if (name, str(b.id)) in done:
                        counter["processed"] += 1
                        continue
                    yield b
                counter["read"] += len(errs) - n_errors

            bar = None
            if show_progress_bar:
                bar = _progress_bar(total=total, desc=f"{task} [{name}]", unit="bulletin")
            t0 = time.perf_counter()
            preds = (
                runner.predict(stream(), chunk_size)
                if engine is None
                else engine.predict(task, runner.options, stream(), chunk_size)
            )
            for pred in preds:
                pred = {"config": name, "task": task, **pred}
                acc[name].add(pred)
                counter["processed"] += 1
                if pred_fh is not None:
                    pred_fh.write(json.dumps(pred, ensure_ascii=False) + "\n")
                    pred_fh.flush()
                if bar is not None:
                    bar.update(1)
            seconds[name] = time.perf_counter() - t0
            if bar is not None:
                bar.close()
            if first:
                read, processed = counter["read"], counter["processed"]
    finally:
        if pred_fh is not None:
            pred_fh.close()
        if out_dir is not None:
            with (out_dir / "errors.jsonl").open("w", encoding="utf-8") as fh:
                for e in errors:
                    fh.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")

    report = EvaluationReport(
        task=task,
        metrics={name: a.metrics() for name, a in acc.items()},
        configs={name: dict(opts) for name, opts in configs.items()},
        read=read,
        processed=processed,
        rejected=len(errors),
        errors=tuple(errors),
        seconds=seconds,
        data=_describe(data),
        out=str(out_dir) if out_dir is not None else None,
        curves={name: a.curves() for name, a in acc.items()},
    )
    if out_dir is not None:
        from ko_en_align.report import write_report

        heat_bulletin = heat[0] if (plots and heat) else None
        report = write_report(
            report,
            out_dir,
            plots=plots,
            heatmap_bulletin=heat_bulletin,
            encoder=runners[next(iter(runners))].encoder if heat_bulletin is not None else None,
        )
    if strict and errors:
        msg = f"{len(errors)} record(s) rejected (strict mode); first: {errors[0].source}: {errors[0].reason}"
        raise ValueError(msg)
    return report


def _better_heatmap(b: Bulletin, current: Bulletin | None, heatmap_id: str | None) -> bool:
    """Whether ``b`` should replace ``current`` as the heatmap's bulletin.

    The one named by ``heatmap_id``; otherwise the first with two or more claims
    (a one-claim headline draws a single row), else the first.
    """
    if heatmap_id is not None:
        return current is None and b.id == heatmap_id
    if current is None:
        return True
    from ko_en_align.segment import split_claims

    return len(split_claims(current.headline)) < 2 <= len(split_claims(b.headline))


def _progress_bar(**kwargs: Any) -> Any:
    """A tqdm bar with ETA: a widget in Jupyter when ipywidgets is installed, text otherwise."""
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        from tqdm.std import tqdm
    else:
        from tqdm.autonotebook import tqdm
    return tqdm(file=sys.stderr, **kwargs)


def _describe(data: Any) -> str:
    if isinstance(data, str | os.PathLike):
        return str(data)
    return f"<{type(data).__name__}>"


class _CallableModule(types.ModuleType):
    """This module, callable as :func:`evaluate`.

    ``ko_en_align.evaluate`` names both this module and the function: once the module is
    imported, Python binds the package attribute to the module, so ``from ko_en_align import
    evaluate`` would give the module and ``kea.evaluate(...)`` would fail, depending on what
    was imported first. Calling the module calls the function, whatever the order.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> EvaluationReport:
        return evaluate(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
