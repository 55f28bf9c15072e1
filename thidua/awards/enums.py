"""Choices of the awards app: ratings, discipline forms, holds, research levels, rulebook status."""

from django.db import models


class Rating(models.TextChoices):
    """Mức độ hoàn thành nhiệm vụ of the yearly đánh giá, xếp loại (imported, never re-scored;
    LEGAL.md §1.4, Bắc Ninh QĐ 86/2025 Điều 7)."""

    HTXSNV = "HTXSNV", "Hoàn thành xuất sắc nhiệm vụ"
    HTTNV = "HTTNV", "Hoàn thành tốt nhiệm vụ"
    HTNV = "HTNV", "Hoàn thành nhiệm vụ"
    KHTNV = "KHTNV", "Không hoàn thành nhiệm vụ"


class InputSource(models.TextChoices):
    FORM = "form", "Nhập trên trang"
    IMPORT = "import", "Nhập từ Excel"
    DEMO = "demo", "Dữ liệu mẫu"


class DisciplineForm(models.TextChoices):
    """Hình thức kỷ luật, lightest first (Luật Cán bộ, công chức; Luật Viên chức). "Từ cảnh cáo
    trở lên" (Luật TĐKT Điều 28) is every form from WARNING on."""

    REPRIMAND = "reprimand", "Khiển trách"
    WARNING = "warning", "Cảnh cáo"
    SALARY_DOWNGRADE = "salary_downgrade", "Hạ bậc lương"
    DEMOTION = "demotion", "Giáng chức"
    DISMISSAL_FROM_POST = "dismissal_from_post", "Cách chức"
    DISMISSAL = "dismissal", "Buộc thôi việc"


class HoldKind(models.TextChoices):
    """Why an award must wait (NĐ 152/2025 Điều 4.4)."""

    INSPECTION = "inspection", "Đang thanh tra, kiểm tra"
    INVESTIGATION = "investigation", "Đang điều tra"
    COMPLAINT = "complaint", "Đang giải quyết khiếu nại, tố cáo"


class ResearchLevel(models.TextChoices):
    BASE = "base", "Cấp cơ sở"
    CITY = "city", "Cấp thành phố"
    MINISTRY = "ministry", "Cấp bộ"
    NATIONAL = "national", "Cấp quốc gia"


class RulebookStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    PUBLISHED = "published", "Đã ban hành"
