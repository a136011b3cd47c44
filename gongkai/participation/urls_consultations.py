"""Public URLs of 意见征集 (政民互动 → 意见征集: /hudong/zhengji/)."""

from django.urls import path

from gongkai.participation.views import consultations_portal as views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
]
