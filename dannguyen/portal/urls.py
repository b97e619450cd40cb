from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("lich/", views.schedules, name="schedules"),
    path("lich/lich-cong-khai.ics", views.schedules_ics, name="schedules_ics"),
    path("van-ban/", views.legal_search, name="legal_search"),
    path("van-ban/<int:pk>/", views.legal_document, name="legal_document"),
    path("tra-loi-cu-tri/", views.voter_answers, name="voter_answers"),
]
