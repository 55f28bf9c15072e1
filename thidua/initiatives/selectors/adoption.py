"""Reads of nhân rộng (adoption): the adoptions a user may see, each with its indicators'
change, the recognised initiatives an officer may record an adoption of, and the units they may
record it for."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.initiatives.enums import InitiativeStatus
from thidua.initiatives.models import Adoption, AdoptionIndicator, Initiative
from thidua.organizations.models import Unit
from thidua.organizations.scoping import scope_q


@dataclass(frozen=True)
class IndicatorChange:
    indicator: AdoptionIndicator

    @property
    def places(self) -> int:
        """Decimals needed to show before and after without trailing zeros (45 → 15; 1.234,5)."""
        exponents = [
            value.normalize().as_tuple().exponent
            for value in (self.indicator.before, self.indicator.after)
        ]
        return max([0, *(-e for e in exponents if isinstance(e, int))])

    @property
    def delta(self) -> Decimal:
        return self.indicator.after - self.indicator.before

    @property
    def arrow(self) -> str:
        return "↑" if self.delta > 0 else ("↓" if self.delta < 0 else "=")

    @property
    def percent(self) -> Decimal | None:
        """The change as a percentage of the value before (None when it was 0)."""
        if self.indicator.before == 0:
            return None
        return (self.delta / abs(self.indicator.before) * 100).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class AdoptionLine:
    adoption: Adoption
    changes: list[IndicatorChange]


def adoptions_with_indicators() -> QuerySet[Adoption]:
    return Adoption.objects.select_related(
        "unit", "initiative__unit", "recorded_by"
    ).prefetch_related(Prefetch("indicators", queryset=AdoptionIndicator.objects.order_by("pk")))


def adoption_line(adoption: Adoption) -> AdoptionLine:
    return AdoptionLine(
        adoption=adoption,
        changes=[IndicatorChange(indicator) for indicator in adoption.indicators.all()],
    )


def adoptions_visible_to(user: User) -> QuerySet[Adoption]:
    """Adoptions at the units `user` sees initiatives of or records adoptions for, and the
    adoptions of initiatives of those units (where their initiatives spread)."""
    return (
        adoptions_with_indicators()
        .filter(
            scope_q(user, Perm.VIEW_INITIATIVE, "unit__path")
            | scope_q(user, Perm.RECORD_ADOPTION, "unit__path")
            | scope_q(user, Perm.VIEW_INITIATIVE, "initiative__unit__path")
        )
        .order_by("-adopted_on", "-pk")
    )


def recognised_initiatives() -> QuerySet[Initiative]:
    """Recognised initiatives (the list every staff member may read)."""
    return Initiative.objects.filter(status=InitiativeStatus.RECOGNISED).select_related("unit")


def adoption_units_for(user: User, initiative: Initiative) -> QuerySet[Unit]:
    """Units `user` may record an adoption of `initiative` for: where they hold RECORD_ADOPTION,
    active, outside the initiative's own unit and its subtree, not already adopting it."""
    return (
        Unit.objects.filter(scope_q(user, Perm.RECORD_ADOPTION, "path"), is_active=True)
        .exclude(path__startswith=initiative.unit.path)
        .exclude(adoptions__initiative=initiative)
        .order_by("path")
    )
