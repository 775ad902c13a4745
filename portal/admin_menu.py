"""Admin menu items shown only to the people they concern."""

from collections.abc import Callable

from django.http import HttpRequest

from wagtail.admin.menu import MenuItem


class RestrictedMenuItem(MenuItem):
    """A menu item shown when ``shown_to`` allows: a permission (``"app.codename"``) the user
    must hold, or a function of the request.

    ::

        RestrictedMenuItem(_("Scheduled jobs"), url, shown_to="jobs.view_scheduledjob")
        RestrictedMenuItem(_("Published answers"), url, shown_to=lambda r: is_official(r.user))
    """

    def __init__(self, label, url, *, shown_to: str | Callable[[HttpRequest], bool], **kwargs):
        self.shown_to = shown_to
        super().__init__(label, url, **kwargs)

    def is_shown(self, request: HttpRequest) -> bool:
        if isinstance(self.shown_to, str):
            return request.user.has_perm(self.shown_to)
        return bool(self.shown_to(request))
