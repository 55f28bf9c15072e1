"""Numbering rules of issued documents (pure: no Django).

An issued document's "số, ký hiệu" is its number in its series and its symbol: "15/QĐ-SYT".
The series is one issuer, one kind of document (or all kinds, when the agency keeps one series)
and one calendar year: numbering restarts at 1 on 1 January (Nghị định 30/2020/NĐ-CP, Điều 15:
số văn bản theo thứ tự trong năm, từ ngày 01 tháng 01 đến ngày 31 tháng 12). Numbers below 10 are written with a leading zero ("05/QĐ-SYT",
Phụ lục I). Taking the next number without gaps or duplicates is the service's job (a row lock
on the series); this module only says what the numbers and codes look like.

The verification code printed with the QR code is short, unguessable and easy to read aloud:
10 characters of Crockford's base32 (no I, L, O, U), 50 bits from `secrets`.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import date

VERIFICATION_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VERIFICATION_LENGTH = 10
# What a reader may type instead of the code's characters (Crockford's decoding rules).
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})
_CODE_PART = re.compile(r"^[^\s/]+$")


@dataclass(frozen=True, slots=True, order=True)
class SeriesKey:
    """One numbering series: an issuer, a kind of document, a year."""

    issuer_code: str
    kind_code: str
    year: int


# How an agency's văn thư numbers its documents: one series per kind of document (quyết định,
# báo cáo, thông báo each from 01), the default; or one series for all its documents of the year.
# Both are practised; the agency chooses (setting THIDUA_DOCUMENT_SERIES).
SERIES_PER_KIND = "per_kind"
SERIES_PER_ISSUER = "per_issuer"
SERIES_MODES = (SERIES_PER_KIND, SERIES_PER_ISSUER)
# The kind part of the key of an issuer's single series.
ALL_KINDS = "*"


def series_key(
    *, issuer_code: str, kind_code: str, issued_on: date, mode: str = SERIES_PER_KIND
) -> SeriesKey:
    """The series a document issued on `issued_on` is numbered in (codes normalised): its
    issuer's series of its kind, or of all kinds when the agency numbers in one series."""
    if mode not in SERIES_MODES:
        raise ValueError(f"unknown numbering mode {mode!r}")
    kind = ALL_KINDS if mode == SERIES_PER_ISSUER else normalise_kind_code(kind_code)
    return SeriesKey(normalise_code(issuer_code), kind, issued_on.year)


def normalise_code(code: str) -> str:
    """An issuer code as printed in the symbol: trimmed, capitals ("syt" → "SYT")."""
    return code.strip().upper()


def normalise_kind_code(code: str) -> str:
    """A kind code as printed in the symbol: trimmed, and in capitals when typed all in lower
    case ("qđ" → "QĐ"); a code with its own mixed case keeps it, as Nghị định 30/2020/NĐ-CP,
    Phụ lục III writes some ("TTr" tờ trình, "CTr" chương trình)."""
    stripped = code.strip()
    return stripped.upper() if stripped.islower() else stripped


def is_valid_code(code: str) -> bool:
    """Whether a code can stand in a symbol: not empty, no spaces, no "/" (which separates the
    number from the symbol)."""
    return bool(_CODE_PART.match(normalise_code(code)))


def next_number(last: int) -> int:
    """The number after `last` in a series (`last` is 0 for a series not used yet)."""
    if last < 0:
        raise ValueError("the last number of a series cannot be negative")
    return last + 1


def format_number(number: int) -> str:
    """The printed number: "05" below 10, "15", "123" otherwise."""
    if number < 1:
        raise ValueError("document numbers start at 1")
    return f"{number:02d}"


def make_symbol(kind_code: str, issuer_code: str) -> str:
    """The ký hiệu: "QĐ-SYT" (kind code, then the issuer's abbreviation)."""
    return "-".join(
        part for part in (normalise_kind_code(kind_code), normalise_code(issuer_code)) if part
    )


def number_and_symbol(number: int, symbol: str) -> str:
    """ "15/QĐ-SYT"."""
    return f"{format_number(number)}/{symbol}"


def parse_number_and_symbol(text: str) -> tuple[int, str] | None:
    """(15, "QĐ-SYT") from "15/QĐ-SYT" (or "Số: 15/QĐ-SYT"); None when it is not one."""
    cleaned = text.strip().removeprefix("Số:").strip()
    number, slash, symbol = cleaned.partition("/")
    if not slash or not number.isdigit() or int(number) < 1 or not symbol:
        return None
    if any(not is_valid_code(part) for part in symbol.split("-")):
        return None
    return int(number), symbol.upper()


def new_verification_code() -> str:
    """A fresh verification code: 10 characters from a 32-letter alphabet (50 random bits)."""
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(VERIFICATION_LENGTH))


def normalise_verification_code(text: str) -> str:
    """A typed code as stored: capitals, without spaces and dashes, I/L read as 1 and O as 0."""
    cleaned = re.sub(r"[\s-]", "", text).upper().translate(_LOOKALIKES)
    return cleaned


def is_verification_code(text: str) -> bool:
    return len(text) == VERIFICATION_LENGTH and all(ch in VERIFICATION_ALPHABET for ch in text)
