"""Models of awards: the rulebook (dated versions, the base salary inside) and the inputs its rules
read, per person or per collective (a Unit) and year."""

from thidua.awards.models.inputs import (
    AwardRecord,
    DisciplineRecord,
    Hold,
    MaternityLeave,
    ResearchProject,
    YearlyRating,
)
from thidua.awards.models.rulebook import RulebookVersion

__all__ = [
    "AwardRecord",
    "DisciplineRecord",
    "Hold",
    "MaternityLeave",
    "ResearchProject",
    "RulebookVersion",
    "YearlyRating",
]
