"""Ledger URLs: the `ledger` namespace, under /ledger/ (registry/urls.py)."""

from django.urls import path

from ledger import views

app_name = "ledger"

urlpatterns = [
    path("", views.ledger_index, name="index"),
    path("template/<str:kind>.xlsx", views.ledger_template, name="template"),
    path("jobs/<int:pk>/", views.ledger_job, name="job"),
    path("jobs/<int:pk>/progress/", views.ledger_job_progress, name="job_progress"),
    path("jobs/<int:pk>/confirm/", views.ledger_job_confirm, name="job_confirm"),
    path("jobs/<int:pk>/refresh/", views.ledger_job_refresh, name="job_refresh"),
    path("jobs/<int:pk>/cancel/", views.ledger_job_cancel, name="job_cancel"),
    path("jobs/<int:pk>/errors.xlsx", views.ledger_job_errors, name="job_errors"),
    path("export/projects.xlsx", views.export_projects, name="export_projects"),
    path("export/board.xlsx", views.export_board, name="export_board"),
    path("export/units.xlsx", views.export_relocated_units, name="export_units"),
    path("export/merchants.xlsx", views.export_merchant_relocations, name="export_merchants"),
    path(
        "export/dashboard/<str:kind>/<str:code>.xlsx",
        views.export_dashboard,
        name="export_dashboard",
    ),
    path("quarterly/<str:kind>/<str:code>/", views.quarterly, name="quarterly"),
]
