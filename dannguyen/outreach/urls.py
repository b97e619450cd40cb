from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("new/", views.programme_create, name="programme_create"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("<int:pk>/move/<slug:move>/", views.programme_move, name="programme_move"),
    path("<int:pk>/households/new/", views.household_create, name="household_create"),
    path("<int:pk>/gifts/new/", views.gift_create, name="gift_create"),
    path("<int:pk>/sources/new/", views.source_create, name="source_create"),
    path("<int:pk>/photos/new/", views.photo_create, name="photo_create"),
    path("<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("<int:pk>/households.xlsx", views.households_xlsx, name="households_xlsx"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:pk>/remove/", views.household_remove, name="household_remove"),
    path("gifts/<int:pk>/remove/", views.gift_remove, name="gift_remove"),
    path("sources/<int:pk>/remove/", views.source_remove, name="source_remove"),
    path("photos/<int:pk>/", views.photo_file, name="photo_file"),
]
