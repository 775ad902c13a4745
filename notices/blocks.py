"""The blocks a notice body is made of."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock

from home.blocks import BaseStreamBlock, VideoBlock


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


class NoticeStreamBlock(BaseStreamBlock):
    table = NoticeTableBlock()
    video = VideoBlock()
