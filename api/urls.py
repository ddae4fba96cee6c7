from django.urls import path

from api import views

app_name = "api"

urlpatterns = [
    path("account/api-tokens/", views.tokens, name="tokens"),
    path("account/api-tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("api/v1/docs/", views.docs, name="docs"),
    path("oc4ids/<str:kind>/<str:code>.json", views.oc4ids_download, name="oc4ids_download"),
]
