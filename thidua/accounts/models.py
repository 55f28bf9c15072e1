from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class User(AbstractUser):
    """A login. Who the person is (unit, position) lives on organizations.Person."""

    full_name = models.CharField("Họ và tên", max_length=150, blank=True)

    class Meta:
        verbose_name = "Tài khoản"
        verbose_name_plural = "Tài khoản"
        ordering = ["username"]

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def __str__(self) -> str:
        return self.display_name


class ApiToken(models.Model):
    """A bearer token for API v1. Only a hash is stored; the token is shown once at creation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("Tên gợi nhớ", max_length=100)
    prefix = models.CharField("Tiền tố", max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("Tạo lúc", default=timezone.now)
    last_used_at = models.DateTimeField("Dùng lần cuối", null=True, blank=True)
    expires_at = models.DateTimeField("Hết hạn", null=True, blank=True)
    revoked_at = models.DateTimeField("Thu hồi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "Mã truy cập API"
        verbose_name_plural = "Mã truy cập API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
