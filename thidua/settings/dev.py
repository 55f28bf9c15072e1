"""Local development and `make demo`: the embedded defaults (SQLite in var/, console email)."""

from thidua.settings.base import *  # noqa: F403  (one level of settings inheritance, no chains)
from thidua.settings.env import env_bool

DEBUG = env_bool("THIDUA_DEBUG", False)
THIDUA_DEMO_MODE = True
