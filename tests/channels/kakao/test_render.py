"""Rendering neutral replies as SkillResponse v2.0: the right components, always in limits."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.kakao import limits
from bot.channels.kakao.limits import check_skill_response
from bot.channels.kakao.render import render_kakao_reply, render_kakao_text
from content.text.fit import shorten, split_text
from handlers.dialog.types import Button, Card, Location, LocationRequest, Reply, Text, Venue
from tests.fakes.kakao import translate


def render(*parts, block_id=None):
    out = render_kakao_reply(Reply().add(*parts), translate, block_id=block_id)
    assert check_skill_response(out) == []
    return out


def outputs(response):
    return response["template"]["outputs"]


def test_text_with_buttons_is_a_simple_text_with_quick_replies_carrying_actions():
    out = render(Text("안녕하세요", buttons=((Button("프로그램 안내", "programs"),),)))
    assert out["version"] == "2.0"
    assert outputs(out) == [{"simpleText": {"text": "안녕하세요"}}]
    assert out["template"]["quickReplies"] == [
        {
            "label": "프로그램 안내",
            "action": "message",
            "messageText": "프로그램 안내",
            "extra": {"action": "programs"},
        }
    ]


def test_with_a_block_id_buttons_jump_to_the_skill_block():
    out = render(Text("메뉴", buttons=((Button("처음으로", "menu"),),)), block_id="blk1")
    quick = out["template"]["quickReplies"][0]
    assert quick["action"] == "block" and quick["blockId"] == "blk1"
    assert quick["extra"] == {"action": "menu"}


def test_long_label_is_shortened_on_the_chip_but_said_in_full():
    label = "청년 창업자금 특례보증 알아보기"
    out = render(Text("고르세요", buttons=((Button(label, "programs:startup"),),)))
    quick = out["template"]["quickReplies"][0]
    assert len(quick["label"]) <= 14 and quick["label"].endswith("…")
    assert quick["messageText"] == label


def test_text_with_a_link_button_becomes_a_text_card_with_a_web_link():
    out = render(
        Text("신청은 여기서 해요", buttons=((Button("신청하기", url="https://gg.go.kr"),),))
    )
    card = outputs(out)[0]["textCard"]
    assert card["description"] == "신청은 여기서 해요"
    assert card["buttons"] == [
        {"label": "신청하기", "action": "webLink", "webLinkUrl": "https://gg.go.kr"}
    ]


def test_phone_link_becomes_a_phone_button_and_odd_schemes_are_dropped():
    out = render(
        Card(
            "일자리센터",
            "상담",
            (
                Button("전화하기", url="tel:031-8075-3665"),
                Button("이상한 링크", url="javascript:alert(1)"),
            ),
        )
    )
    card = outputs(out)[0]["textCard"]
    assert card["buttons"] == [
        {"label": "전화하기", "action": "phone", "phoneNumber": "031-8075-3665"}
    ]


def test_card_with_image_is_a_basic_card_and_without_one_a_text_card():
    out = render(Card("청취다방", "카페", image_url="https://img.example/a.jpg"))
    assert outputs(out)[0]["basicCard"]["thumbnail"]["imageUrl"] == "https://img.example/a.jpg"
    out = render(Card("청취다방", "카페"))
    assert outputs(out)[0]["textCard"] == {"title": "청취다방", "description": "카페"}


def test_several_cards_in_a_row_become_one_carousel():
    cards = [Card(f"장소 {i}", "설명", (Button("자세히", f"places:show:{i}"),)) for i in range(5)]
    out = render(Text("가까운 곳이에요"), *cards)
    assert list(outputs(out)[1]) == ["carousel"]
    carousel = outputs(out)[1]["carousel"]
    assert carousel["type"] == "textCard" and len(carousel["items"]) == 5
    button = carousel["items"][0]["buttons"][0]
    assert button["extra"] == {"action": "places:show:0"} and button["action"] == "message"


def test_mixed_image_and_plain_cards_share_one_carousel_type():
    out = render(Card("a", "x", image_url="https://i/1.jpg"), Card("b", "y"))
    carousel = outputs(out)[0]["carousel"]
    assert carousel["type"] == "textCard"
    assert all("thumbnail" not in item for item in carousel["items"])


def test_more_than_ten_cards_are_split_over_carousels():
    out = render(*[Card(f"장소 {i}", "설명") for i in range(14)])
    assert [len(o["carousel"]["items"]) for o in outputs(out)] == [10, 4]


def test_venue_becomes_a_card_with_kakao_map_links():
    out = render(Venue("청취다방 HUB", "고양시 덕양구 화정로 1", Location(37.634, 126.832)))
    card = outputs(out)[0]["textCard"]
    assert card["title"] == "청취다방 HUB"
    urls = [b["webLinkUrl"] for b in card["buttons"]]
    assert urls[0].startswith("https://map.kakao.com/link/map/")
    assert urls[1].startswith("https://map.kakao.com/link/to/")
    assert "37.634000,126.832000" in urls[0]
    assert [b["label"] for b in card["buttons"]] == ["청취다방 HUB 지도", "청취다방 HUB 길찾기"]


def test_a_long_place_name_is_shortened_but_the_label_still_says_map():
    out = render(Venue("고양경기문화창조허브 별관", "고양시", Location(37.634, 126.832)))
    labels = [b["label"] for b in outputs(out)[0]["textCard"]["buttons"]]
    assert all(len(label) <= 14 for label in labels)
    assert labels[0].endswith("… 지도") and labels[1].endswith("… 길찾기")


def test_location_request_asks_for_a_typed_place_and_offers_the_fallback():
    out = render(
        LocationRequest(
            "위치를 보내 주세요", "내 위치 보내기", (Button("동네 이름으로", "places:typed"),)
        )
    )
    text = outputs(out)[0]["simpleText"]["text"]
    assert text.startswith("위치를 보내 주세요")
    assert translate("kakao.location_hint") in text
    assert [q["extra"]["action"] for q in out["template"]["quickReplies"]] == ["places:typed"]


def test_long_text_is_split_into_bubbles_at_word_boundaries():
    words = [f"단어{i}" for i in range(500)]
    out = render(Text(" ".join(words)))
    texts = [o["simpleText"]["text"] for o in outputs(out)]
    assert len(texts) >= 3
    for text in texts:
        assert all(word in words for word in text.split() if not word.startswith("("))


def test_very_long_text_keeps_the_head_and_says_it_was_cut():
    out = render(Text("가나다라 " * 2000))
    texts = [o["simpleText"]["text"] for o in outputs(out)]
    assert len(texts) == 3
    assert texts[-1].endswith(translate("kakao.cut"))


def test_long_text_gives_way_to_the_cards_after_it():
    out = render(Text("설명 " * 1500), Card("a", "x"), Card("b", "y"))
    kinds = [next(iter(o)) for o in outputs(out)]
    assert kinds == ["simpleText", "simpleText", "carousel"]


def test_more_than_three_separate_parts_fold_into_a_summary():
    out = render(Text("하나"), Card("a", "x"), Text("둘"), Card("b", "y"), Text("셋"))
    assert len(outputs(out)) == 3
    assert "셋" in outputs(out)[2]["simpleText"]["text"]


def test_more_than_ten_buttons_page_with_a_more_chip_carrying_the_rest():
    buttons = [Button(f"선택 {i}", f"pick:{i}") for i in range(14)] + [Button("처음으로", "menu")]
    out = render(Text("골라 주세요", buttons=(tuple(buttons),)))
    quick = out["template"]["quickReplies"]
    actions = [q["extra"]["action"] for q in quick]
    assert len(actions) == 10
    assert actions[:8] == [f"pick:{i}" for i in range(8)]
    assert actions[8:] == ["kakao:more", "menu"]  # the way back to the menu stays on screen
    assert quick[8]["label"] == "버튼 더 보기"
    rest = [action for _, action in quick[8]["extra"]["chips"]]
    assert rest == [f"pick:{i}" for i in range(8, 14)] + ["menu"]  # nothing is cut


def test_duplicate_buttons_across_parts_are_offered_once():
    menu = Button("처음으로", "menu")
    out = render(Text("a", buttons=((menu,),)), Text("b", buttons=((menu,),)))
    assert len(out["template"]["quickReplies"]) == 1


def test_card_with_more_than_three_buttons_moves_the_rest_to_quick_replies():
    buttons = tuple(Button(f"버튼 {i}", f"b:{i}") for i in range(5))
    out = render(Card("카드", "내용", buttons))
    assert len(outputs(out)[0]["textCard"]["buttons"]) == 3
    assert [q["extra"]["action"] for q in out["template"]["quickReplies"]] == ["b:3", "b:4"]


def test_empty_reply_still_gives_one_output():
    out = render()
    assert len(outputs(out)) == 1


def test_english_strings_are_used_for_an_english_user():
    out = render_kakao_reply(
        Reply().add(Venue("Hub", "Goyang", Location(37.6, 126.8))),
        lambda key: translate(key, "en"),
    )
    labels = [b["label"] for b in outputs(out)[0]["textCard"]["buttons"]]
    assert labels == ["Hub map", "Hub directions"]


def test_render_text_splits_an_error_notice_within_limits():
    assert check_skill_response(render_kakao_text("x " * 2000)) == []
    assert check_skill_response(render_kakao_text("")) == []


# -- text fitting -----------------------------------------------------------------------


def test_split_prefers_a_paragraph_break_over_a_later_space():
    text = "첫 문단은 여기까지예요 정말로요.\n\n" + "둘째 " * 10
    assert split_text(text, 30)[0] == "첫 문단은 여기까지예요 정말로요."


def test_split_prefers_a_sentence_end_over_a_later_space():
    text = "첫 문장은 여기까지예요. 그리고 이어지는 긴 문장"
    assert split_text(text, 22)[0] == "첫 문장은 여기까지예요."


def test_split_cuts_a_word_only_when_it_is_longer_than_the_limit():
    assert split_text("a" * 25, 10) == ["a" * 10, "a" * 10, "a" * 5]


def test_shorten_marks_the_cut_and_keeps_whole_words():
    assert shorten("청년 기본 소득 신청", 9) == "청년 기본 소득…"
    assert shorten("청년 기본 소득 신청", 8) == "청년 기본…"
    assert shorten("짧아요", 10) == "짧아요"


@given(st.text(max_size=3000), st.integers(min_value=1, max_value=1000))
def test_split_pieces_fit_and_lose_no_words(text, limit):
    pieces = split_text(text, limit)
    assert all(0 < len(p) <= limit for p in pieces)
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())


@given(st.text(max_size=500), st.integers(min_value=0, max_value=200))
def test_shorten_never_exceeds_the_limit(text, limit):
    assert len(shorten(text, limit)) <= limit


# -- any reply renders within limits ---------------------------------------------------

_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=1500
) | st.sampled_from(["", " ", "\n\n", "가" * 2000, "청년 " * 700, "🙂" * 1200])
_label = st.text(max_size=40) | st.sampled_from(["", "   ", "처음으로", "가" * 30])
_url = st.sampled_from(
    [None, "https://example.kr/x", "http://a.b", "tel:031-8075-3665", "ftp://x", "", "tel:"]
)
_button = st.builds(Button, label=_label, action=st.text(max_size=30), url=_url)
_rows = st.lists(st.lists(_button, max_size=5).map(tuple), max_size=5).map(tuple)
_location = st.builds(
    Location,
    lat=st.floats(-90, 90, allow_nan=False),
    lon=st.floats(-180, 180, allow_nan=False),
)
_part = st.one_of(
    st.builds(Text, text=_text, buttons=_rows),
    st.builds(
        Card,
        title=_text,
        body=_text,
        buttons=st.lists(_button, max_size=6).map(tuple),
        image_url=_url,
    ),
    st.builds(Venue, title=_text, address=_text, location=_location),
    st.builds(
        LocationRequest,
        text=_text,
        button_label=_label,
        fallback=st.lists(_button, max_size=4).map(tuple),
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_part, max_size=25), st.sampled_from([None, "block-1"]), st.sampled_from(["ko", "en"])
)
def test_any_reply_renders_within_kakao_limits(parts, block_id, locale):
    out = render_kakao_reply(
        Reply(parts=list(parts)), lambda key: translate(key, locale), block_id=block_id
    )
    assert check_skill_response(out) == []
    assert len(out["template"]["outputs"]) <= limits.MAX_OUTPUTS


# -- event API push text ------------------------------------------------------------------


def test_push_text_flattens_parts_and_keeps_links_as_text():
    from bot.channels.kakao.render import render_event_text

    text = render_event_text(
        Reply().add(
            Text("새 채용공고가 있어요", buttons=((Button("알림 끄기", "jobs:off"),),)),
            Card(
                "카페 바리스타",
                "덕양구 · 시급 1만원",
                (Button("공고 보기", url="https://job.kr/1"),),
            ),
        )
    )
    assert (
        text
        == "새 채용공고가 있어요\n\n카페 바리스타\n덕양구 · 시급 1만원\n\n공고 보기: https://job.kr/1"
    )


@given(st.lists(_part, max_size=10))
def test_push_text_always_fits_one_bubble(parts):
    from bot.channels.kakao.render import render_event_text

    text = render_event_text(Reply(parts=list(parts)))
    assert 0 < len(text) <= limits.MAX_SIMPLE_TEXT


def test_venue_repeating_a_card_of_the_same_place_is_left_out():
    out = render(
        Text("가까운 곳이에요"),
        Venue("내일꿈제작소", "덕양구 화정동", Location(37.63, 126.83)),
        Card(
            "1. 내일꿈제작소 · 청년공간",
            "140m",
            (Button("카카오맵", url="https://map.kakao.com/x"),),
        ),
        Card("2. 28청춘창업소", "140m"),
    )
    carousel = outputs(out)[1]["carousel"]
    assert [item["title"] for item in carousel["items"]] == [
        "1. 내일꿈제작소 · 청년공간",
        "2. 28청춘창업소",
    ]


def test_pointer_only_text_carrying_buttons_becomes_just_quick_replies():
    out = render(
        Text("가까운 곳이에요"),
        Card("청취다방", "카페"),
        Text("👇", buttons=((Button("더 보기", "places:more"),),)),
    )
    assert [next(iter(o)) for o in outputs(out)] == ["simpleText", "textCard"]
    assert out["template"]["quickReplies"][0]["extra"] == {"action": "places:more"}


def test_pointer_only_text_alone_is_still_shown():
    out = render(Text("👇", buttons=((Button("더 보기", "places:more"),),)))
    assert outputs(out) == [{"simpleText": {"text": "👇"}}]


def test_the_limit_check_names_a_wrong_action_and_a_missing_field():
    """The checker behind every Kakao test: actions a button or quick reply may not have,
    and the field each action needs, each reported once with its path."""
    card = {"basicCard": {"title": "t", "thumbnail": {"imageUrl": "https://example.kr/a.png"},
                          "buttons": [
        {"label": "지도", "action": "webLink"},
        {"label": "전화", "action": "phone", "phoneNumber": "031-909-9000"},
        {"label": "이상", "action": "teleport"},
    ]}}
    response = {"version": "2.0", "template": {"outputs": [card], "quickReplies": [
        {"label": "처음으로", "action": "message"},
        {"label": "블록", "action": "block", "blockId": "b1"},
        {"label": "지도", "action": "webLink"},
    ]}}
    assert check_skill_response(response) == [
        "outputs[0].basicCard.buttons[0].webLinkUrl: required for webLink",
        "outputs[0].basicCard.buttons[2].action: 'teleport' is not a button action",
        "quickReplies[0].messageText: required for message",
        "quickReplies[2].action: 'webLink' is not a quick-reply action",
    ]
