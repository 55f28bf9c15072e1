from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    verbose_name = "Khen thưởng theo Luật Thi đua, khen thưởng"

    def ready(self) -> None:
        from thidua.awards import rules  # noqa: F401  (registers the permission predicates)
