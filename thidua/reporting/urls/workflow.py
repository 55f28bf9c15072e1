"""URLs of reporting: workflow (a report's page and its steps, the approval queue, the
exceptions after a period's lock date)."""

from django.urls import URLPattern, path

from thidua.reporting.views import workflow

urlpatterns: list[URLPattern] = [
    path("bao-cao/<int:pk>/", workflow.report_detail, name="report_detail"),
    path("bao-cao/<int:pk>/nop/", workflow.report_submit, name="report_submit"),
    path("bao-cao/<int:pk>/duyet/", workflow.report_approve, name="report_approve"),
    path("bao-cao/<int:pk>/tra-lai/", workflow.report_return, name="report_return"),
    path("bao-cao/<int:pk>/huy-duyet/", workflow.report_revoke, name="report_revoke"),
    path("bao-cao/cho-duyet/", workflow.approval_queue_page, name="approval_queue"),
    path("bao-cao/cho-duyet/duyet/", workflow.bulk_approve_page, name="bulk_approve"),
    path(
        "bao-cao/cho-duyet/xuat-excel/",
        workflow.approval_queue_export,
        name="approval_queue_export",
    ),
    path("bao-cao/ky/<int:pk>/gia-han/", workflow.period_exceptions, name="period_exceptions"),
    path("bao-cao/gia-han/<int:pk>/thu-hoi/", workflow.exception_revoke, name="exception_revoke"),
]
