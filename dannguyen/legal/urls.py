from django.urls import path

from . import views

app_name = "legal"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("new/", views.edit, name="create"),
    path("import/", views.import_page, name="import"),
    path("import/<int:pk>/", views.import_batch, name="import_batch"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/relations/", views.add_relation, name="add_relation"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
