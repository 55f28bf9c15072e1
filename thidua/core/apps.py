from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thidua.core"
    label = "core"
    verbose_name = "Hạ tầng chung"
