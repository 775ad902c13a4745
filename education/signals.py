"""Publishing a course with more places moves people up from its waiting list at once."""

from wagtail.signals import page_published


def fill_places_on_publish(sender, instance, **kwargs) -> None:
    from education.services import promote_waiting

    promote_waiting(instance)


def connect() -> None:
    from education.models import CoursePage

    page_published.connect(
        fill_places_on_publish, sender=CoursePage, dispatch_uid="education_fill_places"
    )
