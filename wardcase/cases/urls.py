"""Web routes for cases. `home` and `accessibility` sit at the top; the rest under cases:,
but the charter pages for coordinators and heads of service, under charter: (see
`charter_patterns`, included from config/urls.py)."""

from django.urls import include, path

from wardcase.cases import views
from wardcase.cases.views import charter as charter_views
from wardcase.cases.views import clusters as cluster_views
from wardcase.cases.views import sharing as sharing_views

case_patterns = [
    path("new/", views.case_create, name="create"),
    path("new/matches/", sharing_views.capture_matches, name="capture_matches"),
    path("new/people/", views.case_people, name="people"),
    path("clusters/", cluster_views.case_clusters, name="clusters"),
    path("surgeries/", views.surgery_list, name="surgeries"),
    path("surgeries/<int:pk>/", views.surgery_detail, name="surgery"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/edit/", views.case_edit, name="edit"),
    path("<str:reference>/assign/", views.case_assign, name="assign"),
    path("<str:reference>/send-back/", views.case_send_back, name="send_back"),
    path("<str:reference>/acknowledge/", views.case_acknowledge, name="acknowledge"),
    path("<str:reference>/add-entry/", views.case_add_event, name="add_event"),
    path("<str:reference>/propose-closure/", views.case_propose_closure, name="propose_closure"),
    path("<str:reference>/close/", views.case_close, name="close"),
    path("<str:reference>/not-ready-to-close/", views.case_decline_closure, name="decline_closure"),
    path("<str:reference>/reopen/", views.case_reopen, name="reopen"),
    path("<str:reference>/chase/", views.case_chase, name="chase"),
    path("<str:reference>/attach/", views.case_attach, name="attach"),
    path("<str:reference>/pause/", charter_views.case_pause, name="pause"),
    path("<str:reference>/resume/", charter_views.case_resume, name="resume"),
    path(
        "<str:reference>/request-extension/",
        charter_views.case_request_extension,
        name="request_extension",
    ),
    path(
        "<str:reference>/decide-extension/",
        charter_views.case_decide_extension,
        name="decide_extension",
    ),
    path("<str:reference>/share/", sharing_views.case_share_view, name="share"),
    path("<str:reference>/unshare/", sharing_views.case_unshare_view, name="unshare"),
    path("<str:reference>/link/", sharing_views.case_link_view, name="link"),
    path("<str:reference>/unlink/", sharing_views.case_unlink_view, name="unlink"),
    path("<str:reference>/similar/", sharing_views.case_similar_view, name="similar"),
    path(
        "<str:reference>/respond-linked/",
        sharing_views.case_respond_linked_view,
        name="respond_linked",
    ),
    path(
        "<str:reference>/attachments/<int:pk>/",
        views.attachment_download,
        name="attachment",
    ),
]

charter_patterns = [
    path("overdue/", charter_views.overdue, name="overdue"),
    path("queues/<str:username>/", charter_views.officer_queue, name="officer_queue"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("help/", views.help_index, name="help"),
    path("help/<str:role>/", views.help_role, name="help_role"),
    path("cases/", include((case_patterns, "cases"))),
]
