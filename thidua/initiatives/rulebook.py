"""Defaults of the initiatives rulebook, with their citations. Pure: no Django.

They seed the database (migration 0002); a department edits the rows, never this file, when its
practice or the law changes. [M] in LEGAL.md marks what is practice rather than settled law.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class PassShare:
    numerator: int
    denominator: int
    valid_from: date
    citation: str


DEFAULT_PASS_SHARE = PassShare(
    numerator=2,
    denominator=3,
    valid_from=date(2012, 3, 2),
    citation=(
        "Hội đồng sáng kiến cơ sở biểu quyết hoặc bỏ phiếu kín; sáng kiến được công nhận khi có "
        "từ 2/3 tổng số thành viên hội đồng đồng ý (quy chế mẫu theo Điều lệ Sáng kiến ban hành "
        "kèm Nghị định 13/2012/NĐ-CP và Thông tư 18/2013/TT-BKHCN; QĐ 964/QĐ-BHXH năm 2024) [M]"
    ),
)


@dataclass(frozen=True, slots=True)
class RubricCriterionDefault:
    code: str
    name: str
    weight: Decimal
    levels: tuple[tuple[int, str], ...]


# The four conditions of NĐ 13/2012/NĐ-CP (Điều 3–4) as scoring criteria; weights are practice.
DEFAULT_RUBRIC_NAME = "Phiếu chấm sáng kiến (mặc định)"
DEFAULT_RUBRIC: tuple[RubricCriterionDefault, ...] = (
    RubricCriterionDefault(
        "novelty",
        "Tính mới",
        Decimal(30),
        (
            (0, "Không có điểm mới"),
            (1, "Cải tiến nhỏ so với cách làm hiện có"),
            (2, "Mới trong khoa, phòng"),
            (3, "Mới trong phạm vi đơn vị"),
            (4, "Mới trong ngành y tế Hà Nội trở lên"),
        ),
    ),
    RubricCriterionDefault(
        "applicability",
        "Khả năng áp dụng",
        Decimal(25),
        (
            (0, "Chưa áp dụng, chưa thử nghiệm"),
            (1, "Đang áp dụng thử, kết quả chưa ổn định"),
            (2, "Đã áp dụng tại khoa, phòng"),
            (3, "Đã áp dụng toàn đơn vị"),
            (4, "Đã áp dụng và dễ nhân rộng sang đơn vị khác"),
        ),
    ),
    RubricCriterionDefault(
        "effectiveness",
        "Hiệu quả",
        Decimal(30),
        (
            (0, "Không chứng minh được hiệu quả"),
            (1, "Hiệu quả thấp, số liệu chưa đầy đủ"),
            (2, "Hiệu quả rõ, có số liệu trước – sau"),
            (3, "Hiệu quả cao về kinh tế hoặc xã hội"),
            (4, "Hiệu quả rất cao, làm lợi lớn, được xác nhận"),
        ),
    ),
    RubricCriterionDefault(
        "scope",
        "Phạm vi ảnh hưởng",
        Decimal(15),
        (
            (0, "Trong một bộ phận nhỏ"),
            (1, "Trong khoa, phòng"),
            (2, "Trong đơn vị"),
            (3, "Trong ngành y tế Hà Nội"),
            (4, "Toàn thành phố hoặc toàn quốc"),
        ),
    ),
)
