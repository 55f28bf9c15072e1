"""Writing the rulebook: the default version installed, a new version uploaded as JSON (a
draft), checked and published. A published version is never edited: the catalogue changes by
a new version with its own start date, and evaluations record the version they used.

Only a system administrator on the whole tree (MANAGE_RULEBOOK at the root) writes it.
"""

import datetime as dt
import logging
from typing import NoReturn

from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.awards import clock
from thidua.awards.domain.rule_kinds import validate_rulebook
from thidua.awards.domain.rules import RulebookFormatError, RulebookSpec, from_json, to_json
from thidua.awards.enums import RulebookStatus
from thidua.awards.models import RulebookVersion
from thidua.awards.selectors.rulebook import rulebook_in_force
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.organizations.scoping import reaches_root

logger = logging.getLogger(__name__)

MAX_NOTE = 2000


class RulebookRejectedError(DomainError):
    """A rulebook that cannot be stored: `messages` lists every problem, in Vietnamese."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(messages[0] if messages else "Bộ quy tắc không hợp lệ.", field="file")
        self.messages = messages


def _refuse(message: str, *, by: User | None) -> NoReturn:
    logger.info("awards rulebook refusal for user %s: %s", getattr(by, "pk", None), message)
    raise DomainError(message)


def check_can_manage(by: User) -> None:
    if not reaches_root(by, Perm.MANAGE_RULEBOOK):
        logger.info("awards rulebook refusal for user %s: not a system administrator", by.pk)
        raise PermissionDeniedError("Chỉ quản trị hệ thống được ban hành bộ quy tắc khen thưởng.")


def check_rulebook(data: object) -> RulebookSpec:
    """The engine's rulebook read from uploaded JSON, or RulebookRejectedError with every problem:
    a missing or mistyped field (`from_json`), a rule of an unknown kind, a rule reading an
    unknown fact, a bad parameter (`validate_rulebook`)."""
    try:
        spec = from_json(data)
    except RulebookFormatError as error:
        raise RulebookRejectedError(list(error.messages)) from None
    problems = list(validate_rulebook(spec))
    if problems:
        raise RulebookRejectedError([str(problem) for problem in problems])
    return spec


def _store(spec: RulebookSpec, *, by: User | None, status: str, note: str) -> RulebookVersion:
    if RulebookVersion.objects.filter(label=spec.version).exists():
        raise RulebookRejectedError(
            [f"Đã có phiên bản “{spec.version}”: hãy đặt tên phiên bản khác (trường “version”)."]
        )
    try:
        with transaction.atomic():
            return RulebookVersion.objects.create(
                label=spec.version,
                effective_from=spec.effective_from,
                status=status,
                spec=to_json(spec),
                citation=spec.citation[:500],
                note=note.strip()[:MAX_NOTE],
                created_by=by,
                published_by=by if status == RulebookStatus.PUBLISHED else None,
                published_at=timezone.now() if status == RulebookStatus.PUBLISHED else None,
            )
    except IntegrityError:
        raise RulebookRejectedError(
            [f"Đã có phiên bản “{spec.version}” hoặc một phiên bản ban hành cùng ngày áp dụng."]
        ) from None


@transaction.atomic
def upload_rulebook(*, by: User, data: object, note: str = "") -> RulebookVersion:
    """Keep an uploaded rulebook as a draft once it is valid (see check_rulebook); its version
    label must be new. Audited."""
    check_can_manage(by)
    try:
        spec = check_rulebook(data)
        version = _store(spec, by=by, status=RulebookStatus.DRAFT, note=note)
    except RulebookRejectedError as error:
        logger.info("awards rulebook refused for user %s: %s", by.pk, error.messages)
        raise
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=version,
        changes={"effective_from": [None, version.effective_from.isoformat()]},
    )
    return version


def _check_publishable(spec: RulebookSpec, *, by: User, today: dt.date) -> None:
    current = rulebook_in_force(today)
    if current is not None and spec.effective_from <= current.effective_from:
        _refuse(
            f"Ngày áp dụng {spec.effective_from:%d/%m/%Y} phải sau ngày áp dụng của phiên bản "
            f"đang áp dụng “{current.label}” ({current.effective_from:%d/%m/%Y}): một phiên bản "
            "mới không thay đổi các năm đã xét.",
            by=by,
        )
    clash = RulebookVersion.objects.filter(
        status=RulebookStatus.PUBLISHED, effective_from=spec.effective_from
    ).first()
    if clash is not None:
        _refuse(
            f"Phiên bản “{clash.label}” đã ban hành với cùng ngày áp dụng "
            f"{spec.effective_from:%d/%m/%Y}.",
            by=by,
        )


@transaction.atomic
def publish_draft(version: RulebookVersion, *, by: User) -> RulebookVersion:
    """Publish a draft: checked again, then in force from its date. Refuses: a version already
    published; a start on or before that of the version in force (past years keep their rules);
    a start taken by another published version."""
    check_can_manage(by)
    version = RulebookVersion.objects.select_for_update().get(pk=version.pk)
    if version.status == RulebookStatus.PUBLISHED:
        _refuse(f"Phiên bản “{version.label}” đã ban hành: không sửa, không ban hành lại.", by=by)
    spec = check_rulebook(version.spec)
    _check_publishable(spec, by=by, today=clock.today())
    version.status = RulebookStatus.PUBLISHED
    version.published_by = by
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_by", "published_at", "updated_at"])
    record_audit(
        actor=by,
        action=AuditAction.APPROVE,
        target=version,
        changes={"status": [RulebookStatus.DRAFT.value, RulebookStatus.PUBLISHED.value]},
    )
    return version


@transaction.atomic
def publish_rulebook(*, by: User, data: object, note: str = "") -> RulebookVersion:
    """Check and publish a rulebook in one step (the API and scripts): upload_rulebook then
    publish_draft, nothing stored when either refuses."""
    return publish_draft(upload_rulebook(by=by, data=data, note=note), by=by)


@transaction.atomic
def delete_draft(version: RulebookVersion, *, by: User) -> None:
    """Drop a draft that will not be published; a published version is never deleted."""
    check_can_manage(by)
    if version.status == RulebookStatus.PUBLISHED:
        _refuse(f"Phiên bản “{version.label}” đã ban hành: không xóa được.", by=by)
    record_audit(actor=by, action=AuditAction.DELETE, target=version)
    version.delete()


@transaction.atomic
def install_default_awards_rulebook() -> RulebookVersion:
    """Write the engine's default rulebook as a published version unless a version of that
    label is there (idempotent): what migration 0002 runs, and the tests' and demo's installers."""
    from thidua.awards.domain.default_rulebook import default_rulebook

    spec = default_rulebook()
    existing = RulebookVersion.objects.filter(label=spec.version).first()
    if existing is not None:
        return existing
    return _store(spec, by=None, status=RulebookStatus.PUBLISHED, note="Bộ quy tắc mặc định.")
