"""WSGI entry for benchmarks: the application plus bench/urls.py's trivial view."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings.dev")

from django.conf import settings
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
settings.ROOT_URLCONF = "bench.urls"
