"""Fixtures of the initiatives tests.

Migration 0002 seeds the rulebook's rows (the 2/3 rule, the default rubric); a browser test
(transactional) empties every table when it ends, so a later test on the same worker would find
them gone. Every database test of the app starts with them there, as a real install has them.
"""

import pytest

from thidua.initiatives.tests.decision_factories import ensure_rulebook


@pytest.fixture(autouse=True)
def _rulebook_rows(request: pytest.FixtureRequest) -> None:
    if {"db", "transactional_db"} & set(request.fixturenames):
        request.getfixturevalue(
            "transactional_db" if "transactional_db" in request.fixturenames else "db"
        )
        ensure_rulebook()
