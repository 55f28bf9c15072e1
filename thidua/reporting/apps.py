from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "thidua.reporting"
    label = "reporting"
    verbose_name = "Báo cáo định kỳ, chấm điểm, xếp hạng"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from thidua.movements.models import ScoringRule, ScoringVersion, TitleBand
        from thidua.reporting import rules  # noqa: F401  (registers the permission predicates)
        from thidua.reporting.documents.specs import register_templates
        from thidua.reporting.services.scores import forget_frozen_rules

        register_templates()
        # The entry page keeps frozen versions' compiled rules (services.scores): any write to
        # a version, a rule or a band empties them.
        for model in (ScoringVersion, ScoringRule, TitleBand):
            for signal in (post_save, post_delete):
                signal.connect(forget_frozen_rules, sender=model, dispatch_uid=f"frozen-{model}")
