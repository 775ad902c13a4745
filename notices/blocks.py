"""The blocks a notice body is made of."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from home.blocks import BaseStreamBlock


class NoticeTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        label=_("Table caption"),
        help_text=_("What the table shows, e.g. 停水时间和范围. Read out by screen readers."),
    )
    table = TableBlock(
        label=_("Table"),
        table_options={"startRows": 3, "startCols": 3, "colHeaders": False, "rowHeaders": False},
    )

    class Meta:
        icon = "table"
        template = "notices/blocks/table_block.html"
        label = _("Table")
        description = _("A table with a caption, e.g. times and buildings of a water cut.")


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
        template = "notices/blocks/video_block.html"
        label = _("Video")
        description = _("A video stored on the portal, with captions and a transcript.")


class NoticeStreamBlock(BaseStreamBlock):
    table = NoticeTableBlock()
    video = VideoBlock()
