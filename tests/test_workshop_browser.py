"""The live workshop in a real browser: Debian's headless Chromium, driven by Selenium.

Three participants join in browser sessions of their own, vote with a disagreement;
the projector's page counts the votes as they come in (live, through its script)
without showing them; the facilitator reveals and agrees; the votes are in the
answers file. Skipped where Chromium and its driver are not installed (`.ci/run`
installs them).

Run as a script, it takes the README's screenshots instead:
`python tests/test_workshop_browser.py docs/`.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_workshop_server import MINI, Workshop, wait_for

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None or DRIVER is None, reason="needs chromium and chromium-driver"),
]


def browser(width: int, height: int, profile: Path):  # type: ignore[no-untyped-def]
    """A headless Chromium of its own (a fresh profile), as root in a container allows."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(DRIVER)))
    # a window is at least 500 px wide; a phone's viewport is set as DevTools sets it
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500},
    )
    return driver


def main_text(driver) -> str:  # type: ignore[no-untyped-def]
    """The text of the page's <main>; empty while the page is being replaced."""
    from selenium.common.exceptions import WebDriverException

    try:
        return str(driver.find_element("tag name", "main").text)
    except WebDriverException:
        return ""


@pytest.fixture
def browsers(tmp_path: Path) -> Iterator[Callable[[int, int], object]]:
    opened: list[object] = []

    def start(width: int = 360, height: int = 740) -> object:
        driver = browser(width, height, tmp_path / f"profile-{len(opened)}")
        opened.append(driver)
        return driver

    yield start
    for driver in opened:
        driver.quit()  # type: ignore[attr-defined]


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Callable[..., Workshop]]:
    started: list[Workshop] = []

    def start(*args: str) -> Workshop:
        workshop = Workshop(tmp_path, "--host", "127.0.0.1", "--port", "0", *args)
        started.append(workshop)
        return workshop

    yield start
    for workshop in started:
        if workshop.process.poll() is None:
            workshop.process.kill()
            workshop.process.wait(10)


def test_three_phones_and_the_projector_in_chromium(browsers, running) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    workshop = running("--org", "Harbourlight Energy", "--out", "x.yaml")
    projector = browsers(1280, 720)
    projector.get(workshop.projector_url)
    assert "Accounts?" in projector.find_element(By.CSS_SELECTOR, "h1.question").text
    phones = []
    for name in ("Ann", "Bob", "<i>Cem</i>"):
        phone = browsers()
        phone.get(workshop.join_url)
        phone.find_element(By.ID, "name").send_keys(name)
        phone.find_element(By.CSS_SELECTOR, "form.join button").click()
        wait_for(lambda p=phone, n=name: f"You are {n}" in main_text(p), what="joined")
        phones.append(phone)

    def count(kind: str) -> str:
        return str(projector.find_element(By.CSS_SELECTOR, f'[data-count="{kind}"]').text)

    # the projector follows by itself (server-sent events, under its strict CSP)
    wait_for(lambda: count("joined") == "3", what="three joined on the projector")
    for phone, number in zip(phones, (1, 3, 3), strict=True):
        phone.find_element(By.CSS_SELECTOR, f'button.option[value="{number}"]').click()
        wait_for(lambda p=phone: "Your vote is saved." in main_text(p), what="the saved vote")
    mine = phones[0].find_element(By.CSS_SELECTOR, "button.option.mine")
    assert mine.get_attribute("value") == "1"
    wait_for(lambda: count("voted") == "3", what="three votes counted")
    page = main_text(projector)
    assert "Ann" not in page and "Bob" not in page  # nobody's vote before the reveal
    assert not projector.find_elements(By.CSS_SELECTOR, ".votes-chart")
    answers = workshop.answers()
    assert answers["votes"] == {"a1": {"Ann": "none", "Bob": "all", "<i>Cem</i>": "all"}}

    workshop.key("r")
    wait_for(lambda: projector.find_elements(By.CSS_SELECTOR, ".votes-chart"), what="the chart")
    page = main_text(projector)
    assert "Disagreement: the votes are 2 scale steps apart." in page
    assert "Bob, <i>Cem</i>" in page  # a name with markup is shown as typed, not as markup
    assert not projector.find_elements(By.CSS_SELECTOR, "main i")
    wait_for(lambda: "The votes are on the screen." in main_text(phones[1]), what="phones told")

    workshop.key("")  # agree on the proposal: 3
    wait_for(lambda: "Owner?" in main_text(phones[2]), what="the phones on question 2")
    wait_for(lambda: "Owner?" in main_text(projector), what="the projector on question 2")
    logs = [entry for entry in projector.get_log("browser") if entry.get("level") == "SEVERE"]
    assert logs == []  # no script or style refused by the Content-Security-Policy, nothing missing
    assert workshop.stop() == 0
    answers = workshop.answers()
    assert answers["answers"] == {"a1": "all"}
    assert answers["votes"]["a1"] == {"Ann": "none", "Bob": "all", "<i>Cem</i>": "all"}


def screenshots(folder: Path) -> None:
    """The README's screenshots: a phone (360 px wide) voting, the projector after the reveal."""
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        workshop = Workshop(
            work, "--host", "127.0.0.1", "--port", "0", "--org", "Harbourlight Energy", "--out", "x.yaml",
            questionnaire="social-business",
        )  # fmt: skip
        from selenium.webdriver.common.by import By

        drivers = []
        try:
            projector = browser(1280, 720, work / "p")
            drivers.append(projector)
            phones = []
            for i, name in enumerate(("Anouk", "Bram", "Carla", "Dev", "Eline")):
                phone = browser(360, 740, work / f"b{i}")
                drivers.append(phone)
                phone.get(workshop.join_url)
                phone.find_element(By.ID, "name").send_keys(name)
                phone.find_element(By.CSS_SELECTOR, "form.join button").click()
                phones.append(phone)
            for phone, number in zip(phones, (2, 2, 4, 2, 1), strict=True):
                phone.find_element(By.CSS_SELECTOR, f'button.option[value="{number}"]').click()
            phones[0].get(workshop.join_url)
            time.sleep(0.5)
            phones[0].save_screenshot(str(folder / "workshop-phone.png"))
            projector.get(workshop.projector_url)
            workshop.key("r")
            wait_for(lambda: projector.find_elements(By.CSS_SELECTOR, ".votes-chart"), what="the chart")
            time.sleep(0.5)
            projector.save_screenshot(str(folder / "workshop-projector.png"))
        finally:
            for driver in drivers:
                driver.quit()
            workshop.stop()


if __name__ == "__main__":
    screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
    print(MINI.name, "screenshots written")
