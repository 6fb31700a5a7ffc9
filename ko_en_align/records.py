"""Evaluation records: bulletins with optional gold labels, from many sources.

A record is ``{"id", "headline", "body" | "sentences", ...gold}`` where the
gold fields are ``support`` (indices of the body sentences that carry the
headline), ``entities`` (``[{"ko": "김현종", "en": "Kim Hyun-chong"}]``),
``faithful`` (bool: is the headline a faithful summary of the body) and
``claims``. :func:`read_records` reads them from

* JSON Lines, a seed-format ``.txt`` file or a folder of them (through
  :func:`ko_en_align.bulletin.read_bulletins`; a ``<stem>.gold.json`` next to
  a ``.txt`` file supplies its gold labels),
* CSV (``.tsv`` / ``.tab`` tab-delimited) and Parquet (list-valued columns
  may hold JSON text),
* Hugging Face ``datasets``: a ``Dataset``, a ``DatasetDict`` or a folder
  written by ``save_to_disk``,
* parallel documents ``{"id"|"doc_id", "ko_sentences", "en_sentences"}``
  (``ko_sentences[i]`` ↔ ``en_sentences[i]``, as in NTREX-128), expanded into
  bulletins for the task at hand, see :func:`parallel_bulletins`,
* any iterable of such dicts.

Bad records are never dropped silently: with an ``errors`` list they are
appended as :class:`~ko_en_align.bulletin.RejectedRecord` (source, line,
reason) and skipped; without one the first raises
:class:`~ko_en_align.bulletin.BulletinFormatError`.

>>> from ko_en_align.records import read_records
>>> rows = [{"id": "a", "headline": "김현종 방미", "body": "Kim Hyun-chong arrived in Washington.", "support": [0]}]
>>> [(b.id, b.gold["support"]) for b in read_records(rows)]
[('a', [0])]
"""

from __future__ import annotations

import csv
import json
import logging
import os
import random
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ko_en_align.bulletin import (
    Bulletin,
    BulletinFormatError,
    RejectedRecord,
    _reject,
    read_bulletins,
)

logger = logging.getLogger(__name__)

Task = Literal["pairing", "summary", "entities"]
Format = Literal["auto", "jsonl", "txt", "folder", "csv", "tsv", "parquet", "hf"]
TASKS: tuple[str, ...] = ("pairing", "summary", "entities")
FORMATS: tuple[str, ...] = ("auto", "jsonl", "txt", "folder", "csv", "tsv", "parquet", "hf")
_LIST_FIELDS = ("sentences", "support", "entities", "claims", "ko_sentences", "en_sentences")


@dataclass(frozen=True)
class ParallelDocument:
    """A document translated sentence by sentence: ``ko_sentences[i]`` ↔ ``en_sentences[i]``.

    The first sentence of a news document is its headline.

    >>> d = ParallelDocument("d1", ("김현종 방미", "그는 도착했다."), ("Kim visits U.S.", "He arrived."))
    >>> d.ko_headline
    '김현종 방미'
    """

    id: str
    ko_sentences: tuple[str, ...]
    en_sentences: tuple[str, ...]

    @property
    def ko_headline(self) -> str:
        return self.ko_sentences[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "ko_sentences": list(self.ko_sentences),
            "en_sentences": list(self.en_sentences),
        }


def is_parallel(record: Mapping[str, Any]) -> bool:
    """True for a parallel-document record (``ko_sentences`` and ``en_sentences``)."""
    return "ko_sentences" in record and "en_sentences" in record


# ---------------------------------------------------------------- raw rows
def _coerce_cell(key: str, value: Any) -> Any:
    """CSV/Parquet cells: JSON text for list fields, 'true'/'false' for booleans, NaN -> missing."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas/pyarrow
        return None
    if hasattr(value, "tolist") and not isinstance(value, str):  # numpy arrays from parquet
        value = value.tolist()
    if isinstance(value, str):
        text = value.strip()
        if key in _LIST_FIELDS and text[:1] in ("[", "{"):
            try:
                return json.loads(text)
            except json.JSONDecodeError as exc:
                msg = (
                    f"column {key!r} holds malformed JSON ({exc.msg} at column {exc.colno}); "
                    'expected a JSON list such as [0, 2] or [{"ko": "김현종", "en": "Kim Hyun-chong"}]'
                )
                raise ValueError(msg) from exc
        if key == "faithful":
            low = text.lower()
            if low in ("true", "1", "yes"):
                return True
            if low in ("false", "0", "no"):
                return False
        if key in ("faithful", *_LIST_FIELDS) and not text:
            return None
    return value


def _clean_row(row: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in row.items():
        v = _coerce_cell(str(k), v)
        if v is not None:
            out[str(k)] = v
    return out


def _csv_rows(path: Path, delimiter: str = ",") -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=delimiter)
        columns = reader.fieldnames or []
        if not ({"headline", "ko_sentences"} & set(columns)):
            # one clear file-level error instead of "missing field 'headline'" on every row
            name = "tab" if delimiter == "\t" else repr(delimiter)
            msg = (
                f"no 'headline' column in the {name}-delimited header {columns!r}; expected "
                "columns id, headline, body (or sentences) and optional gold fields "
                "(a .tsv file is read tab-delimited, any other name comma-delimited)"
            )
            raise BulletinFormatError(str(path), 1, msg)
        for row in reader:
            # line_num is the physical line where this row ended (1 = header)
            yield reader.line_num, row


def _parquet_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the environment
        msg = 'reading Parquet requires pyarrow: pip install "ko-en-align[datasets]"'
        raise ImportError(msg) from exc
    n = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            n += 1
            yield n, row


def _hf_rows(data: Any, split: str | None) -> Iterator[tuple[str, int, dict[str, Any]]]:
    splits = _hf_splits(data, split)
    for name, ds in splits:
        for n, row in enumerate(ds, start=1):
            yield name, n, row


def _hf_splits(data: Any, split: str | None) -> list[tuple[str, Any]]:
    if isinstance(data, Mapping):  # DatasetDict (a dict subclass)
        names = list(data.keys())
        if split is not None:
            if split not in data:
                msg = f"split {split!r} not in the DatasetDict; available: {names}"
                raise ValueError(msg)
            return [(split, data[split])]
        return [(n, data[n]) for n in names]
    return [(split or "dataset", data)]


def _is_hf(data: Any) -> bool:
    mod = type(data).__module__
    return mod.startswith("datasets")


def _is_saved_dataset(path: Path) -> bool:
    return path.is_dir() and any(
        (path / f).exists() for f in ("dataset_dict.json", "dataset_info.json", "state.json")
    )


def _guess(path: Path) -> str:
    if path.is_dir():
        return "hf" if _is_saved_dataset(path) else "folder"
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix in (".tsv", ".tab"):
        return "tsv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    return "txt"


def _first_json(path: Path) -> Mapping[str, Any] | None:
    with path.open(encoding="utf-8-sig", errors="replace") as fh:
        for line in fh:
            if line.strip():
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError:
                    return None
                return obj if isinstance(obj, Mapping) else None
    return None


def _jsonl_rows(
    path: Path, errors: list[RejectedRecord] | None
) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, start=1):
            line = raw.decode("utf-8-sig", errors="replace")
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                reason = f"malformed JSON ({exc.msg} at column {exc.colno}); expected one JSON object per line"
                _reject(errors, str(path), n, reason)
                continue
            if not isinstance(obj, Mapping):
                reason = (
                    f"record must be a JSON object such as "
                    f'{{"id": ..., "ko_sentences": [...], "en_sentences": [...]}}, got {type(obj).__name__}'
                )
                _reject(errors, str(path), n, reason)
                continue
            yield n, dict(obj)


# ---------------------------------------------------------------- rows -> bulletins
def _parallel_doc(row: Mapping[str, Any], fallback_id: str) -> ParallelDocument:
    if not is_parallel(row):  # a headline/body record among parallel documents
        msg = (
            "missing field 'ko_sentences' or 'en_sentences': after a parallel document every "
            "record must be one ({'id', 'ko_sentences', 'en_sentences'})"
        )
        raise ValueError(msg)
    ko, en = row["ko_sentences"], row["en_sentences"]
    for name, seq in (("ko_sentences", ko), ("en_sentences", en)):
        if isinstance(seq, str) or not isinstance(seq, list | tuple):
            msg = f"field {name!r} must be a list of str, got {type(seq).__name__}"
            raise TypeError(msg)
        if not seq:
            msg = f"field {name!r} is empty; expected sentences such as '김현종 방미' / 'Kim visits U.S.'"
            raise ValueError(msg)
    if len(ko) != len(en):
        msg = f"ko_sentences has {len(ko)} sentences but en_sentences has {len(en)}; parallel documents need equal lengths"
        raise ValueError(msg)
    if len(ko) < 2:
        msg = "a parallel document needs a headline and at least one body sentence (2+ sentence pairs)"
        raise ValueError(msg)
    rid = row.get("id", row.get("doc_id"))
    return ParallelDocument(str(rid) if rid is not None else fallback_id, tuple(ko), tuple(en))


def parallel_bulletins(
    docs: Iterable[ParallelDocument], task: Task, *, seed: int = 0
) -> Iterator[Bulletin]:
    """Turn parallel documents into gold-labelled bulletins for ``task``.

    * ``"pairing"``: every Korean sentence ``i`` is a query over the
      document's English sentences, with gold ``support=[i]``.
    * ``"summary"``: per document one positive (its Korean headline vs. the
      English body ``en_sentences[1:]``, ``faithful=True``) and one negative
      (another document's Korean headline, chosen with ``seed``, vs. the same
      body, ``faithful=False``). Streaming: the negative headline is drawn
      from the documents seen so far; the first document gets its negative
      once the second arrives.
    * ``"entities"``: parallel documents carry no entity gold; raises ValueError.

    >>> d = ParallelDocument("d", ("김현종 방미", "그는 도착했다."), ("Kim visits U.S.", "He arrived."))
    >>> [(b.id, b.gold["support"]) for b in parallel_bulletins([d], "pairing")]
    [('d:0', [0]), ('d:1', [1])]
    """
    if task == "entities":
        msg = "parallel documents have no entity gold; the 'entities' task needs records with an 'entities' field"
        raise ValueError(msg)
    if task == "pairing":
        for doc in docs:
            for i, ko in enumerate(doc.ko_sentences):
                yield Bulletin(ko, doc.en_sentences, id=f"{doc.id}:{i}", gold={"support": [i]})
        return
    rng = random.Random(seed)
    seen: list[str] = []  # reservoir of earlier headlines (bounded)
    pending: ParallelDocument | None = None
    for doc in docs:
        yield Bulletin(
            doc.ko_headline, doc.en_sentences[1:], id=f"{doc.id}:pos", gold={"faithful": True}
        )
        if pending is not None:  # the very first document, now that another headline exists
            yield Bulletin(
                doc.ko_headline,
                pending.en_sentences[1:],
                id=f"{pending.id}:neg",
                gold={"faithful": False},
            )
            pending = None
        others = [h for h in seen if h != doc.ko_headline]
        if others:
            yield Bulletin(
                rng.choice(others),
                doc.en_sentences[1:],
                id=f"{doc.id}:neg",
                gold={"faithful": False},
            )
        elif not seen:
            pending = doc
        if len(seen) < 1000:
            seen.append(doc.ko_headline)
        else:
            seen[rng.randrange(len(seen))] = doc.ko_headline
    if pending is not None:
        logger.warning("only one parallel document: no negative example for %s", pending.id)


def _rows_to_bulletins(
    rows: Iterable[tuple[str, int | None, Mapping[str, Any]]],
    task: Task,
    seed: int,
    errors: list[RejectedRecord] | None,
) -> Iterator[Bulletin]:
    def docs(
        first: tuple[str, int | None, Mapping[str, Any]], rest: Iterator[Any]
    ) -> Iterator[ParallelDocument]:
        for source, line, row in _chain([first], rest):
            try:
                yield _parallel_doc(row, f"{Path(source).stem}:{line}")
            except (TypeError, ValueError) as exc:
                _reject(errors, source, line, str(exc))

    it = iter(rows)
    for source, line, row in it:
        if is_parallel(row):
            yield from parallel_bulletins(docs((source, line, row), it), task, seed=seed)
            return
        try:
            bulletin = Bulletin.from_record(_clean_row(row))
        except (TypeError, ValueError, json.JSONDecodeError) as exc:
            _reject(errors, source, line, str(exc))
            continue
        if bulletin.id is None:
            bulletin = Bulletin(
                bulletin.headline,
                bulletin.sentences,
                id=f"{Path(source).stem}:{line}",
                gold=bulletin.gold,
            )
        yield bulletin


def _chain(items: list[Any], rest: Iterator[Any]) -> Iterator[Any]:
    yield from items
    yield from rest


def _with_sidecar_gold(bulletins: Iterable[Bulletin], folder: Path) -> Iterator[Bulletin]:
    for b in bulletins:
        gold_path = folder / f"{b.id}.gold.json"
        if b.id is not None and gold_path.exists():
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            gold = {k: v for k, v in gold.items() if k not in ("id", "headline", "note")}
            b = Bulletin(b.headline, b.sentences, id=b.id, gold=gold)
        yield b


def read_records(
    data: Any,
    *,
    task: Task = "pairing",
    format: Format = "auto",
    split: str | None = None,
    seed: int = 0,
    errors: list[RejectedRecord] | None = None,
) -> Iterator[Bulletin]:
    """Yield gold-labelled :class:`~ko_en_align.Bulletin` objects from ``data``.

    Args:
        data: a path (JSONL, CSV, TSV, Parquet, ``.txt``, a folder of ``.txt``, a
            saved Hugging Face dataset folder), ``"-"`` for stdin, a
            ``datasets.Dataset``/``DatasetDict``, or an iterable of dicts.
        task: decides how parallel documents are expanded (see
            :func:`parallel_bulletins`).
        format: ``"auto"`` guesses from the suffix / folder contents
            (``.tsv``/``.tab`` -> ``"tsv"``); ``"tsv"`` reads a tab-delimited
            file of any name.
        split: the ``DatasetDict`` split to read (default: all, in order).
        seed: seeds the negatives drawn for the summary task.
        errors: collects bad records (with line numbers) instead of raising.

    >>> b = next(read_records("seeds"))  # from the repository root
    >>> b.gold["support"]
    [0, 3, 5]
    """
    if task not in TASKS:
        msg = f"task must be one of {', '.join(map(repr, TASKS))}, got {task!r}"
        raise ValueError(msg)
    if format not in FORMATS:
        msg = f"format must be one of {', '.join(map(repr, FORMATS))}, got {format!r}"
        raise ValueError(msg)
    if data is None:
        msg = "data is None; expected a path, a datasets.Dataset or an iterable of dicts"
        raise TypeError(msg)
    if _is_hf(data):
        yield from _rows_to_bulletins(_hf_rows(data, split), task, seed, errors)
        return
    if isinstance(data, str) and data == "-":
        yield from read_bulletins("-", errors=errors)
        return
    if isinstance(data, str | os.PathLike):
        path = Path(data)
        if not path.exists():
            msg = f"{path} does not exist; expected JSONL, CSV, TSV, Parquet, a .txt bulletin, a folder, or a saved dataset"
            raise FileNotFoundError(msg)
        fmt = _guess(path) if format == "auto" else format
        if fmt == "hf":
            try:
                from datasets import load_from_disk
            except ImportError as exc:  # pragma: no cover
                msg = (
                    'reading a saved dataset requires datasets: pip install "ko-en-align[datasets]"'
                )
                raise ImportError(msg) from exc
            yield from read_records(
                load_from_disk(str(path)), task=task, split=split, seed=seed, errors=errors
            )
        elif fmt in ("csv", "tsv"):
            delimiter = "\t" if fmt == "tsv" else ","
            yield from _rows_to_bulletins(
                ((str(path), n, r) for n, r in _csv_rows(path, delimiter)), task, seed, errors
            )
        elif fmt == "parquet":
            yield from _rows_to_bulletins(
                ((str(path), n, r) for n, r in _parquet_rows(path)), task, seed, errors
            )
        elif fmt == "jsonl":
            first = _first_json(path)
            if first is not None and is_parallel(first):
                jsonl = ((str(path), n, r) for n, r in _jsonl_rows(path, errors))
                yield from _rows_to_bulletins(jsonl, task, seed, errors)
            else:
                yield from read_bulletins(path, format="jsonl", errors=errors)
        elif fmt == "folder":
            yield from _with_sidecar_gold(
                read_bulletins(path, format="folder", errors=errors), path
            )
        else:
            yield from _with_sidecar_gold(
                read_bulletins(path, format="txt", errors=errors), path.parent
            )
        return
    if isinstance(data, Bulletin):
        yield data
        return
    if isinstance(data, Mapping) or not isinstance(data, Iterable):
        msg = f"data must be a path, a datasets.Dataset or an iterable of dicts, got {type(data).__name__}"
        raise TypeError(msg)

    def rows() -> Iterator[tuple[str, int | None, Mapping[str, Any]]]:
        for n, item in enumerate(data, start=1):
            if isinstance(item, Bulletin):
                yield "<records>", n, {**item.to_dict(), **({"id": item.id} if item.id else {})}
            elif isinstance(item, Mapping):
                yield "<records>", n, item
            else:
                _reject(
                    errors,
                    "<records>",
                    n,
                    f"record must be a dict or a Bulletin, got {type(item).__name__}",
                )

    yield from _rows_to_bulletins(rows(), task, seed, errors)


def count_records(data: Any, *, task: Task = "pairing", split: str | None = None) -> int | None:
    """How many bulletins :func:`read_records` will yield, when that is cheap to know (for an ETA)."""
    try:
        if _is_hf(data):
            return (
                sum(len(ds) for _, ds in _hf_splits(data, split))
                if _hf_first_parallel(data, split) is False
                else None
            )
        if isinstance(data, list | tuple):
            if data and isinstance(data[0], Mapping) and is_parallel(data[0]):
                return _parallel_count(data, task)
            return len(data)
        if isinstance(data, str | os.PathLike) and str(data) != "-":
            path = Path(data)
            fmt = _guess(path)
            if fmt == "folder":
                return sum(1 for p in path.iterdir() if p.suffix.lower() == ".txt")
            if fmt == "jsonl":
                first = _first_json(path)
                if first is not None and is_parallel(first):
                    bad: list[RejectedRecord] = []  # lines that are no JSON object: one record each
                    rows = [r for _, r in _jsonl_rows(path, bad)]
                    return _parallel_count(rows, task) + len(bad)
                with path.open("rb") as fh:
                    return sum(1 for line in fh if line.strip())
            if fmt == "parquet":
                import pyarrow.parquet as pq

                return int(pq.ParquetFile(path).metadata.num_rows)
            if fmt == "txt":
                return 1
    except Exception:  # noqa: BLE001 - a count is only for the progress bar
        logger.debug("could not count records in %r", data, exc_info=True)
    return None


def _hf_first_parallel(data: Any, split: str | None) -> bool | None:
    for _, ds in _hf_splits(data, split):
        return "ko_sentences" in ds.column_names
    return None


def _parallel_count(rows: Iterable[Any], task: Task) -> int:
    """The records :func:`read_records` counts as read for parallel-document rows: each good
    document's bulletins (pairing: one per sentence; summary: its positive, and a negative where
    another document's headline differs from its own) plus one per rejected row, so that
    ``read = processed + rejected``."""
    docs = sentences = negatives = rejected = 0
    headlines: set[str] = set()  # as parallel_bulletins draws negatives: another headline
    for row in rows:
        try:
            if not isinstance(row, Mapping):
                raise TypeError(type(row).__name__)
            doc = _parallel_doc(row, "")
        except (TypeError, ValueError):
            rejected += 1
            continue
        docs += 1
        sentences += len(doc.ko_sentences)
        negatives += docs == 2  # the first document's, drawn once a second one arrives
        negatives += bool(headlines - {doc.ko_headline})
        if len(headlines) < 2:
            headlines.add(doc.ko_headline)
    if task == "pairing":
        return sentences + rejected
    return docs + negatives + rejected
