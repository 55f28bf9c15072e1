"""The deciding level of a unit (thẩm quyền, LEGAL.md §1.4): the Sở is "department", a unit of
the Sở (bệnh viện, trung tâm, …) "unit". No unit of the tree is the city: the city's awards are
always proposed upward."""

from thidua.awards.domain.rules import DecidingLevel
from thidua.organizations.enums import UnitKind
from thidua.organizations.models import Unit


def organiser_level(unit: Unit) -> DecidingLevel:
    return "department" if unit.kind == UnitKind.DEPARTMENT else "unit"
