"""In a real Chromium: sign in, mark a booking, upload a places CSV with one bad row, chat
by typing and by pressing buttons through to a suit booking, and every page at phone size
without sideways scrolling. Screenshots of each page land in var/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from content.booking.codes import format_code
from tests.browser.conftest import PASSWORD, STAFF, Server, screenshot

WAIT = 15
BAD_CSV = (
    "종류,이름,주소,위도,경도,운영시간,출처,기준일\n"
    "카페,좋은카페,고양시 덕양구 1,37.6350,126.8330,매일 10:00-20:00,청년정책팀,2026-11-28\n"
    "카페,서울카페,서울 중구,37.5663,126.9779,,청년정책팀,2026-11-28\n"
)
STAFF_PAGES = ("/staff/", "/staff/places", "/staff/jobs", "/staff/content", "/staff/insights")


def wait_for(driver: Any, css: str) -> WebElement:
    found: WebElement = WebDriverWait(driver, WAIT).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, css)))
    return found


def submit(driver: Any, button: WebElement) -> None:
    """Press a form's button and wait until the page it answers with has replaced this one."""
    page = driver.find_element(By.TAG_NAME, "main")
    button.click()
    _answered(driver, page, "main h1")


def sign_in(driver: Any, server: Server) -> None:
    driver.get(server.base + "/staff/")
    if "/staff/login" not in driver.current_url:
        return
    driver.find_element(By.ID, "name").send_keys(STAFF)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for(driver, "nav[aria-label='직원 메뉴']")


def test_sign_in(browser: Any, server: Server) -> None:
    browser.get(server.base + "/staff/insights")
    assert "/staff/login" in browser.current_url
    screenshot(browser, "staff-login", docs=True)
    browser.find_element(By.ID, "name").send_keys(STAFF)
    browser.find_element(By.ID, "password").send_keys("wrong password!")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    assert "맞지 않아요" in wait_for(browser, "p.error").text
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for(browser, "nav[aria-label='직원 메뉴']")
    assert browser.current_url.endswith("/staff/insights")  # back where it was asked for
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure svg")) >= 4


def test_confirm_a_request_and_mark_it(browser: Any, server: Server) -> None:
    sign_in(browser, server)
    browser.get(server.base + "/staff/?date=2026-12-01")
    row = wait_for(browser, f"#b-{server.booking_code}")
    assert format_code(server.booking_code) in row.text and "확인 대기" in row.text
    screenshot(browser, "staff-today", docs=True)
    submit(browser, row.find_element(By.XPATH, ".//button[normalize-space()='확정']"))
    assert "확정했어요" in wait_for(browser, "p.notice").text
    row = browser.find_element(By.ID, f"b-{server.booking_code}")
    assert "예약됨" in row.text
    submit(browser, row.find_element(By.XPATH, ".//button[normalize-space()='수령']"))
    assert "대여 중" in wait_for(browser, "p.notice").text
    assert "대여 중" in browser.find_element(By.ID, f"b-{server.booking_code}").text


def test_upload_places_with_a_bad_row(browser: Any, server: Server, tmp_path: Path) -> None:
    sign_in(browser, server)
    file = tmp_path / "cafes.csv"
    file.write_text(BAD_CSV, encoding="utf-8")
    browser.get(server.base + "/staff/places")
    browser.find_element(By.ID, "file").send_keys(str(file))
    browser.find_element(By.XPATH, "//button[normalize-space()='검사하고 미리 보기']").click()
    check = wait_for(browser, "#check")
    assert "3번째 줄 · lat/lon" in check.text and "좋은카페" in check.text
    assert not browser.find_elements(By.CSS_SELECTOR, "form[action='/staff/places/import']")
    screenshot(browser, "staff-places-problems", docs=True)


def press(driver: Any, label: str) -> None:
    """Press the newest button whose label contains ``label``."""
    page = driver.find_element(By.TAG_NAME, "main")
    buttons = [b for b in driver.find_elements(By.CSS_SELECTOR, ".choices button")
               if label in b.text]
    shown = [b.text for b in driver.find_elements(By.CSS_SELECTOR, ".choices button")]
    assert buttons, f"no button {label!r} among {shown}"
    # scrolled to the middle as a person would: the message bar stays over the page bottom
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", buttons[-1])
    buttons[-1].click()
    _answered(driver, page)


def type_text(driver: Any, text: str) -> None:
    page = driver.find_element(By.TAG_NAME, "main")
    field = driver.find_element(By.ID, "text")
    field.clear()
    field.send_keys(text)
    driver.find_element(By.CSS_SELECTOR, "form.say button").click()
    _answered(driver, page)


def _answered(driver: Any, old_page: WebElement, ready: str = "form.say") -> None:
    """The post went through and the page it answered with has loaded."""
    WebDriverWait(driver, WAIT).until(ec.staleness_of(old_page))
    wait_for(driver, ready)


def last_bot(driver: Any) -> str:
    return str(driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)


def test_chat_by_typing_and_buttons_to_a_booking(browser: Any, server: Server) -> None:
    browser.get(server.base + "/chat")
    assert "동의하고 시작하기" in browser.page_source
    screenshot(browser, "chat-consent")
    browser.find_element(By.XPATH, "//button[normalize-space()='동의하고 시작하기']").click()
    wait_for(browser, ".msg.bot")
    screenshot(browser, "chat-start", docs=True)
    press(browser, "면접정장")
    assert "만 나이" in last_bot(browser)
    type_text(browser, "만 26세")
    press(browser, "학교")
    press(browser, "내일꿈제작소")
    type_text(browser, "12월 1일")
    press(browser, "11:00")
    press(browser, "블라우스")
    press(browser, "스커트")
    press(browser, "다음")
    type_text(browser, "S")
    type_text(browser, "26인치")
    type_text(browser, "12/1")
    press(browser, "건너뛰기")
    assert "블라우스 90 (S), 스커트 26inch" in last_bot(browser)
    press(browser, "신청하기")  # 내일꿈제작소 takes requests that staff confirm
    answer = last_bot(browser)
    assert "신청이 접수됐어요" in answer
    assert browser.execute_script(  # the page opened at the answer
        "const r = document.getElementById('last').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight")
    screenshot(browser, "chat-booked", docs=True)
    code = re.search(r"신청번호 ([0-9A-Z]{3}-[0-9A-Z]{3})", answer)
    assert code, answer
    # staff confirm the request in the console; the visitor sees it under 내 예약
    sign_in(browser, server)
    browser.get(server.base + "/staff/?date=2026-12-01")
    row = wait_for(browser, f"#b-{code.group(1).replace('-', '')}")
    submit(browser, row.find_element(By.XPATH, ".//button[normalize-space()='확정']"))
    assert "확정했어요" in wait_for(browser, "p.notice").text
    browser.get(server.base + "/chat")
    type_text(browser, "/mybookings")
    assert code.group(1) in last_bot(browser) and "예약됨" in last_bot(browser)


def test_insights_after_use(browser: Any, server: Server) -> None:
    sign_in(browser, server)
    browser.get(server.base + "/staff/insights")
    figures = browser.find_elements(By.CSS_SELECTOR, "figure")
    assert "web" in figures[1].text  # the chat's turns, per channel (the legend)
    assert "booking" in figures[2].text  # the booking flow, started and finished
    screenshot(browser, "staff-insights", docs=True)


def no_sideways_scroll(driver: Any) -> bool:
    return bool(driver.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth"))


def test_every_page_fits_a_phone(phone: Any, server: Server) -> None:
    phone.get(server.base + "/chat")
    assert phone.execute_script("return window.innerWidth") == 390
    assert no_sideways_scroll(phone), "/chat consent"
    phone.find_element(By.XPATH, "//button[normalize-space()='동의하고 시작하기']").click()
    wait_for(phone, ".msg.bot")
    press(phone, "가까운")
    assert no_sideways_scroll(phone), "/chat"
    screenshot(phone, "phone-chat", docs=True)
    sign_in(phone, server)
    for path in (*STAFF_PAGES, "/staff/?date=2026-12-01"):
        phone.get(server.base + path)
        wait_for(phone, "main h1")
        name = "phone-" + path.split("?")[0].strip("/").replace("/", "-")
        name += "-today" if "date=" in path else ""
        screenshot(phone, name, docs=path == "/staff/?date=2026-12-01")
        assert no_sideways_scroll(phone), path
