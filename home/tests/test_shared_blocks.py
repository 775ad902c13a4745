"""The blocks several apps share live in home.blocks; bodies stored before keep rendering."""

from django.core.files.base import ContentFile
from django.utils import translation

from wagtail.documents import get_document_model

import pytest

from education.blocks import AttachmentStreamBlock, EducationStreamBlock
from home import blocks
from notices.blocks import NoticeStreamBlock

pytestmark = pytest.mark.django_db


@pytest.fixture
def files():
    Document = get_document_model()
    video = Document(title="垃圾分类讲解")
    video.file.save("sorting.mp4", ContentFile(b"\x00" * 64), save=True)
    captions = Document(title="字幕")
    captions.file.save("sorting.vtt", ContentFile(b"WEBVTT\n"), save=True)
    rules = Document(title="社区公约")
    rules.file.save("rules.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    yield video, captions, rules
    for document in (video, captions, rules):
        document.file.delete(save=False)


def stored_video(video, captions) -> dict:
    """A video block as the database holds it (names and values only)."""
    return {
        "type": "video",
        "id": "0f5a3c1e-0000-4000-8000-000000000001",
        "value": {
            "video": video.pk,
            "poster": None,
            "captions": captions.pk,
            "title": "垃圾分类怎么做",
            "transcript": "第一步：分清四类垃圾。",
        },
    }


def test_one_video_block_serves_notices_and_education():
    assert type(NoticeStreamBlock().child_blocks["video"]) is blocks.VideoBlock
    assert type(EducationStreamBlock().child_blocks["video"]) is blocks.VideoBlock
    assert type(AttachmentStreamBlock().child_blocks["attachment"]) is blocks.DocumentLinkBlock


@pytest.mark.parametrize("stream_block", [NoticeStreamBlock, EducationStreamBlock])
def test_a_stored_video_renders_with_captions_and_transcript(stream_block, files):
    video, captions, _rules = files
    stream = stream_block().to_python([stored_video(video, captions)])
    with translation.override("zh-hans"):
        html = str(stream)
    assert f'<source src="{video.url}">' in html
    assert f'src="{captions.url}"' in html
    assert "<figcaption>垃圾分类怎么做</figcaption>" in html
    assert "第一步：分清四类垃圾。" in html


def test_a_stored_attachment_renders_as_a_document_link(files):
    _video, _captions, rules = files
    stored = [
        {
            "type": "attachment",
            "id": "0f5a3c1e-0000-4000-8000-000000000002",
            "value": {"document": rules.pk, "title": ""},
        }
    ]
    html = str(AttachmentStreamBlock().to_python(stored))
    assert f'href="{rules.url}" download>社区公约</a>' in html
    assert "(PDF" in html
