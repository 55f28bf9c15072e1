"""The navbar's menus, built in Python.

Every page of the application shows them: through the template engine their thirty-odd
`{% if %}` and `{% url %}` tags cost more than many a page's own content (about a third of the
bare layout's time above a trivial view). Here each entry is one line of a list, its address
reversed once per process (an address depends only on the URL configuration and the script
prefix, both in the cache key), and every label and address escaped by format_html.

What an entry needs to be shown is what base.html asked before: the `nav` flags of the
navigation context processor, the user's permissions, and the figures loaded with the user's
own row (`core.user_annotations`: the unread count, council membership) and their own person.
"""

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from thidua.core.prepared import PreparedQuery

register = template.Library()

# The awards menu's entry for the members of a council (awards registers the annotation).
COUNCIL_MEMBER_ATTR = "is_award_council_member"


@lru_cache(maxsize=512)
def _reverse(urlconf: str, prefix: str, name: str, args: tuple[Any, ...]) -> str:
    return reverse(name, urlconf=urlconf, args=list(args))


def url(name: str, *args: Any) -> str:
    """`reverse(name, args)`, computed once per URL configuration and script prefix."""
    return _reverse(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name, args)


def _links(entries: Iterable[tuple[str, str, str]], section: str) -> SafeString:
    """`<li>` nav links of (label, address, section): the current section's is active."""
    return format_html_join(
        "",
        '<li class="nav-item"><a class="nav-link{}" href="{}">{}</a></li>',
        ((" active" if key == section else "", href, label) for label, href, key in entries),
    )


def _dropdown(label: str, active: bool, items: Iterable[tuple[str, str]]) -> SafeString:
    return format_html(
        '<li class="nav-item dropdown"><a class="nav-link dropdown-toggle{}" href="#" '
        'role="button" data-bs-toggle="dropdown" aria-expanded="false">{}</a>\n'
        '<ul class="dropdown-menu">{}</ul></li>',
        " active" if active else "",
        label,
        _items(items),
    )


def _items(items: Iterable[tuple[str, str]]) -> SafeString:
    return format_html_join(
        "", '<li><a class="dropdown-item" href="{}">{}</a></li>', ((h, t) for t, h in items)
    )


def _awards(user: Any) -> list[tuple[str, str]]:
    may = user.has_perm
    eligibility, nominations = may("awards.view_eligibility"), may("awards.view_nominations")
    items = []
    if eligibility:
        items.append(("Xét điều kiện khen thưởng", url("awards:eligibility")))
    if nominations:
        items.append(("Đợt xét, đề nghị khen thưởng", url("awards:rounds")))
    if nominations or may("awards.manage_councils"):
        items.append(("Hội đồng, quyết định khen thưởng", url("awards:councils")))
    if getattr(user, COUNCIL_MEMBER_ATTR, False):
        items.append(("Phiên họp Hội đồng của tôi", url("awards:my_council_sessions")))
    items.append(("Lịch sử khen thưởng", url("awards:history")))
    if eligibility:
        items.append(("Bộ quy tắc khen thưởng", url("awards:rulebook_list")))
    if may("awards.edit_award_inputs"):
        items.append(("Nhập Excel xếp loại, khen thưởng", url("awards:import", "xep-loai")))
    return items


@register.simple_tag(takes_context=True)
def main_menu(context: Any) -> SafeString:
    """The left menu: the sections the user may open, the current one active."""
    nav, section, user = context.get("nav") or {}, context.get("section") or "", context["user"]
    before_awards = [
        ("movements", "Phong trào", "movements:movement_list"),
        ("reports", "Báo cáo, chấm điểm", "reporting:home"),
        ("initiatives", "Sáng kiến", "initiatives:initiative_list"),
        ("units", "Đơn vị", "organizations:unit_tree"),
        ("clusters", "Cụm, khối thi đua", "organizations:cluster_list"),
        ("people", "Cán bộ, viên chức", "organizations:person_list"),
        ("imports", "Nhập Excel", "organizations:import_list"),
        ("users", "Tài khoản, phân quyền", "organizations:user_list"),
    ]
    parts = [
        _links(
            ((label, url(name), key) for key, label, name in before_awards if nav.get(key)), section
        )
    ]
    if nav.get("awards"):
        parts.append(_dropdown("Khen thưởng", section == "awards", _awards(user)))
    if nav.get("summaries"):
        parts.append(
            _links([("Sơ kết, tổng kết", url("summaries:report_list"), "summaries")], section)
        )
    if nav.get("document_templates"):
        register_item = [("Sổ văn bản", url("documents:register"))] if nav.get("documents") else []
        parts.append(
            _dropdown(
                "Văn bản",
                section == "documents",
                [*register_item, ("Mẫu văn bản", url("documents:template_list"))],
            )
        )
    elif nav.get("documents"):
        parts.append(_links([("Văn bản", url("documents:register"), "documents")], section))
    if nav.get("audit"):
        parts.append(_links([("Nhật ký", url("core:audit_list"), "audit")], section))
    return format_html('<ul class="navbar-nav me-auto">{}</ul>', SafeString("\n".join(parts)))


@register.simple_tag(takes_context=True)
def user_menu(context: Any) -> SafeString:
    """The bell (with the unread count) and the user's own menu; the sign-out form carries the
    request's CSRF token as `{% csrf_token %}` would."""
    nav, section, user = context.get("nav") or {}, context.get("section") or "", context["user"]
    count = nav.get("unread_notifications")
    unread = count() if callable(count) else count
    badge = (
        format_html(
            ' <span class="badge rounded-pill text-bg-warning" data-unread-count>{}'
            '<span class="visually-hidden"> chưa đọc</span></span>',
            unread,
        )
        if unread
        else ""
    )
    bell = format_html(
        '<li class="nav-item"><a class="nav-link td-bell text-nowrap{}" href="{}" '
        'title="Thông báo"><i class="bi bi-bell{}" aria-hidden="true"></i>'
        '<span class="visually-hidden">Thông báo</span>{}</a></li>',
        " active" if section == "notifications" else "",
        url("core:notification_list"),
        "-fill" if unread else "",
        badge,
    )
    own: list[tuple[str, str]] = []
    person_id = _own_person_id(user)
    if person_id:
        own = [
            ("Hồ sơ của tôi", url("organizations:person_detail", person_id)),
            ("Đăng ký thi đua của tôi", url("movements:my_registrations")),
        ]
    account = [
        ("Bảo mật tài khoản", url("accounts:security")),
        ("Đổi mật khẩu", url("accounts:password_change")),
        ("Mã truy cập API", url("accounts:token_list")),
    ]
    csrf = context.get("csrf_token")
    return format_html(
        '<ul class="navbar-nav">{}\n<li class="nav-item dropdown">'
        '<a class="nav-link dropdown-toggle" href="#" role="button" data-bs-toggle="dropdown" '
        'aria-expanded="false"><i class="bi bi-person-circle" aria-hidden="true"></i> {}</a>\n'
        '<ul class="dropdown-menu dropdown-menu-end">{}'
        '<li><hr class="dropdown-divider"></li>'
        '<li><form method="post" action="{}">{}<button class="dropdown-item" type="submit">'
        "Đăng xuất</button></form></li></ul></li></ul>",
        bell,
        user.display_name,
        _items([*own, *account]),
        url("accounts:logout"),
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf)
        if csrf and csrf != "NOTPROVIDED"  # what {% csrf_token %} shows
        else "",
    )


def _own_person_id(user: Any) -> int | None:
    """The id of the user's own person record (None for an account without one), read as the
    relation `user.person` reads it and left cached there for the pages that show it further
    down; by a prepared query (`core.prepared`: the relation's own query cost ~0,8 ms a page)."""
    relation = user._meta.get_field("person")
    if relation.is_cached(user):
        person = relation.get_cached_value(user)
    else:
        person = _person_of_user(relation.related_model).first(user.pk)
        relation.set_cached_value(user, person)
        if person is not None:
            relation.field.set_cached_value(person, user)
    return person.pk if person is not None else None


@lru_cache(maxsize=4)
def _person_of_user(model: Any) -> PreparedQuery[Any]:
    """The person record of a user, by the user's id (the model comes from the relation: core
    does not import the organisation app)."""
    return PreparedQuery(lambda user: model._default_manager.filter(user_id=user)[:1], int)
