"""Insert many Wagtail pages at once, without ``add_child`` and revisions.

``add_child`` costs several queries and a revision per page; for volume data the tree fields
(``path``, ``depth``, ``url_path``) are computed here and the rows are inserted in batches: the
``wagtailcore_page`` rows with ``bulk_create``, then the rows of the page type's own table.
Pages come out live and published, as if an editor had published them once.
"""

import uuid
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.db.models import F

from wagtail.models import Page

BATCH = 500


def bulk_add_children(parent: Page, pages: Sequence[Page]) -> list[Page]:
    """Add ``pages`` (unsaved, of one specific page type) as the last children of ``parent``.

    Each page needs ``title``, ``slug`` and its own fields; ``locale``, ``translation_key`` and
    the publication dates are filled in when missing. Returns the pages with their ids.
    """
    if not pages:
        return []
    model = type(pages[0])
    if any(type(page) is not model for page in pages):
        raise ValueError("bulk_add_children takes pages of one type at a time")
    database = router.db_for_write(model)
    content_type = ContentType.objects.get_for_model(model)
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    position = Page._str2int(last.path[-Page.steplen :]) if last else 0
    depth = parent.depth + 1
    base_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    own_fields = list(model._meta.local_concrete_fields)

    with transaction.atomic(using=database):
        for start in range(0, len(pages), BATCH):
            batch = pages[start : start + BATCH]
            rows = []
            for page in batch:
                position += 1
                page.path = Page._get_path(parent.path, depth, position)
                page.depth = depth
                page.numchild = 0
                page.url_path = f"{parent.url_path}{page.slug}/"
                page.content_type = content_type
                page.locale_id = page.locale_id or parent.locale_id
                page.translation_key = page.translation_key or uuid.uuid4()
                page.draft_title = page.title
                page.live = True
                page.has_unpublished_changes = False
                page.first_published_at = page.first_published_at or page.last_published_at
                page.last_published_at = page.last_published_at or page.first_published_at
                rows.append(
                    Page(**{field.attname: getattr(page, field.attname) for field in base_fields})
                )
            Page.objects.bulk_create(rows)
            for page, row in zip(batch, rows, strict=True):
                page.pk = page.page_ptr_id = row.pk
                page.id = row.pk
            model._base_manager._insert(batch, fields=own_fields, using=database)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return list(pages)
