from django.urls import path

from gongkai.participation.questions import views_portal

app_name = "questions"

urlpatterns = [
    path("", views_portal.question_list, name="list"),
    path("ask/", views_portal.ask, name="ask"),
    path("suggest/", views_portal.suggest, name="suggest"),
    path("<str:number>/", views_portal.question_detail, name="detail"),
]
