"""Web routes for mail coming in, under /mail/ (namespace mail_inbound)."""

from django.urls import path

from wardcase.mail.inbound import views_case, views_drafts, views_quarantine

app_name = "mail_inbound"

urlpatterns = [
    path("drafts/", views_drafts.draft_list, name="drafts"),
    path("drafts/<int:pk>/", views_drafts.draft_detail, name="draft"),
    path("drafts/<int:pk>/discard/", views_drafts.draft_discard_view, name="draft_discard"),
    path("quarantine/", views_quarantine.quarantine_list, name="quarantine"),
    path("quarantine/<int:pk>/retry/", views_quarantine.quarantine_retry, name="retry"),
    path("quarantine/<int:pk>/raw/", views_quarantine.quarantine_download, name="raw"),
    path("cases/<str:reference>/add-email/", views_case.case_mail_upload_view, name="upload"),
    path(
        "cases/<str:reference>/emails/<int:pk>/",
        views_case.case_mail_original,
        name="original",
    ),
]
