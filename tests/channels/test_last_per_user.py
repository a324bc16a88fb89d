"""The one bounded per-user memory of the last answer's labels (typed buttons, Kakao chips)."""

from bot.channels.kakao.paging import LastChips
from bot.channels.shown import LastPerUser


def test_oldest_user_is_forgotten_past_the_size() -> None:
    last: LastPerUser[str] = LastPerUser(size=2)
    last.put("a", {"x": "1"})
    last.put("b", {"y": "2"})
    last.put("a", {"x": "3"})  # seen again: now the most recent
    last.put("c", {"z": "4"})
    assert last.get("b") == {}
    assert last.get("a") == {"x": "3"}
    assert last.get("c") == {"z": "4"}


def test_an_answer_without_labels_forgets_the_user() -> None:
    last: LastPerUser[str] = LastPerUser()
    last.put("a", {"x": "1"})
    last.put("a", {})
    assert last.get("a") == {}
    assert last.get("never seen") == {}


def test_kakao_chips_share_the_bound() -> None:
    chips = LastChips(size=1)
    reply = {"template": {"quickReplies": [
        {"label": "다음", "action": "message", "messageText": "다음", "extra": {"action": "n"}}]}}
    chips.remember("a", reply)
    assert chips.extra_for("a", " 다음 ") == {"action": "n"}
    chips.remember("b", reply)
    assert chips.extra_for("a", "다음") is None
    assert chips.extra_for("b", "not a chip") is None
