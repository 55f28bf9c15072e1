"""What every document built from the emulation data shares: the signer from a template's
fields and the unit's head, numbers and dates the way the pages show them, the table row of a
code and a name. The reporting app's documents use these too."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from thidua.core.templatetags.thidua import so
from thidua.documents.content import Signer
from thidua.documents.placeholders import signer_from

DASH = "—"


def signer_of(texts: Mapping[str, str], *, head: str) -> Signer:
    """The signer block of the template's fields; the name the template gives, else the head of
    the issuing unit (`head`, may be empty: issuing then says the name is missing)."""
    return signer_from(texts, name=texts.get("signer_name", "").strip() or head)


def number(value: Decimal | int | None) -> str:
    """A number in a table exactly as the pages print it (the `so` filter: 1234.5 →
    "1.234,50", 85 → "85"), "" for none."""
    return so(value)


def day(value: dt.date | None) -> str:
    """A date in a table: dd/mm/yyyy ("" for none)."""
    return value.strftime("%d/%m/%Y") if value is not None else ""


def full_date(value: dt.date) -> str:
    """ "ngày 05 tháng 02 năm 2026", as running text writes a date (Nghị định 30/2020)."""
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"
