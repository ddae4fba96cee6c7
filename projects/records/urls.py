"""Relocation records: the `records` namespace, under /records/ (registry/urls.py)."""

from django.urls import path

from projects.records import review_views, views

app_name = "records"

urlpatterns = [
    path("units/", views.unit_list, name="units"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/delete/", views.unit_delete, name="unit_delete"),
    path("merchants/", views.merchant_list, name="merchants"),
    path("merchants/new/", views.merchant_create, name="merchant_create"),
    path("merchants/<int:pk>/", views.merchant_detail, name="merchant"),
    path("merchants/<int:pk>/edit/", views.merchant_edit, name="merchant_edit"),
    path("merchants/<int:pk>/delete/", views.merchant_delete, name="merchant_delete"),
    path("reviews/", review_views.review_list, name="reviews"),
    path("reviews/new/", review_views.review_create, name="review_create"),
    path("reviews/<int:pk>/", review_views.review_detail, name="review"),
    path("reviews/<int:pk>/experts/", review_views.review_invite, name="review_invite"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("sheets/", review_views.sheet_list, name="sheets"),
    path("sheets/<int:pk>/", review_views.sheet_detail, name="sheet"),
]
