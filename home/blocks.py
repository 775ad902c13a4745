"""StreamField blocks shared by the portal's pages: the base stream every body starts from, and
the blocks several apps add to it (``VideoBlock``)."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "home/blocks/heading_block.html"
        label = _("Heading")
        description = _("A heading that starts a section; shown in the page outline.")
        preview_value = {"text": "办理时间", "level": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "home/blocks/captioned_image_block.html"
        label = _("Image with caption")
        description = _("An image with its alternative text and an optional caption.")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"), required=False, help_text=_("Defaults to the document's title.")
    )

    class Meta:
        icon = "doc-full"
        template = "home/blocks/document_link_block.html"
        label = _("Document download")
        description = _("A link to download a document, with its file type and size.")


class VideoBlock(blocks.StructBlock):
    """A video file from the document library, played by the browser: no outside host."""

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
        template = "home/blocks/video_block.html"
        label = _("Video")
        description = _("A video stored on the portal, with captions and a transcript.")


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Office or person"), max_length=100)
    phone = blocks.CharBlock(label=_("Phone"), required=False, max_length=30)
    hours = blocks.CharBlock(label=_("Hours"), required=False, max_length=120)
    address = blocks.CharBlock(label=_("Address"), required=False, max_length=200)

    class Meta:
        icon = "user"
        template = "home/blocks/contact_block.html"
        label = _("Contact")
        description = _("Who to contact, with phone, hours and address.")
        preview_value = {
            "name": "社区服务站",
            "phone": "010-12345678",
            "hours": "周一至周五 8:30-17:30",
            "address": "幸福路 88 号",
        }


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        icon="pilcrow",
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        template="home/blocks/paragraph_block.html",
        description=_("Text with links and lists."),
        preview_value="<p>居民可在工作日到社区服务站办理。</p>",
    )
    image = CaptionedImageBlock()
    document = DocumentLinkBlock()
    contact = ContactBlock()
