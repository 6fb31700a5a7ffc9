"""Command line: ``ko-en-align align|check PATH|-`` and ``ko-en-align evaluate DATA``.

A thin layer over the library. ``align`` reads bulletins (a seed-format
``.txt`` file, a folder of them, JSONL, or ``-`` for stdin), ranks each
bulletin's English sentences for its Korean headline and prints a table (or
JSON Lines with ``--json``). Records that cannot be read are reported on
stderr (and in ``--errors FILE``); ``--strict`` turns any rejection into exit
code 1. The summary line always states ``read = processed + rejected``.

``check`` runs the summary check on each bulletin: the verdict, each claim's
verdict and evidence sentence, and every headline word without English
evidence with the reason (``--json`` for one object per bulletin). It exits 0
when all bulletins were read, whatever the verdicts (``--fail-unsupported``
exits 3 when any headline is unsupported, for scripts).

    $ ko-en-align align seeds/
    $ ko-en-align align bulletins.jsonl --json > ranked.jsonl
    $ ko-en-align check seeds/
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import warnings
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

from ko_en_align import __version__

logger = logging.getLogger(__name__)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ko-en-align",
        description="Align Korean headlines with English news transcripts.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "align", help="rank each bulletin's English sentences for its Korean headline"
    )
    _add_common_options(p)
    p.add_argument(
        "--top", type=int, default=0, help="show only the best K sentences (default: all)"
    )
    p.add_argument(
        "--mode",
        choices=["hybrid", "embedding"],
        default="hybrid",
        help="hybrid (embedding + entity/number evidence, default) or embedding (plain cosine)",
    )
    p.set_defaults(func=_cmd_align)

    c = sub.add_parser("check", help="check each Korean headline as a summary of its English body")
    _add_common_options(c)
    c.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="supported when score >= THRESHOLD (default 0.5: missing evidence within budget)",
    )
    c.add_argument(
        "--fail-unsupported", action="store_true", help="exit 3 if any headline is unsupported"
    )
    c.set_defaults(func=_cmd_check)

    try:
        from ko_en_align.cli_evaluate import add_evaluate_command
    except ImportError:  # evaluation extras not installed
        pass
    else:
        add_evaluate_command(sub)
    return parser


def _add_common_options(p: argparse.ArgumentParser) -> None:
    """The input, model and error options that ``align`` and ``check`` share."""
    p.add_argument(
        "source", help="a .txt bulletin, a folder of .txt bulletins, a .jsonl file, or - for stdin"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object per bulletin")
    p.add_argument(
        "--model",
        default=None,
        help="Hugging Face id or folder (default: embedded multilingual-e5-small)",
    )
    p.add_argument("--device", default=None, help="cuda, mps or cpu (default: auto)")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--format", choices=["auto", "jsonl", "txt", "folder"], default="auto")
    p.add_argument("--errors", metavar="FILE", help="write rejected records as JSON Lines to FILE")
    p.add_argument("--strict", action="store_true", help="exit 1 if any record is rejected")
    add_engine_options(p)


def add_engine_options(p: argparse.ArgumentParser) -> None:
    """``--engine {local,ray}`` and ``--address``, shared with ``evaluate``."""
    p.add_argument(
        "--engine",
        choices=["local", "ray"],
        default="local",
        help='local (this process, default) or ray (actors on a Ray cluster; pip install "ko-en-align[ray]")',
    )
    p.add_argument(
        "--address",
        default=None,
        help="with --engine ray: the cluster to join (e.g. auto, host:6379); default: start a local Ray",
    )


def ray_engine(args: argparse.Namespace) -> Any:
    """The :class:`~ko_en_align.ray.RayEngine` for ``--engine ray``, else None."""
    if args.engine != "ray":
        if args.address is not None:
            msg = "--address needs --engine ray (it names the Ray cluster to join)"
            raise ValueError(msg)
        return None
    from ko_en_align.ray import RayEngine

    return RayEngine(address=args.address, progress=bool(args.verbose))


def _print_table(result: Any, top: int, out: TextIO) -> None:
    title = f"[{result.id}] " if result.id else ""
    out.write(f"{title}{result.headline}\n")
    ranking = result.ranking[:top] if top > 0 else result.ranking
    width = max(len(str(len(result.sentences))), 2)
    out.write(f"  {'rank':>4}  {'#':>{width}}  {'score':>6}  {'cosine':>6}  sentence\n")
    for r, m in enumerate(ranking, start=1):
        mark = "*" if r == 1 else " "
        out.write(
            f"{mark} {r:>4}  {m.index:>{width}}  {m.score:6.3f}  {m.similarity:6.3f}  {m.sentence}\n"
        )
    out.write("\n")


def _print_check(bulletin: Any, check: Any, out: TextIO) -> None:
    title = f"[{bulletin.id}] " if bulletin.id else ""
    verdict = "SUPPORTED" if check.supported else "UNSUPPORTED"
    out.write(f"{title}{check.headline}\n  {verdict}  score {check.score:.3f}")
    out.write(f" (threshold {check.threshold:.2f})\n")
    for c in check.claims:
        where = f"[{c.evidence[0][0]}] {c.evidence[0][1]}" if c.evidence else "-"
        out.write(f"  claim {c.text!r}: {c.verdict} ({c.support:.2f})  {where}\n")
        for w in c.words:
            if w.verdict == "supported":
                continue
            out.write(f"    {w.verdict:<11} {w.text!r} ({w.kind}): {w.reason}\n")
    if check.culprits:
        out.write(f"  culprits: {', '.join(check.culprits)}\n")
    out.write("\n")


def _report_rejected(errors: list[Any], path: str | None) -> None:
    for e in errors:
        where = f"{e.source}:{e.line}" if e.line else e.source
        print(f"rejected {where}: {e.reason}", file=sys.stderr)
    if path:
        with open(path, "w", encoding="utf-8") as fh:
            for e in errors:
                fh.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")


def _finish(processed: int, errors: list[Any], strict: bool) -> int:
    read = processed + len(errors)
    print(f"read {read} = processed {processed} + rejected {len(errors)}", file=sys.stderr)
    if read == 0:
        print("no bulletins found", file=sys.stderr)
        return 1
    return 1 if (strict and errors) else 0


def _cmd_check(args: argparse.Namespace) -> int:
    from itertools import islice

    from ko_en_align.bulletin import RejectedRecord, read_bulletins
    from ko_en_align.encoder import Encoder
    from ko_en_align.evidence import DEFAULT_THRESHOLD, SummaryChecker

    errors: list[RejectedRecord] = []
    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    engine = ray_engine(args)
    bulletins = iter(read_bulletins(args.source, format=args.format, errors=errors))

    def local() -> Iterator[list[tuple[Any, Any]]]:
        checker = SummaryChecker(
            Encoder(args.model, device=args.device), threshold=threshold, batch_size=args.batch_size
        )
        while chunk := list(islice(bulletins, 32)):
            checks = checker.check_many([(b.headline, b.sentences) for b in chunk])
            yield list(zip(chunk, checks, strict=True))

    if engine is None:
        chunks: Iterable[list[tuple[Any, Any]]] = local()
    else:
        kwargs = {"model": args.model, "device": args.device, "encode_batch_size": args.batch_size}
        checked = engine.check(bulletins, errors=errors, threshold=threshold, **kwargs)
        chunks = ([pair] for pair in checked)
    processed = unsupported = 0
    out = sys.stdout
    for chunk_results in chunks:
        for b, r in chunk_results:
            processed += 1
            unsupported += not r.supported
            if args.json:
                out.write(json.dumps({"id": b.id} | r.to_dict(), ensure_ascii=False) + "\n")
            else:
                _print_check(b, r, out)
        out.flush()
    _report_rejected(errors, args.errors)
    print(f"supported {processed - unsupported} of {processed}", file=sys.stderr)
    code = _finish(processed, errors, args.strict)
    return 3 if code == 0 and args.fail_unsupported and unsupported else code


def _cmd_align(args: argparse.Namespace) -> int:
    from ko_en_align.align import HeadlineAligner
    from ko_en_align.bulletin import RejectedRecord, read_bulletins
    from ko_en_align.encoder import Encoder

    errors: list[RejectedRecord] = []
    engine = ray_engine(args)
    bulletins = read_bulletins(args.source, format=args.format, errors=errors)
    if engine is None:
        encoder = Encoder(args.model, device=args.device)
        kwargs: dict[str, Any] = {"batch_size": args.batch_size}
        if args.mode:
            kwargs["mode"] = args.mode
        aligner = HeadlineAligner(encoder, **kwargs)
        results: Iterable[Any] = aligner.iter_align(bulletins, chunk_size=64)
    else:
        aligned = engine.align(
            bulletins,
            errors=errors,
            mode=args.mode,
            model=args.model,
            device=args.device,
            encode_batch_size=args.batch_size,
        )
        results = (r for _, r in aligned)
    processed = 0
    out = sys.stdout
    for result in results:
        processed += 1
        if args.json:
            record = result.to_dict()
            if args.top > 0:
                record["ranking"] = record["ranking"][: args.top]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            _print_table(result, args.top, out)
        out.flush()
    _report_rejected(errors, args.errors)
    return _finish(processed, errors, args.strict)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ko-en-align`` command; returns the exit code."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    with warnings.catch_warnings():
        _plain_warnings()
        try:
            return int(args.func(args))
        except (OSError, ValueError) as exc:  # bad input or an unloadable model: message, exit 2
            print(f"error: {exc}", file=sys.stderr)
            return 2


def _plain_warnings() -> None:
    """Show each warning once per message, as ``warning: <message>``: a headline without
    Hangul is validated where the record is read and again where it is checked, and
    the source line of either means nothing to someone running the command."""
    seen: set[str] = set()

    def show(message: Any, category: Any, *_: Any, **__: Any) -> None:
        text = str(message)
        if text not in seen:
            seen.add(text)
            print(f"warning: {text}", file=sys.stderr)

    # user warnings (no Hangul in a headline) are shown, each message once; the other
    # filters stay as they are (library DeprecationWarnings stay off)
    warnings.filterwarnings("always", category=UserWarning)
    warnings.showwarning = show


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
