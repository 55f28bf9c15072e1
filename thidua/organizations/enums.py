from django.db import models


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", "Sở"
    HOSPITAL = "hospital", "Bệnh viện"
    CENTRE = "centre", "Trung tâm"
    DISTRICT_CENTRE = "district_centre", "Trung tâm Y tế quận, huyện"
    DEPARTMENT_OFFICE = "department_office", "Phòng chuyên môn thuộc Sở"
    OTHER = "other", "Đơn vị khác"
    CLINICAL_DEPARTMENT = "clinical_department", "Khoa"
    OFFICE = "office", "Phòng"
    HEALTH_STATION = "health_station", "Trạm y tế"


# Kinds that are collectives inside a unit (khoa, phòng, trạm) rather than units of the Sở.
SUB_UNIT_KINDS = frozenset({UnitKind.CLINICAL_DEPARTMENT, UnitKind.OFFICE, UnitKind.HEALTH_STATION})


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class EmploymentKind(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", "Công chức"
    PUBLIC_EMPLOYEE = "public_employee", "Viên chức"
    WORKER = "worker", "Người lao động"


class ImportKind(models.TextChoices):
    UNITS = "units", "Đơn vị, khoa/phòng"
    PEOPLE = "people", "Cán bộ, viên chức, người lao động"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Đang chờ xử lý"
    RUNNING = "running", "Đang xử lý"
    SUCCEEDED = "succeeded", "Hoàn thành"
    FAILED = "failed", "Có lỗi, chưa ghi dữ liệu"
