"""Absolute links outside a request (emails, digests, tasks).

Inside a request, build links with ``request.build_absolute_uri`` so they point at the host that
served it. Outside one, ``base_url()`` gives the configured public address.
"""

from django.conf import settings

from wagtail.models import Site


def base_url(site: Site | None = None) -> str:
    """The configured site address (``PORTAL_BASE_URL``), else the default Wagtail site's, else
    ``WAGTAILADMIN_BASE_URL``; without a trailing slash."""
    if settings.PORTAL_BASE_URL:
        return settings.PORTAL_BASE_URL.rstrip("/")
    site = site or Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    return root.rstrip("/")


def absolute(url: str | None, base: str | None = None) -> str:
    """``url`` as an absolute address: unchanged when it already is one; the portal's home page
    when there is none (a page outside every site has no address: an email then links home)."""
    if not url:
        return f"{base or base_url()}/"
    if url.startswith(("http://", "https://")):
        return url
    return f"{base or base_url()}{url}"
