"""What the Excel imports of targets and personal registrations share: the result and the
checks of the uploaded file.

Both imports follow the house rule of `organizations.services.imports`: every row is read and
checked against what is stored (loaded in a handful of bulk queries), and only if no row is
wrong is anything written, in one transaction; otherwise the result lists each problem by row
and column in Vietnamese. These files are small (a row per unit, a row per person of a unit),
so they run during the request (up to `MAX_ROWS` rows).
"""

from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile

from thidua.core.uploads import check_upload
from thidua.organizations.importing.rows import GENERAL_INSTRUCTIONS, RowError

MAX_ROWS = 10_000
ALL_OR_NOTHING = GENERAL_INSTRUCTIONS[-1]


@dataclass(frozen=True)
class ImportResult:
    """What an import did: nothing and the errors by row, or the counts of what it wrote."""

    row_count: int
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    proposed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def check_file(upload: UploadedFile[bytes]) -> None:
    check_upload(upload, allowed_extensions={".xlsx"})
    upload.seek(0)


def so(number: int) -> str:
    return f"{number:,}".replace(",", ".")
