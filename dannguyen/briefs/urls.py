from django.urls import path

from . import views

app_name = "briefs"

urlpatterns = [
    path("", views.brief_list, name="list"),
    path("new/", views.brief_create, name="create"),
    path("<int:pk>/", views.brief_detail, name="detail"),
    path("<int:pk>/edit/", views.brief_edit, name="edit"),
    path("<int:pk>/move/<slug:move>/", views.brief_move, name="move"),
    path("<int:pk>/documents/add/", views.document_add, name="document_add"),
    path("<int:pk>/petitions/add/", views.petitions_add, name="petitions_add"),
    path("<int:pk>/summary/", views.summary_save, name="summary_save"),
    path("<int:pk>/sections/add/", views.section_add, name="section_add"),
    path("<int:pk>/statistics/", views.statistics_save, name="statistics_save"),
    path("<int:pk>/statistics/refresh/", views.statistics_refresh, name="statistics_refresh"),
    path("<int:pk>/brief.docx", views.brief_docx, name="docx"),
    path("documents/<int:pk>/remove/", views.document_remove, name="document_remove"),
    path("petitions/<int:pk>/remove/", views.petition_remove, name="petition_remove"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("sections/<int:pk>/remove/", views.section_remove, name="section_remove"),
]
