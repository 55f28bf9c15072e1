from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    verbose_name = "Khen thưởng theo Luật Thi đua, khen thưởng"

    def ready(self) -> None:
        from thidua.awards import rules  # noqa: F401  (registers the permission predicates)
        from thidua.awards.council_documents.specs import SPECS as COUNCIL_SPECS
        from thidua.awards.council_documents.upward import UPWARD_PROPOSAL_SPEC
        from thidua.awards.documents.specs import (
            register_templates as register_nomination_templates,
        )
        from thidua.awards.selectors.council_documents import CERTIFICATES_BUILDER
        from thidua.awards.selectors.my_sessions import (
            COUNCIL_MEMBER_ATTR,
            council_ballot_card,
            council_member_expression,
        )
        from thidua.awards.services.decisions import certificate_items
        from thidua.core.home_cards import register_home_card
        from thidua.core.user_annotations import register_user_annotation
        from thidua.documents.services.batches import register_batch_builder
        from thidua.documents.services.templates import register_template

        for spec in (*COUNCIL_SPECS, UPWARD_PROPOSAL_SPEC):
            register_template(spec)
        register_batch_builder(CERTIFICATES_BUILDER, certificate_items)
        register_nomination_templates()
        # The "Phiên họp Hội đồng của tôi" menu entry, read with the request's user (no query).
        register_user_annotation(COUNCIL_MEMBER_ATTR, council_member_expression)
        register_home_card(council_ballot_card)
