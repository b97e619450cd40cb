from django.urls import path

from . import views

app_name = "reception"

urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/ics/", views.calendar_ics, name="calendar_ics"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/hold/", views.session_hold, name="session_hold"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/ics/", views.session_ics, name="session_ics"),
    path("sessions/<int:pk>/cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/reveal/", views.case_reveal, name="case_reveal"),
    path("cases/<int:pk>/petition/", views.case_petition, name="case_petition"),
    path("register/", views.register, name="register"),
    path("register/excel/", views.register_xlsx, name="register_xlsx"),
    path("register/word/", views.register_docx, name="register_docx"),
]
