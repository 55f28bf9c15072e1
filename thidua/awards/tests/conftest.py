"""Fixtures of the awards tests.

Migration 0002 installs the engine's default rulebook (in force from 01/7/2025); a browser test
(transactional) empties every table when it ends, so every database test starts by installing
it again. Most tests use a small rulebook in force from 2000 (`support.small_rulebook`), whose
rules are easy to satisfy by hand.
"""

import pytest

from thidua.awards.models import RulebookVersion
from thidua.awards.services.rulebook import install_default_awards_rulebook
from thidua.awards.tests.support import install_small_rulebook


@pytest.fixture(autouse=True)
def _default_rulebook(request: pytest.FixtureRequest) -> None:
    if {"db", "transactional_db"} & set(request.fixturenames):
        request.getfixturevalue(
            "transactional_db" if "transactional_db" in request.fixturenames else "db"
        )
        install_default_awards_rulebook()


@pytest.fixture
def rulebook(db: None) -> RulebookVersion:
    return install_small_rulebook()
