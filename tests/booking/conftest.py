"""The booking conversation fixtures (a controlled clock, the engine, one user) for every
booking test module, not only the one that defines them.

``catalogue`` here is the shipped content with ``tests/booking/data/direct_shops.yaml`` as
its lending points: two ``direct`` points, so the booking mechanics are tested apart from
the shipped modes. Tests of the shipped modes (request, external) use ``shipped_catalogue``.
"""

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from content.catalogue import Catalogue, bundled_content_dir, load_catalogue
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.registry import build_flows
from tests.booking.test_flow import booking_engine, clock, user  # noqa: F401
from tests.fakes.clock import FakeClock

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


@pytest.fixture
def shipped_engine(store: Store, shipped_catalogue: Catalogue,
                   clock: FakeClock) -> Engine:  # noqa: F811  (the clock fixture)
    """The engine over the shipped booking modes (request, external), on the test clock."""
    return Engine(store, shipped_catalogue, build_flows(), clock=clock,
                  state_timeout=timedelta(days=3650))
