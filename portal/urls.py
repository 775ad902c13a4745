from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import sign_in_door
from portal import routes, views
from search import views as search_views

handler500 = "portal.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("display-mode/", views.set_display_mode, name="set_display_mode"),
    # One sign-in door (accounts/throttle.py): the admin login pages lead to the residents' one.
    path("django-admin/login/", sign_in_door, {"default_next": "/django-admin/"}),
    path("admin/login/", sign_in_door, {"default_next": "/admin/"}),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/search/", search_views.api_search, name="api_search"),
    path("open311/v2/", include("complaints.open311.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Everything a resident sees is translated: zh-hans without a prefix, English under /en/.
urlpatterns += i18n_patterns(
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("search/", include("search.urls")),
    path("notice-subscriptions/", include("notices.urls")),
    path("complaints/", include("complaints.urls")),
    path("household/", include("community.urls")),
    path("finance/", include("disclosures.urls")),
    # Wagtail's front-end URLs, its page view replaced by the same view with the route kept
    # between requests (portal/routes.py): same pattern and name, so page URLs reverse as before.
    *[url for url in wagtail_urls.urlpatterns if url.name != "wagtail_serve"],
    re_path(r"^((?:[\w\-]+/)*)$", routes.serve, name="wagtail_serve"),
    prefix_default_language=False,
)
