from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar.ics", views.calendar_ics, name="calendar_ics"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("<int:pk>/move/<slug:move>/", views.event_move, name="event_move"),
    path("<int:pk>/agenda/new/", views.agenda_create, name="agenda_create"),
    path("<int:pk>/participants/new/", views.participants_add, name="participants_add"),
    path("<int:pk>/documents/new/", views.document_create, name="document_create"),
    path("<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("agenda/<int:pk>/delete/", views.agenda_delete, name="agenda_delete"),
    path("participants/<int:pk>/remove/", views.participant_remove, name="participant_remove"),
    path("participants/<int:pk>/reply/", views.participant_reply, name="participant_reply"),
    path(
        "participants/<int:pk>/attendance/",
        views.participant_attendance,
        name="participant_attendance",
    ),
    path("participants/<int:pk>/invitation.docx", views.invitation_docx, name="invitation_docx"),
    path("documents/<int:pk>/", views.document_file, name="document_file"),
    path("tasks/<int:pk>/done/", views.task_done, name="task_done"),
]
