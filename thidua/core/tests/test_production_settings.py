"""Production refuses development defaults: the default secret key, and a database seeded with
demo data (whose passwords are public). Passwords are hashed with Argon2."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.exceptions import ImproperlyConfigured

from thidua.core.models import DEMO_DATA_FLAG
from thidua.core.services import set_system_flag
from thidua.core.startup import refuse_unsafe_production_start
from thidua.settings import base

PROJECT_DIR = Path(__file__).resolve().parents[3]


def import_production_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    return subprocess.run(
        [sys.executable, "-c", "import thidua.settings.production as s; print(s.DEBUG)"],
        cwd=PROJECT_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_refuse_the_default_secret_key():
    result = import_production_settings()

    assert result.returncode == 1
    assert "THIDUA_SECRET_KEY phải được đặt" in result.stderr


def test_production_settings_refuse_a_short_secret_key():
    result = import_production_settings(THIDUA_SECRET_KEY="ngan-qua")

    assert result.returncode == 1
    assert "ít nhất 50 ký tự" in result.stderr


def test_production_settings_start_with_a_real_secret_key_and_debug_off():
    result = import_production_settings(THIDUA_SECRET_KEY="k" * 64, THIDUA_DEBUG="1")

    assert (result.returncode, result.stdout.strip()) == (0, "False")


def test_production_start_refuses_a_database_with_demo_data(db, settings):
    settings.THIDUA_IS_PRODUCTION = True
    set_system_flag(key=DEMO_DATA_FLAG, value="hanoi")

    with pytest.raises(ImproperlyConfigured, match="chứa dữ liệu demo"):
        refuse_unsafe_production_start()


def test_production_start_accepts_a_database_without_demo_data(db, settings):
    settings.THIDUA_IS_PRODUCTION = True

    assert refuse_unsafe_production_start() is None


def test_passwords_are_hashed_with_argon2_outside_the_test_suite():
    hasher = Argon2PasswordHasher()

    encoded = hasher.encode("Mật-khẩu-rất-dài-2026", hasher.salt())

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert encoded.startswith("argon2$argon2id$")
    assert hasher.verify("Mật-khẩu-rất-dài-2026", encoded) is True
