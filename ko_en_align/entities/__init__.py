"""Cross-script entities: find names in Korean text and match them to English.

>>> from ko_en_align.entities import transliteration_similarity
>>> transliteration_similarity("김현종", "Kim Hyun-chong") > 0.9
True

Importing this package is cheap; the Kiwi analyser loads on the first call to
:func:`extract_entities`.
"""

from __future__ import annotations

from ko_en_align.entities.extract import Entity, EntityKind, extract_entities
from ko_en_align.entities.gazetteer import GazetteerEntry, gazetteer, lookup
from ko_en_align.entities.match import (
    DEFAULT_THRESHOLD,
    EnglishSpan,
    EntityMatch,
    english_candidates,
    entity_similarity,
    match_entities,
)
from ko_en_align.entities.romanize import english_spellings, romanize
from ko_en_align.entities.translate import translation_similarity
from ko_en_align.entities.translit import transliteration_similarity

__all__ = [
    "DEFAULT_THRESHOLD",
    "EnglishSpan",
    "Entity",
    "EntityKind",
    "EntityMatch",
    "GazetteerEntry",
    "english_candidates",
    "english_spellings",
    "entity_similarity",
    "extract_entities",
    "gazetteer",
    "lookup",
    "match_entities",
    "romanize",
    "translation_similarity",
    "transliteration_similarity",
]
