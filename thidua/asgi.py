import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings.dev")

application = get_asgi_application()

from thidua.core.startup import refuse_unsafe_production_start  # noqa: E402

refuse_unsafe_production_start()
