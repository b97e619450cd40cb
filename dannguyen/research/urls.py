from django.urls import path

from . import views

app_name = "research"

urlpatterns = [
    path("", views.topic_list, name="topic_list"),
    path("new/", views.topic_create, name="topic_create"),
    path("<int:pk>/", views.topic_detail, name="topic_detail"),
    path("<int:pk>/edit/", views.topic_edit, name="topic_edit"),
    path("<int:pk>/move/<slug:move>/", views.topic_move, name="topic_move"),
    path("<int:pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("<int:pk>/outputs/new/", views.output_create, name="output_create"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("outputs/<int:pk>/file/", views.output_file, name="output_file"),
]
