from typing import Any

from django.contrib.auth.backends import ModelBackend


class AuthenticationBackend(ModelBackend):
    """Checks user name and password, and nothing else.

    Permissions come from role assignments on units (django-rules, `organizations/rules.py`),
    never from Django's user and group permission tables; without this, every permission check
    that ends False would cost two queries reading those empty tables.
    """

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
