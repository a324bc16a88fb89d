"""How a typed answer to each booking step is read (the ``parse`` of its ``Step``).

Choices typed by their label ("고양시에 살아요", "드림윙즈", "10:00 (2자리)") are matched by the
engine before these run; here are the answers a button does not spell out: "27살", "회사 다녀요",
"12월 3일", "오후 1시 반", "재킷이랑 바지", "175/70". Each reader returns the value the step's
``answer`` takes, ``Rejected`` (the step is asked again with the reason) or ``NOT_AN_ANSWER``
(words that leave the flow, like "메뉴": the router takes them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from content.booking.calendar import slot_starts
from content.booking.sizes import normalize_size, parse_height_weight
from content.text.ages import parse_age
from content.text.clock import SEOUL
from content.text.dates import half_of_day_said, parse_day, parse_time
from content.text.matching import plain_words as normalize
from content.text.typed import polite_forms
from handlers.booking.lookup import booking_content, shop_of
from handlers.booking.state import BookingState
from handlers.dialog.context import Context
from handlers.dialog.flow import InvalidAction
from handlers.dialog.steps import NOT_AN_ANSWER, NotAnAnswer, Rejected

LEAVE_WORDS = {"메뉴", "처음으로", "처음", "menu", "home"}
MAX_COMPANY = 40
# Matched as parts of the normalized text: school and work first, then "none", then "live".
BASIS_WORDS = {
    "none": ("해당 없", "해당없", "아니", "않", "안 살", "안살", "없어", "none", "no "),
    "study": ("학교", "대학", "재학", "휴학", "학생", "study", "school", "student"),
    "work": ("직장", "회사", "재직", "근무", "출근", "work", "job"),
    "live": ("살아", "살고", "거주", "주민", "살", "live", "resident"),
}
UNKNOWN_WORDS = ("모르", "몰라", "추천", "don t know", "dont know", "not sure", "recommend")
NEXT_WORDS = {"다음", "완료", "끝", "됐어요", "다 골랐어요", "next", "done"}
CONFIRM_WORDS = {"예약하기", "예약", "네", "예", "응", "확정", "좋아요", "yes", "ok", "confirm",
                 "book it", "대기 신청", "신청", "신청할게요", "신청해 주세요"}


@dataclass(frozen=True, slots=True)
class ItemsNamed:
    """Items typed by name: they are added to the choice (never removed)."""

    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HeightWeight:
    height: int
    weight: int


class SizeUnknown:
    """"잘 모르겠어요": guess the size from height and weight."""


class Done:
    """"다음" after choosing items."""


SIZE_UNKNOWN = SizeUnknown()
DONE = Done()


def leaving(text: str) -> bool:
    return normalize(text) in LEAVE_WORDS


def typed_basis(text: str) -> str | None:
    said = f"{normalize(text)} "
    for basis in ("study", "work", "none", "live"):
        if any(word in said for word in BASIS_WORDS[basis]):
            return basis
    return None


def read_age(ctx: Context, state: BookingState, text: str) -> int | Rejected | NotAnAnswer:
    age = parse_age(text)
    return Rejected(ctx.t("booking.age_unclear")) if age is None else age


def read_basis(ctx: Context, state: BookingState, text: str) -> str | Rejected | NotAnAnswer:
    basis = typed_basis(text)
    return Rejected(ctx.t("booking.basis_unclear")) if basis is None else basis


def read_shop(ctx: Context, state: BookingState, text: str) -> str | Rejected | NotAnAnswer:
    """A shop named by the first word of its name ("드림윙즈요", "내일꿈제작소에서")."""
    said = normalize(text).replace(" ", "")
    for shop in booking_content(ctx).shops.values():
        names = [normalize(n).split(" ")[0] for n in shop.name.values()]
        if any(name and name in said for name in names):
            return shop.id
    return Rejected("")


def read_day(ctx: Context, state: BookingState, text: str) -> date | Rejected | NotAnAnswer:
    day = parse_day(text, ctx.now.date())
    return Rejected(ctx.t("booking.day_unclear")) if day is None else day


def read_slot(
    ctx: Context, state: BookingState, text: str
) -> datetime | date | Rejected | NotAnAnswer:
    """A time on the chosen day, or another day (typed while choosing a time: change the day)."""
    if state.day is None:
        raise InvalidAction("slot without a day")
    at = parse_time(text)
    if at is not None:
        start = datetime.combine(state.day, at, SEOUL)
        typed_half = half_of_day_said(text)
        return _afternoon(ctx, state, start) if at.hour < 12 and not typed_half else start
    other_day = parse_day(text, ctx.now.date())
    return Rejected(ctx.t("booking.slot_unclear")) if other_day is None else other_day


def _afternoon(ctx: Context, state: BookingState, start: datetime) -> datetime:
    """ "2시 반" is 14:30 when the shop has no 02:30 slot but has 14:30 (nobody rents a suit
    at night); a morning time the shop does offer stays as typed."""
    slots = slot_starts(shop_of(ctx, state.shop), start.date())
    later = start + timedelta(hours=12)
    return later if start not in slots and later in slots else start


def read_items(
    ctx: Context, state: BookingState, text: str
) -> ItemsNamed | Done | Rejected | NotAnAnswer:
    """Item names typed ("재킷이랑 바지") are selected; "다음" moves on."""
    said = normalize(text)
    if said in NEXT_WORDS:
        return DONE
    found = tuple(item.id for item in booking_content(ctx).rules.items
                  if any(normalize(name) in said for name in item.name.values()))
    return ItemsNamed(found) if found else Rejected(ctx.t("booking.items_unclear"))


def read_size(
    ctx: Context, state: BookingState, text: str
) -> str | SizeUnknown | HeightWeight | Rejected | NotAnAnswer:
    """A size ("L", "32", "265"); for clothes also "잘 모르겠어요" or a height and weight."""
    sizing = state.sizing
    if sizing is None:
        raise InvalidAction("size")
    if sizing != "shoes":
        if any(word in normalize(text) for word in UNKNOWN_WORDS):
            return SIZE_UNKNOWN
        parsed = parse_height_weight(text)
        if parsed is not None:
            return HeightWeight(*parsed)
    # "100이요", "55요": the size without its polite ending
    size = next((found for form in polite_forms(text.strip())
                 if (found := normalize_size(sizing, form)) is not None), None)
    return Rejected(ctx.t(f"booking.size_bad_{sizing}")) if size is None else size


def read_height_weight(
    ctx: Context, state: BookingState, text: str
) -> HeightWeight | Rejected | NotAnAnswer:
    parsed = parse_height_weight(text)
    return Rejected(ctx.t("booking.height_weight_bad")) if parsed is None \
        else HeightWeight(*parsed)


def read_interview(ctx: Context, state: BookingState, text: str) -> date | Rejected | NotAnAnswer:
    day = parse_day(text, ctx.now.date())
    return Rejected(ctx.t("booking.interview_unclear")) if day is None else day


def read_company(ctx: Context, state: BookingState, text: str) -> str | Rejected | NotAnAnswer:
    # Any text can be a company name, so the words for leaving must be caught here; every
    # other step refuses them and the engine routes them (to the menu, the flow paused).
    if leaving(text):
        return NOT_AN_ANSWER
    company = " ".join(text.split())
    return Rejected(ctx.t("booking.company_too_long")) if len(company) > MAX_COMPANY else company


def read_confirm(ctx: Context, state: BookingState, text: str) -> bool | Rejected | NotAnAnswer:
    return True if normalize(text) in CONFIRM_WORDS else Rejected("")
