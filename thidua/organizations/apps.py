from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "thidua.organizations"
    label = "organizations"
    verbose_name = "Tổ chức"

    def ready(self) -> None:
        from thidua.core.scope import register_scope_provider
        from thidua.organizations.scoping import OrganizationScope

        register_scope_provider(OrganizationScope())
