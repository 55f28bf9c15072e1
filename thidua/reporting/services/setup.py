"""The reporting setup of a movement: which periods units report, warnings, reminders,
tie-breaks, and the approval levels (khoa/phòng → đơn vị → Sở)."""

from django.db import transaction

from thidua.movements.models import Movement
from thidua.reporting.models import ApprovalLevel, ReportingSetup

# The default levels, by depth below the organising unit (0 = the organising unit itself, the
# Sở; 1 = its units). A khoa/phòng level (2) is added by the department when khoa heads approve.
DEFAULT_LEVELS = ((1, "Đơn vị"), (0, "Sở"))


@transaction.atomic
def ensure_setup(movement: Movement) -> ReportingSetup:
    """The movement's setup, created with the defaults (quarterly and yearly reports, a warning
    at a threefold jump, reminders 7 and 1 days before the due date, then every 3 days, and the
    two levels đơn vị → Sở) the first time anyone needs it. Idempotent, so no audit entry: the
    defaults are not a decision of anyone's; changes to them are audited by their service."""
    setup, created = ReportingSetup.objects.get_or_create(movement=movement)
    if created and not ApprovalLevel.objects.filter(movement=movement).exists():
        owner_depth = movement.owner.depth
        ApprovalLevel.objects.bulk_create(
            ApprovalLevel(movement=movement, depth=owner_depth + below, name=name)
            for below, name in DEFAULT_LEVELS
        )
    return setup
