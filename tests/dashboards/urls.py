"""The project's URLs plus the dashboards, until registry/urls.py includes them."""

from django.urls import include, path

from registry.urls import urlpatterns as registry_urlpatterns

urlpatterns = [
    path("dashboards/", include("projects.dashboard_urls")),
    *registry_urlpatterns,
]
