from django.db import models


class InitiativeStatus(models.TextChoices):
    """Where an initiative stands, from the author's draft to the council's decision."""

    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Đã nộp, chờ sàng lọc"
    RETURNED = "returned", "Bị trả lại"
    ADMITTED = "admitted", "Đủ điều kiện xét"
    IN_REVIEW = "in_review", "Đang chấm"
    RECOGNISED = "recognised", "Được công nhận"
    NOT_RECOGNISED = "not_recognised", "Không được công nhận"
    WITHDRAWN = "withdrawn", "Đã rút"


class SolutionKind(models.TextChoices):
    """The four kinds of solution the Điều lệ Sáng kiến names (NĐ 13/2012/NĐ-CP, Điều 3)."""

    TECHNICAL = "technical", "Giải pháp kỹ thuật"
    MANAGEMENT = "management", "Giải pháp quản lý"
    OPERATIONAL = "operational", "Giải pháp tác nghiệp"
    TECH_APPLICATION = "tech_application", "Giải pháp ứng dụng tiến bộ kỹ thuật"


class EffectKind(models.TextChoices):
    ECONOMIC = "economic", "Lợi ích kinh tế"
    SOCIAL = "social", "Lợi ích xã hội"
    BOTH = "both", "Kinh tế và xã hội"


class InfluenceScope(models.TextChoices):
    """How far the initiative's effect reaches (phạm vi ảnh hưởng)."""

    DEPARTMENT = "department", "Trong khoa, phòng"
    UNIT = "unit", "Trong đơn vị"
    SECTOR = "sector", "Trong ngành y tế Hà Nội"
    CITY = "city", "Toàn thành phố"
    NATIONAL = "national", "Toàn quốc"


class RecognitionLevel(models.TextChoices):
    """The level at which an initiative is recognised (LEGAL.md §3: cơ sở / thành phố / toàn quốc)."""

    BASE = "base", "Cấp cơ sở"
    CITY = "city", "Cấp thành phố"
    NATIONAL = "national", "Cấp toàn quốc"


class CouncilLevel(models.TextChoices):
    UNIT = "unit", "Hội đồng sáng kiến cấp cơ sở (đơn vị)"
    DEPARTMENT = "department", "Hội đồng sáng kiến cấp Sở"


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Chủ tịch"
    VICE_CHAIR = "vice_chair", "Phó Chủ tịch"
    STANDING = "standing", "Ủy viên thường trực"
    MEMBER = "member", "Ủy viên"
    SECRETARY = "secretary", "Thư ký"


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Đang chuẩn bị"
    OPEN = "open", "Đang chấm"
    CLOSED = "closed", "Đã đóng chấm"
    DECIDED = "decided", "Đã ra quyết định"


class AssignmentMethod(models.TextChoices):
    AUTO = "auto", "Phân công tự động"
    MANUAL = "manual", "Phân công thủ công"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Đang chấm"
    SUBMITTED = "submitted", "Đã nộp phiếu"


class VoteChoice(models.TextChoices):
    FOR = "for", "Đồng ý công nhận"
    AGAINST = "against", "Không đồng ý"


class ActionKind(models.TextChoices):
    """One step of an initiative's history (`InitiativeAction`)."""

    CREATE = "create", "Tạo bản nháp"
    SUBMIT = "submit", "Nộp sáng kiến"
    RETURN = "return", "Trả lại"
    ADMIT = "admit", "Chấp nhận xét"
    WITHDRAW = "withdraw", "Rút sáng kiến"
    ADD_TO_ROUND = "add_to_round", "Đưa vào đợt chấm"
    ASSIGN = "assign", "Phân công người chấm"
    UNASSIGN = "unassign", "Bỏ phân công người chấm"
    RECOGNISE = "recognise", "Công nhận"
    NOT_RECOGNISE = "not_recognise", "Không công nhận"
    ADOPT = "adopt", "Ghi nhận nhân rộng"
