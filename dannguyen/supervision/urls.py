from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("overdue/", views.overdue, name="overdue"),
    path("petitions/search/", views.petition_search, name="petition_search"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/move/<slug:move>/", views.plan_move, name="plan_move"),
    path("<int:pk>/plan.docx", views.plan_docx, name="plan_docx"),
    path("<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("<int:pk>/findings/new/", views.finding_create, name="finding_create"),
    path(
        "<int:pk>/recommendations/new/", views.recommendation_create, name="recommendation_create"
    ),
    path("findings/<int:pk>/edit/", views.finding_edit, name="finding_edit"),
    path("recommendations/<int:pk>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path("agencies/<int:pk>/requests/new/", views.request_create, name="request_create"),
    path("agencies/<int:pk>/reports/new/", views.report_create, name="report_create"),
    path("agencies/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("requests/<int:pk>/letter.docx", views.request_docx, name="request_docx"),
    path("reports/<int:pk>/file/", views.report_file, name="report_file"),
    path("events/<int:pk>/evidence/", views.evidence_file, name="evidence_file"),
    path(
        "recommendations/<int:pk>/follow-up/",
        views.recommendation_follow_up,
        name="recommendation_follow_up",
    ),
]
