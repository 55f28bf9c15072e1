import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings.dev")

application = get_wsgi_application()

from thidua.core.startup import refuse_unsafe_production_start  # noqa: E402

refuse_unsafe_production_start()
