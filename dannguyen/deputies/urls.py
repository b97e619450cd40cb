from django.urls import path

from . import views

app_name = "deputies"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("popolo.json", views.popolo_json, name="popolo_json"),
    path("reference/", views.reference, name="reference"),
    path("reference/<slug:kind>/new/", views.reference_edit, name="reference_create"),
    path("reference/<slug:kind>/<int:pk>/", views.reference_edit, name="reference_edit"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/photo.jpg", views.person_photo, name="person_photo"),
    path("<int:pk>/positions/new/", views.membership_create, name="membership_create"),
    path("<int:pk>/activities/new/", views.entry_create, name="entry_create"),
    path("<int:pk>/summary.docx", views.summary_docx, name="summary_docx"),
    path("positions/<int:pk>/", views.membership_edit, name="membership_edit"),
    path("positions/<int:pk>/delete/", views.membership_delete, name="membership_delete"),
    path("activities/<int:pk>/", views.entry_edit, name="entry_edit"),
    path("activities/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
]

# Public pages, mounted under /portal/ by the project's urls (no login; portal layout).
public_urlpatterns = [
    path("", views.public_index, name="index"),
    path("popolo.json", views.public_popolo, name="popolo"),
    path("don-vi-bau-cu/", views.public_areas, name="areas"),
    path("don-vi-bau-cu/<int:pk>/", views.public_area, name="area"),
    path("<int:pk>/", views.public_person, name="person"),
    path("<int:pk>/anh.jpg", views.public_photo, name="photo"),
]
