"""`socialmaturity workshop` end to end: the real command, its server over loopback,
phones as HTTP clients with their own cookies, the facilitator's keys on stdin.

Also the shared network's rules (secrets, tokens, CSRF, escaping, 413 and 429) and
nothing lost: the server SIGKILLed after acknowledged votes, and resumed.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

MINI = Path(__file__).parent / "data" / "mini" / "questionnaires" / "mini.yaml"

pytestmark = pytest.mark.slow


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class Phone:
    """A participant's browser: its own cookie, the forms as a browser sends them."""

    base: str  # http://127.0.0.1:PORT
    path: str  # /s/SECRET/
    cookie: str | None = None
    page: str = ""
    sent: list[str] = field(default_factory=list)

    def request(self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None) -> Response:
        where = urllib.parse.urlsplit(self.base)
        connection = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
        sent = dict(headers or {})
        if self.cookie:
            sent.setdefault("Cookie", self.cookie)
        if body is not None:
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        connection.request(method, path, body=body, headers=sent)
        answer = connection.getresponse()
        response = Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read().decode())
        connection.close()
        cookie = response.headers.get("set-cookie")
        if cookie and self.cookie is None:
            self.cookie = cookie.split(";")[0]
        return response

    def open(self) -> Response:
        response = self.request("GET", self.path)
        self.page = response.body
        return response

    def field(self, name: str) -> str:
        found = re.search(rf'name="{name}" value="([^"]*)"', self.page)
        assert found, f"no {name} in the page"
        return found.group(1)

    def post(self, action: str, **values: str) -> Response:
        return self.request("POST", self.path + action, urllib.parse.urlencode(values))

    def join(self, name: str = "") -> Response:
        self.open()
        response = self.post("join", csrf=self.field("csrf"), name=name)
        self.open()
        return response

    def vote(self, number: int) -> Response:
        self.open()
        response = self.post(
            "vote", csrf=self.field("csrf"), question=self.field("question"), round=self.field("round"), option=str(number)
        )
        return response


class Workshop:
    """The command, running; its join and projector addresses read from its screen."""

    def __init__(self, folder: Path, *args: str, questionnaire: str = str(MINI)) -> None:
        self.folder = folder
        self.out = folder / "screen.txt"
        self.err = folder / "messages.txt"
        command = [sys.executable, "-m", "socialmaturity", "workshop", "--questionnaire", questionnaire, *args]
        with open(self.out, "w") as out, open(self.err, "w") as err:
            self.process = subprocess.Popen(
                command, cwd=folder, stdin=subprocess.PIPE, stdout=out, stderr=err, text=True,
                env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100"},
            )
        found = wait_for(
            lambda: re.search(r": (http://\S+/s/[^/\s]+/)\n(?:.*\n)*.*(http://\S+/projector/\S+)\n", self.out.read_text()),
            what="the join address",
        )
        self.join_url, self.projector_url = found.group(1), found.group(2)
        parts = urllib.parse.urlsplit(self.join_url)
        self.base = f"{parts.scheme}://{parts.netloc}"
        self.path = parts.path

    def phone(self) -> Phone:
        return Phone(self.base, self.path)

    def projector(self) -> str:
        where = urllib.parse.urlsplit(self.projector_url)
        return Phone(self.base, where.path).open().body

    def key(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def stop(self, timeout: float = 20) -> int:
        if self.process.poll() is None and self.process.stdin is not None:
            self.key("q")
        return self.process.wait(timeout)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def answers(self, name: str = "x.yaml") -> dict:  # type: ignore[type-arg]
        return yaml.safe_load((self.folder / name).read_text(encoding="utf-8"))


def wait_for(check: Callable[[], object], what: str = "it", timeout: float = 20):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def revealed(workshop: Workshop) -> str:
    """The projector's page once it shows the votes."""
    return wait_for(lambda: page if "votes-chart" in (page := workshop.projector()) else None, what="the reveal")


@pytest.fixture
def started(tmp_path: Path) -> Iterator[Callable[..., Workshop]]:
    running: list[Workshop] = []
    for folder in ("questionnaires", "roadmaps"):  # for validate and score, as beside a real file
        shutil.copytree(MINI.parent.parent / folder, tmp_path / folder)

    def start(*args: str) -> Workshop:
        workshop = Workshop(tmp_path, "--host", "127.0.0.1", *args)
        running.append(workshop)
        return workshop

    yield start
    for workshop in running:  # only the processes this test started
        if workshop.process.poll() is None:
            workshop.process.kill()
            workshop.process.wait(10)


def test_phones_vote_the_projector_counts_and_the_file_holds_the_votes(started, cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    workshop = started("--org", "Harbourlight Energy", "--out", "x.yaml", "--port", "0", "--sector", "Energy", "--size", "250")
    ann, bob, cem = workshop.phone(), workshop.phone(), workshop.phone()
    for phone, name in ((ann, "Ann"), (bob, "Bob"), (cem, "Cem")):
        assert phone.join(name).status == 303
        assert f"You are {name}" in phone.page
    assert ann.vote(1).status == 303
    assert ann.vote(3).status == 303  # she changes her mind before the reveal
    bob.vote(1)
    saved = cem.vote(3).headers["location"]
    assert saved.endswith("?saved=1")
    assert "Your vote is saved." in cem.request("GET", saved).body
    # acknowledged means written: the file has the votes before anything is revealed
    assert workshop.answers()["votes"] == {"a1": {"Ann": "all", "Bob": "none", "Cem": "all"}}
    hidden = workshop.projector()
    assert re.search(r'data-count="voted">3<', hidden) and re.search(r'data-count="joined">3<', hidden)
    assert "Ann" not in hidden and "votes-chart" not in hidden  # who voted what stays hidden
    workshop.key("r")
    shown = revealed(workshop)
    assert "Disagreement: the votes are 2 scale steps apart." in shown
    assert "Ann, Cem" in shown and "Proposal: 3, chosen by 2 of 3." in shown
    assert "The votes are on the screen." in bob.open().body
    workshop.key("")  # Enter agrees on the proposal
    wait_for(lambda: workshop.answers().get("answers") == {"a1": "all"}, what="the agreement")
    assert "Owner?" in ann.open().body  # the phones are on the next question
    assert workshop.stop() == 0
    messages = workshop.err.read_text()
    assert "To go on later: socialmaturity workshop --resume x.yaml" in messages
    answers = workshop.answers()
    assert answers["organisation"] == {"name": "Harbourlight Energy", "sector": "Energy", "size": "250"}
    assert answers["participants"] == ["Ann", "Bob", "Cem"]
    monkeypatch.chdir(tmp_path)
    checked = cli("validate", "x.yaml")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    scored = cli("score", "x.yaml", "--json")
    assert scored.exit_code == 0, scored.stderr
    assert '"a1"' in scored.stdout


def test_a_new_round_keeps_the_first_in_the_note_and_dutch_pages(started) -> None:  # type: ignore[no-untyped-def]
    workshop = started("--org", "Havenlicht", "--out", "x.yaml", "--port", "0", "--lang", "nl", "--anonymous")
    one, two = workshop.phone(), workshop.phone()
    one.join()
    two.join()
    assert "U bent Deelnemer 1" in one.page and "U bent Deelnemer 2" in two.page
    one.vote(1)
    two.vote(3)
    workshop.key("r")
    shown = revealed(workshop)
    assert "Onenigheid" in shown and "Deelnemer 1" not in shown  # anonymous: counts, no names
    assert "Geen voorstel" in shown
    workshop.key("o")
    wait_for(lambda: "ronde 2" in one.open().body, what="round 2")
    one.vote(2)
    two.vote(2)
    workshop.key("")
    wait_for(lambda: "votes-chart" in workshop.projector(), what="the second reveal")
    workshop.key("")
    wait_for(lambda: workshop.answers().get("answers") == {"a1": "some"}, what="the agreement")
    answers = workshop.answers()
    assert answers["votes"]["a1"] == {"Deelnemer 1": "some", "Deelnemer 2": "some"}
    assert answers["notes"]["a1"] == "Ronde 1: Deelnemer 1 1, Deelnemer 2 3"
    assert workshop.stop() == 0


def test_sigkill_after_each_acknowledged_vote_loses_none(started, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    workshop = started("--org", "Harbourlight Energy", "--out", "x.yaml", "--port", "0")
    port = urllib.parse.urlsplit(workshop.join_url).port
    phones = [workshop.phone() for _ in range(3)]
    for phone, name in zip(phones, ("Ann", "Bob", "Cem"), strict=True):
        phone.join(name)
    acknowledged: dict[str, str] = {}
    for phone, name, number, option in ((phones[0], "Ann", 1, "none"), (phones[1], "Bob", 2, "some"), (phones[2], "Cem", 3, "all")):
        assert phone.vote(number).status == 303  # the acknowledgement
        acknowledged[name] = option
        workshop.kill()  # at once: no chance to save anything more
        assert workshop.answers()["votes"]["a1"] == acknowledged
        workshop = started("--resume", "x.yaml")  # the same address, the same secrets
        assert urllib.parse.urlsplit(workshop.join_url).port == port
        for other in phones:
            other.base = workshop.base
            assert other.path == workshop.path
    # each phone comes back as itself, with its cookie, and may still change its vote
    assert "You are Ann" in phones[0].open().body
    assert phones[0].vote(2).status == 303
    assert workshop.answers()["votes"]["a1"] == {"Ann": "some", "Bob": "some", "Cem": "all"}
    assert workshop.stop() == 0


def test_the_answers_file_is_locked_while_the_workshop_runs(started, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    workshop = started("--org", "Harbourlight Energy", "--out", "x.yaml", "--port", "0")
    second = cli("assess", "--resume", str(tmp_path / "x.yaml"), "--questionnaire", str(MINI))
    assert second.exit_code == 1
    assert "is open in another assessment" in second.stderr
    again = cli("workshop", "--resume", str(tmp_path / "x.yaml"), "--questionnaire", str(MINI), "--host", "127.0.0.1")
    assert again.exit_code == 1 and "is open in another assessment" in again.stderr
    workshop.process.send_signal(signal.SIGTERM)
    assert workshop.process.wait(20) == 143
    assert "To go on later" in workshop.err.read_text()


# -- a shared network ------------------------------------------------------------------------------


def test_wrong_secrets_and_tokens_are_refused(started) -> None:  # type: ignore[no-untyped-def]
    workshop = started("--org", "Harbourlight Energy", "--out", "x.yaml", "--port", "0")
    stranger = Phone(workshop.base, "/s/" + "A" * 32 + "/")
    assert stranger.open().status == 404
    assert Phone(workshop.base, "/").request("GET", workshop.path.rstrip("/") + "x/").status == 404
    projector = urllib.parse.urlsplit(workshop.projector_url).path
    assert Phone(workshop.base, "/").request("GET", projector[:-3] + "abc").status == 404
    ann = workshop.phone()
    ann.join("Ann")
    # a token that never joined, with a CSRF token that would fit it, votes nothing
    forged = workshop.phone()
    forged.open()
    forged.cookie = "sm_participant=" + "B" * 32
    response = forged.post("vote", csrf=ann.field("csrf"), question="a1", round="1", option="1")
    assert response.status == 403
    assert "has not joined" in response.body
    assert "votes" not in workshop.answers()


def test_a_form_without_its_csrf_token_is_refused(started) -> None:  # type: ignore[no-untyped-def]
    workshop = started("--org", "Harbourlight Energy", "--out", "x.yaml", "--port", "0")
    ann = workshop.phone()
    ann.join("Ann")
    assert ann.post("vote", question="a1", round="1", option="1").status == 403
    assert ann.post("vote", csrf="0" * 64, question="a1", round="1", option="1").status == 403
    other = workshop.phone()
    other.open()
    assert other.post("join", csrf=ann.field("csrf"), name="Mallory").status == 403  # another's token
    # a form posted from another site names its origin
    response = ann.request(
        "POST", ann.path + "vote",
        urllib.parse.urlencode({"csrf": ann.field("csrf"), "question": "a1", "round": "1", "option": "1"}),
        headers={"Origin": "http://evil.example"},
    )
    assert response.status == 403
    assert "votes" not in workshop.answers()


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_a_hostile_name_is_text_on_every_page(started) -> None:  # type: ignore[no-untyped-def]
    workshop = started("--org", "<b>Harbourlight</b>", "--out", "x.yaml", "--port", "0")
    hostile = workshop.phone()
    assert hostile.join(HOSTILE[:40]).status == 303
    hostile.vote(2)
    taken = workshop.phone()
    taken.open()
    refused = taken.post("join", csrf=taken.field("csrf"), name=HOSTILE[:40])  # the name-taken page quotes it
    assert refused.status == 400
    workshop.key("r")
    projector = revealed(workshop)
    for page in (hostile.open().body, projector, refused.body):
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>Harbourlight" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in projector
    assert "&lt;b&gt;Harbourlight&lt;/b&gt;" in projector
    headers = hostile.open().headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"
    assert "HttpOnly" in (workshop.phone().open().headers["set-cookie"])
    assert "SameSite=strict" in workshop.phone().open().headers["set-cookie"]


def test_every_asset_comes_from_the_package(started) -> None:  # type: ignore[no-untyped-def]
    workshop = started("--org", "Harbourlight Energy", "--out", "x.yaml", "--port", "0")
    pages = [workshop.phone().open().body, workshop.projector()]
    for page in pages:
        sources = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert sources and all(s.startswith("/") for s in sources), sources  # nothing from a CDN
    phone = workshop.phone()
    for asset in ("/static/workshop.css", "/static/workshop.js", workshop.path + "qr.svg"):
        assert phone.request("GET", asset).status == 200
    assert phone.request("GET", "/static/../messages.py").status == 404


def test_oversize_requests_and_floods_get_413_and_429(started) -> None:  # type: ignore[no-untyped-def]
    workshop = started("--org", "Harbourlight Energy", "--out", "x.yaml", "--port", "0")
    ann = workshop.phone()
    ann.join("Ann")
    big = ann.post("vote", csrf=ann.field("csrf"), question="a1", round="1", option="1", padding="x" * 20_000)
    assert big.status == 413 and "too large" in big.body
    long_name = workshop.phone()
    long_name.open()
    assert long_name.post("join", csrf=long_name.field("csrf"), name="x" * 41).status == 400
    statuses = [ann.vote(1).status for _ in range(35)]
    assert statuses[:5] == [303] * 5 and statuses[-1] == 429
    flooded = [Phone(workshop.base, "/").request("POST", "/code", "code=AAAAAA").status for _ in range(12)]
    assert flooded[0] == 403 and flooded[-1] == 429
    joins = []
    for _ in range(105):
        phone = workshop.phone()
        phone.open()
        joins.append(phone.post("join", csrf=phone.field("csrf"), name=f"P{len(joins)}").status)
    assert joins[0] == 303 and joins[-1] == 429
    assert "Too many people joined" in phone.post("join", csrf=phone.field("csrf"), name="Late").body


def test_the_short_code_leads_to_the_join_page(started) -> None:  # type: ignore[no-untyped-def]
    workshop = started("--org", "Harbourlight Energy", "--out", "x.yaml", "--port", "0")
    code = re.search(r"with the code (\w{3}) (\w{3})", workshop.out.read_text())
    assert code
    visitor = Phone(workshop.base, "/")
    assert "The code on the screen" in visitor.open().body
    response = visitor.request("POST", "/code", urllib.parse.urlencode({"code": f"{code.group(1)}-{code.group(2)}".lower()}))
    assert response.status == 303 and response.headers["location"] == workshop.path
