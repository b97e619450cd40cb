from django.urls import path

from . import views

app_name = "correspondence"

urlpatterns = [
    path("", views.letter_list, name="list"),
    path("export/", views.export, name="export"),
    path("new/", views.create, name="create"),
    path("templates/", views.templates, name="templates"),
    path("templates/shipped.docx", views.template_file, name="shipped_template"),
    path("templates/<int:pk>/file/", views.template_file, name="template_file"),
    path("templates/<int:pk>/toggle/", views.template_toggle, name="template_toggle"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/docx/", views.download, name="download"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
]
