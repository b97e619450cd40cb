from django.contrib import admin
from django.urls import include, path

from dannguyen.api.api import api

urlpatterns = [
    path("", include("dannguyen.core.urls")),
    path("accounts/", include("dannguyen.accounts.urls")),
    path("legal/", include("dannguyen.legal.urls")),
    path("petitions/", include("dannguyen.petitions.urls")),
    path("reception/", include("dannguyen.reception.urls")),
    path("reports/", include("dannguyen.reports.urls")),
    path("letters/", include("dannguyen.correspondence.urls")),
    path("supervision/", include("dannguyen.supervision.urls")),
    path("voters/", include("dannguyen.voters.urls")),
    path("events/", include("dannguyen.events.urls")),
    path("outreach/", include("dannguyen.outreach.urls")),
    path("research/", include("dannguyen.research.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "dannguyen.core.errors.permission_denied"
handler404 = "dannguyen.core.errors.page_not_found"
handler500 = "dannguyen.core.errors.server_error"
