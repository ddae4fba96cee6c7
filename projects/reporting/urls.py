from django.urls import path

from projects.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("units/<int:pk>/submit/", views.submit, name="submit"),
    path("units/<int:pk>/<str:month>/", views.unit_month, name="unit_month"),
    path("units/<int:pk>/<str:month>/accept/", views.accept, name="accept"),
    path("units/<int:pk>/<str:month>/return/", views.return_, name="return"),
    path("close/<str:kind>/<str:code>/", views.closing, name="closing"),
    path("close/<str:kind>/<str:code>/<str:month>/close/", views.close, name="close"),
    path("close/<str:kind>/<str:code>/<str:month>/reopen/", views.reopen, name="reopen"),
]
