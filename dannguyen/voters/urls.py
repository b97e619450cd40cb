from django.urls import path

from . import views

app_name = "voters"

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/plans/<slug:timing>/", views.plan_edit, name="plan_edit"),
    path("sessions/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/minutes/", views.minutes_file, name="minutes_file"),
    path("meetings/<int:pk>/minutes/split/", views.minutes_split, name="minutes_split"),
    path("meetings/<int:pk>/opinions/new/", views.opinion_add, name="opinion_add"),
    path("opinions/<int:pk>/edit/", views.opinion_edit, name="opinion_edit"),
    path("sessions/<int:pk>/petitions/", views.petition_list, name="petition_list"),
    path("sessions/<int:pk>/petitions/group/", views.group_run, name="group_run"),
    path("petitions/<int:pk>/", views.petition_detail, name="petition_detail"),
    path("petitions/<int:pk>/<slug:action>/", views.petition_act, name="petition_act"),
    path("sessions/<int:pk>/reports/new/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/move/<slug:move>/", views.report_move, name="report_move"),
    path("reports/<int:pk>/dispatch/", views.report_dispatch, name="report_dispatch"),
    path("petitions/<int:pk>/answers/new/", views.answer_create, name="answer_create"),
    path("petitions/<int:pk>/evaluations/new/", views.answer_evaluate, name="answer_evaluate"),
    path("answers/<int:pk>/file/", views.answer_file, name="answer_file"),
    path("sessions/<int:pk>/answers/", views.session_tracking, name="session_tracking"),
    path(
        "sessions/<int:pk>/communes/<int:commune>/",
        views.commune_summary,
        name="commune_summary",
    ),
    path(
        "sessions/<int:pk>/communes/<int:commune>/answers.docx",
        views.commune_summary_docx,
        name="commune_summary_docx",
    ),
    path("backlog/", views.backlog, name="backlog"),
    path("sessions/<int:pk>/appendix-4.docx", views.appendix_4, name="appendix_4"),
    path("sessions/<int:pk>/appendix-5.docx", views.appendix_5, name="appendix_5"),
    path("sessions/<int:pk>/appendix-1.xlsx", views.appendix_1, name="appendix_1"),
]
