from django.conf import settings
from django.http import HttpRequest

from portal.display import DISPLAY_MODES


def display_mode(request: HttpRequest) -> dict[str, str]:
    mode = request.COOKIES.get(settings.DISPLAY_MODE_COOKIE, "standard")
    if mode not in DISPLAY_MODES:
        mode = "standard"
    return {"display_mode": mode}
