"""The ``ko-en-align evaluate`` subcommand: a thin layer over :func:`ko_en_align.evaluate`.

    $ ko-en-align evaluate ../shared/data/ntrex128_ko_en_news_docs.jsonl --task pairing \\
          --mode hybrid --compare mode=embedding --out runs/pairing
    $ ko-en-align evaluate seeds/ --task entities --out runs/seed-entities

Writes ``predictions.jsonl``, ``errors.jsonl``, ``report.json``, ``report.md``
(a page for people: metrics, plots, the five worst bulletins) and PNG plots
into ``--out``, from the base install (matplotlib and the Hangul font are core
dependencies); prints the metrics table and
``read N = processed P + rejected R``. Exit codes: 0 ok, 1 rejected records
with ``--strict`` (or nothing evaluated), 2 bad arguments or input,
130 interrupted (predictions written so far stay; rerun with ``--resume``).
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

logger = logging.getLogger(__name__)


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def parse_config(text: str) -> dict[str, Any]:
    """Parse ``KEY=VALUE[,KEY=VALUE...]`` into configuration options.

    Values are checked here, before any work: ``threshold`` a number in [0, 1],
    ``batch_size`` a positive integer, ``mode`` ``hybrid`` or ``embedding``.

    >>> parse_config("mode=embedding,threshold=0.6")
    {'mode': 'embedding', 'threshold': 0.6}
    >>> parse_config("threshold=high")
    Traceback (most recent call last):
    ...
    ValueError: --compare threshold=high: threshold must be a number between 0 and 1 (e.g. threshold=0.6), got 'high'
    """
    from ko_en_align.evaluate import CONFIG_KEYS

    options: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or key not in CONFIG_KEYS:
            msg = f"--compare expects KEY=VALUE pairs with KEY in {', '.join(CONFIG_KEYS)}, got {part!r}"
            raise ValueError(msg)
        options[key] = _config_value(part, key, value.strip())
    if not options:
        msg = f"--compare got no options in {text!r}; expected e.g. mode=embedding"
        raise ValueError(msg)
    return options


def _config_value(part: str, key: str, value: str) -> Any:
    """One ``--compare`` value, converted and checked; the error names the pair and what is allowed."""
    allowed = {
        "threshold": "a number between 0 and 1 (e.g. threshold=0.6)",
        "batch_size": "a positive integer (e.g. batch_size=32)",
        "mode": "'hybrid' or 'embedding'",
    }
    try:
        if key == "threshold":
            number = float(value)
            if not 0.0 <= number <= 1.0:  # also rejects nan
                raise ValueError(value)
            return number
        if key == "batch_size":
            size = int(value)
            if size < 1:
                raise ValueError(value)
            return size
    except ValueError:
        msg = f"--compare {part}: {key} must be {allowed[key]}, got {value!r}"
        raise ValueError(msg) from None
    if key == "mode" and value not in ("hybrid", "embedding"):
        msg = f"--compare {part}: mode must be {allowed['mode']}, got {value!r}"
        raise ValueError(msg)
    return value


def add_evaluate_command(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``evaluate`` on the ``ko-en-align`` subcommand parser."""
    p = subparsers.add_parser(
        "evaluate",
        help="evaluate pairing, summary checks or entity matching on gold-labelled bulletins",
        description="Evaluate on gold-labelled records (JSONL, CSV, Parquet, .txt folder, saved HF dataset, "
        "parallel documents) and write predictions, a report and plots.",
    )
    p.add_argument(
        "data",
        help="records: .jsonl/.csv/.parquet file, folder of .txt (+ .gold.json), saved dataset folder",
    )
    p.add_argument("--task", choices=["pairing", "summary", "entities"], default="pairing")
    p.add_argument(
        "--out",
        metavar="DIR",
        default=None,
        help="write predictions.jsonl, errors.jsonl, report.json/.md, PNG plots",
    )
    p.add_argument(
        "--mode",
        choices=["hybrid", "embedding"],
        default=None,
        help="pairing mode of the main configuration",
    )
    p.add_argument(
        "--model",
        default=None,
        help="HF id or folder for the main configuration (default: embedded e5-small)",
    )
    p.add_argument(
        "--threshold", type=float, default=None, help="decision threshold (summary, entities)"
    )
    p.add_argument("--device", default=None, help="cuda, mps or cpu (default: auto)")
    p.add_argument("--batch-size", type=int, default=None)
    p.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="KEY=VALUE[,...]",
        help="add a configuration to compare, e.g. mode=embedding or model=sentence-transformers/LaBSE (repeatable)",
    )
    p.add_argument("--limit", type=int, default=None, help="evaluate only the first N records")
    p.add_argument(
        "--seed",
        type=int,
        default=0,
        help="seed for sampled negatives (summary on parallel documents)",
    )
    p.add_argument(
        "--format",
        choices=["auto", "jsonl", "txt", "folder", "csv", "parquet", "hf"],
        default="auto",
    )
    p.add_argument("--split", default=None, help="DatasetDict split (default: all)")
    p.add_argument(
        "--heatmap-id",
        default=None,
        help="bulletin id for the claims × sentences heatmap "
        "(default: the first whose headline has two or more claims, else the first)",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="keep --out/predictions.jsonl and skip ids already there",
    )
    p.add_argument("--strict", action="store_true", help="exit 1 if any record is rejected")
    p.add_argument("--no-plots", action="store_true", help="do not draw PNG plots")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    from ko_en_align.cli import add_engine_options

    add_engine_options(p)
    p.set_defaults(func=run_evaluate)
    return p


def run_evaluate(args: argparse.Namespace) -> int:
    """Run ``evaluate`` for parsed arguments; returns the exit code."""
    from ko_en_align.cli import ray_engine
    from ko_en_align.evaluate import evaluate

    engine = ray_engine(args)
    main: dict[str, Any] = {}
    for key in ("mode", "model", "threshold", "device", "batch_size"):
        if getattr(args, key) is not None:
            main[key] = getattr(args, key)
    configs: dict[str, dict[str, Any]] = {}
    configs[",".join(f"{k}={v}" for k, v in main.items()) or "default"] = main
    for text in args.compare:
        extra = {
            **{k: v for k, v in main.items() if k in ("device", "batch_size")},
            **parse_config(text),
        }
        configs[text] = extra
    if args.resume and not args.out:
        _err("error: --resume needs --out DIR (where the earlier predictions are)")
        return 2
    try:
        report = evaluate(
            args.data,
            task=args.task,
            configs=configs,
            out=args.out,
            limit=args.limit,
            seed=args.seed,
            format=args.format,
            split=args.split,
            resume=args.resume,
            plots=not args.no_plots,
            heatmap_id=args.heatmap_id,
            show_progress_bar=not args.no_progress,
            engine=engine,
        )
    except KeyboardInterrupt:
        where = (
            f" in {args.out}/predictions.jsonl; rerun with --resume to continue" if args.out else ""
        )
        _err(f"\ninterrupted: predictions so far are kept{where}")
        return 130
    sys.stdout.write(report.table() + "\n")
    for e in report.errors:
        where = f"{e.source}:{e.line}" if e.line is not None else e.source
        _err(f"rejected {where}: {e.reason}")
    _err(report.summary)
    if report.out:
        _err(
            f"wrote {report.out}/report.md, report.json, predictions.jsonl, errors.jsonl"
            + (f" and {len(report.plots)} plots" if report.plots else "")
        )
    if report.read == 0 or report.processed == 0:
        _err("no bulletins evaluated")
        return 1
    return 1 if (args.strict and report.rejected) else 0
