"""Models of awards: the rulebook (dated versions, the base salary) and the inputs its rules
read, per person or per collective (a Unit) and year."""

from thidua.awards.models.inputs import (
    AwardRecord,
    DisciplineRecord,
    Hold,
    MaternityLeave,
    ResearchProject,
    YearlyRating,
)
from thidua.awards.models.rulebook import BaseSalary, RulebookVersion

__all__ = [
    "AwardRecord",
    "BaseSalary",
    "DisciplineRecord",
    "Hold",
    "MaternityLeave",
    "ResearchProject",
    "RulebookVersion",
    "YearlyRating",
]
