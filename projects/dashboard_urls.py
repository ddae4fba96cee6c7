from django.urls import path

from projects import dashboard_views

app_name = "dashboards"

urlpatterns = [
    path("", dashboard_views.own_dashboard, name="home"),
    path("region/<str:code>/", dashboard_views.region_dashboard, name="region"),
    path("platform/<str:code>/", dashboard_views.platform_dashboard, name="platform"),
    path("map/<str:code>.json", dashboard_views.map_boundaries, name="map"),
]
