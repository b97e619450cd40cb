from django.urls import path

from dannguyen.portal.caching import public_page

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("new/", views.article_create, name="article_create"),
    path("<int:pk>/", views.article_detail, name="article_detail"),
    path("<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("<int:pk>/preview/", views.article_preview, name="article_preview"),
    path("<int:pk>/move/<slug:move>/", views.article_move, name="article_move"),
    path("<int:pk>/images/new/", views.image_create, name="image_create"),
    path("images/<int:pk>/delete/", views.image_delete, name="image_delete"),
    path("images/<int:pk>/<slug:size>/", views.image_file, name="image"),
]

_feed_cache = public_page(views.PUBLIC_MAX_AGE)

# Public pages, mounted under /portal/tin-tuc/ by the project's urls (no login; portal layout).
public_urlpatterns = [
    path("", views.public_index, name="index"),
    path("chu-de/<slug:slug>/", views.public_tag, name="tag"),
    path("rss/", _feed_cache(feeds.LatestArticlesRss()), name="rss"),
    path("atom/", _feed_cache(feeds.LatestArticlesAtom()), name="atom"),
    path("anh/<int:pk>/<slug:size>/", views.public_image, name="image"),
    path("<int:pk>/", views.public_article, name="article_short"),
    path("<int:pk>/<slug:slug>/", views.public_article, name="article"),
]
