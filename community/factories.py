"""factory_boy factories for the community's map.

``UserFactory`` lives here only until ``accounts`` has a ``factories.py`` of its own; import it
from there once it exists.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from community.models import Building, Grid, Household, Residency


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    display_name = factory.Faker("name", locale="zh_CN")
    password = factory.django.Password("password")

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        """``UserFactory(groups=["Officials"])`` adds the user to existing groups by name."""
        if create and extracted:
            from django.contrib.auth.models import Group

            self.groups.add(*Group.objects.filter(name__in=extracted))


class GridFactory(DjangoModelFactory):
    code = factory.Sequence(lambda n: f"T{n:02d}")
    name = factory.Sequence(lambda n: f"测试网格{n}")

    class Meta:
        model = Grid
        django_get_or_create = ["code"]


class BuildingFactory(DjangoModelFactory):
    grid = factory.SubFactory(GridFactory)
    name = factory.Sequence(lambda n: f"{n + 1}号楼")
    units = 2
    floors = 6

    class Meta:
        model = Building


class HouseholdFactory(DjangoModelFactory):
    building = factory.SubFactory(BuildingFactory)
    unit = 1
    room = factory.Sequence(lambda n: f"{n % 6 + 1}{n // 6 + 1:02d}")
    code = factory.Sequence(lambda n: f"TEST-{n:05d}")

    class Meta:
        model = Household


class ResidencyFactory(DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    household = factory.SubFactory(HouseholdFactory)

    class Meta:
        model = Residency

    class Params:
        # ResidencyFactory(confirmed=True): verified by an official, with the time it happened.
        confirmed = factory.Trait(
            verified=True,
            verified_by=factory.SubFactory(UserFactory),
            verified_at=factory.LazyFunction(timezone.now),
        )
