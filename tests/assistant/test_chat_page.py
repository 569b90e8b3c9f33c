"""The chat page in headless Chromium (Debian's chromium and chromium-driver): a person
types, Luna answers, buttons work."""

from __future__ import annotations

import shutil
import tempfile

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture
def browser():
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


def bot_messages(driver):
    return [node.text for node in driver.find_elements(By.CSS_SELECTOR, ".msg.bot")]


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
