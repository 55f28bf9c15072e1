"""The shared test plan is what its docstring says (other reporting tests lean on it)."""

import datetime as dt
from decimal import Decimal

import pytest

from thidua.movements.scoring import CriterionSpec, check_weights
from thidua.reporting.tests.factories import make_plan


@pytest.mark.parametrize("today", [dt.date(2026, 2, 10), dt.date(2026, 11, 27)])
def test_plan_has_an_open_period_and_a_closed_previous_one(org, today):
    plan = make_plan(org, today=today)

    assert plan.current.opens_on <= today <= plan.current.due_on < plan.current.locks_on
    assert plan.previous.locks_on < today
    assert plan.previous.end_date < plan.current.start_date


def test_plan_criteria_share_out_the_hundred_points(org):
    plan = make_plan(org)

    specs = [
        CriterionSpec(c.code, Decimal(c.max_points), Decimal(c.weight), None)
        for c in plan.criteria.values()
    ]
    assert check_weights(specs, Decimal(100)) == []
