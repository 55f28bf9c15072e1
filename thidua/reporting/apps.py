from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "thidua.reporting"
    label = "reporting"
    verbose_name = "Báo cáo định kỳ, chấm điểm, xếp hạng"

    def ready(self) -> None:
        from thidua.reporting import rules  # noqa: F401  (registers the permission predicates)
        from thidua.reporting.documents.specs import register_templates

        register_templates()
