"""Bulletins: a Korean headline and the English sentences of the same story.

A bulletin in the seed format is plain text whose first non-empty line is the
Korean headline and whose remaining lines are the English transcript::

    김현종 방미 "日 수출규제 美 중재 논의"
    Amid the country's escalating trade tensions with Japan,... senior South
    Korean officials are in Washington to discuss the matter ...

:func:`read_bulletins` reads such files (one file, or a folder of ``*.txt``),
JSON Lines (``{"id", "headline", "body" | "sentences", ...gold fields}``) and
``-`` for standard input. Bad records are never dropped silently: they raise
:class:`BulletinFormatError` with the source and line number, or, when an
``errors`` list is given, are appended to it as :class:`RejectedRecord` and
skipped, so ``records read = processed + rejected`` always holds.

>>> from ko_en_align import Bulletin
>>> b = Bulletin.from_text('김현종 방미 "日 수출규제 美 중재 논의"\\nKim Hyun-chong arrived in Washington. He met U.S. officials.')
>>> b.sentences
('Kim Hyun-chong arrived in Washington.', 'He met U.S. officials.')
"""

from __future__ import annotations

import io
import json
import logging
import os
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ko_en_align.text import has_hangul, normalize_text, require_str_list, require_text

logger = logging.getLogger(__name__)

HEADLINE_EXAMPLE = "김현종 방미"
SENTENCE_EXAMPLE = "Kim Hyun-chong arrived in Washington."


class NoHangulWarning(UserWarning):
    """A headline contains no Hangul; the library still runs but expects Korean."""


class DecodingWarning(UserWarning):
    """Undecodable bytes in an input file were replaced with U+FFFD."""


class BulletinFormatError(ValueError):
    """A record could not be read as a bulletin (carries source and line)."""

    def __init__(self, source: str, line: int | None, reason: str) -> None:
        self.source, self.line, self.reason = source, line, reason
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class RejectedRecord:
    """A record that was read but not processed, and why."""

    source: str
    line: int | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "reason": self.reason}


def _split_body(body: str) -> tuple[str, ...]:
    from ko_en_align.segment import split_sentences

    return tuple(split_sentences(body))


def coerce_sentences(
    sentences: Sequence[str] | str, *, field: str = "sentences"
) -> tuple[str, ...]:
    """Validate an English body given as one string or a sequence of sentences.

    A string is split into sentences; a sequence is normalised element-wise.
    Empty bodies raise ``ValueError``; non-strings raise ``TypeError``.
    """
    if isinstance(sentences, str):
        text = require_text(sentences, field=field, example=SENTENCE_EXAMPLE)
        out = _split_body(normalize_text(text, field=field))
    else:
        items = require_str_list(sentences, field=field)
        out = tuple(
            n
            for n in (normalize_text(s, field=f"{field}[{i}]").strip() for i, s in enumerate(items))
            if n
        )
    if not out:
        msg = f"{field} is empty; expected English sentences such as {SENTENCE_EXAMPLE!r}"
        raise ValueError(msg)
    return out


def coerce_headline(headline: str, *, field: str = "headline") -> str:
    """Validate and normalise a Korean headline (warns if it has no Hangul)."""
    text = normalize_text(
        require_text(headline, field=field, example=HEADLINE_EXAMPLE), field=field
    ).strip()
    if not text:
        msg = f"{field} is empty; expected Korean text such as {HEADLINE_EXAMPLE!r}"
        raise ValueError(msg)
    if not has_hangul(text):
        warnings.warn(
            f"{field} {text[:40]!r} contains no Hangul; ko_en_align expects a Korean headline",
            NoHangulWarning,
            stacklevel=3,
        )
    return text


@dataclass(frozen=True)
class Bulletin:
    """One story: a Korean headline and its English body sentences.

    Args:
        headline: the Korean headline.
        sentences: English body sentences (a string is split into sentences).
        id: optional identifier carried into results (lone surrogates, which
            cannot be written as UTF-8, become U+FFFD).
        gold: optional gold labels for evaluation (``support``, ``entities``,
            ``faithful``...), see the record format in the docs.

    >>> b = Bulletin("김현종 방미", ["Kim Hyun-chong arrived in Washington."], id="seed")
    >>> b.headline, len(b.sentences)
    ('김현종 방미', 1)
    """

    headline: str
    sentences: tuple[str, ...]
    id: str | None = None
    gold: Mapping[str, Any] | None = field(default=None, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "headline", coerce_headline(self.headline))
        object.__setattr__(self, "sentences", coerce_sentences(self.sentences))
        if self.id is not None:
            rid = self.id if isinstance(self.id, str) else str(self.id)
            # A JSON escape such as "\ud800" gives a lone surrogate, which no
            # UTF-8 output (stdout, errors and predictions files) can encode.
            if any("\ud800" <= ch <= "\udfff" for ch in rid):
                rid = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in rid)
            object.__setattr__(self, "id", rid)

    @property
    def body(self) -> str:
        """The English body as one paragraph."""
        return " ".join(self.sentences)

    @classmethod
    def from_text(cls, text: str, *, id: str | None = None) -> Bulletin:
        """Parse the seed format: first non-empty line = headline, the rest = body.

        >>> Bulletin.from_text("美 중재 논의\\nThe U.S. will mediate. Talks start Friday.").sentences
        ('The U.S. will mediate.', 'Talks start Friday.')
        """
        text = require_text(text, field="text", example=HEADLINE_EXAMPLE)
        text = normalize_text(text, field="text")
        lines = text.split("\n")
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None:
            msg = "text is empty; expected a Korean headline line followed by English body lines"
            raise ValueError(msg)
        headline = lines[first].strip()
        body_lines = [line for line in lines[first + 1 :] if line.strip()]
        if not body_lines:
            msg = "body is empty; expected English lines after the Korean headline line"
            raise ValueError(msg)
        sentences: list[str] = []
        for line in body_lines:
            sentences.extend(_split_body(line))
        return cls(headline, tuple(sentences), id=id)

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Bulletin:
        """Build from a JSON-like record ``{"id", "headline", "body" | "sentences", ...}``."""
        if not isinstance(record, Mapping):
            msg = f"record must be a JSON object, got {type(record).__name__}"
            raise TypeError(msg)
        if "headline" not in record:
            msg = "missing field 'headline' (expected a Korean headline string)"
            raise ValueError(msg)
        if "sentences" in record and record["sentences"] is not None:
            sentences = record["sentences"]
            if isinstance(sentences, str):
                msg = "field 'sentences' must be a list of str; use 'body' for a single string"
                raise TypeError(msg)
        elif "body" in record:
            sentences = record["body"]
            if not isinstance(sentences, str):
                msg = f"field 'body' must be a str, got {type(sentences).__name__}"
                raise TypeError(msg)
        else:
            msg = "missing field 'body' or 'sentences' (the English text)"
            raise ValueError(msg)
        rid = record.get("id")
        gold = {k: v for k, v in record.items() if k not in ("id", "headline", "body", "sentences")}
        return cls(
            record["headline"], sentences, id=None if rid is None else str(rid), gold=gold or None
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "headline": self.headline,
            "sentences": list(self.sentences),
        }
        if self.gold:
            out.update(self.gold)
        return out


# ------------------------------------------------------------------ readers
def _decode(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        warnings.warn(
            f"{source}: undecodable bytes at byte offset {exc.start}; replaced with U+FFFD",
            DecodingWarning,
            stacklevel=4,
        )
        return raw.decode("utf-8-sig", errors="replace")


def _guess_format(path: Path) -> Literal["jsonl", "txt", "folder"]:
    if path.is_dir():
        return "folder"
    return "jsonl" if path.suffix.lower() in (".jsonl", ".ndjson", ".json") else "txt"


def read_bulletins(
    source: str | os.PathLike[str] | io.TextIOBase,
    *,
    format: Literal["auto", "jsonl", "txt", "folder"] = "auto",
    errors: list[RejectedRecord] | None = None,
) -> Iterator[Bulletin]:
    """Yield bulletins from a file, a folder of ``*.txt`` files, or ``-`` (stdin).

    Args:
        source: path, ``"-"`` for standard input, or an open text stream.
        format: ``"auto"`` picks JSONL for ``.jsonl``/``.json`` files, the
            seed text format for other files, ``"folder"`` for directories.
            Standard input is read as JSONL when its first character is ``{``.
        errors: if given, bad records are appended here as
            :class:`RejectedRecord` and skipped; otherwise the first bad
            record raises :class:`BulletinFormatError`.

    >>> [b.id for b in read_bulletins("seeds")]  # from the repository root
    ['000_ba3be2c408401557']
    """
    if format not in ("auto", "jsonl", "txt", "folder"):
        msg = f"format must be 'auto', 'jsonl', 'txt' or 'folder', got {format!r}"
        raise ValueError(msg)
    if isinstance(source, io.TextIOBase) or (isinstance(source, str) and source == "-"):
        stream = sys.stdin if not isinstance(source, io.TextIOBase) else source
        text = stream.read()
        name = "<stdin>"
        fmt = format if format != "auto" else ("jsonl" if text.lstrip().startswith("{") else "txt")
        if fmt == "jsonl":
            yield from _read_jsonl_lines(text.splitlines(), name, errors)
        else:
            yield from _one_text(text, name, None, errors)
        return
    if not isinstance(source, str | os.PathLike):
        msg = f"source must be a path, '-' or a text stream, got {type(source).__name__}"
        raise TypeError(msg)
    path = Path(source)
    if not path.exists():
        msg = f"{path} does not exist; expected a .txt/.jsonl file, a folder of .txt files, or '-'"
        raise FileNotFoundError(msg)
    fmt = _guess_format(path) if format == "auto" else format
    if fmt == "folder":
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
        if not files:
            logger.warning("%s contains no .txt bulletins", path)
        for f in files:
            yield from _one_text(_decode(f.read_bytes(), str(f)), str(f), f.stem, errors)
    elif fmt == "jsonl":
        with path.open("rb") as fh:
            lines = (_decode(raw, f"{path}:{n}") for n, raw in enumerate(fh, start=1))
            yield from _read_jsonl_lines(lines, str(path), errors)
    else:
        yield from _one_text(_decode(path.read_bytes(), str(path)), str(path), path.stem, errors)


def _reject(
    errors: list[RejectedRecord] | None, source: str, line: int | None, reason: str
) -> None:
    if errors is None:
        raise BulletinFormatError(source, line, reason)
    # the caller collects the record and reports it (the CLI prints each one with the
    # summary line): a warning here would say it twice
    logger.info("rejected %s%s: %s", source, f":{line}" if line else "", reason)
    errors.append(RejectedRecord(source, line, reason))


def _one_text(
    text: str, source: str, bid: str | None, errors: list[RejectedRecord] | None
) -> Iterator[Bulletin]:
    try:
        bulletin = Bulletin.from_text(text, id=bid)
    except (TypeError, ValueError) as exc:
        _reject(errors, source, None, str(exc))
        return
    yield bulletin


def _read_jsonl_lines(
    lines: Any, source: str, errors: list[RejectedRecord] | None
) -> Iterator[Bulletin]:
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            _reject(errors, source, n, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            bulletin = Bulletin.from_record(record)
        except (TypeError, ValueError) as exc:
            _reject(errors, source, n, str(exc))
            continue
        if bulletin.id is None:
            bulletin = Bulletin(
                bulletin.headline,
                bulletin.sentences,
                id=f"{Path(source).stem}:{n}",
                gold=bulletin.gold,
            )
        yield bulletin
