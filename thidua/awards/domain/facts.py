"""The facts the award rules read: plain, frozen data. Pure: no Django.

The Django side builds them from its inputs (ratings, awards held, initiatives, research,
discipline, holds, leave, memberships) once per subject and year range; the engine never
queries. Codes are the same strings as the app's choices (`thidua.awards.enums`,
`thidua.initiatives.enums.RecognitionLevel`), so no translation table sits in between.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Literal


class Rating(StrEnum):
    """Mức độ hoàn thành nhiệm vụ of the yearly đánh giá, xếp loại, best first. It is imported,
    never re-scored (LEGAL.md §1.4, Bắc Ninh QĐ 86/2025/QĐ-UBND Điều 7)."""

    HTXSNV = "HTXSNV"
    HTTNV = "HTTNV"
    HTNV = "HTNV"
    KHTNV = "KHTNV"

    @property
    def label(self) -> str:
        return RATING_LABELS[self]

    @property
    def rank(self) -> int:
        """3 for HTXSNV down to 0 for KHTNV: a rating is "at least" another by rank."""
        return RATING_RANKS[self]

    def at_least(self, other: "Rating") -> bool:
        return self.rank >= other.rank


RATING_LABELS: Mapping[Rating, str] = MappingProxyType(
    {
        Rating.HTXSNV: "Hoàn thành xuất sắc nhiệm vụ",
        Rating.HTTNV: "Hoàn thành tốt nhiệm vụ",
        Rating.HTNV: "Hoàn thành nhiệm vụ",
        Rating.KHTNV: "Không hoàn thành nhiệm vụ",
    }
)
RATING_RANKS: Mapping[Rating, int] = MappingProxyType(
    {Rating.HTXSNV: 3, Rating.HTTNV: 2, Rating.HTNV: 1, Rating.KHTNV: 0}
)

# Levels of recognition, lowest first (an initiative "at level ≥ city" is city or national).
# The codes are those of thidua.initiatives.enums.RecognitionLevel and thidua.awards.enums
# .ResearchLevel.
INITIATIVE_LEVELS: Mapping[str, int] = MappingProxyType({"base": 0, "city": 1, "national": 2})
INITIATIVE_LEVEL_LABELS: Mapping[str, str] = MappingProxyType(
    {"base": "cấp cơ sở", "city": "cấp thành phố", "national": "cấp toàn quốc"}
)
RESEARCH_LEVELS: Mapping[str, int] = MappingProxyType(
    {"base": 0, "city": 1, "ministry": 1, "national": 2}
)
RESEARCH_LEVEL_LABELS: Mapping[str, str] = MappingProxyType(
    {"base": "cấp cơ sở", "city": "cấp thành phố", "ministry": "cấp bộ", "national": "cấp quốc gia"}
)

# Forms of discipline, lightest first (Luật Cán bộ, công chức; Luật Viên chức). "Từ cảnh cáo
# trở lên" (Luật TĐKT Điều 28) is every form from "warning" on.
DISCIPLINE_FORMS: Mapping[str, int] = MappingProxyType(
    {
        "reprimand": 0,
        "warning": 1,
        "salary_downgrade": 2,
        "demotion": 3,
        "dismissal_from_post": 4,
        "dismissal": 5,
    }
)
DISCIPLINE_FORM_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "reprimand": "khiển trách",
        "warning": "cảnh cáo",
        "salary_downgrade": "hạ bậc lương",
        "demotion": "giáng chức",
        "dismissal_from_post": "cách chức",
        "dismissal": "buộc thôi việc",
    }
)
# Why an award must wait (NĐ 152/2025/NĐ-CP Điều 4 khoản 4).
HOLD_KIND_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "inspection": "đang thanh tra, kiểm tra",
        "investigation": "đang điều tra",
        "complaint": "đang giải quyết khiếu nại, tố cáo",
        "discipline_review": "đang xem xét kỷ luật",
        "press": "có vấn đề tham nhũng, tiêu cực được báo chí phản ánh đang xác minh",
    }
)


@dataclass(frozen=True, slots=True)
class HeldAward:
    """A title or form of commendation the subject holds for `year` (the year of the
    achievement), by decision `decision`. `thematic`: from a thematic movement (chuyên đề) or
    an unscheduled (đột xuất) award — never counted toward chains of regular awards (NĐ
    152/2025/NĐ-CP Điều 4 khoản 3). `revoked`: the decision was cancelled (Luật 06/2022/QH15
    Chương VII) — it counts for nothing."""

    code: str
    year: int
    thematic: bool = False
    revoked: bool = False
    decision: str = ""


@dataclass(frozen=True, slots=True)
class InitiativeFact:
    """An initiative recognised in `year` at `level` ("base" | "city" | "national").
    `used_for_award`: already the basis of another award — an initiative is used once
    (Công văn 5007/BNV-TĐKT năm 2023; LEGAL.md §1.3 and §3)."""

    year: int
    level: str
    used_for_award: bool = False
    ref: str = ""


@dataclass(frozen=True, slots=True)
class ResearchFact:
    """A research project (đề tài, đề án, công trình KH&CN) accepted (nghiệm thu) in `year` at
    `level` ("base" | "city" | "ministry" | "national")."""

    year: int
    level: str
    ref: str = ""


@dataclass(frozen=True, slots=True)
class DisciplineFact:
    """A discipline (form from DISCIPLINE_FORMS) in force from `start` to `end` (None: not yet
    over). Achievements count only from the day it ends (NĐ 152/2025/NĐ-CP Điều 4 khoản 4)."""

    form: str
    start: date
    end: date | None = None

    def overlaps_year(self, year: int) -> bool:
        return self.start.year <= year and (self.end is None or self.end.year >= year)


@dataclass(frozen=True, slots=True)
class HoldFact:
    """A pending matter (HOLD_KIND_LABELS) from `start`; `end` None while unresolved. No award
    while one is pending (NĐ 152/2025/NĐ-CP Điều 4 khoản 4)."""

    kind: str
    start: date
    end: date | None = None

    @property
    def pending(self) -> bool:
        return self.end is None


@dataclass(frozen=True, slots=True)
class LeaveFact:
    """Leave from `start` to `end` (inclusive). Maternity leave counts as time worked for
    titles (NĐ 152/2025/NĐ-CP Điều 4 khoản 5)."""

    kind: Literal["maternity"]
    start: date
    end: date

    def months_in_year(self, year: int) -> int:
        """Whole months of the leave inside `year`, counting a month once half of it (15 days)
        is on leave — the usual rounding of "tháng" in personnel practice [M]."""
        first = max(self.start, date(year, 1, 1))
        last = min(self.end, date(year, 12, 31))
        if first > last:
            return 0
        return min(12, ((last - first).days + 1 + 15) // 30)


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """Everything the rules know of one person. `ratings`: year → rating. `months_worked`:
    year → months at work in that year, maternity leave excluded (it is in `leaves`); None
    when the platform does not track it (a whole year is then assumed, and said so).
    `female` serves the tie-break (NĐ 152/2025/NĐ-CP Điều 4 khoản 6)."""

    ref: str
    ratings: Mapping[int, Rating] = field(default_factory=dict)
    awards: tuple[HeldAward, ...] = ()
    initiatives: tuple[InitiativeFact, ...] = ()
    research: tuple[ResearchFact, ...] = ()
    discipline: tuple[DisciplineFact, ...] = ()
    holds: tuple[HoldFact, ...] = ()
    leaves: tuple[LeaveFact, ...] = ()
    months_worked: Mapping[int, int] | None = None
    female: bool = False

    @property
    def subject(self) -> Literal["individual"]:
        return "individual"


@dataclass(frozen=True, slots=True)
class MemberStats:
    """The members of a collective in one year. `advanced_workers`: members with "Lao động
    tiên tiến"; `emulation_fighters`: members with "Chiến sĩ thi đua cơ sở"; `disciplined`:
    members disciplined from "cảnh cáo" up in the year (Luật 06/2022/QH15 Điều 28); `women`
    serves the tie-break (≥ 70 % women, NĐ 152/2025/NĐ-CP Điều 4 khoản 6)."""

    total: int
    completing_tasks: int = 0
    advanced_workers: int = 0
    emulation_fighters: int = 0
    disciplined: int = 0
    women: int = 0


@dataclass(frozen=True, slots=True)
class CollectiveFacts:
    """Everything the rules know of one collective (a unit, a khoa or phòng): its own ratings,
    awards, discipline and holds, and its members' statistics per year."""

    ref: str
    ratings: Mapping[int, Rating] = field(default_factory=dict)
    awards: tuple[HeldAward, ...] = ()
    discipline: tuple[DisciplineFact, ...] = ()
    member_stats: Mapping[int, MemberStats] = field(default_factory=dict)
    holds: tuple[HoldFact, ...] = ()

    @property
    def subject(self) -> Literal["collective"]:
        return "collective"


SubjectFacts = PersonFacts | CollectiveFacts
