from django.urls import path  # noqa: F401

from . import views  # noqa: F401

app_name = "deputies"

urlpatterns: list = []

# Public pages, mounted under /portal/ by the project's urls (no login; portal layout).
public_urlpatterns: list = []
