"""Workbench URLs of 意见征集 (/workbench/consultations/), included into the workbench namespace."""

from django.urls import path

from gongkai.participation.views import consultations_workbench as views

urlpatterns = [
    path("", views.consultation_list, name="consultation_list"),
    path("new/", views.consultation_create, name="consultation_create"),
    path("<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("<int:pk>/period/", views.consultation_period, name="consultation_period"),
    path("<int:pk>/themes/", views.consultation_theme_add, name="consultation_theme_add"),
    path("<int:pk>/comments/<int:comment_id>/", views.consultation_comment, name="consultation_comment"),
    path("<int:pk>/feedback/", views.consultation_feedback, name="consultation_feedback"),
    path("<int:pk>/export.xlsx", views.consultation_export, name="consultation_export"),
]
