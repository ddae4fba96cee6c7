from django.urls import path

from dashboards import ranking_views
from dashboards import views as dashboard_views

app_name = "dashboards"

urlpatterns = [
    path("", dashboard_views.own_dashboard, name="home"),
    path("region/<str:code>/", dashboard_views.region_dashboard, name="region"),
    path("platform/<str:code>/", dashboard_views.platform_dashboard, name="platform"),
    path("map/<str:code>.json", dashboard_views.map_boundaries, name="map"),
    path("ranking/<str:kind>/<str:code>/", ranking_views.ranking, name="ranking"),
    path("figures/<str:kind>/<str:code>/", ranking_views.figures, name="figures"),
    path("targets/<str:kind>/<str:code>/", ranking_views.targets, name="targets"),
    path(
        "targets/<str:kind>/<str:code>/import/",
        ranking_views.targets_import,
        name="targets_import",
    ),
]
