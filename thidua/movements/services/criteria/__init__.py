"""Writes to a movement's plan content: content areas, the criteria tree, indicators (entered
or computed by a formula) and their yearly targets.

Every write needs MANAGE_MOVEMENT at the movement's organising unit, runs in one transaction
(holding the movement's row, so that two formulas saved at once cannot together make a cycle),
is audited, and refuses bad input with a DomainError naming the field. A formula is parsed, its
references checked against the movement's indicators and the movement's formulas ordered (a
cycle is refused) before anything is saved.
"""

from thidua.movements.services.criteria.indicators import (
    INDICATOR_FIELDS,
    IndicatorData,
    check_formula,
    check_indicator_code,
    check_indicator_value,
    create_indicator,
    delete_indicator,
    set_yearly_targets,
    update_indicator,
)
from thidua.movements.services.criteria.tree import (
    AREA_FIELDS,
    CRITERION_FIELDS,
    AreaData,
    CriterionData,
    create_area,
    create_criterion,
    delete_area,
    delete_criterion,
    update_area,
    update_criterion,
)

__all__ = [
    "AREA_FIELDS",
    "CRITERION_FIELDS",
    "INDICATOR_FIELDS",
    "AreaData",
    "CriterionData",
    "IndicatorData",
    "check_formula",
    "check_indicator_code",
    "check_indicator_value",
    "create_area",
    "create_criterion",
    "create_indicator",
    "delete_area",
    "delete_criterion",
    "delete_indicator",
    "set_yearly_targets",
    "update_area",
    "update_criterion",
    "update_indicator",
]
