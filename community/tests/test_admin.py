from django.contrib.auth.models import Permission
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.factories import (
    BuildingFactory,
    GridFactory,
    HouseholdFactory,
    ResidencyFactory,
    UserFactory,
)
from community.models import Household, Residency

INDEX_URLS = [
    "community_grids:index",
    "community_buildings:index",
    "community_households:index",
    "community_residencies:index",
]


class CommunityAdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.superuser = UserFactory(is_superuser=True, is_staff=True)
        cls.official = UserFactory(groups=["Officials"])
        cls.admin_only = UserFactory()
        cls.admin_only.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )

        cls.grid_a = GridFactory(code="GA", name="第一网格")
        cls.grid_b = GridFactory(code="GB", name="第二网格")
        cls.building_a1 = BuildingFactory(grid=cls.grid_a, name="1号楼")
        cls.building_a2 = BuildingFactory(grid=cls.grid_a, name="2号楼")
        cls.building_b1 = BuildingFactory(grid=cls.grid_b, name="1号楼")
        cls.households_a1 = HouseholdFactory.create_batch(3, building=cls.building_a1)
        cls.households_a2 = HouseholdFactory.create_batch(2, building=cls.building_a2)
        cls.households_b1 = HouseholdFactory.create_batch(4, building=cls.building_b1)
        cls.residency_verified = ResidencyFactory(
            household=cls.households_a1[0], confirmed=True, is_representative=True
        )
        cls.residency_pending = ResidencyFactory(household=cls.households_b1[0])

    def listed(self, url_name, **params):
        response = self.client.get(reverse(url_name), params)
        self.assertEqual(response.status_code, 200)
        return list(response.context["object_list"])


class ListingTests(CommunityAdminTestCase):
    def setUp(self):
        self.client.force_login(self.superuser)

    def test_every_listing_renders(self):
        for url_name in INDEX_URLS:
            with self.subTest(url_name):
                response = self.client.get(reverse(url_name))
                self.assertEqual(response.status_code, 200)

    def test_buildings_filtered_by_grid(self):
        self.assertEqual(len(self.listed("community_buildings:index")), 3)
        self.assertCountEqual(
            self.listed("community_buildings:index", grid=self.grid_a.pk),
            [self.building_a1, self.building_a2],
        )

    def test_households_filtered_by_grid(self):
        self.assertEqual(len(self.listed("community_households:index")), 9)
        self.assertCountEqual(
            self.listed("community_households:index", grid=self.grid_b.pk), self.households_b1
        )

    def test_households_filtered_by_building(self):
        self.assertCountEqual(
            self.listed("community_households:index", building=self.building_a2.pk),
            self.households_a2,
        )

    def test_households_searched_by_code(self):
        code = self.households_a2[1].code
        self.assertEqual(self.listed("community_households:index", q=code), [self.households_a2[1]])

    def test_residencies_filtered(self):
        self.assertEqual(len(self.listed("community_residencies:index")), 2)
        self.assertEqual(
            self.listed("community_residencies:index", verified="true"),
            [self.residency_verified],
        )
        self.assertEqual(
            self.listed("community_residencies:index", verified="false"),
            [self.residency_pending],
        )
        self.assertEqual(
            self.listed("community_residencies:index", is_representative="true"),
            [self.residency_verified],
        )
        self.assertEqual(
            self.listed("community_residencies:index", grid=self.grid_b.pk),
            [self.residency_pending],
        )

    def test_household_listing_queries_do_not_grow_with_rows(self):
        url = reverse("community_households:index")
        with CaptureQueriesContext(connection) as before:
            self.client.get(url)
        building = BuildingFactory(grid=GridFactory())
        HouseholdFactory.create_batch(10, building=building)
        with CaptureQueriesContext(connection) as after:
            self.client.get(url)
        self.assertEqual(len(after), len(before))


class PermissionTests(CommunityAdminTestCase):
    def test_official_lists_households_and_residencies(self):
        self.client.force_login(self.official)
        self.assertEqual(len(self.listed("community_households:index")), 9)
        self.assertEqual(len(self.listed("community_residencies:index")), 2)
        self.assertEqual(len(self.listed("community_grids:index")), 2)

    def test_official_sees_the_community_menu(self):
        self.client.force_login(self.official)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, reverse("community_households:index"))

    def test_official_may_add_households_but_not_buildings(self):
        self.client.force_login(self.official)
        response = self.client.get(reverse("community_households:add"))
        self.assertEqual(response.status_code, 200)
        response = self.client.get(reverse("community_buildings:add"))
        self.assertRedirects(response, reverse("wagtailadmin_home"))

    def test_admin_access_alone_is_not_enough(self):
        self.client.force_login(self.admin_only)
        for url_name in INDEX_URLS:
            with self.subTest(url_name):
                response = self.client.get(reverse(url_name))
                self.assertRedirects(response, reverse("wagtailadmin_home"))
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertNotContains(response, reverse("community_households:index"))

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(reverse("community_households:index"))
        self.assertEqual(response.status_code, 302)
        self.assertNotEqual(response["Location"], reverse("wagtailadmin_home"))
        self.assertIn("next=", response["Location"])


class FormTests(CommunityAdminTestCase):
    def test_official_adds_a_household(self):
        self.client.force_login(self.official)
        response = self.client.post(
            reverse("community_households:add"),
            {"building": self.building_b1.pk, "unit": 2, "room": "502", "code": "GB-01-2-502"},
        )
        self.assertEqual(response.status_code, 302)
        household = Household.objects.get(code="GB-01-2-502")
        self.assertEqual((household.building, household.unit), (self.building_b1, 2))

    def test_duplicate_address_is_a_form_error(self):
        self.client.force_login(self.official)
        existing = self.households_b1[0]
        response = self.client.post(
            reverse("community_households:add"),
            {
                "building": existing.building_id,
                "unit": existing.unit,
                "room": existing.room,
                "code": "NEW-CODE",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertFalse(Household.objects.filter(code="NEW-CODE").exists())

    def test_verifying_records_the_official(self):
        self.client.force_login(self.official)
        residency = self.residency_pending
        response = self.client.post(
            reverse("community_residencies:edit", args=[residency.pk]),
            {"user": residency.user_id, "household": residency.household_id, "verified": "on"},
        )
        self.assertEqual(response.status_code, 302)
        residency.refresh_from_db()
        self.assertTrue(residency.verified)
        self.assertEqual(residency.verified_by, self.official)
        self.assertIsNotNone(residency.verified_at)

    def test_unverifying_clears_the_record(self):
        self.client.force_login(self.official)
        residency = ResidencyFactory(household=self.households_a2[0], confirmed=True)
        response = self.client.post(
            reverse("community_residencies:edit", args=[residency.pk]),
            {"user": residency.user_id, "household": residency.household_id},
        )
        self.assertEqual(response.status_code, 302)
        residency.refresh_from_db()
        self.assertFalse(residency.verified)
        self.assertIsNone(residency.verified_by)
        self.assertIsNone(residency.verified_at)

    def test_second_representative_is_a_form_error(self):
        self.client.force_login(self.superuser)
        response = self.client.post(
            reverse("community_residencies:add"),
            {
                "user": UserFactory().pk,
                "household": self.residency_verified.household_id,
                "verified": "on",
                "is_representative": "on",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertEqual(Residency.objects.filter(is_representative=True).count(), 1)

    def test_unverified_representative_is_a_form_error(self):
        self.client.force_login(self.superuser)
        user = UserFactory()
        response = self.client.post(
            reverse("community_residencies:add"),
            {
                "user": user.pk,
                "household": self.households_a2[1].pk,
                "is_representative": "on",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertFalse(Residency.objects.filter(user=user).exists())

    def test_household_choices_show_the_code(self):
        self.client.force_login(self.superuser)
        response = self.client.get(reverse("community_residencies:add"))
        self.assertContains(response, self.households_b1[0].code)
