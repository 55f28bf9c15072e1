"""Writes of the duplicate detector: each initiative's fingerprint (its canonical words per
sentence, `similarity.Profile.to_data`), kept in step with its text.

Derived data, not a user's write: no audit entry. The submission services call
`refresh_fingerprint` inside their own transaction after any change of the title, problem,
solution or effect; `rebuild_fingerprints` (the management command, the demo, a change of
`similarity.ALGORITHM`) recomputes all of them.
"""

from django.db import transaction

from thidua.initiatives import similarity
from thidua.initiatives.models import Initiative, InitiativeFingerprint

_TEXT_FIELDS = ("id", "title", "problem", "solution", "effect")


def _fingerprint_of(initiative: Initiative) -> InitiativeFingerprint:
    profile = similarity.analyse(
        title=initiative.title,
        problem=initiative.problem,
        solution=initiative.solution,
        effect=initiative.effect,
    ).profile
    return InitiativeFingerprint(
        initiative_id=initiative.pk,
        algorithm=similarity.ALGORITHM,
        normalised=profile.normalised,
        features=profile.to_data(),
    )


def refresh_fingerprint(initiative: Initiative) -> None:
    """Recompute and store the initiative's fingerprint from its current text (saved or not:
    the fields as they are on the instance)."""
    fingerprint = _fingerprint_of(initiative)
    InitiativeFingerprint.objects.update_or_create(
        initiative_id=initiative.pk,
        defaults={
            "algorithm": fingerprint.algorithm,
            "normalised": fingerprint.normalised,
            "features": fingerprint.features,
        },
    )


def rebuild_fingerprints(*, batch_size: int = 500) -> int:
    """Recompute every initiative's fingerprint, `batch_size` at a time (each batch one
    transaction: replaced in bulk). Returns how many initiatives were fingerprinted."""
    count = 0
    last_id = 0
    while True:
        batch = list(
            Initiative.objects.filter(pk__gt=last_id)
            .order_by("pk")
            .only(*_TEXT_FIELDS)[:batch_size]
        )
        if not batch:
            return count
        rows = [_fingerprint_of(initiative) for initiative in batch]
        with transaction.atomic():
            InitiativeFingerprint.objects.filter(
                initiative_id__in=[initiative.pk for initiative in batch]
            ).delete()
            InitiativeFingerprint.objects.bulk_create(rows)
        count += len(batch)
        last_id = batch[-1].pk
