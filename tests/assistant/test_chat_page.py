"""The chat page in headless Chromium (Debian's chromium and chromium-driver): a person
types, Luna answers, buttons work; the page talks only to the Rasa server it was served
with, through the web chat channel, with the session credential the server signed
(tests/security/test_webchat_credential.py checks the channel itself)."""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@contextlib.contextmanager
def chromium():
    """A headless Chromium with a profile (and so a localStorage) of its own."""
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.fail("Debian's chromium and chromium-driver are needed (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="luna-chromium-")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser():
    with chromium() as driver:
        yield driver


@pytest.fixture
def other_browser():
    with chromium() as driver:
        yield driver


def bot_messages(driver):
    return [node.text for node in driver.find_elements(By.CSS_SELECTOR, ".msg.bot")]


def say(driver, message: str, expected: str = "") -> list[str]:
    """Types a message and waits for Luna's answer (containing `expected`); the new replies."""
    wait = WebDriverWait(driver, 60)
    before = len(bot_messages(driver))
    wait.until(expected_conditions.presence_of_element_located((By.ID, "text"))).send_keys(message)
    driver.find_element(By.CSS_SELECTOR, "form button").click()

    def answered(d) -> bool:
        new = bot_messages(d)[before:]
        return bool(d.find_elements(By.CSS_SELECTOR, ".error")) or any(expected in text for text in new)

    wait.until(answered)
    assert not driver.find_elements(By.CSS_SELECTOR, ".error"), "the page could not reach Luna"
    return bot_messages(driver)[before:]


def credential(driver) -> dict:
    return json.loads(driver.execute_script("return localStorage.getItem('luna-webchat-session')"))


def test_chat_page_talks_to_luna(luna, browser):
    browser.get(luna.chat_url)
    wait = WebDriverWait(browser, 60)
    box = wait.until(expected_conditions.presence_of_element_located((By.ID, "text")))
    box.send_keys("hello")
    browser.find_element(By.CSS_SELECTOR, "form button").click()
    wait.until(lambda driver: any("Luna" in text for text in bot_messages(driver)))
    # The greeting offers buttons; pressing one sends its payload like a click in a real app.
    wait.until(expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, ".buttons button"))).click()
    wait.until(lambda driver: any("what's your name" in text for text in bot_messages(driver)))
    box.send_keys("I'm Ravi, born 5/3/1990 10:30 pm in Pune")
    browser.find_element(By.CSS_SELECTOR, "form button").click()
    wait.until(lambda driver: any("Ravi's kundli" in text for text in bot_messages(driver)))
    assert any("Lagna (ascendant): Libra" in text for text in bot_messages(browser))


def test_a_reload_goes_on_with_the_same_conversation(luna, browser):
    browser.get(luna.chat_url)
    say(browser, "I'm Asha, born 9 sep 1979 7:05 am in Patna", "Asha's kundli")
    session = credential(browser)
    assert session["sender"].startswith("webchat-") and session["token"]
    browser.refresh()
    say(browser, "what is my lagna", "Asha's kundli")
    assert credential(browser) == session


def test_a_credential_from_one_browser_is_refused_for_another(luna, browser, other_browser):
    browser.get(luna.chat_url)
    say(browser, "I'm Asha, born 9 sep 1979 7:05 am in Patna", "Asha's kundli")
    asha = credential(browser)
    other_browser.get(luna.chat_url)
    say(other_browser, "hello", "Luna")
    mine = credential(other_browser)
    # From the other browser's page, Asha's sender id with its own token is refused...
    status = other_browser.execute_async_script("""
        const [url, body, done] = arguments;
        fetch(url, {method: "POST", headers: {"Content-Type": "application/json"}, body})
          .then(answer => done(answer.status), () => done(0));
    """, f"http://127.0.0.1:{luna.rasa_port}/webhooks/webchat/webhook",
        json.dumps({"sender": asha["sender"], "token": mine["token"], "message": "what is my lagna"}))
    assert status == 403
    # ...and a page holding such a credential gets a conversation of its own, not Asha's.
    other_browser.execute_script("localStorage.setItem('luna-webchat-session', arguments[0])",
                                 json.dumps({"sender": asha["sender"], "token": mine["token"]}))
    other_browser.refresh()
    replies = say(other_browser, "what is my lagna")
    assert replies and not any("Asha" in text for text in replies)
    assert credential(other_browser)["sender"] not in (asha["sender"], mine["sender"])


class Trap(BaseHTTPRequestHandler):
    """A stranger's server: records every request a page sends it."""

    seen: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.record()

    def do_POST(self):  # noqa: N802
        self.record()

    def do_OPTIONS(self):  # noqa: N802
        self.record()

    def record(self):
        Trap.seen.append(f"{self.command} {self.path}")
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"sender": "trap", "token": "trap"}' if "session" in self.path else b"[]")

    def log_message(self, *args):
        pass


def test_the_address_bar_cannot_send_messages_elsewhere(luna, browser):
    trap = ThreadingHTTPServer(("127.0.0.1", 0), Trap)
    threading.Thread(target=trap.serve_forever, daemon=True).start()
    try:
        browser.get(f"{luna.chat_url}?server=http://127.0.0.1:{trap.server_port}")
        say(browser, "hello", "Luna")
    finally:
        trap.shutdown()
        trap.server_close()
    assert Trap.seen == []
