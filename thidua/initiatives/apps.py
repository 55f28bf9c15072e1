from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "thidua.initiatives"
    label = "initiatives"
    verbose_name = "Sáng kiến, hội đồng sáng kiến, nhân rộng"

    def ready(self) -> None:
        from thidua.documents.services.batches import register_batch_builder
        from thidua.documents.services.templates import register_template
        from thidua.initiatives import rules  # noqa: F401  (registers the permission predicates)
        from thidua.initiatives.official_templates import SPECS
        from thidua.initiatives.selectors.official_documents import CERTIFICATES_BUILDER
        from thidua.initiatives.services.official_documents import certificate_items

        for spec in SPECS:
            register_template(spec)
        register_batch_builder(CERTIFICATES_BUILDER, certificate_items)
