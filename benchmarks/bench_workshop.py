"""Benchmark of a live workshop: 60 phones voting at once over loopback.

    python benchmarks/bench_workshop.py [--participants 60] [--rounds 5]

Starts `socialmaturity workshop` on the bundled questionnaire (a new answers file in a
temporary folder, 127.0.0.1, a free port), joins the participants, opens the
projector's live updates, then, per round, releases every participant's vote at
the same moment from a thread of its own and measures:

- vote to acknowledgement: from sending the form to the server's answer, which
  comes only after the vote is written to the answers file (synced and renamed);
- vote to the projector's update: from sending the form to the first server-sent
  event whose count includes it (the k-th acknowledged vote is counted in the first
  event showing k votes or more).

Between rounds the facilitator's keys reveal (r) and open a new round (o). The
client threads run on the same 2 cores as the server, so the figures include them.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


class Phone:
    def __init__(self, host: str, port: int, path: str) -> None:
        self.host, self.port, self.path = host, port, path
        self.cookie = ""
        self.csrf = ""

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, dict[str, str]]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        found = {k.lower(): v for k, v in response.getheaders()}
        connection.close()
        return response.status, text, found

    def join(self, name: str) -> None:
        _, page, headers = self.request("GET", self.path)
        self.cookie = headers["set-cookie"].split(";")[0]
        self.csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        status, _, _ = self.request("POST", self.path + "join", urllib.parse.urlencode({"csrf": self.csrf, "name": name}))
        assert status == 303, status

    def vote(self, question: str, round_number: int, option: int) -> int:
        body = urllib.parse.urlencode({"csrf": self.csrf, "question": question, "round": round_number, "option": option})
        status, _, _ = self.request("POST", self.path + "vote", body)
        return status


def projector_events(host: str, port: int, path: str, seen: list[tuple[float, int, str]], stop: threading.Event) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    while not stop.is_set():
        line = response.readline()
        if not line:
            return
        if line.startswith(b"data: "):
            state = json.loads(line[6:])
            seen.append((time.perf_counter(), int(state["voted"]), str(state["view"])))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    count = arguments.participants
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        screen = folder / "screen.txt"
        command = [
            sys.executable, "-m", "socialmaturity", "workshop", "--org", "Benchmark", "--out", "b.yaml",
            "--host", "127.0.0.1", "--port", "0",
        ]  # fmt: skip
        with open(screen, "w") as out:
            server = subprocess.Popen(
                command, cwd=folder, stdin=subprocess.PIPE, stdout=out, stderr=subprocess.DEVNULL, text=True,
                env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)},
            )  # fmt: skip
        try:
            deadline = time.monotonic() + 30
            found = None
            while found is None and time.monotonic() < deadline:
                found = re.search(r": (http://\S+/s/[^/\s]+/)\n(?:.*\n)*.*(http://\S+/projector/\S+)\n", screen.read_text())
                time.sleep(0.05)
            assert found, "the workshop did not start"
            join = urllib.parse.urlsplit(found.group(1))
            projector = urllib.parse.urlsplit(found.group(2))
            host, port = str(join.hostname), int(join.port or 80)
            phones = [Phone(host, port, join.path) for _ in range(count)]
            for number, phone in enumerate(phones, 1):
                phone.join(f"Participant {number}")
            _, page, _ = phones[0].request("GET", join.path)
            question = re.search(r'name="question" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            seen: list[tuple[float, int, str]] = []
            stop = threading.Event()
            watcher = threading.Thread(
                target=projector_events, args=(host, port, projector.path + "/events", seen, stop), daemon=True
            )
            watcher.start()
            time.sleep(0.5)
            to_ack: list[float] = []
            to_projector: list[float] = []
            for round_number in range(1, arguments.rounds + 1):
                start = threading.Barrier(count + 1)
                sent = [0.0] * count
                acked = [0.0] * count
                statuses = [0] * count
                mark = len(seen)

                def cast(
                    i: int,
                    rn: int = round_number,
                    gate: threading.Barrier = start,
                    sent: list[float] = sent,
                    acked: list[float] = acked,
                    statuses: list[int] = statuses,
                ) -> None:
                    gate.wait()
                    sent[i] = time.perf_counter()
                    statuses[i] = phones[i].vote(question, rn, 1 + i % 4)
                    acked[i] = time.perf_counter()

                threads = [threading.Thread(target=cast, args=(i,)) for i in range(count)]
                for thread in threads:
                    thread.start()
                start.wait()
                for thread in threads:
                    thread.join()
                assert all(s == 303 for s in statuses), statuses
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and not any(v >= count for _, v, _ in seen[mark:]):
                    time.sleep(0.01)
                events = seen[mark:]
                for rank, i in enumerate(sorted(range(count), key=lambda j: acked[j]), 1):
                    to_ack.append(acked[i] - sent[i])
                    shown = next(t for t, voted, _ in events if voted >= rank)
                    to_projector.append(max(0.0, shown - sent[i]))
                assert server.stdin is not None
                server.stdin.write("r\no\n")  # reveal, and open the next round
                server.stdin.flush()
                wanted = f"{question}:{round_number + 1}:0"
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and not any(view.startswith(wanted) for _, _, view in seen[mark:]):
                    time.sleep(0.01)
            stop.set()
            print(f"{count} participants voting at once, {arguments.rounds} rounds, {len(to_ack)} votes")
            for label, values in (("vote -> acknowledgement", to_ack), ("vote -> projector update", to_projector)):
                print(
                    f"{label:<26} p50 {1000 * statistics.median(values):6.1f} ms   "
                    f"p99 {1000 * percentile(values, 0.99):6.1f} ms   max {1000 * max(values):6.1f} ms"
                )
        finally:
            if server.stdin is not None:
                try:
                    server.stdin.write("q\n")
                    server.stdin.flush()
                except OSError:
                    pass
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
