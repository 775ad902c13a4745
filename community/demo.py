"""Demo map of the community: three grids, twenty buildings, about six hundred households.

Runs after ``accounts.demo`` (``load_demo_content`` follows ``INSTALLED_APPS`` order), so the demo
grid worker and resident exist: the worker is responsible for every grid and has verified the
resident as the representative of one household. Grids are keyed on their code, buildings on
(grid, name) and households on their code, so a second run changes nothing.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from community.models import Building, Grid, Household, Residency

OFFICIAL_EMAIL = "official@demo.community"
RESIDENT_EMAIL = "resident@demo.community"
RESIDENT_HOUSEHOLD = "G01-03-2-301"

# code, name, description
GRIDS = [
    ("G01", "第一网格（幸福里）", "幸福里小区1—7号楼，九十年代建成的多层住宅，老旧小区改造试点。"),
    ("G02", "第二网格（和平苑）", "和平苑小区1—7号楼，含沿街商铺楼上住户。"),
    ("G03", "第三网格（翠竹园）", "翠竹园小区1—6号楼，其中1、2号楼为11层电梯楼。"),
]
# code -> English name and description
GRIDS_EN = {
    "G01": (
        "Grid 1 (Xingfuli)",
        "Xingfuli estate, buildings 1-7: low-rise flats from the 1990s, a pilot of the "
        "old-estate renovation programme.",
    ),
    "G02": (
        "Grid 2 (Hepingyuan)",
        "Hepingyuan estate, buildings 1-7, including the flats above the street-front shops.",
    ),
    "G03": (
        "Grid 3 (Cuizhuyuan)",
        "Cuizhuyuan estate, buildings 1-6; buildings 1 and 2 are 11-storey blocks with lifts.",
    ),
}

# grid code -> one (units, floors) per building, numbered from 1号楼; two flats per landing.
BUILDINGS = {
    "G01": [(3, 6), (3, 6), (2, 6), (2, 6), (4, 6), (2, 6), (2, 6)],
    "G02": [(3, 7), (3, 7), (2, 7), (2, 7), (2, 6), (2, 6), (2, 6)],
    "G03": [(2, 11), (2, 11), (2, 6), (2, 6), (2, 6), (2, 6)],
}
FLATS_PER_LANDING = 2


def household_code(grid_code: str, number: int, unit: int, room: str) -> str:
    return f"{grid_code}-{number:02d}-{unit}-{room}"


def load(stdout) -> None:
    User = get_user_model()
    official = User.objects.filter(email__iexact=OFFICIAL_EMAIL).first()
    resident = User.objects.filter(email__iexact=RESIDENT_EMAIL).first()

    households = []
    for code, name, description in GRIDS:
        name_en, description_en = GRIDS_EN[code]
        defaults = {
            "name": name,
            "description": description,
            "name_en": name_en,
            "description_en": description_en,
        }
        if official is not None:
            defaults["responsible_worker"] = official
        grid, _created = Grid.objects.update_or_create(code=code, defaults=defaults)
        for number, (units, floors) in enumerate(BUILDINGS[code], start=1):
            building, _created = Building.objects.update_or_create(
                grid=grid,
                name=f"{number}号楼",
                defaults={"units": units, "floors": floors, "name_en": f"Building {number}"},
            )
            for unit in range(1, units + 1):
                for floor in range(1, floors + 1):
                    for flat in range(1, FLATS_PER_LANDING + 1):
                        room = f"{floor}{flat:02d}"
                        households.append(
                            Household(
                                building=building,
                                unit=unit,
                                room=room,
                                code=household_code(code, number, unit, room),
                            )
                        )

    before = Household.objects.count()
    Household.objects.bulk_create(households, batch_size=500, ignore_conflicts=True)
    total = Household.objects.count()

    if resident is not None:
        Residency.objects.get_or_create(
            user=resident,
            household=Household.objects.get(code=RESIDENT_HOUSEHOLD),
            defaults={
                "verified": True,
                "verified_by": official,
                "verified_at": timezone.now(),
                "is_representative": True,
            },
        )

    stdout.write(
        f"Community: {Grid.objects.count()} grids, {Building.objects.count()} buildings, "
        f"{total} households ({total - before} new), "
        f"{Residency.objects.verified().count()} verified residencies."
    )
