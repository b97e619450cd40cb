from django.urls import path

from . import views

app_name = "submissions"

urlpatterns = [
    path("gui-don/", views.start, name="start"),
    path("tra-cuu/", views.lookup, name="lookup"),
]
