from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.v1 import api as api_v1
from dashboards import views as dashboard_views

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("dashboards/", include("dashboards.urls")),
    path("promotion/", include("promotion.urls")),
    path("ledger/", include("ledger.urls")),
    path("records/", include("projects.records.urls")),
    path("api/v1/", api_v1.urls),
    path("", include("api.urls")),
    path("reporting/", include("projects.reporting.urls")),
    path("", include("projects.urls")),
]
