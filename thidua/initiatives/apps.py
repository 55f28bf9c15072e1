from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "thidua.initiatives"
    label = "initiatives"
    verbose_name = "Sáng kiến, hội đồng sáng kiến, nhân rộng"

    def ready(self) -> None:
        from thidua.initiatives import rules  # noqa: F401  (registers the permission predicates)
