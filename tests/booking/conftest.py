"""The booking conversation fixtures (a controlled clock, the engine, one user) for every
booking test module, not only the one that defines them.

``catalogue`` here is the shipped content with ``tests/booking/data/direct_shops.yaml`` as
its lending points: two ``direct`` points, so the booking mechanics are tested apart from
the shipped modes. Tests of the shipped modes (request, external) use ``shipped_catalogue``.
"""

import shutil
from pathlib import Path

import pytest
import yaml

from content.catalogue import Catalogue, bundled_content_dir, load_catalogue
from tests.booking.test_flow import booking_engine, clock, user  # noqa: F401

DIRECT_SHOPS = Path(__file__).parent / "data" / "direct_shops.yaml"


def direct_content_dir(root: Path) -> Path:
    """A copy of the shipped content whose shops are the two test ``direct`` points."""
    target = root / "content"
    shutil.copytree(bundled_content_dir(), target)
    shops_file = target / "shops.yaml"
    data = yaml.safe_load(shops_file.read_text(encoding="utf-8"))
    data["shops"] = yaml.safe_load(DIRECT_SHOPS.read_text(encoding="utf-8"))
    shops_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    return load_catalogue(direct_content_dir(tmp_path_factory.mktemp("direct")))


@pytest.fixture(scope="session")
def shipped_catalogue() -> Catalogue:
    return load_catalogue()
