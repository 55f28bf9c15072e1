from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from thidua.core.notifications import UNREAD_ATTR, unread_count_expression
from thidua.core.user_annotations import user_annotations


class AuthenticationBackend(ModelBackend):
    """Checks user name and password, and nothing else.

    Permissions come from role assignments on units (django-rules, `organizations/rules.py`),
    never from Django's user and group permission tables; without this, every permission check
    that ends False would cost two queries reading those empty tables.
    """

    def get_user(self, user_id: Any) -> Any:
        """The signed-in user of a request, loaded with the count of their unread notifications
        (the navbar's bell) and the apps' registered figures (`core.user_annotations`, e.g. the
        council member's menu entry) in the same query, so that no page pays a query for them."""
        model = get_user_model()
        try:
            user = model._default_manager.annotate(
                **{UNREAD_ATTR: unread_count_expression()}, **user_annotations()
            ).get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False
