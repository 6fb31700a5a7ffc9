"""ko_en_align: Korean headlines ↔ English news transcripts.

Pair a terse Korean headline with the English sentences that carry it, check
the headline as a cross-lingual summary of the body, and match entity names
across scripts (김현종 ↔ Kim Hyun-chong, 日 ↔ Japan).

>>> import ko_en_align as kea
>>> result = kea.align_headline(
...     '김현종 방미 "日 수출규제 美 중재 논의"',
...     "Kim Hyun-chong arrived in Washington. It rained in Seoul.",
... )
>>> result.best.index
0

Importing the package is cheap: torch, transformers and the model are loaded
on first use, never at import time. Public names are resolved lazily.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it (resolved on first attribute access)
_EXPORTS: dict[str, str] = {
    # foundation
    "Bulletin": "ko_en_align.bulletin",
    "read_bulletins": "ko_en_align.bulletin",
    "Encoder": "ko_en_align.encoder",
    "TokenEmbeddings": "ko_en_align.encoder",
    "default_model_path": "ko_en_align.convert",
    "HeadlineAligner": "ko_en_align.align",
    "HeadlineAlignment": "ko_en_align.align",
    "SentenceMatch": "ko_en_align.align",
    "align_headline": "ko_en_align.align",
    # text layer
    "normalize_text": "ko_en_align.text",
    "split_sentences": "ko_en_align.segment",
    "split_claims": "ko_en_align.segment",
    "Claim": "ko_en_align.segment",
    "extract_numbers": "ko_en_align.numbers",
    "match_numbers": "ko_en_align.numbers",
    "compare_numbers": "ko_en_align.numbers",
    "NumberMention": "ko_en_align.numbers",
    "NumberMatch": "ko_en_align.numbers",
    # entities
    "Entity": "ko_en_align.entities",
    "EntityMatch": "ko_en_align.entities",
    "extract_entities": "ko_en_align.entities",
    "match_entities": "ko_en_align.entities",
    "transliteration_similarity": "ko_en_align.entities",
    "romanize": "ko_en_align.entities",
    "english_spellings": "ko_en_align.entities",
    "entity_similarity": "ko_en_align.entities",
    "translation_similarity": "ko_en_align.entities",
    # evidence
    "SummaryCheck": "ko_en_align.evidence",
    "SummaryChecker": "ko_en_align.evidence",
    "ClaimCheck": "ko_en_align.evidence",
    "WordCheck": "ko_en_align.evidence",
    "check_summary": "ko_en_align.evidence",
    # evaluation
    "EvaluationReport": "ko_en_align.evaluate",
    "evaluate": "ko_en_align.evaluate",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        msg = f"module 'ko_en_align' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from ko_en_align.align import HeadlineAligner, HeadlineAlignment, SentenceMatch, align_headline  # noqa: F401
    from ko_en_align.bulletin import Bulletin, read_bulletins  # noqa: F401
    from ko_en_align.convert import default_model_path  # noqa: F401
    from ko_en_align.encoder import Encoder, TokenEmbeddings  # noqa: F401
    from ko_en_align.entities import (  # noqa: F401
        Entity,
        EntityMatch,
        english_spellings,
        entity_similarity,
        extract_entities,
        match_entities,
        romanize,
        translation_similarity,
        transliteration_similarity,
    )
    from ko_en_align.evaluate import EvaluationReport, evaluate  # noqa: F401
    from ko_en_align.evidence import (  # noqa: F401
        ClaimCheck,
        SummaryCheck,
        SummaryChecker,
        WordCheck,
        check_summary,
    )
    from ko_en_align.numbers import (  # noqa: F401
        NumberMatch,
        NumberMention,
        compare_numbers,
        extract_numbers,
        match_numbers,
    )
    from ko_en_align.segment import Claim, split_claims, split_sentences  # noqa: F401
    from ko_en_align.text import normalize_text  # noqa: F401
