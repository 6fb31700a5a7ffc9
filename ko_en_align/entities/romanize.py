"""Hangul romanisation: Revised Romanization, McCune–Reischauer, and name spellings.

The English press and passports spell Korean names in many ways (김현종 → Kim
Hyun-chong, Gim Hyeonjong, KIM HYUNJONG). :func:`romanize` gives the standard
systems; :func:`english_spellings` lists the plausible spellings of a name, and
:func:`syllable_spellings` the per-syllable building blocks the matcher uses.
"""

from __future__ import annotations

import itertools
import logging
from functools import lru_cache
from typing import Literal

from ko_en_align.entities.gazetteer import compound_surnames, surname_spellings

logger = logging.getLogger(__name__)

__all__ = [
    "decompose",
    "english_spellings",
    "is_hangul_syllable",
    "romanize",
    "split_name",
    "syllable_spellings",
]

_BASE = 0xAC00
_N_MEDIAL = 21
_N_FINAL = 28

# Jamo in Unicode order (initial, medial, final).
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = [
    "",
    "ㄱ",
    "ㄲ",
    "ㄳ",
    "ㄴ",
    "ㄵ",
    "ㄶ",
    "ㄷ",
    "ㄹ",
    "ㄺ",
    "ㄻ",
    "ㄼ",
    "ㄽ",
    "ㄾ",
    "ㄿ",
    "ㅀ",
    "ㅁ",
    "ㅂ",
    "ㅄ",
    "ㅅ",
    "ㅆ",
    "ㅇ",
    "ㅈ",
    "ㅊ",
    "ㅋ",
    "ㅌ",
    "ㅍ",
    "ㅎ",
]

_RR_INITIAL = dict(
    zip(
        INITIALS,
        [
            "g",
            "kk",
            "n",
            "d",
            "tt",
            "r",
            "m",
            "b",
            "pp",
            "s",
            "ss",
            "",
            "j",
            "jj",
            "ch",
            "k",
            "t",
            "p",
            "h",
        ],
        strict=True,
    )
)
_RR_MEDIAL = dict(
    zip(
        MEDIALS,
        [
            "a",
            "ae",
            "ya",
            "yae",
            "eo",
            "e",
            "yeo",
            "ye",
            "o",
            "wa",
            "wae",
            "oe",
            "yo",
            "u",
            "wo",
            "we",
            "wi",
            "yu",
            "eu",
            "ui",
            "i",
        ],
        strict=True,
    )
)
# Final consonants as pronounced at the end of a syllable (neutralised).
_RR_FINAL = {
    "": "",
    "ㄱ": "k",
    "ㄲ": "k",
    "ㄳ": "k",
    "ㄴ": "n",
    "ㄵ": "n",
    "ㄶ": "n",
    "ㄷ": "t",
    "ㄹ": "l",
    "ㄺ": "k",
    "ㄻ": "m",
    "ㄼ": "l",
    "ㄽ": "l",
    "ㄾ": "l",
    "ㄿ": "p",
    "ㅀ": "l",
    "ㅁ": "m",
    "ㅂ": "p",
    "ㅄ": "p",
    "ㅅ": "t",
    "ㅆ": "t",
    "ㅇ": "ng",
    "ㅈ": "t",
    "ㅊ": "t",
    "ㅋ": "k",
    "ㅌ": "t",
    "ㅍ": "p",
    "ㅎ": "t",
}
# A final consonant carried over to a following vowel-initial syllable (liaison).
_RR_LIAISON = {
    "ㄱ": "g",
    "ㄲ": "kk",
    "ㄷ": "d",
    "ㄹ": "r",
    "ㅂ": "b",
    "ㅅ": "s",
    "ㅆ": "ss",
    "ㅈ": "j",
    "ㅊ": "ch",
    "ㅋ": "k",
    "ㅌ": "t",
    "ㅍ": "p",
    "ㅎ": "",
    "ㄴ": "n",
    "ㅁ": "m",
}

_MR_INITIAL = dict(
    zip(
        INITIALS,
        [
            "k",
            "kk",
            "n",
            "t",
            "tt",
            "r",
            "m",
            "p",
            "pp",
            "s",
            "ss",
            "",
            "ch",
            "tch",
            "ch'",
            "k'",
            "t'",
            "p'",
            "h",
        ],
        strict=True,
    )
)
_MR_VOICED = {"k": "g", "t": "d", "p": "b", "ch": "j"}
_MR_MEDIAL = dict(
    zip(
        MEDIALS,
        [
            "a",
            "ae",
            "ya",
            "yae",
            "ŏ",
            "e",
            "yŏ",
            "ye",
            "o",
            "wa",
            "wae",
            "oe",
            "yo",
            "u",
            "wŏ",
            "we",
            "wi",
            "yu",
            "ŭ",
            "ŭi",
            "i",
        ],
        strict=True,
    )
)

# Spellings people actually use, per jamo, most standard first. Order matters: when
# a long name would give too many combinations, the tail of each list is dropped.
_NAME_INITIAL: dict[str, tuple[str, ...]] = {
    "ㄱ": ("g", "k"),
    "ㄲ": ("kk", "k", "gg"),
    "ㄴ": ("n",),
    "ㄷ": ("d", "t"),
    "ㄸ": ("tt", "dd", "t"),
    "ㄹ": ("r", "l"),
    "ㅁ": ("m",),
    "ㅂ": ("b", "p"),
    "ㅃ": ("pp", "bb", "p"),
    "ㅅ": ("s",),
    "ㅆ": ("ss", "s"),
    "ㅇ": ("",),
    "ㅈ": ("j", "ch"),
    "ㅉ": ("jj", "tch", "j"),
    "ㅊ": ("ch", "c"),
    "ㅋ": ("k",),
    "ㅌ": ("t",),
    "ㅍ": ("p",),
    "ㅎ": ("h",),
}
_NAME_MEDIAL: dict[str, tuple[str, ...]] = {
    "ㅏ": ("a", "ah"),
    "ㅐ": ("ae", "ai", "e"),
    "ㅑ": ("ya",),
    "ㅒ": ("yae",),
    "ㅓ": ("eo", "u", "o", "uh", "ou"),
    "ㅔ": ("e",),
    "ㅕ": ("yeo", "yu", "yo", "you", "yeu"),
    "ㅖ": ("ye",),
    "ㅗ": ("o", "oh"),
    "ㅘ": ("wa",),
    "ㅙ": ("wae",),
    "ㅚ": ("oe", "oi", "we"),
    "ㅛ": ("yo",),
    "ㅜ": ("u", "oo", "ou"),
    "ㅝ": ("wo", "weo", "wu"),
    "ㅞ": ("we",),
    "ㅟ": ("wi", "wee"),
    "ㅠ": ("yu", "yoo", "you"),
    "ㅡ": ("eu", "u", "eo"),
    "ㅢ": ("ui", "eui", "ee", "i"),
    "ㅣ": ("i", "ee", "ie", "e"),
}
_NAME_FINAL: dict[str, tuple[str, ...]] = {
    "": ("",),
    "ㄱ": ("k", "g"),
    "ㄴ": ("n",),
    "ㄷ": ("t", "d"),
    "ㄹ": ("l", "r"),
    "ㅁ": ("m",),
    "ㅂ": ("p", "b"),
    "ㅅ": ("t", "s"),
    "ㅆ": ("t",),
    "ㅇ": ("ng",),
    "ㅈ": ("t", "j"),
    "ㅊ": ("t",),
    "ㅋ": ("k",),
    "ㅌ": ("t",),
    "ㅍ": ("p",),
    "ㅎ": ("h", "t"),
}
_Y_OR_I = frozenset("ㅑㅒㅕㅖㅛㅠㅣ")

System = Literal["rr", "mr", "name"]


def is_hangul_syllable(ch: str) -> bool:
    """True for a precomposed Hangul syllable (가–힣)."""
    return "\uac00" <= ch <= "\ud7a3"


def decompose(syllable: str) -> tuple[str, str, str]:
    """Split one Hangul syllable into (initial, medial, final) jamo.

    >>> decompose("현")
    ('ㅎ', 'ㅕ', 'ㄴ')
    """
    if len(syllable) != 1 or not is_hangul_syllable(syllable):
        msg = f"expected one Hangul syllable such as '현', got {syllable!r}"
        raise ValueError(msg)
    code = ord(syllable) - _BASE
    initial, rest = divmod(code, _N_MEDIAL * _N_FINAL)
    medial, final = divmod(rest, _N_FINAL)
    return INITIALS[initial], MEDIALS[medial], FINALS[final]


def _rr_word(word: str) -> str:
    jamo = [decompose(ch) for ch in word]
    out: list[str] = []
    for i, (ini, med, fin) in enumerate(jamo):
        nxt = jamo[i + 1][0] if i + 1 < len(jamo) else None
        prev_fin = jamo[i - 1][2] if i > 0 else ""
        if ini == "ㅇ" and prev_fin in _RR_LIAISON and prev_fin != "":
            onset = ""  # the previous final was carried over
        elif ini == "ㄹ" and prev_fin in ("ㄹ", "ㄴ"):
            onset = "l"
        elif ini == "ㄹ" and prev_fin in ("ㅁ", "ㅇ", "ㄱ", "ㅂ"):
            onset = "n"
        else:
            onset = _RR_INITIAL[ini]
        coda = _RR_FINAL[fin]
        if fin and nxt == "ㅇ" and fin in _RR_LIAISON:
            coda = _RR_LIAISON[fin]
        elif fin and nxt in ("ㄴ", "ㅁ"):
            coda = {"k": "ng", "p": "m", "t": "n"}.get(coda, coda)
        elif fin == "ㄴ" and nxt == "ㄹ":
            coda = "l"
        elif fin in ("ㄱ", "ㅂ") and nxt == "ㄹ":
            coda = {"ㄱ": "ng", "ㅂ": "m"}[fin]
        elif fin == "ㄹ" and nxt == "ㄹ":
            coda = "l"
        out.append(onset + _RR_MEDIAL[med] + coda)
    return "".join(out)


def _mr_word(word: str) -> str:
    jamo = [decompose(ch) for ch in word]
    out: list[str] = []
    for i, (ini, med, fin) in enumerate(jamo):
        onset = _MR_INITIAL[ini]
        prev_fin = jamo[i - 1][2] if i > 0 else None
        # MR voices plain stops between voiced sounds.
        if i > 0 and onset in _MR_VOICED and prev_fin in ("", "ㄴ", "ㅁ", "ㅇ", "ㄹ"):
            onset = _MR_VOICED[onset]
        if ini == "ㄹ" and i > 0 and prev_fin not in ("", "ㄹ", "ㄴ"):
            onset = "n"
        if ini == "ㄹ" and prev_fin in ("ㄹ", "ㄴ"):
            onset = "l"
            if prev_fin == "ㄴ":  # 신라 → Silla
                out[-1] = out[-1][:-1] + "l"
        coda = _RR_FINAL[fin]
        out.append(onset + _MR_MEDIAL[med] + coda)
    return "".join(out)


def _name_word(word: str) -> str:
    """Name style: syllable by syllable, surname separate, given name hyphenated."""
    surname, given = split_name(word)
    if not given:
        return _syllable_rr(surname).capitalize()
    sur = surname_spellings().get(surname, (_syllable_rr(surname).capitalize(),))[0]
    return f"{sur} " + "-".join(_syllable_rr(s) for s in given).capitalize()


def _syllable_rr(syllables: str) -> str:
    return "".join(
        _RR_INITIAL[i] + _RR_MEDIAL[m] + _RR_FINAL[f] for i, m, f in map(decompose, syllables)
    )


def romanize(korean: str, system: System = "rr") -> str:
    """Romanise Hangul text; anything that is not Hangul is kept as it is.

    Args:
        korean: Korean text.
        system: ``"rr"`` (Revised Romanization, with the common sound changes),
            ``"mr"`` (McCune–Reischauer, with breves), or ``"name"`` (a personal
            name as the press writes it: ``Surname Given-name``).

    Returns:
        The romanised text, lower case for ``rr``/``mr``.

    >>> romanize("김현종")
    'gimhyeonjong'
    >>> romanize("김현종", system="name")
    'Kim Hyeon-jong'
    """
    if not isinstance(korean, str):
        msg = f"korean must be str, got {type(korean).__name__}"
        raise TypeError(msg)
    if system not in ("rr", "mr", "name"):
        msg = f"unknown system {system!r}; expected 'rr', 'mr' or 'name'"
        raise ValueError(msg)
    convert = {"rr": _rr_word, "mr": _mr_word, "name": _name_word}[system]
    out: list[str] = []
    for is_hangul, group in itertools.groupby(korean, key=is_hangul_syllable):
        chunk = "".join(group)
        out.append(convert(chunk) if is_hangul else chunk)
    return "".join(out)


def split_name(name: str) -> tuple[str, str]:
    """Split a Korean personal name into (surname, given name).

    Two-syllable surnames (남궁, 황보, 제갈, …) are recognised when the name has
    at least three syllables.

    >>> split_name("김현종")
    ('김', '현종')
    """
    if len(name) >= 3 and name[:2] in compound_surnames():
        return name[:2], name[2:]
    return name[:1], name[1:]


@lru_cache(maxsize=4096)
def syllable_spellings(syllable: str) -> tuple[str, ...]:
    """Plausible Latin spellings of one Hangul syllable in a name, most standard first.

    >>> syllable_spellings("현")[:3]
    ('hyeon', 'hyun', 'hyon')
    """
    ini, med, fin = decompose(syllable)
    fin_opts = _NAME_FINAL.get(fin, (_RR_FINAL[fin],))
    inis = list(_NAME_INITIAL[ini])
    if ini == "ㅅ" and med in _Y_OR_I:
        inis.append("sh")
    meds = list(_NAME_MEDIAL[med])
    if fin:  # 'ah', 'oh', 'ie', 'ee' spell open syllables only
        meds = [m for m in meds if not m.endswith("h") and m not in ("ie", "ee")] or meds
    if ini == "ㅇ" and med == "ㅜ":
        meds += ["woo", "wu"]
    if ini == "ㅇ" and med == "ㅣ":
        meds += ["yi"]
    if ini == "ㅇ" and med == "ㅓ":
        meds += ["eoh"]
    if med == "ㅓ" and fin == "ㅇ":  # 성 → sung, 정 → jung: very common in names
        meds = ["u", "eo", "o", "ou"]
    if med == "ㅕ" and fin == "ㅇ":  # 영 → young, 경 → kyung
        meds = ["yeo", "you", "yu", "yo"]
    out: list[str] = []
    # Interleave so that the most standard combinations come first.
    for rank in range(max(len(inis), len(meds), len(fin_opts))):
        for i, m, f in itertools.product(inis, meds, fin_opts):
            if max(inis.index(i), meds.index(m), fin_opts.index(f)) == rank:
                out.append(i + m + f)
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=4096)
def given_name_spellings(given: str, *, limit: int = 2500) -> tuple[str, ...]:
    """Joined spellings of a given name (no hyphen, lower case), most standard first."""
    per = [list(syllable_spellings(s)) for s in given]
    if not per:
        return ("",)
    # Trim the longest lists until the product is small enough.
    while _product_size(per) > limit:
        longest = max(per, key=len)
        if len(longest) <= 2:
            break
        longest.pop()
    combos = ("".join(p) for p in itertools.product(*per))
    return tuple(dict.fromkeys(combos))


def _product_size(lists: list[list[str]]) -> int:
    size = 1
    for lst in lists:
        size *= len(lst)
    return size


@lru_cache(maxsize=4096)
def surname_candidates(surname: str) -> tuple[str, ...]:
    """Lower-case spellings of a surname: curated table first, then generated ones."""
    table = tuple(s.lower() for s in surname_spellings().get(surname, ()))
    generated = given_name_spellings(surname, limit=40)
    return tuple(dict.fromkeys(table + generated))


def english_spellings(korean_name: str, *, limit: int = 20) -> tuple[str, ...]:
    """List plausible English spellings of a Korean personal name, most usual first.

    Surnames come from a curated table of how people really spell them; given
    names from Revised Romanization, McCune–Reischauer and common forms.

    Args:
        korean_name: a Hangul name such as ``"김현종"``.
        limit: how many spellings to return.

    >>> english_spellings("김현종", limit=3)
    ('Kim Hyeon-jong', 'Kim Hyeon-chong', 'Kim Hyun-jong')
    """
    if not isinstance(korean_name, str):
        msg = f"korean_name must be str, got {type(korean_name).__name__}"
        raise TypeError(msg)
    name = "".join(korean_name.split())
    if not name:
        msg = "korean_name is empty; expected a Hangul name such as '김현종'"
        raise ValueError(msg)
    if not all(map(is_hangul_syllable, name)):
        msg = f"korean_name must be Hangul syllables such as '김현종', got {korean_name!r}"
        raise ValueError(msg)
    surname, given = split_name(name)
    surnames = [s.capitalize() for s in surname_candidates(surname)[:3]]
    if not given:
        return tuple(surnames[:limit])
    per = [list(enumerate(syllable_spellings(s)[:6])) for s in given]
    ranked = []
    for si, sur in enumerate(surnames):
        for combo in itertools.product(*per):
            rank = si + sum(i for i, _ in combo)
            ranked.append((rank, f"{sur} " + "-".join(sp for _, sp in combo).capitalize()))
    ranked.sort(key=lambda t: t[0])
    return tuple(dict.fromkeys(s for _, s in ranked))[:limit]
