"""Absolute addresses for links that leave the site: emails, SMS, digests.

Outside a request there is no host to build a URL from; these use the default Wagtail site's
root URL, else ``WAGTAILADMIN_BASE_URL``. Inside a request, ``request.build_absolute_uri``.
"""

from django.conf import settings

from wagtail.models import Site


def default_site() -> Site | None:
    return Site.objects.filter(is_default_site=True).first()


def base_url(site: Site | None = None) -> str:
    """The site's root URL without a trailing slash: the default site, else the admin's base."""
    site = site or default_site()
    root = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    return root.rstrip("/")


def absolute(url: str, base: str | None = None) -> str:
    """``url`` made absolute against ``base`` (default ``base_url()``); full URLs stay as they are."""
    if url.startswith(("http://", "https://")):
        return url
    return f"{base if base is not None else base_url()}{url}"
