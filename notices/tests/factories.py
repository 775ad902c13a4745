"""factory_boy factories for notices, shared by every notices test module.

    index = NoticeIndexPageFactory()                       # /notices/ under the zh-hans home page
    water = NoticeCategoryFactory(slug="water-power", name="停水停电")
    translate_category(water, name="Water and power cuts")
    notice = NoticePageFactory(parent=index, category=water, published_at=some_datetime)
    notice_en = translate_page(notice, title="Water off", summary="...")

Pages are published through a revision, as an editor would, so ``page_published`` fires and
``first_published_at`` is set; pass ``publish=False`` for a draft. Publishing a notice starts a
notification round whose emails are sent ``on_commit``: wrap the call in pytest-django's
``django_capture_on_commit_callbacks(execute=True)`` when a test wants them sent.
"""

import datetime

from wagtail.models import Locale, Page

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from home.models import HomePage
from notices.models import NoticeCategory, NoticeIndexPage, NoticePage


def locale(language: str = "zh-hans") -> Locale:
    return Locale.objects.get(language_code=language)


def zh_home_page() -> HomePage:
    return HomePage.objects.get(locale__language_code="zh-hans")


class NoticeCategoryFactory(DjangoModelFactory):
    """A category in Chinese, the language categories are written (and subscribed) in."""

    name = factory.Sequence(lambda n: f"测试分类{n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    locale = factory.LazyFunction(locale)
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = NoticeCategory
        django_get_or_create = ["slug", "locale"]


def translate_category(
    category: NoticeCategory, language: str = "en", **fields: str
) -> NoticeCategory:
    """The category's translation, created (a copy with ``fields`` changed) when missing."""
    target = locale(language)
    translated = category.get_translation_or_none(target)
    if translated is None:
        translated = category.copy_for_translation(target)
        for name, value in fields.items():
            setattr(translated, name, value)
        translated.save()
    return translated


class _PublishedPageFactory(wagtail_factories.PageFactory):
    """Saves a first revision and publishes it, unless ``publish=False`` (then: a draft)."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    live = False  # until the first revision is published below

    @factory.post_generation
    def publish(self, create, extracted, **kwargs):
        if create and extracted is not False and self.latest_revision_id is None:
            # A new page (get_or_create may have found an existing one): publish it.
            self.save_revision().publish()
            self.refresh_from_db()


class NoticeIndexPageFactory(_PublishedPageFactory):
    """The notice index under the Chinese home page (found again if it is already there)."""

    parent = factory.LazyFunction(zh_home_page)
    title = "通知公告"
    slug = "notices"
    intro = "社区的停水停电、活动、政策和公示。"

    class Meta:
        model = NoticeIndexPage
        django_get_or_create = ["parent", "slug"]


class NoticePageFactory(_PublishedPageFactory):
    """A published notice; ``published_at=`` backdates its first (and last) publication."""

    parent = factory.SubFactory(NoticeIndexPageFactory)
    title = factory.Sequence(lambda n: f"测试通知{n}")
    slug = factory.Sequence(lambda n: f"notice-{n}")
    summary = factory.LazyAttribute(lambda notice: f"{notice.title}的摘要。")
    category = factory.SubFactory(NoticeCategoryFactory)
    urgency = "normal"

    class Meta:
        model = NoticePage

    @factory.post_generation
    def published_at(self, create, extracted: datetime.datetime | None, **kwargs):
        if create and extracted is not None:
            NoticePage.objects.filter(pk=self.pk).update(
                first_published_at=extracted, last_published_at=extracted
            )
            self.refresh_from_db()


def translate_page(page: Page, language: str = "en", publish: bool = True, **fields) -> Page:
    """Translate ``page`` into ``language`` (its parent must have a translation there already).

    A copy of the page with ``fields`` changed; a translatable ``category`` points to its own
    translation when there is one. Published through a revision unless ``publish=False``.
    """
    page = page.specific
    target = locale(language)
    translated = page.get_translation_or_none(target)
    if translated is None:
        translated = page.copy_for_translation(target)
    translated = translated.specific
    category = getattr(translated, "category", None)
    if isinstance(category, NoticeCategory) and "category" not in fields:
        fields["category"] = category.get_translation_or_none(target) or category
    for name, value in fields.items():
        setattr(translated, name, value)
    revision = translated.save_revision()
    if publish:
        revision.publish()
    return type(translated).objects.get(pk=translated.pk)
