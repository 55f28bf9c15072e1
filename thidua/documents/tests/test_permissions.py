"""The documents' named permissions answer like every other (`user.has_perm`), judged on the
unit path of the data a document carries, and the menu shows "Văn bản" to those who may read."""

import pytest
from django.urls import reverse

from thidua.accounts.roles import Role
from thidua.documents.tests.issuing_support import issue


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path


def test_view_document_is_judged_at_the_documents_unit(org, cast):
    officer = cast[Role.DEPT_OFFICER]
    at_a = issue(officer, org.a.path)
    at_b = issue(officer, org.b.path)
    unit_officer = cast[Role.UNIT_OFFICER]  # holds its grant on Bệnh viện A

    assert unit_officer.has_perm("documents.view_document", at_a) is True
    assert unit_officer.has_perm("documents.view_document", at_b) is False
    assert cast[Role.STAFF].has_perm("documents.view_document", at_a) is False


def test_menu_shows_documents_to_readers_only(client, cast):
    client.force_login(cast[Role.UNIT_OFFICER])
    officer_page = client.get(reverse("home")).content.decode()
    client.force_login(cast[Role.STAFF])
    staff_page = client.get(reverse("home")).content.decode()

    link = f'href="{reverse("documents:register")}">Văn bản</a>'
    assert link in officer_page
    assert link not in staff_page
