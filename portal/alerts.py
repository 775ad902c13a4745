"""Site-wide alerts (the urgent-notice banner) shown at the top of every page.

The portal knows nothing of the apps that raise alerts: an app registers a provider in its
``AppConfig.ready`` and the banner shows whatever the providers return for the request.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Alert:
    title: str
    label: str
    url: str = ""
    level: str = "urgent"
    # The language of the title when it is not the page's (an untranslated urgent notice).
    lang: str = ""


AlertProvider = Callable[[HttpRequest], Iterable[Alert]]
_providers: list[AlertProvider] = []


def register_alert_provider(provider: AlertProvider) -> AlertProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_alert_provider(provider: AlertProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def alerts_for(request: HttpRequest) -> list[Alert]:
    return [alert for provider in _providers for alert in provider(request)]
