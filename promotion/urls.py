from django.urls import path

from promotion import views

app_name = "promotion"

urlpatterns = [
    path("", views.deadlines, name="deadlines"),
    path("units/<int:pk>/deadlines/", views.unit_deadlines, name="unit_deadlines"),
    path("my-projects/", views.my_projects, name="my_projects"),
    path("leads/", views.lead_list, name="leads"),
    path("leads/new/", views.lead_create, name="lead_create"),
    path("leads/<int:pk>/", views.lead_detail, name="lead"),
    path("leads/<int:pk>/edit/", views.lead_edit, name="lead_edit"),
    path("leads/<int:pk>/follow-up/", views.lead_follow_up, name="lead_follow_up"),
    path("leads/<int:pk>/drop/", views.lead_drop, name="lead_drop"),
    path("leads/<int:pk>/convert/", views.lead_convert, name="lead_convert"),
    path("targets/", views.target_list, name="targets"),
    path("targets/new/", views.target_create, name="target_create"),
    path("targets/<int:pk>/", views.target_detail, name="target"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("activities/", views.activity_list, name="activities"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/meetings/", views.meeting_add, name="meeting_add"),
    path(
        "activities/<int:pk>/meetings/<int:meeting>/remove/",
        views.meeting_remove,
        name="meeting_remove",
    ),
    path("problems/", views.problem_list, name="problems"),
    path("problems/new/", views.problem_create, name="problem_create"),
    path("problems/<int:pk>/", views.problem_detail, name="problem"),
    path("problems/<int:pk>/edit/", views.problem_edit, name="problem_edit"),
    path("problems/<int:pk>/close/", views.problem_close, name="problem_close"),
    path("problems/<int:pk>/reopen/", views.problem_reopen, name="problem_reopen"),
]
