from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_events, name="events"),
    path("export.<str:fmt>", views.audit_export, name="export"),
]
