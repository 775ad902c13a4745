"""RSS 2.0 and Atom feeds of the current notices, per language and per category."""

from django.http import Http404, HttpResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext

FEED_LENGTH = 30
FEED_CLASSES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


def notice_feed(request, index, kind: str, category=None) -> HttpResponse:
    feed_class = FEED_CLASSES.get(kind)
    if feed_class is None:
        raise Http404
    notices = index.notices().filter(live=True)
    title = index.title
    if category is not None:
        notices = notices.filter(category__translation_key=category.translation_key)
        title = f"{index.title}: {category.name}"
    index_url = request.build_absolute_uri(index.get_url(request))
    feed = feed_class(
        title=title,
        link=index_url,
        description=index.intro or gettext("Notices from the community committee"),
        language=index.locale.language_code,
        feed_url=request.build_absolute_uri(request.path),
    )
    for notice in notices.order_by("-first_published_at", "-pk")[:FEED_LENGTH]:
        url = request.build_absolute_uri(notice.get_url(request))
        feed.add_item(
            title=notice.title,
            link=url,
            description=notice.summary,
            unique_id=url,
            unique_id_is_permalink=True,
            pubdate=notice.first_published_at,
            updateddate=notice.last_published_at,
            categories=[notice.category.name],
        )
    response = HttpResponse(content_type=f"{feed.content_type}")
    feed.write(response, "utf-8")
    return response
