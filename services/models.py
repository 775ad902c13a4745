"""Service guides (办事指南): departments, categories, the guide index and the guide pages."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from wagtail_localize.fields import SynchronizedField

from search.mixins import SegmentedSearchMixin
from services.blocks import (
    FaqsBlock,
    GuideStreamBlock,
    MaterialsBlock,
    RelatedGuidesBlock,
    StepsBlock,
)

GUIDES_PER_PAGE = 20
CODE_MAX_LENGTH = 64
KEYWORD_SEPARATORS = (",", "，", "、", ";", "；")


class ServiceDepartment(TranslatableMixin, models.Model):
    """The office that handles a service: 公安出入境, 民政, 社区服务站 ..."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=100, help_text=_("Used in addresses, e.g. civil-affairs.")
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    override_translatable_fields = [SynchronizedField("slug"), SynchronizedField("phone")]

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("phone"), FieldPanel("address")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="service_department_unique_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CategoryKind(models.TextChoices):
    LIFE_EVENT = "life_event", _("Life event")
    TOPIC = "topic", _("Topic")


class ServiceCategory(TranslatableMixin, models.Model):
    """A life event (人生事件: having a baby, retiring) or a topic (主题: housing, IDs)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=100, help_text=_("Used in addresses, e.g. having-a-baby.")
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=CategoryKind.choices, default=CategoryKind.TOPIC
    )

    override_translatable_fields = [SynchronizedField("slug")]

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="service_category_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceIndexPage(Page):
    """The list of guides, browsable by department and by category (life event or topic)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["services.ServiceGuidePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("service guide index")

    # -- queries ----------------------------------------------------------------------------

    def guides(self):
        """The guides residents may see under this index, with what a list shows of them."""
        return (
            ServiceGuidePage.objects.child_of(self)
            .live()
            .public()
            .select_related("department", "category")
            .order_by("title", "pk")
        )

    def _live_guides_here(self, relation: str) -> Q:
        return Q(**{f"{relation}__live": True, f"{relation}__path__startswith": self.path}) & Q(
            **{f"{relation}__depth": self.depth + 1}
        )

    def departments(self):
        """Departments of this language with their number of live guides here (one query)."""
        return (
            ServiceDepartment.objects.filter(locale_id=self.locale_id)
            .annotate(guide_count=Count("guides", filter=self._live_guides_here("guides")))
            .filter(guide_count__gt=0)
            .order_by("name")
        )

    def categories(self):
        """Categories of this language with their number of live guides here (one query)."""
        return (
            ServiceCategory.objects.filter(locale_id=self.locale_id)
            .annotate(guide_count=Count("guides", filter=self._live_guides_here("guides")))
            .filter(guide_count__gt=0)
            .order_by("kind", "name")
        )

    def _find_department(self, value: str) -> ServiceDepartment | None:
        """A department by id (of any language: its translation here is used) or by slug."""
        departments = ServiceDepartment.objects.all()
        if value.isdigit():
            found = departments.filter(pk=int(value)).first()
        else:
            found = departments.filter(slug=value, locale_id=self.locale_id).first()
        if found is not None and found.locale_id != self.locale_id:
            found = departments.filter(
                translation_key=found.translation_key, locale_id=self.locale_id
            ).first()
        return found

    def get_guides(self, request) -> dict[str, Any]:
        """The page of guides this request asks for, with the filters it used and any problems."""
        problems: list[str] = []
        guides = self.guides()
        department = category = None
        department_value = request.GET.get("department", "").strip()[:100]
        category_value = request.GET.get("category", "").strip()[:100]
        if department_value:
            department = self._find_department(department_value)
            if department is None:
                problems.append(
                    gettext("There is no department “%(value)s”; showing all departments.")
                    % {"value": department_value}
                )
            else:
                guides = guides.filter(department=department)
        if category_value:
            category = ServiceCategory.objects.filter(
                slug=category_value, locale_id=self.locale_id
            ).first()
            if category is None:
                problems.append(
                    gettext("There is no category “%(value)s”; showing all categories.")
                    % {"value": category_value}
                )
            else:
                guides = guides.filter(category=category)

        paginator = Paginator(guides, GUIDES_PER_PAGE)
        page_number = request.GET.get("page", "1")
        try:
            page = paginator.page(page_number)
        except (PageNotAnInteger, EmptyPage):
            problems.append(
                gettext("There is no page “%(page)s” of this list; showing the first page.")
                % {"page": page_number[:10]}
            )
            page = paginator.page(1)
        query = {}
        if department is not None:
            query["department"] = department.slug
        if category is not None:
            query["category"] = category.slug
        return {
            "guides": page,
            "department": department,
            "category": category,
            "filter_query": "&".join(f"{key}={value}" for key, value in query.items()),
            "problems": problems,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.get_guides(request))
        categories = list(self.categories())
        context["departments"] = self.departments()
        context["life_events"] = [c for c in categories if c.kind == CategoryKind.LIFE_EVENT]
        context["topics"] = [c for c in categories if c.kind == CategoryKind.TOPIC]
        return context


def split_keywords(text: str) -> list[str]:
    for separator in KEYWORD_SEPARATORS[1:]:
        text = text.replace(separator, KEYWORD_SEPARATORS[0])
    return [word.strip() for word in text.split(KEYWORD_SEPARATORS[0]) if word.strip()]


class ServiceGuidePage(SegmentedSearchMixin, RoutablePageMixin, Page):
    """One service (办事事项): who may apply, what to bring, the steps, where and when."""

    segmented_fields = (
        "code",
        "summary",
        "keywords",
        "eligibility",
        "materials",
        "steps",
        "faqs",
        "department_name",
        "category_name",
    )

    code = models.CharField(
        _("service code"),
        max_length=CODE_MAX_LENGTH,
        help_text=_(
            "The 事项编码 of the service; unique in each language, the same in every language."
        ),
    )
    department = models.ForeignKey(
        ServiceDepartment,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="guides",
    )
    category = models.ForeignKey(
        ServiceCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="guides",
    )
    summary = models.TextField(
        _("summary"), max_length=500, help_text=_("One or two sentences shown in lists and search.")
    )
    keywords = models.CharField(
        _("other names"),
        max_length=300,
        blank=True,
        help_text=_("Other names residents use for this service, separated by commas."),
    )
    eligibility = models.TextField(_("who can apply"), blank=True)
    materials = StreamField(
        MaterialsBlock(),
        blank=True,
        verbose_name=_("materials"),
        help_text=_("Everything to bring, told at once (一次性告知)."),
    )
    steps = StreamField(StepsBlock(), blank=True, verbose_name=_("steps"))
    time_limit = models.CharField(_("time limit"), max_length=300, blank=True)
    fee = models.CharField(_("fee"), max_length=300, blank=True)
    location = models.CharField(_("where"), max_length=300, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    online_url = models.URLField(
        _("apply online"),
        max_length=500,
        blank=True,
        help_text=_("Address of the online service, if the service can be done online."),
    )
    faqs = StreamField(FaqsBlock(), blank=True, verbose_name=_("questions and answers"))
    related = StreamField(RelatedGuidesBlock(), blank=True, verbose_name=_("related guides"))
    body = StreamField(GuideStreamBlock(), blank=True, verbose_name=_("more information"))

    override_translatable_fields = [SynchronizedField("code"), SynchronizedField("phone")]

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("code"), FieldPanel("department"), FieldPanel("category")]),
        FieldPanel("summary"),
        FieldPanel("keywords"),
        FieldPanel("eligibility"),
        FieldPanel("materials"),
        FieldPanel("steps"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("time_limit"), FieldPanel("fee")]),
                FieldPanel("location"),
                FieldRowPanel([FieldPanel("office_hours"), FieldPanel("phone")]),
                FieldPanel("online_url"),
            ],
            heading=_("Time, fee, where and when"),
        ),
        FieldPanel("faqs"),
        FieldPanel("legal_basis"),
        FieldPanel("related"),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("title", boost=3),
        index.SearchField("summary"),
        index.SearchField("keywords", boost=2),
        index.SearchField("code"),
        index.FilterField("code"),
        index.FilterField("department"),
        index.FilterField("category"),
        *SegmentedSearchMixin.search_fields_extra,
    ]

    parent_page_types = ["services.ServiceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("service guide")
        verbose_name_plural = _("service guides")

    def clean(self):
        super().clean()
        self.code = (self.code or "").strip()
        if self.code and self.locale_id:
            clash = ServiceGuidePage.objects.filter(code=self.code, locale_id=self.locale_id)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    {"code": _("Another guide in this language already has this service code.")}
                )

    # -- what a resident sees ---------------------------------------------------------------

    @property
    def department_name(self) -> str:
        return self.department.name if self.department_id else ""

    @property
    def category_name(self) -> str:
        return self.category.name if self.category_id else ""

    @property
    def keyword_list(self) -> list[str]:
        return split_keywords(self.keywords)

    def related_guides(self) -> list["ServiceGuidePage"]:
        """The live related guides, in this guide's language where a translation exists."""
        keys = [block.value.translation_key for block in self.related if block.value is not None]
        if not keys:
            return []
        here = {
            guide.translation_key: guide
            for guide in ServiceGuidePage.objects.live()
            .public()
            .filter(translation_key__in=keys, locale_id=self.locale_id)
        }
        return [here[key] for key in dict.fromkeys(keys) if key in here]

    def ask_url(self, request=None) -> str:
        """Where to ask or complain about this service.

        The complaints form with this service's code when that app is installed; else the contact
        page of this language's home page; else that home page.
        """
        try:
            return f"{reverse('complaints:submit')}?service={self.code}"
        except NoReverseMatch:
            pass
        from home.models import HomePage, StandardPage

        home = HomePage.objects.filter(locale_id=self.locale_id).first()
        if home is None:
            return "/"
        contact = StandardPage.objects.child_of(home).live().filter(slug="contact").first()
        return (contact or home).get_url(request) or "/"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_guides"] = self.related_guides()
        context["ask_url"] = self.ask_url(request)
        return context

    @path("checklist/", name="checklist")
    def checklist(self, request):
        """The materials checklist on one printable sheet."""
        return self.render(
            request,
            template="services/service_guide_checklist.html",
            context_overrides={
                "ask_url": self.ask_url(request),
                "page_address": request.build_absolute_uri(self.get_url(request)),
            },
        )
