"""Nominations: a unit proposes its people and collectives for a round's awards, with the
engine's evaluation stored; refusals (scope, duplicate, deadline, justification); the dossier;
sending; thẩm định (return, resend, accept, accept with justification); audit."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.awards.enums import AttachmentKind, NominationStatus, RoundStatus
from thidua.awards.models import DisciplineRecord, Nomination, NominationAction, YearlyRating
from thidua.awards.services.nominations import (
    accept_nomination,
    accept_with_override,
    add_attachment,
    create_nomination,
    return_nomination,
    submit_nomination,
    submit_unit_list,
    update_nomination,
    withdraw_nomination,
)
from thidua.awards.tests.rounds_support import (
    PDF,
    YEAR,
    attach_dossier,
    make_people,
    make_round,
    pdf_upload,
)
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditEntry

pytestmark = pytest.mark.usefixtures("rulebook")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_eligible_person_is_nominated_with_the_evaluation_and_its_rulebook(
    org: Org, cast: Cast
) -> None:
    people = make_people(org)
    round_ = make_round(org)

    item = create_nomination(
        by=cast[Role.UNIT_OFFICER],
        round_=round_,
        unit=org.a,
        award_code="cstdcs",
        person=people.good,
    )

    assert (item.status, item.eligible, item.rulebook_version.label) == (
        NominationStatus.DRAFT,
        True,
        "Thử nghiệm 2000",
    )
    assert item.evaluation["rulebook_version"] == "Thử nghiệm 2000"
    assert [r["code"] for r in item.evaluation["results"]] == ["xep_loai"]
    assert AuditEntry.objects.filter(target_type="awards.nomination", action="create").count() == 1


def test_person_of_another_branch_is_refused_as_out_of_scope(org: Org, cast: Cast) -> None:
    people = make_people(org)
    round_ = make_round(org)

    with pytest.raises(DomainError) as caught:
        create_nomination(
            by=cast[Role.UNIT_OFFICER],
            round_=round_,
            unit=org.a,
            award_code="ldtt",
            person=people.other_branch,
        )

    assert caught.value.message == (
        "Phạm Thị Dung không thuộc Bệnh viện A: đơn vị chỉ đề nghị khen thưởng cá nhân, tập thể "
        "của mình."
    )
    assert Nomination.objects.count() == 0


def test_unit_officer_cannot_nominate_as_another_hospital(org: Org, cast: Cast) -> None:
    people = make_people(org)

    with pytest.raises(PermissionDeniedError) as caught:
        create_nomination(
            by=cast[Role.UNIT_OFFICER],
            round_=make_round(org),
            unit=org.b,
            award_code="ldtt",
            person=people.other_branch,
        )

    assert caught.value.message == "Bạn không có quyền lập đề nghị khen thưởng của Bệnh viện B."


def test_same_person_and_award_twice_in_a_round_is_refused(org: Org, cast: Cast) -> None:
    people = make_people(org)
    round_ = make_round(org)
    create_nomination(
        by=cast[Role.DEPT_OFFICER], round_=round_, unit=org.a, award_code="ldtt", person=people.fair
    )

    with pytest.raises(DomainError) as caught:
        create_nomination(
            by=cast[Role.UNIT_OFFICER],
            round_=round_,
            unit=org.a,
            award_code="ldtt",
            person=people.fair,
        )

    assert caught.value.message == (
        "Trần Văn Bình đã có trong đợt xét với “Lao động tiên tiến” (do Bệnh viện A đề nghị)."
    )
    assert Nomination.objects.count() == 1


def test_withdrawn_nomination_frees_its_place(org: Org, cast: Cast) -> None:
    people = make_people(org)
    round_ = make_round(org)
    officer = cast[Role.UNIT_OFFICER]
    first = create_nomination(
        by=officer, round_=round_, unit=org.a, award_code="ldtt", person=people.fair
    )
    withdraw_nomination(by=officer, nomination=first)

    again = create_nomination(
        by=officer, round_=round_, unit=org.a, award_code="ldtt", person=people.fair
    )

    assert list(Nomination.objects.order_by("id").values_list("status", flat=True)) == [
        NominationStatus.WITHDRAWN,
        NominationStatus.DRAFT,
    ]
    assert again.pk != first.pk


def test_nomination_after_the_deadline_is_refused(org: Org, cast: Cast) -> None:
    people = make_people(org)
    round_ = make_round(org, nomination_deadline=timezone.localdate() - dt.timedelta(days=1))

    with pytest.raises(DomainError) as caught:
        create_nomination(
            by=cast[Role.UNIT_OFFICER],
            round_=round_,
            unit=org.a,
            award_code="ldtt",
            person=people.fair,
        )

    assert caught.value.message.startswith("Đã quá hạn gửi đề nghị của đợt xét (hết ngày ")


def test_nomination_in_a_draft_round_is_refused(org: Org, cast: Cast) -> None:
    people = make_people(org)

    with pytest.raises(DomainError, match="không nhận đề nghị"):
        create_nomination(
            by=cast[Role.UNIT_OFFICER],
            round_=make_round(org, status=RoundStatus.DRAFT),
            unit=org.a,
            award_code="ldtt",
            person=people.fair,
        )


def test_failing_candidate_without_justification_is_refused_luat_tdkt(org: Org, cast: Cast) -> None:
    people = make_people(org)

    with pytest.raises(DomainError) as caught:
        create_nomination(
            by=cast[Role.UNIT_OFFICER],
            round_=make_round(org),
            unit=org.a,
            award_code="ldtt",
            person=people.weak,
        )

    assert caught.value.field == "justification"
    assert caught.value.message.startswith("Lê Văn Cường chưa đủ điều kiện “Lao động tiên tiến” (")
    assert caught.value.message.endswith("chỉ đề nghị được khi có giải trình bằng văn bản.")


def test_failing_candidate_with_justification_is_kept_with_it(org: Org, cast: Cast) -> None:
    people = make_people(org)

    item = create_nomination(
        by=cast[Role.UNIT_OFFICER],
        round_=make_round(org),
        unit=org.a,
        award_code="ldtt",
        person=people.weak,
        justification="Có thành tích đột xuất trong cấp cứu hàng loạt tháng 9/2024.",
    )

    assert (item.eligible, item.override_justification) == (
        False,
        "Có thành tích đột xuất trong cấp cứu hàng loạt tháng 9/2024.",
    )
    assert list(NominationAction.objects.values_list("kind", "note")) == [
        ("create", "Có thành tích đột xuất trong cấp cứu hàng loạt tháng 9/2024.")
    ]


def test_removing_the_justification_of_a_failing_candidate_is_refused(org: Org, cast: Cast) -> None:
    people = make_people(org)
    officer = cast[Role.UNIT_OFFICER]
    item = create_nomination(
        by=officer,
        round_=make_round(org),
        unit=org.a,
        award_code="ldtt",
        person=people.weak,
        justification="Lý do đặc biệt.",
    )

    with pytest.raises(DomainError, match="phải giữ giải trình"):
        update_nomination(by=officer, nomination=item, achievement_summary="", justification=" ")


def test_collective_award_for_a_person_is_refused(org: Org, cast: Cast) -> None:
    people = make_people(org)

    with pytest.raises(DomainError) as caught:
        create_nomination(
            by=cast[Role.UNIT_OFFICER],
            round_=make_round(org),
            unit=org.a,
            award_code="ttldtt",
            person=people.good,
        )

    assert caught.value.field == "award_code"


def test_collective_is_nominated_by_its_hospital(org: Org, cast: Cast) -> None:
    YearlyRating.objects.create(unit=org.a1, year=YEAR, rating="HTXSNV")

    item = create_nomination(
        by=cast[Role.UNIT_OFFICER],
        round_=make_round(org),
        unit=org.a,
        award_code="ttldtt",
        subject_unit=org.a1,
    )

    assert (item.subject_name, item.eligible) == ("Khoa Nội A1", True)


def test_sending_without_the_dossier_names_what_is_missing(org: Org, cast: Cast) -> None:
    people = make_people(org)
    officer = cast[Role.UNIT_OFFICER]
    item = create_nomination(
        by=officer, round_=make_round(org), unit=org.a, award_code="ldtt", person=people.fair
    )

    with pytest.raises(DomainError) as caught:
        submit_nomination(by=officer, nomination=item)

    assert caught.value.message == (
        "Hồ sơ đề nghị của Trần Văn Bình còn thiếu: Tờ trình (Mẫu số 01), Báo cáo thành tích."
    )


def test_unit_list_is_sent_all_or_nothing(org: Org, cast: Cast) -> None:
    people = make_people(org)
    officer = cast[Role.UNIT_OFFICER]
    round_ = make_round(org)
    ready = create_nomination(
        by=officer, round_=round_, unit=org.a, award_code="ldtt", person=people.fair
    )
    attach_dossier(ready, by=officer)
    create_nomination(
        by=officer, round_=round_, unit=org.a, award_code="cstdcs", person=people.good
    )

    with pytest.raises(DomainError, match="còn thiếu"):
        submit_unit_list(by=officer, round_=round_, unit=org.a)

    assert set(Nomination.objects.values_list("status", flat=True)) == {NominationStatus.DRAFT}


def test_review_minutes_need_their_vote_result(org: Org, cast: Cast) -> None:
    people = make_people(org)
    officer = cast[Role.UNIT_OFFICER]
    item = create_nomination(
        by=officer, round_=make_round(org), unit=org.a, award_code="cstdcs", person=people.good
    )

    with pytest.raises(DomainError, match="kèm kết quả bỏ phiếu"):
        add_attachment(
            by=officer, nomination=item, kind=AttachmentKind.REVIEW_MINUTES, upload=pdf_upload()
        )
    with pytest.raises(DomainError, match="không được lớn hơn"):
        add_attachment(
            by=officer,
            nomination=item,
            kind=AttachmentKind.REVIEW_MINUTES,
            upload=pdf_upload(),
            votes_for=12,
            votes_total=11,
        )
    minutes = add_attachment(
        by=officer,
        nomination=item,
        kind=AttachmentKind.REVIEW_MINUTES,
        upload=pdf_upload(),
        votes_for=10,
        votes_total=11,
    )

    assert (minutes.votes_for, minutes.votes_total, minutes.size) == (10, 11, len(PDF))


def test_attachment_that_is_not_what_it_says_is_refused(org: Org, cast: Cast) -> None:
    people = make_people(org)
    officer = cast[Role.UNIT_OFFICER]
    item = create_nomination(
        by=officer, round_=make_round(org), unit=org.a, award_code="ldtt", person=people.fair
    )
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ not a pdf", content_type="application/pdf")

    with pytest.raises(DomainError, match=r"không phải là tệp \.pdf"):
        add_attachment(by=officer, nomination=item, kind=AttachmentKind.EVIDENCE, upload=fake)


def _sent(org: Org, cast: Cast, person: Any, award: str = "ldtt", **extra: Any) -> Nomination:
    officer = cast[Role.UNIT_OFFICER]
    round_ = extra.pop("round_", None) or make_round(org)
    item = create_nomination(
        by=officer, round_=round_, unit=org.a, award_code=award, person=person, **extra
    )
    attach_dossier(item, by=officer)
    return submit_nomination(by=officer, nomination=item)


def test_returned_nomination_is_fixed_and_sent_again(org: Org, cast: Cast) -> None:
    people = make_people(org)
    item = _sent(org, cast, people.fair)
    dept = cast[Role.DEPT_OFFICER]

    return_nomination(by=dept, nomination=item, reason="Thiếu xác nhận của công đoàn.")
    update_nomination(
        by=cast[Role.UNIT_OFFICER],
        nomination=item,
        achievement_summary="Đã bổ sung.",
        justification="",
    )
    submit_nomination(by=cast[Role.UNIT_OFFICER], nomination=item)

    assert item.status == NominationStatus.SUBMITTED
    assert list(item.actions.values_list("kind", flat=True)) == [
        "create",
        "submit",
        "return",
        "edit",
        "submit",
    ]
    assert (
        AuditEntry.objects.filter(action="return", reason="Thiếu xác nhận của công đoàn.").count()
        == 1
    )


def test_return_without_reason_is_refused(org: Org, cast: Cast) -> None:
    item = _sent(org, cast, make_people(org).fair)

    with pytest.raises(DomainError, match="Nhập lý do trả lại"):
        return_nomination(by=cast[Role.DEPT_OFFICER], nomination=item, reason="  ")


def test_unit_officer_cannot_check_nominations(org: Org, cast: Cast) -> None:
    item = _sent(org, cast, make_people(org).fair)

    with pytest.raises(PermissionDeniedError):
        accept_nomination(by=cast[Role.UNIT_OFFICER], nomination=item)


def test_accept_reruns_the_evaluation_and_stores_it(org: Org, cast: Cast) -> None:
    item = _sent(org, cast, make_people(org).fair)

    accept_nomination(by=cast[Role.DEPT_OFFICER], nomination=item, note="Hồ sơ đầy đủ.")

    item.refresh_from_db()
    assert (item.status, item.check_eligible, item.check_rulebook_version.label) == (
        NominationStatus.ACCEPTED,
        True,
        "Thử nghiệm 2000",
    )
    assert AuditEntry.objects.filter(target_type="awards.nomination", action="approve").count() == 1


def test_candidate_failing_at_checking_is_accepted_only_with_justification(
    org: Org, cast: Cast
) -> None:
    people = make_people(org)
    item = _sent(org, cast, people.fair)
    # A warning found after the nomination was sent: the rating is lowered by the unit.
    YearlyRating.objects.filter(person=people.fair).update(rating="HTNV")
    dept = cast[Role.DEPT_OFFICER]

    with pytest.raises(DomainError, match="chỉ chấp nhận được kèm giải trình"):
        accept_nomination(by=dept, nomination=item)
    with pytest.raises(DomainError, match="phải có giải trình"):
        accept_with_override(by=dept, nomination=item, justification="")
    accept_with_override(by=dept, nomination=item, justification="Hội đồng cơ sở đã xác minh lại.")

    item.refresh_from_db()
    assert (item.status, item.check_eligible, item.override_justification) == (
        NominationStatus.ACCEPTED_WITH_OVERRIDE,
        False,
        "Thẩm định: Hội đồng cơ sở đã xác minh lại.",
    )


def test_override_accepted_at_checking_keeps_the_units_justification_then_the_departments(
    org: Org, cast: Cast
) -> None:
    people = make_people(org)
    item = _sent(org, cast, people.fair)
    YearlyRating.objects.filter(person=people.fair).update(rating="HTNV")
    Nomination.objects.filter(pk=item.pk).update(
        override_justification="Thành tích đột xuất trong cấp cứu."
    )
    item.refresh_from_db()

    accept_with_override(
        by=cast[Role.DEPT_OFFICER], nomination=item, justification="Đã xác minh thành tích."
    )

    item.refresh_from_db()
    assert item.override_justification == (
        "Thành tích đột xuất trong cấp cứu.\nThẩm định: Đã xác minh thành tích."
    )


def test_discipline_is_unused_by_the_small_rulebook_so_acceptance_stays(
    org: Org, cast: Cast
) -> None:
    # The small rulebook only reads the rating: a discipline does not change its answer.
    people = make_people(org)
    item = _sent(org, cast, people.good)
    DisciplineRecord.objects.create(person=people.good, form="warning", start=dt.date(YEAR, 3, 1))

    accept_nomination(by=cast[Role.DEPT_OFFICER], nomination=item)

    assert item.status == NominationStatus.ACCEPTED
