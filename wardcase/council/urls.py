"""Council settings, for administrators: every view is `council_view` (administrators only)."""

from django.urls import path

from wardcase.council import views

app_name = "council"

urlpatterns = [
    path("", views.index, name="index"),
    path("wards/", views.wards, name="wards"),
    path("wards/add/", views.ward_add, name="ward_add"),
    path("wards/<int:pk>/", views.ward_edit, name="ward_edit"),
    path("departments/", views.departments, name="departments"),
    path("departments/add/", views.department_add, name="department_add"),
    path("departments/<int:pk>/", views.department_edit, name="department_edit"),
    path("departments/<int:pk>/active/", views.department_active, name="department_active"),
    path("departments/<int:pk>/delete/", views.department_delete, name="department_delete"),
    path("directorates/add/", views.directorate_add, name="directorate_add"),
    path("directorates/<int:pk>/", views.directorate_edit, name="directorate_edit"),
    path("directorates/<int:pk>/delete/", views.directorate_delete, name="directorate_delete"),
    path("services/", views.services, name="services"),
    path("services/add/", views.service_add, name="service_add"),
    path("services/<int:pk>/", views.service_edit, name="service_edit"),
    path("services/<int:pk>/active/", views.service_active, name="service_active"),
    path("services/<int:pk>/delete/", views.service_delete, name="service_delete"),
    path("charter/", views.charter, name="charter"),
    path("charter/add/", views.charter_rule_add, name="charter_rule_add"),
    path("charter/<int:pk>/", views.charter_rule_edit, name="charter_rule_edit"),
    path("charter/<int:pk>/delete/", views.charter_rule_delete, name="charter_rule_delete"),
    path("closure-days/", views.closure_days, name="closure_days"),
    path("closure-days/<int:pk>/remove/", views.closure_day_remove, name="closure_day_remove"),
    path("retention/", views.retention, name="retention"),
    path("letter-templates/", views.letters, name="letters"),
    path("letter-templates/add/", views.letter_add, name="letter_add"),
    path("letter-templates/<int:pk>/", views.letter_edit, name="letter_edit"),
    path("letter-templates/<int:pk>/active/", views.letter_active, name="letter_active"),
    path("failed-emails/", views.failed_emails, name="failed_emails"),
    path(
        "failed-emails/send-again/", views.failed_emails_send_again, name="failed_emails_send_again"
    ),
]
