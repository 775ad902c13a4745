from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page, Site
from wagtail.search import index

from home.blocks import BaseStreamBlock
from portal.fragments import shared
from search.mixins import SegmentedSearchMixin


class PortalImage(AbstractImage):
    """The portal's image model: Wagtail's, plus a credit line for photos by residents."""

    credit = models.CharField(_("credit"), max_length=120, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class HomePage(Page):
    """The root of each language's site: search, alerts, contact, and links to every section."""

    intro = models.TextField(
        _("welcome text"),
        blank=True,
        help_text=_("One or two sentences under the portal's name."),
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The same for every visitor of this language: kept between requests (portal.fragments).
        context["sections"] = shared(request, f"home_sections:{self.pk}", self._section_list)
        context["search_url"] = reverse("search:search")
        return context

    def get_sections(self):
        """Live pages directly under this home page that editors put in the menus."""
        return self.get_children().live().public().in_menu().order_by("path")

    def _section_list(self) -> list[Page]:
        return list(self.get_sections())


class StandardPage(SegmentedSearchMixin, Page):
    """A general page: about the committee, contact, accessibility statement..."""

    segmented_fields = ("intro", "body")

    intro = models.TextField(_("summary"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        *SegmentedSearchMixin.search_fields_extra,
    ]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Contact details shown on every page; each text in both languages."""

    @classmethod
    def for_request(cls, request):
        """The site's settings, kept between requests until they are saved (portal.fragments)."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            found = shared(request, "portal_settings", lambda: cls.for_site(site))
            setattr(request, attr_name, found)
        return getattr(request, attr_name)

    community_name = models.CharField(_("community name (Chinese)"), max_length=100)
    community_name_en = models.CharField(_("community name (English)"), max_length=100, blank=True)
    hotline = models.CharField(_("hotline"), max_length=30, blank=True)
    office_hours = models.CharField(_("office hours (Chinese)"), max_length=200, blank=True)
    office_hours_en = models.CharField(_("office hours (English)"), max_length=200, blank=True)
    address = models.CharField(_("address (Chinese)"), max_length=200, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("community_name"), FieldPanel("community_name_en")], heading=_("Name")
        ),
        MultiFieldPanel(
            [
                FieldPanel("hotline"),
                FieldPanel("email"),
                FieldPanel("office_hours"),
                FieldPanel("office_hours_en"),
                FieldPanel("address"),
                FieldPanel("address_en"),
            ],
            heading=_("Contact"),
        ),
    ]

    class Meta:
        verbose_name = _("portal settings")

    def _localized(self, field: str) -> str:
        if translation.get_language() == "en":
            return getattr(self, f"{field}_en") or getattr(self, field)
        return getattr(self, field)

    @property
    def display_name(self) -> str:
        return self._localized("community_name")

    @property
    def display_office_hours(self) -> str:
        return self._localized("office_hours")

    @property
    def display_address(self) -> str:
        return self._localized("address")
