"""In-app notifications: writing them (any app's services and jobs), reading and marking them
read (the user's own, nobody else's).

A notification belongs to one user and is only ever shown to, or changed by, that user: the
reads below take the user and filter by it, so another user's notification is simply not found
(a 404 on the pages and the API). `key` makes a notification idempotent: a job that runs twice,
or a service that retries, writes it once (the database refuses a second row with the same
user and key).
"""

from collections.abc import Callable, Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from thidua.core.models import Notification

AnyUser = AbstractBaseUser | AnonymousUser

TITLE_MAX = Notification._meta.get_field("title").max_length or 200
URL_MAX = Notification._meta.get_field("url").max_length or 500
KEY_MAX = Notification._meta.get_field("key").max_length or 200
# The attribute the authentication backend sets on the user of each request (the count comes
# with the user's own row: the bell costs no query).
UNREAD_ATTR = "unread_notification_count"


def notify(
    user: AbstractBaseUser, title: str, body: str = "", url: str = "", key: str = ""
) -> Notification:
    """Notify `user` (in-app). With a `key`, a second call with the same key for the same user
    returns the notification already written and changes nothing, even when two processes race.

    `url` is a path inside the application ("/bao-cao/…") the notification opens.
    """
    fields = {"title": title[:TITLE_MAX], "body": body, "url": url[:URL_MAX]}
    if not key:
        return Notification.objects.create(user_id=user.pk, **fields)
    key = key[:KEY_MAX]
    existing = Notification.objects.filter(user_id=user.pk, key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Notification.objects.create(user_id=user.pk, key=key, **fields)
    except IntegrityError:
        # Another process wrote the same key in between: theirs is the one.
        return Notification.objects.get(user_id=user.pk, key=key)


def notify_many(
    users: Iterable[AbstractBaseUser], title: str, body: str = "", url: str = "", key: str = ""
) -> int:
    """Notify each user once (duplicates in `users` are ignored); with a `key`, users who
    already hold a notification with that key are skipped. Returns how many were written.
    Two queries whatever the number of users."""
    by_pk = {user.pk: user for user in users}
    if not by_pk:
        return 0
    key = key[:KEY_MAX]
    if key:
        already = set(
            Notification.objects.filter(user_id__in=by_pk, key=key).values_list(
                "user_id", flat=True
            )
        )
        by_pk = {pk: user for pk, user in by_pk.items() if pk not in already}
    now = timezone.now()
    rows = [
        Notification(
            user_id=user.pk,
            title=title[:TITLE_MAX],
            body=body,
            url=url[:URL_MAX],
            key=key,
            created_at=now,
        )
        for user in by_pk.values()
    ]
    # A race with another writer of the same key loses quietly (the unique constraint).
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(key))
    return len(rows)


def notifications_of(user: AnyUser, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nothing for an anonymous user)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    notifications = Notification.objects.filter(user_id=user.pk)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-pk")


def unread_count(user: AnyUser) -> int:
    """How many of the user's notifications are unread (one query, on the unread index)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def unread_count_expression() -> Coalesce:
    """The unread count of the user row of a User queryset, as an annotation (a subquery on
    the unread index)."""
    unread = (
        Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(unread), Value(0), output_field=IntegerField())


def lazy_unread_count(user: AnyUser) -> Callable[[], int]:
    """The unread count as a callable the templates call when they show it: read from the
    user's row when the authentication backend loaded it with the count (every signed-in page),
    else counted once (one query) however often the page uses it."""
    cached: list[int] = []

    def count() -> int:
        if not cached:
            loaded = getattr(user, UNREAD_ATTR, None)
            cached.append(loaded if isinstance(loaded, int) else unread_count(user))
        return cached[0]

    return count


def mark_read(notification: Notification, *, by: AnyUser) -> Notification:
    """Mark one of `by`'s notifications read (already read: unchanged). Someone else's
    notification is refused with LookupError: callers fetch through `notifications_of(by)`,
    so this is a programming error, never a user's."""
    if not by.is_authenticated or notification.user_id != by.pk:
        raise LookupError("A notification is only marked read by its own user.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, by: AnyUser) -> int:
    """Mark every unread notification of `by` read; returns how many were."""
    return notifications_of(by, unread_only=True).update(read_at=timezone.now())
