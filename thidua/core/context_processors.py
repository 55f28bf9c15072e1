from typing import Any

from django.http import HttpRequest

from thidua.core.notifications import lazy_unread_count


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Which menu entries this user sees (the same named permissions the pages check) and how
    many unread notifications the bell shows: one query, run only when a page shows the bell."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "movements": user.has_perm("movements.view_movement"),
            "reports": user.has_perm("reporting.view_report"),
            # Every signed-in user writes and reads their own initiatives (and the recognised list).
            "initiatives": True,
            "units": user.has_perm("organizations.view_unit"),
            "clusters": user.has_perm("organizations.view_cluster"),
            "people": user.has_perm("organizations.view_person"),
            "imports": user.has_perm("organizations.import_data"),
            "users": user.has_perm("organizations.manage_users"),
            "audit": user.has_perm("core.view_audit"),
            "documents": user.has_perm("documents.view_document"),
            "document_templates": user.has_perm("documents.manage_templates"),
            "summaries": user.has_perm("summaries.view_phase_report"),
            # Everyone reads their own award history (the menu's other entries check their perms).
            "awards": True,
            "unread_notifications": lazy_unread_count(user),
        }
    }
