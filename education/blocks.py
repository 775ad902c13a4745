"""The blocks education articles, regulations and courses are made of."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import blocks

from home.blocks import BaseStreamBlock, DocumentLinkBlock, VideoBlock


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Link text"), max_length=120)
    url = blocks.URLBlock(label=pgettext_lazy("web link", "Address"))
    description = blocks.CharBlock(label=_("Description"), required=False, max_length=200)

    class Meta:
        icon = "link"
        label = _("Link")


class LinkListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    links = blocks.ListBlock(LinkBlock(), label=_("Links"))

    class Meta:
        icon = "list-ul"
        template = "education/blocks/link_list_block.html"
        label = _("List of links")
        description = _("Links to schools', libraries' and education bureaus' own sites.")
        preview_value = {
            "heading": "辖区学校",
            "links": [
                {"title": "幸福里小学", "url": "https://school.example.cn", "description": ""},
            ],
        }


class EducationStreamBlock(BaseStreamBlock):
    video = VideoBlock()
    links = LinkListBlock()


class AttachmentStreamBlock(blocks.StreamBlock):
    attachment = DocumentLinkBlock()
