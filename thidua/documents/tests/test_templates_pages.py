"""The template pages: the list with the version in force, the edit form with its errors at
each field, history and restore, the PDF preview; only for who may manage templates, at their
units; the menu entry."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.accounts.roles import Role
from thidua.documents.models import DocumentTemplate
from thidua.documents.services.templates import save_template
from thidua.documents.tests.conftest import TEST_KEY

LIST_URL = "/van-ban/mau/"
EDIT_URL = f"/van-ban/mau/{TEST_KEY}/"
PREVIEW_URL = f"/van-ban/mau/{TEST_KEY}/xem-thu/"


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


def _form(spec: Any, unit_path: str, action: str = "luu", **changes: str) -> dict[str, str]:
    return {"don_vi": unit_path, "action": action, "ghi_chu": "", **spec.defaults(), **changes}


def _row(page: str, key: str) -> str:
    start = page.index(f'data-template="{key}"')
    return page[start : page.index("</tr>", start)]


def test_list_shows_each_template_on_its_defaults(
    client: Client, cast, org, test_template, django_assert_max_num_queries
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    with django_assert_max_num_queries(9):
        response = client.get(LIST_URL)

    row = _row(response.content.decode(), TEST_KEY)
    assert response.status_code == 200
    assert "Quyết định công nhận sáng kiến (thử nghiệm)" in row
    assert "Mặc định" in row


def test_list_shows_the_version_in_force_and_who_saved_it(
    client: Client, cast, org, test_template
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    save_template(by=officer, key=TEST_KEY, unit_path=org.root.path, texts=test_template.defaults())
    client.force_login(officer)

    row = _row(client.get(LIST_URL).content.decode(), TEST_KEY)

    assert "Phiên bản 1" in row
    assert officer.display_name in row


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.DEPT_LEADER, Role.STAFF])
def test_template_pages_are_refused_without_the_permission(
    client: Client, cast, org, test_template, role: Role
) -> None:
    client.force_login(cast[role])

    statuses = [client.get(url).status_code for url in (LIST_URL, EDIT_URL, PREVIEW_URL)]
    posted = client.post(EDIT_URL, _form(test_template, org.a.path))

    assert statuses == [403, 403, 403]
    assert posted.status_code == 403
    assert DocumentTemplate.objects.count() == 0


def test_edit_page_shows_a_field_per_template_field_and_the_placeholders(
    client: Client, cast, org, test_template, django_assert_max_num_queries
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    with django_assert_max_num_queries(10):
        response = client.get(EDIT_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert '<textarea name="preamble"' in page  # a lines field
    assert '<input type="text" name="signer_name"' in page
    assert 'data-insert="{{so_luong}}"' in page
    assert "Số sáng kiến được công nhận" in page
    assert "Ghi chú thay đổi" in page
    assert "Đang áp dụng tại Sở Y tế Hà Nội: mẫu mặc định." in page


def test_edit_shows_each_error_at_its_field_and_saves_nothing(
    client: Client, cast, org, test_template
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        EDIT_URL,
        _form(test_template, org.root.path, article_1="Năm {{khong_co}}", summary="{{nam"),
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors == {
        "summary": ["Có “{{” hoặc “}}” chưa đóng mở đúng cặp."],
        "article_1": [
            "Không có trường trộn {{khong_co}}. Các trường dùng được: {{so_luong}}, {{nam}}."
        ],
    }
    page = response.content.decode()
    assert 'data-field-error="article_1"' in page
    assert 'aria-invalid="true"' in page
    assert "Năm {{khong_co}}" in page  # what was typed stays
    assert DocumentTemplate.objects.count() == 0


def test_edit_saves_a_version_and_the_history_shows_what_changed(
    client: Client, cast, org, test_template
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    client.force_login(officer)

    response = client.post(
        EDIT_URL,
        _form(
            test_template,
            org.root.path,
            article_1="Công nhận {{so_luong}} sáng kiến xuất sắc năm {{nam}}.",
            ghi_chu="Theo Quy chế mới",
        ),
        follow=True,
    )

    page = response.content.decode()
    history = page[page.index("data-history") :]
    assert response.redirect_chain == [(f"{EDIT_URL}?don_vi=%2F{org.root.pk}%2F", 302)]
    assert (
        "Đã lưu mẫu “Quyết định công nhận sáng kiến (thử nghiệm)” phiên bản 1 cho Sở Y tế Hà Nội."
        in page
    )
    assert "Phiên bản 1" in history
    assert "Theo Quy chế mới" in history
    assert "<ins>Công nhận {{so_luong}} sáng kiến xuất sắc năm {{nam}}.</ins>" in history
    row = DocumentTemplate.objects.get()
    assert (row.version, row.created_by_id, row.note) == (1, officer.pk, "Theo Quy chế mới")


def test_edit_restore_saves_the_defaults_as_a_new_version(
    client: Client, cast, org, test_template
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    save_template(
        by=officer,
        key=TEST_KEY,
        unit_path=org.root.path,
        texts=test_template.defaults() | {"archive_note": "VT, TCCB"},
    )
    client.force_login(officer)

    response = client.post(
        EDIT_URL, _form(test_template, org.root.path, "khoi_phuc", archive_note="đang gõ dở")
    )

    assert response.status_code == 302
    latest = DocumentTemplate.objects.order_by("-version").first()
    assert (latest.version, latest.texts, latest.note) == (
        2,
        test_template.defaults(),
        "Khôi phục mặc định",
    )


def test_edit_for_a_unit_not_the_users_is_refused(client: Client, cast, org, test_template) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    shown = client.get(EDIT_URL, {"don_vi": org.a.path})
    posted = client.post(EDIT_URL, _form(test_template, org.a.path))

    assert shown.status_code == 404
    assert posted.status_code == 200
    assert posted.context["form"].errors["don_vi"] == [
        "Bạn không được sửa mẫu văn bản của đơn vị này."
    ]
    assert DocumentTemplate.objects.count() == 0


def test_unknown_template_is_a_404(client: Client, cast, org) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    assert client.get("/van-ban/mau/khong.co/").status_code == 404
    assert client.get("/van-ban/mau/khong.co/xem-thu/").status_code == 404


def test_preview_returns_the_pdf_inline(client: Client, cast, org, test_template) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    shown = client.get(PREVIEW_URL)
    typed = client.post(
        EDIT_URL, _form(test_template, org.root.path, "xem_thu", article_1="Điều thử {{nam}}.")
    )

    assert shown.status_code == 200
    assert shown["Content-Type"] == "application/pdf"
    assert shown["Content-Disposition"] == f'inline; filename="xem-thu-{TEST_KEY}.pdf"'
    assert shown.content.startswith(b"%PDF")
    assert typed["Content-Type"] == "application/pdf"
    assert DocumentTemplate.objects.count() == 0  # a preview saves nothing


def test_preview_of_wrong_texts_shows_the_errors_instead(
    client: Client, cast, org, test_template
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        EDIT_URL, _form(test_template, org.root.path, "xem_thu", article_1="{{khong_co}}")
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["article_1"]


def test_menu_shows_templates_to_those_who_may_manage_them(client: Client, cast) -> None:
    link = f'href="{reverse("documents:template_list")}">Mẫu văn bản</a>'
    client.force_login(cast[Role.DEPT_OFFICER])
    officer_page = client.get(reverse("home")).content.decode()
    client.force_login(cast[Role.UNIT_OFFICER])
    unit_page = client.get(reverse("home")).content.decode()

    assert link in officer_page
    assert f'href="{reverse("documents:register")}">Sổ văn bản</a>' in officer_page
    assert link not in unit_page
    assert f'href="{reverse("documents:register")}">Văn bản</a>' in unit_page


def test_edit_page_queries_do_not_grow_with_the_history(
    client: Client, cast, org, test_template, django_assert_max_num_queries
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    for version in range(1, 7):
        save_template(
            by=officer,
            key=TEST_KEY,
            unit_path=org.root.path,
            texts=test_template.defaults() | {"archive_note": f"VT, TCCB{version}"},
        )
    client.force_login(officer)

    with django_assert_max_num_queries(10):
        response = client.get(EDIT_URL)

    assert response.content.decode().count("data-version=") == 6
