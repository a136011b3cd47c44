from django.urls import path

from gongkai.catalog import views_topics

app_name = "topics"

urlpatterns = [
    path("", views_topics.topic_list, name="list"),
    path("<slug:slug>/", views_topics.topic_page, name="page"),
]
