from django.urls import path

from . import accountability_views, views

app_name = "petitions"

urlpatterns = [
    path("", views.register_list, name="list"),
    path("export/", views.export, name="export"),
    path("new/", views.create, name="create"),
    path("check/", views.check, name="check"),
    path("people/", views.lookup, name="lookup"),
    path("units/", views.units, name="units"),
    path("units/pick/", views.pick_unit, name="pick_unit"),
    path("work/", views.work, name="work"),
    path("agencies/", accountability_views.agency_accountability, name="accountability"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/classify/", views.classify, name="classify"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/waiver/", views.waive, name="waive"),
    path("<int:pk>/candidates/", views.candidates, name="candidates"),
    path("<int:pk>/duplicates/", views.decide_duplicate, name="decide_duplicate"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("answers/<int:pk>/file/", views.answer_file, name="answer_file"),
    # Scanned letters (pk of the petition, then of a batch, then of a page).
    path("<int:pk>/scans/", views.scan_pages, name="scans"),
    path("<int:pk>/scans/upload/", views.scan_upload, name="scan_upload"),
    path("scans/<int:pk>/", views.scan_batch, name="scan_batch"),
    path("scans/<int:pk>/text/", views.scan_text, name="scan_text"),
    path("scans/<int:pk>/use/", views.scan_use, name="scan_use"),
    path("scans/<int:pk>/retry/", views.scan_retry, name="scan_retry"),
    path("scans/pages/<int:pk>/image/", views.scan_image, name="scan_image"),
]
