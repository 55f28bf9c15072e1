"""Fixtures of the awards tests: the small rulebook published, people with memberships."""

import pytest

from thidua.awards.models import RulebookVersion
from thidua.awards.tests.support import install_small_rulebook


@pytest.fixture
def rulebook(db: None) -> RulebookVersion:
    return install_small_rulebook()
