from django.conf import settings
from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("Tạo lúc", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("Cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", "Tạo mới"
    UPDATE = "update", "Cập nhật"
    DELETE = "delete", "Xóa"
    IMPORT = "import", "Nhập từ Excel"
    EXPORT = "export", "Xuất Excel"
    LOGIN = "login", "Đăng nhập"
    LOGIN_FAILED = "login_failed", "Đăng nhập thất bại"
    LOGOUT = "logout", "Đăng xuất"
    LOCKOUT = "lockout", "Khóa tài khoản tạm thời"
    PASSWORD_CHANGE = "password_change", "Đổi mật khẩu"
    PASSWORD_RESET = "password_reset", "Đặt lại mật khẩu"
    TWO_FACTOR_ENABLE = "2fa_enable", "Bật xác thực hai lớp"
    TWO_FACTOR_DISABLE = "2fa_disable", "Tắt xác thực hai lớp"
    TOKEN_CREATE = "token_create", "Tạo mã truy cập API"
    TOKEN_REVOKE = "token_revoke", "Thu hồi mã truy cập API"
    ROLE_GRANT = "role_grant", "Giao vai trò"
    ROLE_REVOKE = "role_revoke", "Thu hồi vai trò"
    MOVE = "move", "Chuyển đơn vị"
    SUBMIT = "submit", "Nộp"
    APPROVE = "approve", "Duyệt"
    RETURN = "return", "Trả lại"
    REVOKE_APPROVAL = "revoke_approval", "Hủy duyệt"
    UPLOAD = "upload", "Tải lên tệp"


class AuditEntry(models.Model):
    """One write, by whom, when, on what, before and after, and why.

    `unit_path` places the entry in the unit tree so that reading the trail is scoped like
    everything else; entries about no unit (e.g. a system account) have an empty path and are
    visible only to those who see the whole tree.
    """

    at = models.DateTimeField("Thời điểm", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("Tên người thực hiện", max_length=150, blank=True)
    action = models.CharField("Thao tác", max_length=32, choices=AuditAction.choices)
    target_type = models.CharField("Loại đối tượng", max_length=64)
    target_id = models.CharField("Mã đối tượng", max_length=64, blank=True)
    target_repr = models.CharField("Đối tượng", max_length=255, blank=True)
    unit_path = models.CharField("Đường dẫn đơn vị", max_length=255, blank=True, db_index=True)
    changes = models.JSONField("Thay đổi", default=dict, blank=True)
    reason = models.TextField("Lý do", blank=True)
    ip_address = models.GenericIPAddressField("Địa chỉ IP", null=True, blank=True)
    request_id = models.CharField("Mã yêu cầu", max_length=32, blank=True)

    class Meta:
        verbose_name = "Nhật ký thao tác"
        verbose_name_plural = "Nhật ký thao tác"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["actor", "at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.target_repr}"


class WorkerHeartbeat(models.Model):
    """Written by a task the scheduler enqueues each minute: proof that the worker runs tasks."""

    name = models.CharField(max_length=64, unique=True, default="default")
    last_seen = models.DateTimeField()

    class Meta:
        verbose_name = "Nhịp tim tiến trình nền"

    def __str__(self) -> str:
        return f"{self.name}: {self.last_seen:%d/%m/%Y %H:%M:%S}"


# The SystemFlag key set by the demo seeder; production refuses to start on such a database.
DEMO_DATA_FLAG = "demo_data"


class SystemFlag(models.Model):
    """Facts about the installation itself, e.g. that it holds demo data.

    The production start-up refuses a database flagged `demo_data`.
    """

    key = models.CharField(max_length=64, unique=True)
    value = models.CharField(max_length=255, blank=True)
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Cờ hệ thống"

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class Notification(models.Model):
    """An in-app notification for one user (reminders, decisions on their submissions…).

    `key` makes a notification idempotent: a job that runs twice writes it once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField("Tiêu đề", max_length=200)
    body = models.TextField("Nội dung", blank=True)
    url = models.CharField("Liên kết", max_length=500, blank=True)
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField("Đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "Thông báo"
        verbose_name_plural = "Thông báo"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="notification_key_once",
            )
        ]

    def __str__(self) -> str:
        return self.title
