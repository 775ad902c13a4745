"""The complaints app's fixtures (grid, building, officials, a submitted complaint)."""

from complaints.tests.conftest import *  # noqa: F403
