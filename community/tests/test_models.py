from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.test import TestCase
from django.utils import translation

from community.factories import (
    BuildingFactory,
    GridFactory,
    HouseholdFactory,
    ResidencyFactory,
    UserFactory,
)
from community.models import Household, Residency


class ConstraintTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.grid = GridFactory(code="G01", name="第一网格")
        cls.building = BuildingFactory(grid=cls.grid, name="3号楼")
        cls.household = HouseholdFactory(
            building=cls.building, unit=2, room="301", code="G01-03-2-301"
        )

    def test_household_address_is_unique(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            HouseholdFactory(building=self.building, unit=2, room="301", code="OTHER-CODE")

    def test_same_room_in_another_unit_is_another_household(self):
        HouseholdFactory(building=self.building, unit=1, room="301", code="G01-03-1-301")
        self.assertEqual(Household.objects.filter(building=self.building, room="301").count(), 2)

    def test_household_code_is_unique(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            HouseholdFactory(building=self.building, unit=1, room="302", code="G01-03-2-301")

    def test_building_name_is_unique_within_its_grid_only(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            BuildingFactory(grid=self.grid, name="3号楼")
        other = BuildingFactory(grid=GridFactory(code="G02"), name="3号楼")
        self.assertEqual(other.name, self.building.name)

    def test_one_representative_per_household(self):
        ResidencyFactory(household=self.household, confirmed=True, is_representative=True)
        with self.assertRaises(IntegrityError), transaction.atomic():
            ResidencyFactory(household=self.household, confirmed=True, is_representative=True)
        # Other members of the household are fine as long as they do not represent it.
        ResidencyFactory(household=self.household, confirmed=True)
        self.assertEqual(self.household.residents.count(), 2)

    def test_representatives_of_different_households_do_not_clash(self):
        other = HouseholdFactory(building=self.building)
        ResidencyFactory(household=self.household, confirmed=True, is_representative=True)
        ResidencyFactory(household=other, confirmed=True, is_representative=True)
        self.assertEqual(Residency.objects.filter(is_representative=True).count(), 2)

    def test_representative_must_be_verified(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            ResidencyFactory(household=self.household, verified=False, is_representative=True)

    def test_user_joins_a_household_once(self):
        user = UserFactory()
        ResidencyFactory(user=user, household=self.household)
        with self.assertRaises(IntegrityError), transaction.atomic():
            ResidencyFactory(user=user, household=self.household)

    def test_grid_with_buildings_cannot_be_deleted(self):
        with self.assertRaises(ProtectedError):
            self.grid.delete()

    def test_deleting_a_household_removes_its_residencies(self):
        household = HouseholdFactory(building=self.building)
        residency = ResidencyFactory(household=household)
        household.delete()
        self.assertFalse(Residency.objects.filter(pk=residency.pk).exists())


class StrTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.grid = GridFactory(code="G01", name="第一网格")
        cls.building = BuildingFactory(grid=cls.grid, name="3号楼")
        cls.household = HouseholdFactory(
            building=cls.building, unit=2, room="301", code="G01-03-2-301"
        )
        cls.user = UserFactory(display_name="李阿姨")

    def test_grid_and_building(self):
        self.assertEqual(str(self.grid), "第一网格")
        self.assertEqual(str(self.building), "第一网格 3号楼")

    def test_household(self):
        with translation.override("en"):
            self.assertEqual(str(self.household), "3号楼 unit 2 room 301")

    def test_residency(self):
        residency = ResidencyFactory(user=self.user, household=self.household)
        with translation.override("en"):
            self.assertEqual(str(residency), "李阿姨 @ 3号楼 unit 2 room 301")


class QuerySetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.grid_a = GridFactory(code="GA")
        cls.grid_b = GridFactory(code="GB")
        cls.in_a = HouseholdFactory.create_batch(3, building=BuildingFactory(grid=cls.grid_a))
        cls.in_b = HouseholdFactory.create_batch(2, building=BuildingFactory(grid=cls.grid_b))
        cls.verified = ResidencyFactory(household=cls.in_a[0], confirmed=True)
        cls.pending = ResidencyFactory(household=cls.in_a[1])

    def test_households_in_grid(self):
        self.assertCountEqual(Household.objects.in_grid(self.grid_a), self.in_a)
        self.assertCountEqual(Household.objects.in_grid(self.grid_b), self.in_b)

    def test_verified_residencies(self):
        self.assertEqual(list(Residency.objects.verified()), [self.verified])

    def test_confirmed_factory_records_who_verified(self):
        self.assertIsNotNone(self.verified.verified_by)
        self.assertIsNotNone(self.verified.verified_at)
        self.assertIsNone(self.pending.verified_by)


class EnglishNameTests(TestCase):
    """Grids and buildings stay one row in every language and carry their English name."""

    @classmethod
    def setUpTestData(cls):
        cls.grid = GridFactory(code="G01", name="第一网格（幸福里）", name_en="Grid 1 (Xingfuli)")
        cls.building = BuildingFactory(grid=cls.grid, name="3号楼", name_en="Building 3")
        cls.unnamed = BuildingFactory(grid=cls.grid, name="4号楼")
        cls.household = HouseholdFactory(
            building=cls.building, unit=2, room="301", code="G01-03-2-301"
        )

    def test_names_follow_the_active_language(self):
        with translation.override("en"):
            self.assertEqual(str(self.building), "Grid 1 (Xingfuli) Building 3")
            self.assertEqual(str(self.household), "Building 3 unit 2 room 301")
        with translation.override("zh-hans"):
            self.assertEqual(str(self.building), "第一网格（幸福里） 3号楼")

    def test_without_an_english_name_the_chinese_one_is_shown(self):
        with translation.override("en"):
            self.assertEqual(self.unnamed.display_name, "4号楼")

    def test_complaint_form_offers_buildings_in_the_readers_language(self):
        from complaints.forms import ComplaintForm

        with translation.override("en"):
            labels = [label for _value, label in ComplaintForm().fields["building"].choices]
        self.assertIn("Grid 1 (Xingfuli) · Building 3", labels)
