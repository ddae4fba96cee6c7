from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("two-factor/", views.two_factor_verify, name="verify"),
    path("two-factor/enrol/", views.two_factor_enrol, name="enrol"),
    path("password/", views.password_change, name="password_change"),
    path("security-policy/", views.security_policy, name="security_policy"),
]
