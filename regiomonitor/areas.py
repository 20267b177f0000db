"""Area codes and the Twente area model.

CBS codes: ``NL00`` (land), ``GM0153`` (gemeente), ``WK015306`` (wijk), ``BU01530603`` (buurt). The
wijk of a buurt and the gemeente of a wijk follow from the code itself, which is how wijken are derived.
Twente as a whole is not a CBS region; it is the ``TWENTE`` area, the 14 gemeenten below.
"""

from __future__ import annotations

import re
from typing import Final

NL_CODE: Final = "NL00"
TWENTE_CODE: Final = "TWENTE"

#: The 14 gemeenten of Twente (CBS codes, stable since 2001/2002 for these municipalities).
TWENTE_GEMEENTEN: Final[dict[str, str]] = {
    "GM0141": "Almelo",
    "GM0147": "Borne",
    "GM1774": "Dinkelland",
    "GM0153": "Enschede",
    "GM0158": "Haaksbergen",
    "GM0163": "Hellendoorn",
    "GM0164": "Hengelo",
    "GM1735": "Hof van Twente",
    "GM0168": "Losser",
    "GM0173": "Oldenzaal",
    "GM1742": "Rijssen-Holten",
    "GM0183": "Tubbergen",
    "GM1700": "Twenterand",
    "GM0189": "Wierden",
}

#: Levels from coarse to fine; the order is used for sorting and validation.
LEVELS: Final[tuple[str, ...]] = ("land", "regio", "gemeente", "wijk", "buurt")

# ASCII-only and matched whole (fullmatch): "$" would accept a trailing newline and \d other scripts' digits.
_CODE_RE: Final = re.compile(r"NL00|TWENTE|GM[0-9]{4}|WK[0-9]{4}[0-9A-Z]{2}|BU[0-9]{4}[0-9A-Z]{4}", re.ASCII)


def clean_code(raw: object) -> str:
    """Normalise a CBS region code as found in raw files: strip padding, upper-case.

    RIVM writes the Netherlands as ``NL01`` and CBS as ``NL00``; both become ``NL00``.

    >>> clean_code("WK014110  ")
    'WK014110'
    >>> clean_code("NL01")
    'NL00'
    """
    code = str(raw).strip().upper()
    if code in {"NL01", "NL"}:
        return NL_CODE
    return code


def is_valid_code(code: str) -> bool:
    """True when ``code`` is a well-formed area code of a known level."""
    return isinstance(code, str) and _CODE_RE.fullmatch(code) is not None


def level_of(code: str) -> str:
    """The level (land, regio, gemeente, wijk, buurt) implied by a code.

    Raises:
        ValueError: the code is not a well-formed area code.
    """
    if not is_valid_code(code):
        raise ValueError(f"not an area code: {code!r}")
    if code == NL_CODE:
        return "land"
    if code == TWENTE_CODE:
        return "regio"
    return {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}[code[:2]]


def gemeente_of(code: str) -> str | None:
    """The gemeente code a gemeente, wijk or buurt code belongs to (None for land and regio).

    >>> gemeente_of("BU01530603")
    'GM0153'
    """
    if code.startswith(("GM", "WK", "BU")):
        return "GM" + code[2:6]
    return None


def wijk_of(buurt_code: str) -> str:
    """The wijk code of a buurt code (``BU01530603`` -> ``WK015306``)."""
    if not buurt_code.startswith("BU") or len(buurt_code) != 10:
        raise ValueError(f"not a buurt code: {buurt_code!r}")
    return "WK" + buurt_code[2:8]


def parent_of(code: str) -> str | None:
    """The parent area: buurt -> wijk -> gemeente -> TWENTE (for Twente gemeenten) or NL00."""
    level = level_of(code)
    if level == "buurt":
        return wijk_of(code)
    if level == "wijk":
        return gemeente_of(code)
    if level == "gemeente":
        return TWENTE_CODE if code in TWENTE_GEMEENTEN else NL_CODE
    if level == "regio":
        return NL_CODE
    return None


def is_twente(code: str) -> bool:
    """True for TWENTE and for any gemeente, wijk or buurt inside one of the 14 Twente gemeenten."""
    if code == TWENTE_CODE:
        return True
    gm = gemeente_of(code)
    return gm is not None and gm in TWENTE_GEMEENTEN
