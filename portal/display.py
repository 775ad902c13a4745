"""Display modes a resident can choose; the choice lives in a cookie, not in the account."""

from django.utils.translation import gettext_lazy as _

DISPLAY_MODES = {
    "standard": _("Standard display"),
    "elderly": _("Large type"),
}
