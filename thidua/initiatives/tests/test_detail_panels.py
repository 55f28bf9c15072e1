"""The initiative's page carries the council's decision and where it spread (the panels of the
decisions area inside the submission area's page)."""

import pytest
from django.urls import reverse

from thidua.accounts.roles import Role
from thidua.initiatives.enums import InitiativeStatus, RecognitionLevel
from thidua.initiatives.tests.decision_factories import (
    make_adoption,
    make_closed_round,
    make_decision,
)


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path


def test_detail_page_shows_decision_number_and_adopting_unit(client, org, cast):
    setup = make_closed_round(org.a, titles=("Đặt lịch khám trực tuyến",))
    initiative = setup.initiatives[0]
    decision = make_decision(setup, initiative, recognised=True)
    initiative.status = InitiativeStatus.RECOGNISED
    initiative.level = RecognitionLevel.BASE
    initiative.save()
    make_adoption(initiative, org.b)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(reverse("initiatives:initiative_detail", args=[initiative.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert f"Quyết định số <strong>{decision.number}</strong>" in html
    assert "Nhân rộng: 1 đơn vị áp dụng" in html
    assert "Bệnh viện B" in html


def test_detail_page_of_a_draft_has_no_decision_panels(client, org, cast):
    setup = make_closed_round(org.a, titles=("Đặt lịch khám trực tuyến",))
    initiative = setup.initiatives[0]
    initiative.status = InitiativeStatus.ADMITTED
    initiative.save()
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(reverse("initiatives:initiative_detail", args=[initiative.pk]))

    assert response.status_code == 200
    assert "khung-quyet-dinh" not in response.content.decode()
