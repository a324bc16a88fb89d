"""The booking conversation fixtures (a controlled clock, the engine, one user) for every
booking test module, not only the one that defines them."""

from tests.booking.test_flow import booking_engine, clock, user  # noqa: F401
