from django.contrib import admin
from django.urls import include, path

from dannguyen.api.api import api
from dannguyen.deputies import urls as deputies_urls
from dannguyen.news import urls as news_urls

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
    path("deputies/", include("dannguyen.deputies.urls")),
    path("news/", include("dannguyen.news.urls")),
    path("briefs/", include("dannguyen.briefs.urls")),
    # The public portal: no login. Online submission first, so its prefix wins.
    path("portal/don/", include("dannguyen.submissions.urls")),
    path("portal/tin-tuc/", include((news_urls.public_urlpatterns, "news_public"))),
    path("portal/dai-bieu/", include((deputies_urls.public_urlpatterns, "deputies_public"))),
    path("portal/", include("dannguyen.portal.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "dannguyen.core.errors.permission_denied"
handler404 = "dannguyen.core.errors.page_not_found"
handler500 = "dannguyen.core.errors.server_error"
