"""The downloadable .xlsx templates: headers, dropdowns for enumerations, two example rows and a
"Hướng dẫn" sheet explaining each column in Vietnamese."""

from collections.abc import Sequence
from typing import Any

from thidua.core.spreadsheets import Column, build_workbook
from thidua.organizations.enums import EmploymentKind, Gender, ImportKind
from thidua.organizations.importing import rows as r
from thidua.organizations.importing.vocabulary import dropdown_label, unit_kind_dropdown

# Rows of the data sheet that carry the dropdowns.
TEMPLATE_ROWS = 5000

PEOPLE_EXAMPLES: tuple[tuple[Any, ...], ...] = (
    (
        "CB000123",
        "Nguyễn Văn An",
        "Nam",
        "15/03/1985",
        "BV_DONGDA_KKB",
        "Bác sĩ",
        "Viên chức",
        "an.nv@bvdongda.vn",
        "0912345678",
        "01/01/2025",
    ),
    (
        "CB000124",
        "Trần Thị Bình",
        "Nữ",
        "02/09/1990",
        "BV_DONGDA_PTCKT",
        "Kế toán viên",
        "Người lao động",
        "",
        "",
        "",
    ),
)
UNIT_EXAMPLES: tuple[tuple[Any, ...], ...] = (
    ("BV_DONGDA_KKB", "Khoa Khám bệnh", "Khoa", "BV_DONGDA", 1, ""),
    ("BV_DONGDA_PTCKT", "Phòng Tài chính - Kế toán", "Phòng", "BV_DONGDA", 2, ""),
)


def _choices_for(header: str) -> list[str]:
    if header == r.GENDER:
        return [dropdown_label(label) for _, label in Gender.choices]
    if header == r.EMPLOYMENT_KIND:
        return [dropdown_label(label) for _, label in EmploymentKind.choices]
    if header == r.UNIT_KIND:
        return unit_kind_dropdown()
    return []


def _instructions(title: str, specs: Sequence[r.ColumnSpec]) -> list[str]:
    lines = [title, ""]
    lines += [f"• {line}" for line in r.GENERAL_INSTRUCTIONS]
    lines += ["", "Các cột:"]
    for spec in specs:
        choices = _choices_for(spec.header)
        listing = f" Giá trị: {', '.join(choices)}." if choices else ""
        lines.append(f"• {spec.header}: {spec.help}{listing}")
    return lines


def columns_for(kind: str) -> tuple[r.ColumnSpec, ...]:
    return r.UNIT_COLUMNS if kind == ImportKind.UNITS else r.PEOPLE_COLUMNS


def build_import_template(kind: str) -> tuple[str, bytes]:
    """(file name, .xlsx content) of the template for `kind` ("units" or "people")."""
    specs = columns_for(kind)
    if kind == ImportKind.UNITS:
        title, sheet, examples = (
            "Mẫu nhập đơn vị, khoa/phòng",
            "Đơn vị",
            UNIT_EXAMPLES,
        )
        filename = "mau-nhap-don-vi.xlsx"
    else:
        title, sheet, examples = (
            "Mẫu nhập cán bộ, viên chức, người lao động",
            "Cán bộ",
            PEOPLE_EXAMPLES,
        )
        filename = "mau-nhap-can-bo.xlsx"
    columns = [
        Column(spec.header, spec.width, choices=_choices_for(spec.header), note=spec.help)
        for spec in specs
    ]
    content = build_workbook(
        title=sheet,
        columns=columns,
        rows=examples,
        instructions=_instructions(title, specs),
        template_rows=TEMPLATE_ROWS,
    )
    return filename, content
