from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.project_list, name="list"),
    path("projects/board/", views.project_board, name="board"),
    path("projects/new/", views.project_create, name="create"),
    path("projects/<int:pk>/", views.project_detail, name="detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="edit"),
    path("projects/<int:pk>/advance/", views.project_advance, name="advance"),
    path("projects/<int:pk>/correct/", views.project_correct, name="correct"),
    path("projects/<int:pk>/terminate/", views.project_terminate, name="terminate"),
    path("projects/<int:pk>/report/", views.project_report, name="report"),
    path("projects/<int:pk>/plan/", views.project_plan, name="plan"),
    path("projects/<int:pk>/attach/", views.project_attach, name="attach"),
    path("projects/<int:pk>/detach/", views.project_detach, name="detach"),
    path("projects/<int:pk>/schedule/", views.project_schedule, name="schedule"),
    path("projects/<int:pk>/milestones/", views.project_milestone, name="milestone"),
    path(
        "projects/<int:pk>/milestones/remove/",
        views.project_milestone_remove,
        name="milestone_remove",
    ),
    path("projects/<int:pk>/leaders/", views.project_leader_assign, name="leader_assign"),
    path("projects/<int:pk>/leaders/remove/", views.project_leader_remove, name="leader_remove"),
    path("projects/<int:pk>/documents/", views.project_document_upload, name="document_upload"),
    path(
        "projects/<int:pk>/documents/remove/",
        views.project_document_delete,
        name="document_delete",
    ),
    path("events/", views.event_list, name="events"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("enterprises/options/", views.enterprise_options, name="enterprise_options"),
]
