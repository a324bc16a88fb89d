"""Every flow the bot runs. Adding a flow: write its module, then list its class here."""

from __future__ import annotations

from handlers.booking.flow import BookingFlow
from handlers.core import CoreFlow
from handlers.dialog.flow import Flow
from handlers.eligibility.flow import EligibilityFlow
from handlers.jobs.flow import JobsFlow
from handlers.places.flow import PlacesFlow
from handlers.privacy import PrivacyFlow
from handlers.programs import ProgramsFlow

FLOWS: list[type[Flow]] = [
    CoreFlow, ProgramsFlow, PrivacyFlow, PlacesFlow, EligibilityFlow, BookingFlow, JobsFlow,
]


def build_flows() -> list[Flow]:
    return [flow() for flow in FLOWS]
