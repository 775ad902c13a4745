"""Email subscribers when a notice first goes live, or again when the editor asks; attach the
moderation workflow to new notice indexes."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import Workflow, WorkflowPage
from wagtail.signals import page_published

from notices.models import NoticeIndexPage, NoticePage
from notices.services import start_notification_round

NOTICE_WORKFLOW = "通知公告审核"  # created by migration 0002, named by 0003


@receiver(page_published, sender=NoticePage)
def notify_subscribers(sender, instance: NoticePage, revision=None, **kwargs):
    if not instance.live:
        # Scheduled: Wagtail sends page_published when the editor schedules the page and again
        # when ``publish_scheduled`` makes it live. Subscribers hear of it once it can be read.
        return
    again = instance.notify_again
    if again:
        # A one-off request: the next edit does not notify unless the box is ticked again.
        NoticePage.objects.filter(pk=instance.pk).update(notify_again=False)
        instance.notify_again = False
    notification_round = start_notification_round(instance.translation_key, again=again)
    if notification_round is None:
        return
    from notices.tasks import start_round

    transaction.on_commit(
        lambda: start_round(str(instance.translation_key), notification_round.number)
    )


@receiver(post_save, sender=NoticeIndexPage)
def attach_moderation_workflow(
    sender, instance: NoticeIndexPage, created: bool, raw=False, **kwargs
):
    """Every notice index, in every language, uses the notice moderation workflow."""
    if not created or raw:
        return
    workflow = Workflow.objects.filter(name=NOTICE_WORKFLOW, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=instance, defaults={"workflow": workflow})
