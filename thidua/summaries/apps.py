from django.apps import AppConfig


class SummariesConfig(AppConfig):
    name = "thidua.summaries"
    label = "summaries"
    verbose_name = "Báo cáo sơ kết, tổng kết phong trào"

    def ready(self) -> None:
        from thidua.documents.services.batches import register_batch_builder
        from thidua.documents.services.templates import register_template
        from thidua.summaries import rules  # noqa: F401  (registers the permission predicates)
        from thidua.summaries.services.generation import BUILDER, build_batch
        from thidua.summaries.template import PHASE_REPORT_SPEC

        register_template(PHASE_REPORT_SPEC)
        register_batch_builder(BUILDER, build_batch)
