"""Rulebook: upload checked by the engine, version in force by date, published never edited."""

import datetime as dt

import pytest

from thidua.accounts.roles import Role
from thidua.awards.enums import RulebookStatus
from thidua.awards.models import RulebookVersion
from thidua.awards.selectors.rulebook import rulebook_in_force
from thidua.awards.services.rulebook import (
    RulebookRejectedError,
    delete_draft,
    publish_draft,
    publish_rulebook,
    upload_rulebook,
)
from thidua.awards.tests.support import rule, small_rulebook
from thidua.conftest import Cast
from thidua.core.errors import DomainError, PermissionDeniedError

pytestmark = pytest.mark.usefixtures("rulebook")


def test_rule_of_unknown_kind_is_refused_with_a_vietnamese_message(cast: Cast) -> None:
    data = small_rulebook("2026", "2026-01-01")
    data["awards"][0]["rules"].append(rule("la", "no_such_kind", {}))

    with pytest.raises(RulebookRejectedError) as refused:
        upload_rulebook(by=cast[Role.SYSTEM_ADMIN], data=data)

    assert any("no_such_kind" in message for message in refused.value.messages)
    assert RulebookVersion.objects.filter(label="2026").count() == 0


def test_missing_field_is_refused(cast: Cast) -> None:
    data = small_rulebook("2026", "2026-01-01")
    del data["awards"][0]["citation"]

    with pytest.raises(RulebookRejectedError, match="citation"):
        upload_rulebook(by=cast[Role.SYSTEM_ADMIN], data=data)


def test_only_the_system_administrator_publishes(cast: Cast) -> None:
    with pytest.raises(PermissionDeniedError):
        upload_rulebook(by=cast[Role.DEPT_OFFICER], data=small_rulebook("2026", "2026-01-01"))


def test_version_in_force_follows_the_dates_and_default_is_installed(cast: Cast) -> None:
    admin = cast[Role.SYSTEM_ADMIN]
    later = publish_rulebook(by=admin, data=small_rulebook("2030", "2030-01-01"))

    assert rulebook_in_force(dt.date(2024, 12, 31)).label == "Thử nghiệm 2000"  # type: ignore[union-attr]
    assert rulebook_in_force(dt.date(2029, 12, 31)).label == "2025.1"  # type: ignore[union-attr]
    assert rulebook_in_force(dt.date(2030, 1, 1)) == later
    assert rulebook_in_force(dt.date(1999, 1, 1)) is None


def test_published_version_cannot_be_published_again_or_deleted(cast: Cast) -> None:
    admin = cast[Role.SYSTEM_ADMIN]
    version = publish_rulebook(by=admin, data=small_rulebook("2030", "2030-01-01"))

    with pytest.raises(DomainError, match="đã ban hành"):
        publish_draft(version, by=admin)
    with pytest.raises(DomainError, match="không xóa được"):
        delete_draft(version, by=admin)
    assert version.status == RulebookStatus.PUBLISHED


def test_version_starting_before_the_one_in_force_is_refused(cast: Cast) -> None:
    admin = cast[Role.SYSTEM_ADMIN]
    draft = upload_rulebook(by=admin, data=small_rulebook("1999", "1999-01-01"))

    with pytest.raises(DomainError, match="phải sau ngày áp dụng"):
        publish_draft(draft, by=admin)

    draft.refresh_from_db()
    assert draft.status == RulebookStatus.DRAFT


def test_duplicate_label_is_refused(cast: Cast) -> None:
    with pytest.raises(RulebookRejectedError, match="Đã có phiên bản"):
        upload_rulebook(by=cast[Role.SYSTEM_ADMIN], data=small_rulebook())
