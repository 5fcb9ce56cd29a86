from django.urls import path

from wardcase.letters.api import views

urlpatterns = [
    path("letter-templates/", views.LetterTemplateList.as_view(), name="api-letter-templates"),
    path(
        "cases/<str:reference>/letters/",
        views.CaseLetterCreate.as_view(),
        name="api-case-letters",
    ),
]
