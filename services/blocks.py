"""StreamField blocks of a service guide: the materials checklist, steps, FAQs, related guides.

Each list on a guide is a StreamField with one kind of block, so editors add, remove and reorder
items in the usual way and wagtail-localize translates every item as its own segment.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from home.blocks import BaseStreamBlock

MATERIAL_FORMS = [
    ("original", _("Original")),
    ("copy", _("Copy")),
    ("original_and_copy", _("Original and copy")),
]
FORM_LABELS = dict(MATERIAL_FORMS)


class MaterialBlock(blocks.StructBlock):
    """One line of the "tell once" checklist (一次性告知): what to bring, in what form."""

    name = blocks.CharBlock(label=_("Material"), max_length=200)
    form = blocks.ChoiceBlock(choices=MATERIAL_FORMS, label=_("Original or copy"), required=False)
    copies = blocks.IntegerBlock(label=_("Number of copies"), required=False, min_value=1)
    note = blocks.CharBlock(label=_("Note"), required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        template = "services/blocks/material_block.html"
        label = _("Material")
        description = _("Something the applicant brings: the original, copies, or both.")
        preview_value = {
            "name": "居民身份证",
            "form": "original_and_copy",
            "copies": 1,
            "note": "复印件需正反面",
        }


class MaterialsBlock(blocks.StreamBlock):
    material = MaterialBlock()

    class Meta:
        icon = "list-ul"
        description = _("Everything an applicant needs, told at once.")


class StepsBlock(blocks.StreamBlock):
    step = blocks.TextBlock(
        label=_("Step"),
        icon="arrow-right",
        template="services/blocks/step_block.html",
        description=_("One step of the procedure, in the order the applicant takes it."),
        preview_value="网上预约或现场取号",
    )

    class Meta:
        icon = "list-ol"


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=300)
    answer = blocks.TextBlock(label=_("Answer"))

    class Meta:
        icon = "help"
        template = "services/blocks/faq_block.html"
        label = _("Question and answer")
        description = _("A question residents often ask, with its answer.")
        preview_value = {
            "question": "可以委托他人代办吗？",
            "answer": "可以，代办人需携带本人和申请人的身份证。",
        }


class FaqsBlock(blocks.StreamBlock):
    faq = FaqBlock()

    class Meta:
        icon = "help"


class RelatedGuideBlock(blocks.PageChooserBlock):
    class Meta:
        icon = "link"
        template = "services/blocks/related_guide_block.html"
        label = _("Related guide")
        description = _("Another guide residents often need together with this one.")


class RelatedGuidesBlock(blocks.StreamBlock):
    guide = RelatedGuideBlock(page_type="services.ServiceGuidePage")

    class Meta:
        icon = "link"


class GuideStreamBlock(BaseStreamBlock):
    """Free-form extra information on a guide, below the structured fields."""
