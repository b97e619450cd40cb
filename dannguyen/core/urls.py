from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/new/", views.agency_edit, name="agency_create"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("fields/", views.field_list, name="field_list"),
    path("fields/new/", views.field_edit, name="field_create"),
    path("fields/<int:pk>/edit/", views.field_edit, name="field_edit"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/convert/", views.address_convert, name="address_convert"),
    path("calendar/", views.calendar_list, name="calendar_list"),
    path("calendar/<int:pk>/delete/", views.calendar_delete, name="calendar_delete"),
    path("history/<int:content_type_id>/<str:object_id>/", views.history, name="history"),
    path("audit/", views.audit_log, name="audit_log"),
]
