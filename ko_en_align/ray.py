"""Scale out on Ray: align, check and evaluate bulletins on a cluster, with nothing lost.

The optional engine for archives too large for one machine
(``pip install "ko-en-align[ray]"``). It runs the library's own aligner and
summary checker inside Ray Data actors: each actor builds one model when it
starts and keeps it for its whole life, and ``concurrency`` actors share the
work (``num_cpus`` / ``num_gpus`` each).

* :func:`read_dataset` reads records with the library's own readers
  (:func:`ko_en_align.records.read_records`: JSONL, CSV/TSV, Parquet, a ``.txt``
  bulletin or a folder of them, Hugging Face datasets) on the driver into a
  ``ray.data.Dataset``. Records that cannot be read become *rejected rows*
  with the same source, line and reason the local engine reports, so
  ``read = processed + rejected`` holds in the output.
* :func:`align_dataset` and :func:`check_dataset` map such a Dataset (or any
  Dataset of raw records ``{"id", "headline", "body" | "sentences"}``, e.g.
  from ``ray.data.read_parquet``) to result rows: ``id``, ``status``
  (``"ok"`` or ``"rejected"``), ``best``/``score``/``support``/``ranking`` or
  ``supported``/``score``/``culprits``, ``result`` (the local result's
  ``to_dict()`` as JSON text) and, for rejected rows, ``source``/``line``/``reason``.
* :class:`RayEngine` is what ``ko-en-align align|check|evaluate --engine ray``
  runs: the same result objects, in input order, as the local engine.

The module is named after the engine; inside it ``import ray`` is an absolute
import of the ``ray`` package (never this module), and it only happens inside
functions, so ``import ko_en_align`` never imports Ray.

>>> from ko_en_align import HeadlineAligner, read_bulletins
>>> from ko_en_align.ray import align_dataset, init, read_dataset
>>> init(num_cpus=2)  # a local Ray; init("auto") joins this node's cluster
>>> row = align_dataset(read_dataset("seeds/"), concurrency=1).take(1)[0]
>>> local = HeadlineAligner().align(next(read_bulletins("seeds/")))  # the local engine
>>> row["id"], row["status"], row["best"] == local.best.index, row["support"] == list(local.support)
('000_ba3be2c408401557', 'ok', True, True)
>>> import ray
>>> ray.shutdown()  # each example here starts its own local Ray and stops it
"""

from __future__ import annotations

import json
import logging
import math
import pickle
import warnings
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

from ko_en_align.bulletin import Bulletin, RejectedRecord

if TYPE_CHECKING:
    import pyarrow as pa
    from ray.data import Dataset

    from ko_en_align.records import Format, Task

logger = logging.getLogger(__name__)

Job = Literal["align", "check", "predict"]

#: Bulletins per actor call. Each call encodes its batch in one go; 32 keeps a
#: call under ~10 s on one CPU core for NTREX-sized bodies (15-20 sentences,
#: ~0.3 s per bulletin in benchmarks/scale.py) so a killed worker loses little.
DEFAULT_BATCH_SIZE = 32
#: Ray restarts a dead actor and retries its task this many times before the
#: run fails: enough for a preempted or OOM-killed node, while a record that
#: kills every worker it meets (a native crash) still ends the run instead of
#: looping forever (Ray Data's own default is -1, unlimited).
DEFAULT_RETRIES = 3

_INSTALL = 'the Ray engine requires ray[data]: pip install "ko-en-align[ray]"'


def _ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401 - the Data library, a separate import
    except ImportError as exc:
        raise ImportError(_INSTALL) from exc
    return ray


def init(address: str | None = None, *, num_cpus: int | None = None, quiet: bool = False) -> None:
    """Connect to Ray: the cluster at ``address`` (``"auto"``, ``"ray://host:10001"``,
    ``"host:6379"``), or a new local one with ``num_cpus`` CPUs (default: all).

    Does nothing when Ray is already initialised in this process; ``quiet``
    keeps Ray's INFO lines off the console.
    """
    ray = _ray()
    if ray.is_initialized():
        return
    if address is not None and num_cpus is not None:
        msg = "pass either address (join a cluster) or num_cpus (start a local one), not both"
        raise ValueError(msg)
    kwargs: dict[str, Any] = {"include_dashboard": False, "ignore_reinit_error": True}
    if quiet:
        kwargs["logging_level"] = logging.WARNING
    if address is not None:
        kwargs["address"] = address
    else:
        kwargs["num_cpus"] = num_cpus
    ray.init(**kwargs)


# ------------------------------------------------------------------ input rows
def _schema(job: str) -> pa.Schema:
    import pyarrow as pa

    common: list[tuple[str, pa.DataType]] = [
        ("seq", pa.int64()),
        ("id", pa.string()),
        ("status", pa.string()),
        ("source", pa.string()),
        ("line", pa.int64()),
        ("reason", pa.string()),
    ]
    extra: list[tuple[str, pa.DataType]]
    if job == "input":
        extra = [
            ("headline", pa.string()),
            ("sentences", pa.list_(pa.string())),
            ("gold", pa.string()),
        ]
    elif job == "align":
        ranked = pa.struct(
            [("index", pa.int64()), ("score", pa.float64()), ("similarity", pa.float64())]
        )
        extra = [
            ("best", pa.int64()),
            ("score", pa.float64()),
            ("support", pa.list_(pa.int64())),
            ("ranking", pa.list_(ranked)),
            ("result", pa.string()),
        ]
    elif job == "check":
        extra = [
            ("supported", pa.bool_()),
            ("score", pa.float64()),
            ("threshold", pa.float64()),
            ("culprits", pa.list_(pa.string())),
            ("result", pa.string()),
        ]
    else:
        extra = [("prediction", pa.string())]
    return pa.schema(common + extra + [("object", pa.binary())])


def _input_row(seq: int, item: Bulletin | RejectedRecord) -> dict[str, Any]:
    if isinstance(item, RejectedRecord):
        return {"seq": seq, "status": "rejected", **item.to_dict()}
    gold = None if item.gold is None else json.dumps(dict(item.gold), ensure_ascii=False)
    return {
        "seq": seq,
        "id": item.id,
        "status": "ok",
        "headline": item.headline,
        "sentences": list(item.sentences),
        "gold": gold,
    }


def bulletins_dataset(
    bulletins: Iterable[Bulletin],
    *,
    errors: list[RejectedRecord] | None = None,
    block_size: int = DEFAULT_BATCH_SIZE,
) -> Dataset:
    """A Dataset of input rows from bulletins read on the driver.

    ``bulletins`` is consumed first, so a reader that appends to ``errors``
    while it is read (:func:`~ko_en_align.bulletin.read_bulletins`) has
    appended every rejection; those follow the bulletins as rejected rows.
    Rows come in blocks of ``block_size``, so each block is one actor call.
    """
    if isinstance(block_size, bool) or not isinstance(block_size, int) or block_size < 1:
        msg = f"block_size must be a positive int, got {block_size!r}"
        raise ValueError(msg)
    items: list[Bulletin | RejectedRecord] = []
    for b in bulletins:
        if not isinstance(b, Bulletin):
            msg = f"bulletins_dataset expects Bulletin objects, got {type(b).__name__}; build one with Bulletin(headline, sentences)"
            raise TypeError(msg)
        items.append(b)
    items.extend(errors or ())
    return _from_rows([_input_row(i, x) for i, x in enumerate(items)], block_size)


def _from_rows(rows: list[dict[str, Any]], block_size: int) -> Dataset:
    import pyarrow as pa

    ray = _ray()
    schema = _schema("input")
    blocks = [
        pa.Table.from_pylist(rows[i : i + block_size], schema=schema)
        for i in range(0, len(rows), block_size)
    ] or [schema.empty_table()]
    return ray.data.from_arrow(blocks)


def read_dataset(
    data: Any,
    *,
    task: Task = "pairing",
    format: Format = "auto",
    split: str | None = None,
    seed: int = 0,
    block_size: int = DEFAULT_BATCH_SIZE,
) -> Dataset:
    """Read records with :func:`ko_en_align.records.read_records` into a Dataset.

    Args:
        data: a path (JSONL, CSV, TSV, Parquet, ``.txt``, a folder of ``.txt``,
            a saved dataset), a ``datasets.Dataset``/``DatasetDict`` or a list of dicts.
        task: how parallel documents are expanded (``"pairing"``, ``"summary"``).
        format: as for :func:`~ko_en_align.records.read_records`.
        split: as for :func:`~ko_en_align.records.read_records`.
        seed: as for :func:`~ko_en_align.records.read_records`.
        block_size: rows per block (one actor call each).

    The records are read on the driver (the library's readers, so every
    rejection has the local engine's source, line and reason) and held in
    the object store; for archives larger than the driver's memory, pass a
    Dataset of raw records (``ray.data.read_parquet(...)``) to
    :func:`align_dataset` instead.
    """
    from ko_en_align.records import read_records

    errors: list[RejectedRecord] = []
    bulletins = list(
        read_records(data, task=task, format=format, split=split, seed=seed, errors=errors)
    )
    return bulletins_dataset(bulletins, errors=errors, block_size=block_size)


# ------------------------------------------------------------------ actors
def _parse(row: Mapping[str, Any]) -> Bulletin | RejectedRecord:
    """An input row as a Bulletin, or the rejection it carries or earns."""
    if row.get("status") == "rejected":
        return RejectedRecord(str(row.get("source")), row.get("line"), str(row.get("reason")))
    if "seq" in row and row.get("headline") is not None:  # a row made by bulletins_dataset
        gold = json.loads(row["gold"]) if row.get("gold") else None
        return Bulletin(row["headline"], tuple(row["sentences"]), id=row.get("id"), gold=gold)
    # a raw record from the user's own Dataset: validated here, like the local readers do
    from ko_en_align.records import _clean_row

    source = str(row.get("source") or "<dataset>")
    line = row.get("line") if isinstance(row.get("line"), int) else None
    record = {k: v for k, v in _clean_row(row).items() if k not in ("seq", "source", "line")}
    try:
        return Bulletin.from_record(record)
    except (TypeError, ValueError) as exc:
        return RejectedRecord(source, line, str(exc))


class _Worker:
    """A Ray Data actor: one encoder and one aligner/checker, built once, kept for life.

    ``__call__`` takes a batch of input rows (a ``pyarrow.Table``) and returns
    one result row per input row, rejected rows included.
    """

    def __init__(self, job: Job, options: Mapping[str, Any]) -> None:
        from ko_en_align.encoder import Encoder

        self.job, self.options = job, dict(options)
        self.keep_objects = bool(self.options.pop("keep_objects", False))
        encoder = Encoder(
            self.options.get("model"),
            device=self.options.get("device"),
            dtype=self.options.get("dtype", "float32"),
        )
        task = self.options.get("task")
        if job == "align" or task == "pairing":
            from ko_en_align.align import HeadlineAligner

            self.model: Any = HeadlineAligner(
                encoder,
                mode=self.options.get("mode", "hybrid"),
                batch_size=int(self.options.get("batch_size", 64)),
            )
        elif job == "check" or task == "summary":
            from ko_en_align.evidence import DEFAULT_THRESHOLD, SummaryChecker

            # evaluate's summary task applies its threshold to the score itself
            threshold = self.options.get("threshold") if job == "check" else None
            self.model = SummaryChecker(
                encoder,
                threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
                batch_size=int(self.options.get("batch_size", 64)),
            )
        else:  # entity matching needs no encoder; the encoder above is never loaded
            self.model = None
        logger.info("ray worker ready: %s %s", job, self.options)

    def _results(self, bulletins: list[Bulletin]) -> list[Any]:
        if self.job == "align" or self.options.get("task") == "pairing":
            return list(self.model.iter_align(bulletins, chunk_size=max(1, len(bulletins))))
        if self.job == "check" or self.options.get("task") == "summary":
            return list(self.model.check_many([(b.headline, b.sentences) for b in bulletins]))
        from ko_en_align.entities import match_entities

        kwargs = (
            {"threshold": float(self.options["threshold"])} if "threshold" in self.options else {}
        )
        return [match_entities(b.headline, list(b.sentences), **kwargs) for b in bulletins]

    def _ok_row(self, b: Bulletin, result: Any) -> dict[str, Any]:
        if self.job == "align":
            return {
                "best": result.best.index,
                "score": result.best.score,
                "support": list(result.support),
                "ranking": [
                    {"index": m.index, "score": m.score, "similarity": m.similarity}
                    for m in result.ranking
                ],
                "result": json.dumps(result.to_dict(), ensure_ascii=False),
            }
        if self.job == "check":
            return {
                "supported": result.supported,
                "score": result.score,
                "threshold": result.threshold,
                "culprits": list(result.culprits),
                "result": json.dumps(result.to_dict(), ensure_ascii=False),
            }
        from ko_en_align.evaluate import (
            _entities_prediction,
            _pairing_prediction,
            _summary_prediction,
        )

        task = self.options["task"]
        if task == "pairing":
            pred = _pairing_prediction(result, b)
        elif task == "summary":
            pred = _summary_prediction(result, b, self.options.get("threshold"))
        else:
            pred = _entities_prediction(result, b)
        return {"prediction": json.dumps(pred, ensure_ascii=False)}

    def __call__(self, batch: pa.Table) -> pa.Table:
        import pyarrow as pa

        rows = batch.to_pylist()
        parsed = [_parse(r) for r in rows]
        good = [p for p in parsed if isinstance(p, Bulletin)]
        results = iter(self._results(good)) if good else iter(())
        out = []
        for row, p in zip(rows, parsed, strict=True):
            base = {"seq": row.get("seq"), "id": p.id if isinstance(p, Bulletin) else row.get("id")}
            if isinstance(p, RejectedRecord):
                out.append(base | {"status": "rejected", **p.to_dict()})
                continue
            result = next(results)
            extra = {"object": pickle.dumps(result)} if self.keep_objects else {}
            out.append(base | {"status": "ok"} | self._ok_row(p, result) | extra)
        return pa.Table.from_pylist(out, schema=_schema(self.job))


def _check_options(job: Job, options: Mapping[str, Any]) -> None:
    """Fail on the driver, with the allowed values, before any actor starts."""
    if job == "align" or options.get("task") == "pairing":
        from ko_en_align.align import HeadlineAligner

        HeadlineAligner(mode=options.get("mode", "hybrid"))
    elif job == "check" and options.get("threshold") is not None:
        from ko_en_align.evidence import SummaryChecker

        SummaryChecker(threshold=options["threshold"])
    if options.get("dtype", "float32") not in ("float32", "float16", "bfloat16", "qint8"):
        msg = f"dtype must be 'float32', 'float16', 'bfloat16' or 'qint8', got {options['dtype']!r}"
        raise ValueError(msg)


def _default_concurrency(num_cpus: float, num_gpus: float) -> int:
    """As many actors as the cluster has room for: its GPUs / ``num_gpus``, else CPUs / ``num_cpus``."""
    ray = _ray()
    resources = ray.cluster_resources() if ray.is_initialized() else {}
    if num_gpus > 0:
        return max(1, math.floor(resources.get("GPU", 1) / num_gpus))
    return max(1, math.floor(resources.get("CPU", 1) / max(num_cpus, 1e-9)))


def _map(
    ds: Dataset,
    job: Job,
    options: Mapping[str, Any],
    *,
    batch_size: int,
    concurrency: int | None,
    num_cpus: float,
    num_gpus: float,
    max_restarts: int,
    max_task_retries: int,
    n_rows: int | None = None,
) -> Dataset:
    ray = _ray()
    if not isinstance(ds, ray.data.Dataset):
        msg = (
            f"expected a ray.data.Dataset, got {type(ds).__name__}; build one with "
            "ko_en_align.ray.read_dataset(path) or ray.data.from_items(records)"
        )
        raise TypeError(msg)
    _check_options(job, options)
    for name, value in (("max_restarts", max_restarts), ("max_task_retries", max_task_retries)):
        if isinstance(value, bool) or not isinstance(value, int) or value < -1:
            msg = f"{name} must be an int >= 0 (or -1 for unlimited), got {value!r}"
            raise ValueError(msg)
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        msg = f"batch_size must be a positive int (bulletins per actor call), got {batch_size!r}"
        raise ValueError(msg)
    for name, amount in (("num_cpus", num_cpus), ("num_gpus", num_gpus)):
        if isinstance(amount, bool) or not isinstance(amount, int | float) or amount < 0:
            msg = f"{name} must be a number >= 0 (resources per actor), got {amount!r}"
            raise ValueError(msg)
    if concurrency is None:
        concurrency = _default_concurrency(num_cpus, num_gpus)
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        msg = f"concurrency must be a positive int (number of actors), got {concurrency!r}"
        raise ValueError(msg)
    if n_rows is not None:  # no more actors than blocks: an idle actor would only load a model
        concurrency = max(1, min(concurrency, math.ceil(n_rows / batch_size)))
    opts = dict(options)
    if num_gpus > 0 and opts.get("device") is None:
        opts["device"] = "cuda"
    with warnings.catch_warnings():
        # Ray 2.60 has no named map_batches parameter for actor restarts and deprecates
        # passing them as remote args; they are still applied, and without them a
        # poison record (one that kills every worker) would be retried forever
        warnings.filterwarnings("ignore", message=".*ray_remote_args.*deprecated")
        out = ds.map_batches(
            _Worker,
            fn_constructor_kwargs={"job": job, "options": opts},
            batch_size=batch_size,
            batch_format="pyarrow",
            # one batch at a time per actor: a batch queued behind a busy actor while another
            # idles would leave the last actor working alone at the end of the run
            compute=ray.data.ActorPoolStrategy(size=concurrency, max_tasks_in_flight_per_actor=1),
            num_cpus=num_cpus,
            num_gpus=num_gpus,
            max_restarts=max_restarts,
            max_task_retries=max_task_retries,
        )
    # one output row per input row, in input order, so results zip with what was read
    context = getattr(out, "context", None) or ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    return out


def align_dataset(
    ds: Dataset,
    *,
    mode: Literal["hybrid", "embedding"] = "hybrid",
    model: str | None = None,
    device: str | None = None,
    dtype: Literal["float32", "float16", "bfloat16", "qint8"] = "float32",
    batch_size: int = DEFAULT_BATCH_SIZE,
    encode_batch_size: int = 64,
    concurrency: int | None = None,
    num_cpus: float = 1,
    num_gpus: float = 0,
    max_restarts: int = DEFAULT_RETRIES,
    max_task_retries: int = DEFAULT_RETRIES,
) -> Dataset:
    """Rank each bulletin's English sentences for its Korean headline, on Ray actors.

    Args:
        ds: input rows from :func:`read_dataset` / :func:`bulletins_dataset`, or
            raw records ``{"id", "headline", "body" | "sentences"}`` (bad ones come
            back as rejected rows).
        mode: as for :class:`~ko_en_align.HeadlineAligner`.
        model: as for :class:`~ko_en_align.Encoder`.
        device: as for :class:`~ko_en_align.Encoder`.
        dtype: as for :class:`~ko_en_align.Encoder` (``dtype="float16"`` on GPUs).
        batch_size: bulletins per actor call; ``encode_batch_size``: texts per
            forward pass inside it.
        concurrency: number of actors (default: the cluster's CPUs / ``num_cpus``,
            or its GPUs / ``num_gpus``).
        num_cpus: CPUs of each actor.
        num_gpus: GPUs of each actor; ``num_gpus > 0`` puts the model on ``cuda``.
        max_restarts: how often Ray restarts a dead actor.
        max_task_retries: how often Ray retries a dead actor's batch (each batch's
            rows are then written once).

    Returns:
        A Dataset with one row per input row: ``id``, ``status`` (``"ok"`` or
        ``"rejected"``), ``best`` (sentence index), ``score`` (its score),
        ``support``, ``ranking`` (index, score, similarity, best first),
        ``result`` (``HeadlineAlignment.to_dict()`` as JSON) and, when
        rejected, ``source``, ``line`` and ``reason``.

    >>> import ray
    >>> init(num_cpus=1, quiet=True)  # a local Ray with one CPU (or the one already running)
    >>> ds = ray.data.from_items([{"id": "a", "headline": "김현종 방미",
    ...     "body": "It rained in Seoul. Kim Hyun-chong arrived in Washington."}])
    >>> row = align_dataset(ds, concurrency=1).take(1)[0]
    >>> row["id"], row["status"], row["best"], [r["index"] for r in row["ranking"]]
    ('a', 'ok', 1, [1, 0])
    >>> ray.shutdown()
    """
    options = {"mode": mode, "model": model, "device": device, "dtype": dtype}
    return _map(
        ds,
        "align",
        options | {"batch_size": encode_batch_size},
        batch_size=batch_size,
        concurrency=concurrency,
        num_cpus=num_cpus,
        num_gpus=num_gpus,
        max_restarts=max_restarts,
        max_task_retries=max_task_retries,
    )


def check_dataset(
    ds: Dataset,
    *,
    threshold: float | None = None,
    model: str | None = None,
    device: str | None = None,
    dtype: Literal["float32", "float16", "bfloat16", "qint8"] = "float32",
    batch_size: int = DEFAULT_BATCH_SIZE,
    encode_batch_size: int = 64,
    concurrency: int | None = None,
    num_cpus: float = 1,
    num_gpus: float = 0,
    max_restarts: int = DEFAULT_RETRIES,
    max_task_retries: int = DEFAULT_RETRIES,
) -> Dataset:
    """Check each Korean headline as a summary of its English body, on Ray actors.

    Arguments as for :func:`align_dataset`; ``threshold`` as for
    :class:`~ko_en_align.SummaryChecker` (default 0.5).

    Returns:
        A Dataset with one row per input row: ``id``, ``status``, ``supported``,
        ``score``, ``threshold``, ``culprits`` (the headline words without
        evidence, costliest first), ``result`` (``SummaryCheck.to_dict()`` as
        JSON) and, when rejected, ``source``, ``line`` and ``reason``.

    >>> import ray
    >>> init(num_cpus=1, quiet=True)
    >>> rows = [{"id": "k", "headline": "코스피 2% 급등", "body": "The KOSPI fell 2 percent."}]
    >>> row = check_dataset(ray.data.from_items(rows), concurrency=1).take(1)[0]
    >>> row["supported"], row["culprits"]
    (False, ['급등'])
    >>> ray.shutdown()
    """
    options = {"threshold": threshold, "model": model, "device": device, "dtype": dtype}
    return _map(
        ds,
        "check",
        options | {"batch_size": encode_batch_size},
        batch_size=batch_size,
        concurrency=concurrency,
        num_cpus=num_cpus,
        num_gpus=num_gpus,
        max_restarts=max_restarts,
        max_task_retries=max_task_retries,
    )


# ------------------------------------------------------------------ the CLI's engine
def _quiet() -> None:
    """Ray Data's per-run progress bars and INFO lines off the console (its ray-data.log keeps them)."""
    ray = _ray()
    ray.data.DataContext.get_current().enable_progress_bars = False
    for handler in logging.getLogger("ray.data").handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setLevel(logging.WARNING)


class RayEngine:
    """Run the CLI's and :func:`ko_en_align.evaluate`'s work on Ray, results in input order.

    Args:
        address: the cluster to join (``ray start --head`` prints it); ``None``
            starts a local Ray (or uses the one this process already started).
        local_cpus: CPUs of the local Ray started without ``address`` (default: all).
        concurrency: as for :func:`align_dataset`.
        num_cpus: as for :func:`align_dataset`.
        num_gpus: as for :func:`align_dataset`.
        batch_size: as for :func:`align_dataset`, lowered for small inputs so that
            each actor gets at least 4 batches.
        max_restarts: as for :func:`align_dataset`.
        max_task_retries: as for :func:`align_dataset`.
        progress: show Ray Data's progress bars and INFO lines on the console.

    >>> import ray
    >>> from ko_en_align import HeadlineAligner, read_bulletins
    >>> engine = RayEngine(local_cpus=1, concurrency=1)  # starts a local Ray on first use
    >>> (seed,) = read_bulletins("seeds")
    >>> local = HeadlineAligner().align(seed)  # the local engine, for comparison
    >>> [(b.id, r.best.index == local.best.index, r.support == local.support)
    ...  for b, r in engine.align([seed])]
    [('000_ba3be2c408401557', True, True)]
    >>> ray.shutdown()
    """

    def __init__(
        self,
        *,
        address: str | None = None,
        local_cpus: int | None = None,
        concurrency: int | None = None,
        num_cpus: float = 1,
        num_gpus: float = 0,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_restarts: int = DEFAULT_RETRIES,
        max_task_retries: int = DEFAULT_RETRIES,
        progress: bool = False,
    ) -> None:
        self.address, self.local_cpus, self.progress = address, local_cpus, progress
        self.knobs: dict[str, Any] = {
            "batch_size": batch_size,
            "concurrency": concurrency,
            "num_cpus": num_cpus,
            "num_gpus": num_gpus,
            "max_restarts": max_restarts,
            "max_task_retries": max_task_retries,
        }

    def _run(
        self,
        job: Job,
        options: Mapping[str, Any],
        bulletins: Iterable[Bulletin],
        errors: list[RejectedRecord] | None,
    ) -> Iterator[tuple[Bulletin, Any]]:
        init(self.address, num_cpus=self.local_cpus, quiet=not self.progress)
        if not self.progress:
            _quiet()
        items = list(bulletins)
        n_rows = len(items) + len(errors or ())
        knobs = dict(self.knobs)
        if knobs["concurrency"] is None:
            knobs["concurrency"] = _default_concurrency(knobs["num_cpus"], knobs["num_gpus"])
        # at least 4 batches per actor where the input allows, so the actors finish together
        knobs["batch_size"] = max(
            1, min(knobs["batch_size"], math.ceil(n_rows / (4 * knobs["concurrency"])))
        )
        ds = bulletins_dataset(items, errors=errors, block_size=knobs["batch_size"])
        keep = {"keep_objects": job != "predict"}  # the CLI prints the result objects themselves
        out = _map(ds, job, dict(options) | keep, n_rows=n_rows, **knobs)
        rejected: list[RejectedRecord] = []
        seen: set[int] = set()
        for row in out.iter_rows():
            seq = int(row["seq"])
            if seq in seen:  # a retried batch must never be counted twice
                msg = f"the Ray run returned row {seq} twice"
                raise RuntimeError(msg)
            seen.add(seq)
            if row["status"] == "rejected":
                rejected.append(RejectedRecord(row["source"], row["line"], row["reason"]))
                continue
            obj = row["prediction"] if job == "predict" else pickle.loads(row["object"])  # noqa: S301 - our own actors' output
            yield items[seq], obj
        if len(seen) != n_rows:
            msg = f"the Ray run returned {len(seen)} rows for {n_rows} input rows"
            raise RuntimeError(msg)
        if errors is not None:
            errors[:] = rejected  # the rejections as they came back through the cluster

    def align(
        self,
        bulletins: Iterable[Bulletin],
        *,
        errors: list[RejectedRecord] | None = None,
        mode: str = "hybrid",
        model: str | None = None,
        device: str | None = None,
        encode_batch_size: int = 64,
    ) -> Iterator[tuple[Bulletin, Any]]:
        """``(bulletin, HeadlineAlignment)`` pairs, in input order."""
        options = {"mode": mode, "model": model, "device": device, "batch_size": encode_batch_size}
        return self._run("align", options, bulletins, errors)

    def check(
        self,
        bulletins: Iterable[Bulletin],
        *,
        errors: list[RejectedRecord] | None = None,
        threshold: float | None = None,
        model: str | None = None,
        device: str | None = None,
        encode_batch_size: int = 64,
    ) -> Iterator[tuple[Bulletin, Any]]:
        """``(bulletin, SummaryCheck)`` pairs, in input order."""
        options = {
            "threshold": threshold,
            "model": model,
            "device": device,
            "batch_size": encode_batch_size,
        }
        return self._run("check", options, bulletins, errors)

    def predict(
        self, task: str, options: Mapping[str, Any], bulletins: Iterable[Bulletin], chunk_size: int
    ) -> Iterator[dict[str, Any]]:
        """:func:`ko_en_align.evaluate`'s predictions for one configuration, in input order.

        ``chunk_size`` is the local engine's; here ``batch_size`` decides the calls.
        """
        del chunk_size
        for _, text in self._run("predict", {**options, "task": task}, bulletins, None):
            yield json.loads(text)
