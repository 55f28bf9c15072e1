from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from thidua.accounts.roles import ROLE_CHOICES, Role
from thidua.core.models import TimeStampedModel
from thidua.organizations.enums import (
    SUB_UNIT_KINDS,
    EmploymentKind,
    Gender,
    ImportKind,
    ImportStatus,
    UnitKind,
)


class Unit(TimeStampedModel):
    """A node of the organisation tree: the Sở, its units, their khoa/phòng.

    `path` is the materialised path of primary keys ("/1/7/42/"); a subtree is every unit whose
    path starts with its root's path. Services keep it (and `depth`) consistent on every move.
    """

    code = models.CharField("Mã đơn vị", max_length=32, unique=True)
    name = models.CharField("Tên đơn vị", max_length=255)
    # The issuer part of an official document's symbol ("SYT" in "15/QĐ-SYT"; Nghị định
    # 30/2020/NĐ-CP, Phụ lục VI): set by the unit's officers, empty until they do.
    abbreviation = models.CharField("Chữ viết tắt trên văn bản", max_length=20, blank=True)
    kind = models.CharField("Loại", max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="Đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    head = models.ForeignKey(
        "Person",
        verbose_name="Thủ trưởng / trưởng khoa, phòng",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_units",
    )
    name_folded = models.CharField(max_length=255, editable=False, default="")
    is_active = models.BooleanField("Đang hoạt động", default=True)
    sort_order = models.PositiveIntegerField("Thứ tự", default=0)

    class Meta:
        verbose_name = "Đơn vị"
        verbose_name_plural = "Đơn vị"
        ordering = ["path"]
        indexes = [
            models.Index(fields=["parent", "sort_order", "name"], name="unit_children_idx"),
            models.Index(
                fields=["path"], name="unit_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_sub_unit(self) -> bool:
        return self.kind in SUB_UNIT_KINDS


_GENDER_LABELS: dict[str, str] = dict(Gender.choices)
_EMPLOYMENT_KIND_LABELS: dict[str, str] = dict(EmploymentKind.choices)


class Person(TimeStampedModel):
    """A cán bộ, công chức, viên chức or người lao động. `unit` is where they work now;
    the history is in Membership."""

    staff_code = models.CharField("Mã cán bộ", max_length=32, unique=True)
    full_name = models.CharField("Họ và tên", max_length=150)
    gender = models.CharField("Giới tính", max_length=8, choices=Gender.choices)
    date_of_birth = models.DateField("Ngày sinh", null=True, blank=True)
    position = models.CharField("Chức vụ, chức danh", max_length=120, blank=True, db_index=True)
    employment_kind = models.CharField(
        "Loại cán bộ", max_length=20, choices=EmploymentKind.choices, db_index=True
    )
    unit = models.ForeignKey(
        Unit, verbose_name="Đơn vị công tác", on_delete=models.PROTECT, related_name="people"
    )
    email = models.EmailField("Thư điện tử", blank=True)
    phone = models.CharField("Điện thoại", max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="Tài khoản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    is_active = models.BooleanField("Đang công tác", default=True)
    # Accent-folded search document and Vietnamese sort key (given name first); kept by services.
    search_text = models.CharField(max_length=400, editable=False, default="")
    sort_name = models.CharField(max_length=150, editable=False, default="")

    class Meta:
        verbose_name = "Cán bộ, viên chức, người lao động"
        verbose_name_plural = "Cán bộ, viên chức, người lao động"
        ordering = ["sort_name", "staff_code"]
        indexes = [
            models.Index(fields=["unit", "sort_name"], name="person_unit_sort_idx"),
            # The people list in its default order walks this index and stops after one page;
            # with search_text inside, a search is checked without reading the table, and the
            # count of matches is a scan of the index alone (covering index on SQLite).
            models.Index(
                fields=["is_active", "sort_name", "staff_code", "search_text"],
                name="person_active_sort_idx",
            ),
            # The count of the unfiltered list (every page of the list and of the API): the
            # smallest index holding is_active, ~80 pages at 40.000 people instead of the ~760
            # of the index above. Each request opens its own connection, so SQLite reads every
            # page of the counted index again: 6,4 ms → 1,4 ms.
            models.Index(fields=["is_active"], name="person_active_idx"),
            # No index on (unit, is_active): it would count a unit's active staff from the index
            # alone (0,27 → 0,12 ms for a hospital), but SQLite then plans the people list from
            # the units, sorting all 40.000 people for a page of 50 (9,6 → 17,9 ms; migration
            # 0006 removed it).
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.staff_code})"

    @property
    def gender_label(self) -> str:
        return _GENDER_LABELS.get(self.gender, self.gender)

    @property
    def employment_kind_label(self) -> str:
        return _EMPLOYMENT_KIND_LABELS.get(self.employment_kind, self.employment_kind)


class Membership(models.Model):
    """A period during which a person worked in a unit. The open one (no end) is the current."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    position = models.CharField("Chức vụ, chức danh", max_length=120, blank=True)
    start_date = models.DateField("Từ ngày")
    end_date = models.DateField("Đến ngày", null=True, blank=True)
    note = models.CharField("Ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "Quá trình công tác"
        verbose_name_plural = "Quá trình công tác"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(end_date__isnull=True),
                name="one_open_membership_per_person",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.unit_id} từ {self.start_date:%d/%m/%Y}"


class Cluster(TimeStampedModel):
    """A cụm/khối thi đua for one year: units with similar functions; head and deputy rotate."""

    year = models.PositiveSmallIntegerField("Năm")
    code = models.CharField("Mã cụm, khối", max_length=32)
    name = models.CharField("Tên cụm, khối", max_length=255)
    description = models.TextField("Mô tả", blank=True)
    head_unit = models.ForeignKey(
        Unit,
        verbose_name="Đơn vị Trưởng cụm, khối",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deputy_unit = models.ForeignKey(
        Unit,
        verbose_name="Đơn vị Phó cụm, khối",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "Cụm, khối thi đua"
        verbose_name_plural = "Cụm, khối thi đua"
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="cluster_code_unique_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class ClusterMember(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="members")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cluster_memberships")
    # Copied from the cluster so the database can refuse a unit in two clusters of one year.
    year = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = "Thành viên cụm, khối"
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="unit_in_one_cluster_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} ∈ {self.cluster_id}"


class RoleAssignment(models.Model):
    """A role held by a user on a unit, with or without its subtree (DESIGN.md §2).

    It lives here, not in accounts, because it is a fact about the organisation: it binds a user
    to a unit, and every scoped read starts from it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField("Vai trò", max_length=32, choices=ROLE_CHOICES)
    unit = models.ForeignKey(
        Unit, verbose_name="Đơn vị", on_delete=models.PROTECT, related_name="role_assignments"
    )
    include_subtree = models.BooleanField("Gồm cả các đơn vị trực thuộc", default=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Phân quyền"
        verbose_name_plural = "Phân quyền"
        ordering = ["user_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {Role(self.role).label} @ {self.unit_id}"


class ImportJob(TimeStampedModel):
    """An Excel import: its file, progress, outcome and row-by-row errors."""

    kind = models.CharField("Loại dữ liệu", max_length=16, choices=ImportKind.choices)
    status = models.CharField(
        "Trạng thái", max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField("Tên tệp", max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Lượt nhập dữ liệu"
        verbose_name_plural = "Lượt nhập dữ liệu"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"

    @property
    def progress_percent(self) -> int:
        if self.total_rows == 0:
            return 100 if self.status in {ImportStatus.SUCCEEDED, ImportStatus.FAILED} else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_finished(self) -> bool:
        return self.status in {ImportStatus.SUCCEEDED, ImportStatus.FAILED}
