from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmarks and volume data: ``make_volume_data``, ``bench_queries`` and ``make bench``."""

    name = "bench"
    verbose_name = "Benchmarks"

    def ready(self):
        from bench import volume

        volume.register_builtin_kinds()
