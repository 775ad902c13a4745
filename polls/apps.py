from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "polls"
    verbose_name = _("Polls and consultations")

    def ready(self):
        from audit.registry import register_actor_field

        # Accounts named here acted: the admin deactivates them instead of deleting them.
        register_actor_field("polls.PollEvent", "actor")
        register_actor_field("polls.Participation", "recorded_by")

        from polls import audit
        from polls.my_portal import my_polls
        from portal.slots import register_slot

        audit.connect()

        register_slot("my_portal", my_polls, order=25)

        if apps.is_installed("bench"):
            from bench.volume import register_kind

            register_kind(
                "ballots",
                app="polls",
                help="ballots in a closed poll, and households ready to vote in open ones",
                create=make_ballots,
            )


def make_ballots(count: int, options: dict, stdout) -> int:
    """``make_volume_data --ballots N`` (imported only when asked, not by every worker)."""
    from polls import bench

    return bench.make_ballots(count, options, stdout)
