"""Council settings, for administrators: every view is `council_view` (administrators only)."""

from django.urls import path

from wardcase.council.views import (
    charter,
    departments,
    failed_emails,
    follow_up,
    glossary,
    home,
    imports,
    letters,
    retention,
    wards,
)

app_name = "council"

urlpatterns = [
    path("", home.index, name="index"),
    path("wards/", wards.wards, name="wards"),
    path("wards/add/", wards.ward_add, name="ward_add"),
    path("wards/<int:pk>/", wards.ward_edit, name="ward_edit"),
    path("departments/", departments.departments, name="departments"),
    path("departments/add/", departments.department_add, name="department_add"),
    path("departments/<int:pk>/", departments.department_edit, name="department_edit"),
    path("departments/<int:pk>/active/", departments.department_active, name="department_active"),
    path("departments/<int:pk>/delete/", departments.department_delete, name="department_delete"),
    path("directorates/add/", departments.directorate_add, name="directorate_add"),
    path("directorates/<int:pk>/", departments.directorate_edit, name="directorate_edit"),
    path(
        "directorates/<int:pk>/delete/", departments.directorate_delete, name="directorate_delete"
    ),
    path("services/", glossary.services, name="services"),
    path("services/add/", glossary.service_add, name="service_add"),
    path("services/<int:pk>/", glossary.service_edit, name="service_edit"),
    path("services/<int:pk>/active/", glossary.service_active, name="service_active"),
    path("services/<int:pk>/delete/", glossary.service_delete, name="service_delete"),
    path("charter/", charter.charter, name="charter"),
    path("charter/add/", charter.charter_rule_add, name="charter_rule_add"),
    path("charter/<int:pk>/", charter.charter_rule_edit, name="charter_rule_edit"),
    path("charter/<int:pk>/delete/", charter.charter_rule_delete, name="charter_rule_delete"),
    path("closure-days/", charter.closure_days, name="closure_days"),
    path("closure-days/<int:pk>/remove/", charter.closure_day_remove, name="closure_day_remove"),
    path("retention/", retention.retention, name="retention"),
    path("replies-after-closing/", follow_up.follow_up, name="follow_up"),
    path("letter-templates/", letters.letters, name="letters"),
    path("letter-templates/add/", letters.letter_add, name="letter_add"),
    path("letter-templates/<int:pk>/", letters.letter_edit, name="letter_edit"),
    path("letter-templates/<int:pk>/active/", letters.letter_active, name="letter_active"),
    path("import-cases/", imports.imports, name="imports"),
    path("import-cases/<int:pk>/", imports.import_detail, name="import_detail"),
    path("import-cases/<int:pk>/report.csv", imports.import_report, name="import_report"),
    path("failed-emails/", failed_emails.failed_emails, name="failed_emails"),
    path(
        "failed-emails/send-again/",
        failed_emails.failed_emails_send_again,
        name="failed_emails_send_again",
    ),
]
