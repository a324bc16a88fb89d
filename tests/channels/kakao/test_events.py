"""The Event API sender against a fake Kakao bot API on 127.0.0.1."""

from __future__ import annotations

import asyncio

import pytest

from bot.channels.kakao.events import EventRecipient, KakaoEventSender
from tests.fakes.kakao import FakeKakao, fail, http, success


@pytest.fixture
async def kakao():
    async with FakeKakao().serving() as fake:
        yield fake


async def no_sleep(seconds: float) -> None:
    no_sleep.waits.append(seconds)  # type: ignore[attr-defined]


def sender(kakao: FakeKakao, **options) -> KakaoEventSender:
    no_sleep.waits = []  # type: ignore[attr-defined]
    defaults = dict(
        bot_id="5ae9b76d7409b11ec845b746",
        rest_api_key="rest-key",
        event_name="job_alert",
        base_url=kakao.base_url,
        timeout=2.0,
        retries=2,
        sleep=no_sleep,
    )
    defaults.update(options)
    return KakaoEventSender(**defaults)


def users(n: int, start: int = 0) -> list[EventRecipient]:
    return [EventRecipient(f"user-{i}") for i in range(start, start + n)]


async def test_one_call_carries_event_name_data_users_and_the_kakaoak_key(kakao):
    async with sender(kakao) as s:
        results = await s.send(users(2), {"text": "새 공고가 올라왔어요"}, {"kind": "job"})
    assert [r.ok for r in results] == [True, True]
    assert results[0].task_id and results[0].task_id == results[1].task_id
    (call,) = kakao.calls
    assert call.bot_id == "5ae9b76d7409b11ec845b746"
    assert call.authorization == "KakaoAK rest-key"
    assert call.body == {
        "event": {"name": "job_alert", "data": {"text": "새 공고가 올라왔어요"}},
        "user": [{"type": "botUserKey", "id": "user-0"}, {"type": "botUserKey", "id": "user-1"}],
        "params": {"kind": "job"},
    }


async def test_dev_channel_bot_id_with_exclamation_mark_is_used_as_is(kakao):
    async with sender(kakao, bot_id="abc!") as s:
        await s.send(users(1))
    assert kakao.calls[0].bot_id == "abc!"


async def test_250_users_go_out_in_calls_of_at_most_100(kakao):
    async with sender(kakao) as s:
        results = await s.send(users(250))
    assert [len(c.user_ids) for c in kakao.calls] == [100, 100, 50]
    assert len(results) == 250 and all(r.ok for r in results)
    assert [r.recipient.key for r in results] == [f"user-{i}" for i in range(250)]


async def test_a_recipient_listed_twice_is_sent_once(kakao):
    async with sender(kakao) as s:
        results = await s.send([EventRecipient("a"), EventRecipient("a"), EventRecipient("b")])
    assert kakao.calls[0].user_ids == ["a", "b"]
    assert len(results) == 2


async def test_partial_failure_gives_per_user_results(kakao):
    kakao.script = [success, fail("Invalid bot ID."), success]
    async with sender(kakao) as s:
        results = await s.send(users(250))
    by_user = {r.recipient.key: r for r in results}
    assert all(by_user[f"user-{i}"].ok for i in range(100))
    failed = [by_user[f"user-{i}"] for i in range(100, 200)]
    assert all(not r.ok and not r.retryable and "Invalid bot ID." in r.error for r in failed)
    assert all(by_user[f"user-{i}"].ok for i in range(200, 250))
    assert len(kakao.calls) == 3  # a FAIL answer is not retried


async def test_server_errors_are_retried_with_backoff_then_succeed(kakao):
    kakao.script = [http(503), http(500), success]
    async with sender(kakao) as s:
        results = await s.send(users(3))
    assert all(r.ok for r in results)
    assert len(kakao.calls) == 3
    assert no_sleep.waits == [0.5, 1.0]  # type: ignore[attr-defined]


async def test_rate_limit_honours_retry_after_up_to_a_cap(kakao):
    kakao.script = [http(429, {"Retry-After": "120"}), success]
    async with sender(kakao, max_retry_after=7.0) as s:
        results = await s.send(users(1))
    assert results[0].ok
    assert no_sleep.waits == [7.0]  # type: ignore[attr-defined]


async def test_persistent_server_errors_end_as_retryable_failures(kakao):
    kakao.script = [http(502)]
    async with sender(kakao, retries=1) as s:
        results = await s.send(users(2))
    assert len(kakao.calls) == 2
    assert all(not r.ok and r.retryable and r.error == "HTTP 502" for r in results)


async def test_wrong_key_is_not_retried(kakao):
    kakao.script = [http(401)]
    async with sender(kakao) as s:
        results = await s.send(users(1))
    assert len(kakao.calls) == 1
    assert not results[0].ok and not results[0].retryable
    assert results[0].error.startswith("HTTP 401")


async def test_a_hanging_server_times_out_and_is_retried(kakao):
    async def hang(call):
        await asyncio.sleep(1)
        return success(call)

    kakao.script = [hang, success]
    async with sender(kakao, timeout=0.2) as s:
        results = await s.send(users(1))
    assert results[0].ok
    assert len(kakao.calls) == 2


async def test_unreachable_server_is_a_retryable_network_error():
    s = KakaoEventSender(
        bot_id="b",
        rest_api_key="k",
        event_name="e",
        base_url="http://127.0.0.1:9",
        retries=1,
        sleep=no_sleep,
        timeout=1.0,
    )
    async with s:
        results = await s.send(users(1))
    assert not results[0].ok and results[0].retryable
    assert results[0].error.startswith("network error")


async def test_answer_that_is_not_json_is_a_retryable_failure(kakao):
    from starlette.responses import PlainTextResponse

    kakao.script = [lambda call: PlainTextResponse("<html>oops</html>")]
    async with sender(kakao, retries=0) as s:
        results = await s.send(users(1))
    assert not results[0].ok and results[0].retryable


def test_missing_configuration_is_refused():
    with pytest.raises(ValueError):
        KakaoEventSender(bot_id="", rest_api_key="k", event_name="e")
