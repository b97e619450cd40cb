from django.urls import path

from . import views

app_name = "reports"

# Codes contain a slash ("02/XLD"), hence <path:code>, matched last.
urlpatterns = [
    path("", views.index, name="index"),
    path("layouts/", views.layout_list, name="layout_list"),
    path("excel/<path:code>", views.report_xlsx, name="report_xlsx"),
    path("word/<path:code>", views.report_docx, name="report_docx"),
    path("show/<path:code>", views.report, name="report"),
]
