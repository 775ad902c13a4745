"""The blocks education articles, regulations and courses are made of."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from home.blocks import BaseStreamBlock


class VideoBlock(blocks.StructBlock):
    """A video file from the document library, played in the page: nothing from other hosts."""

    video = DocumentChooserBlock(label=_("Video file (MP4 or WebM)"))
    poster = ImageBlock(label=_("Poster image"), required=False)
    captions = DocumentChooserBlock(
        label=_("Captions (WebVTT)"),
        required=False,
        help_text=_("Subtitles file, so the video can be followed without sound."),
    )
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    transcript = blocks.TextBlock(
        label=_("Transcript"), required=False, help_text=_("What is said and shown, in words.")
    )

    class Meta:
        icon = "media"
        template = "education/blocks/video_block.html"
        label = _("Video")
        description = _("A lesson video stored on the portal, with captions and a transcript.")


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


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"), required=False, help_text=_("Defaults to the document's title.")
    )

    class Meta:
        icon = "doc-full"
        template = "home/blocks/document_link_block.html"
        label = _("Attachment")
        description = _("A document to download, e.g. the signed original as PDF.")


class AttachmentStreamBlock(blocks.StreamBlock):
    attachment = AttachmentBlock()
