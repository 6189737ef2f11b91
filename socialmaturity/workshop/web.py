"""The workshop's web pages: a Starlette app around the pure `Workshop`.

Phones join and vote with plain HTML forms; a small script served from the package
only adds live updates (server-sent events). The rules of a shared network hold for
every request:

- every address of the workshop carries the session secret (`/s/SECRET/...`); any
  other path is a 404, the same as a wrong secret;
- a participant is their token, in an HttpOnly, SameSite=Strict cookie; the
  projector's page has a token of its own in its address;
- every form carries a CSRF token derived from the participant's cookie;
- names and notes reach the pages through Jinja2's autoescaping only;
- request bodies, joins, code guesses, votes and requests at all are limited (413, 429);
- a strict Content-Security-Policy: scripts, styles and images from the server itself.

A change is acknowledged (the phone's next page, the projector's update) only after
`Saver` has written it to the answers file: votes that arrive together are written
together, so sixty phones voting at once cost a few writes, not sixty.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import parse_qs

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..report.charts import votes_svg
from . import limits
from .core import QuestionView, Refused, Workshop
from .messages import MESSAGES, m
from .qr import qr_svg
from .store import Secrets, Store, new_token, token_hash

COOKIE = "sm_participant"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
_STATIC = {"workshop.css": "text/css; charset=utf-8", "workshop.js": "text/javascript; charset=utf-8"}


class SaveFailed(Exception):
    """The answers file could not be written: nothing is acknowledged."""


class Saver:
    """Writes the workshop after every change; whoever waits learns when it is on disk.

    Changes made while a write is under way go into the next write together (a
    group commit). `published` is what the pages' live updates show: taken from the
    snapshot that was written, so a count never runs ahead of the file.
    """

    def __init__(self, workshop: Workshop, store: Store, on_saved: Callable[[], None]) -> None:
        self.workshop = workshop
        self.store = store
        self.on_saved = on_saved
        self.problem: str | None = None
        self.published: dict[str, Any] = status(workshop)
        self._waiting: list[asyncio.Future[None]] = []
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._wake = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def commit(self) -> None:
        """Return once everything changed so far is in the answers file; SaveFailed if not."""
        assert self._wake is not None
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append(future)
        self._wake.set()
        await future

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            await self._wake.wait()
            self._wake.clear()
            waiting, self._waiting = self._waiting, []
            if not waiting:
                continue
            snapshot = self.workshop.snapshot()
            shown = status(self.workshop)
            try:
                await asyncio.to_thread(self.store.save, snapshot)
            except OSError as error:
                self.problem = str(error)
                for future in waiting:
                    if not future.done():
                        future.set_exception(SaveFailed(str(error)))
                continue
            self.problem = None
            self.published = shown
            for future in waiting:
                if not future.done():
                    future.set_result(None)
            self.on_saved()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def status(workshop: Workshop) -> dict[str, Any]:
    """What live updates carry: which page to show and the counts, never who voted what."""
    view = workshop.question_view(revealed_names=False)
    if view is None:
        key = f"end:{workshop.room.paused}"
        return {"view": key, "joined": len(workshop.room.tokens), "voted": 0}
    key = f"{view.question_id}:{view.round}:{int(view.revealed)}:{int(workshop.room.paused)}"
    return {"view": key, "joined": view.joined, "voted": view.voted}


@dataclass
class Live:
    """Everything the app works with; the shell builds it and runs the server."""

    workshop: Workshop
    secrets: Secrets
    saver: Saver
    join_url: str
    clock: Callable[[], float]  # monotonic seconds, for the rate limits
    closing: bool = False

    def __post_init__(self) -> None:
        self.changed = asyncio.Event()
        self.streams = 0
        self.joins = limits.RateLimiter(limits.JOINS)
        self.code_tries = limits.RateLimiter(limits.CODE_TRIES)
        self.votes = limits.RateLimiter(limits.VOTES)
        self.pages = limits.RateLimiter(limits.PAGES)

    def wake(self) -> None:
        """Tell every live page that something was saved (or that the workshop ends)."""
        event, self.changed = self.changed, asyncio.Event()
        event.set()

    @property
    def anonymous(self) -> bool:
        return self.workshop.room.anonymous


# -- pages ---------------------------------------------------------------------------------


def _templates() -> jinja2.Environment:
    folder = resources.files("socialmaturity.workshop") / "templates"
    loader = jinja2.FunctionLoader(lambda name: (folder / name).read_text(encoding="utf-8"))
    return jinja2.Environment(
        loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )


_PAGES = _templates()


def _headers(extra: dict[str, str] | None = None) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",  # the secret in the address never leaves in a Referer
        "X-Frame-Options": "DENY",
        "Cache-Control": "no-store",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    headers.update(extra or {})
    return headers


def page(live: Live, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    language = live.workshop.language

    def t(key: str, **fields: object) -> str:
        return m(key, language, **fields)

    html = _PAGES.get_template(template).render(
        t=t,
        language=language,
        base=f"/s/{live.secrets.session}",
        organisation=live.workshop.organisation,
        code_address=live.join_url.split("/s/", 1)[0] + "/",
        **values,
    )
    return HTMLResponse(html, status_code=status_code, headers=_headers())


def error_page(live: Live, status_code: int, key: str, **values: object) -> HTMLResponse:
    language = live.workshop.language
    return page(
        live,
        "error.html.j2",
        status_code,
        title=m(f"error.{status_code}", language),
        message=m(key, language, **values),
    )


def build_app(live: Live) -> Starlette:
    """The workshop's ASGI app."""

    def secret_ok(request: Request) -> bool:
        return hmac.compare_digest(str(request.path_params.get("secret", "")), live.secrets.session)

    def projector_ok(request: Request) -> bool:
        return secret_ok(request) and hmac.compare_digest(
            str(request.path_params.get("projector", "")), live.secrets.projector
        )

    def address(request: Request) -> str:
        return request.client.host if request.client else "?"

    def token_of(request: Request) -> str | None:
        token = request.cookies.get(COOKIE)
        return token if token and len(token) <= 100 else None

    async def form(request: Request) -> dict[str, str]:
        body = await request.body()
        try:
            parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=20)
        except (UnicodeDecodeError, ValueError):
            return {}
        return {key: values[0] for key, values in parsed.items()}

    def csrf_ok(request: Request, token: str, fields: dict[str, str]) -> bool:
        if not hmac.compare_digest(fields.get("csrf", ""), live.secrets.csrf(token)):
            return False
        origin = request.headers.get("origin")
        # a browser names where a form came from; from anywhere else it is forged
        return origin is None or origin == "null" or origin == f"{request.url.scheme}://{request.url.netloc}"

    def not_found() -> HTMLResponse:
        return error_page(live, 404, "refused.not-found")

    async def committed(action: Callable[[], Awaitable[Response]]) -> Response:
        try:
            return await action()
        except SaveFailed:
            return error_page(live, 503, "refused.not-saved")

    # -- the join code -----------------------------------------------------------------

    async def code_page(request: Request) -> Response:
        return page(live, "code.html.j2", problem=None)

    async def code_post(request: Request) -> Response:
        if not live.code_tries.allow(address(request), live.clock()):
            return error_page(live, 429, "refused.too-many-codes")
        fields = await form(request)
        typed = "".join(c for c in fields.get("code", "").upper() if c.isalnum())
        if typed and hmac.compare_digest(typed, live.secrets.code):
            return RedirectResponse(f"/s/{live.secrets.session}/", 303, headers=_headers())
        return page(live, "code.html.j2", 403, problem=m("refused.wrong-code", live.workshop.language))

    # -- the phone ---------------------------------------------------------------------

    async def phone(request: Request) -> Response:
        if not secret_ok(request):
            return not_found()
        token = token_of(request)
        fresh = token is None
        if token is None:
            token = new_token()
        workshop = live.workshop
        name = workshop.name_of(token_hash(token))
        values: dict[str, Any] = {
            "csrf": live.secrets.csrf(token),
            "name": name,
            "anonymous": live.anonymous,
            "notice": _notice(request, workshop.language),
            "state": status(workshop),
            "paused": workshop.room.paused,
        }
        if name is None:
            response = page(live, "join.html.j2", problem=None, typed="", **values)
        else:
            view = workshop.question_view(revealed_names=False)
            response = page(live, "phone.html.j2", view=view, mine=workshop.my_vote(token_hash(token)), **values)
        if fresh:
            _set_cookie(response, token, live)
        return response

    async def join(request: Request) -> Response:
        if not secret_ok(request):
            return not_found()
        if not live.joins.allow(address(request), live.clock()):
            return error_page(live, 429, "refused.too-many-joins")
        token = token_of(request)
        fields = await form(request)
        if token is None:
            return error_page(live, 403, "refused.no-cookie")
        if not csrf_ok(request, token, fields):
            return error_page(live, 403, "refused.csrf")
        typed = fields.get("name", "")

        async def act() -> Response:
            try:
                live.workshop.join(token_hash(token), typed)
            except Refused as refused:
                code = 429 if refused.key == "refused.full" else 400
                return page(
                    live,
                    "join.html.j2",
                    code,
                    problem=m(refused.key, live.workshop.language, **refused.values),
                    typed=typed[:200],
                    csrf=live.secrets.csrf(token),
                    name=None,
                    anonymous=live.anonymous,
                    notice=None,
                    state=status(live.workshop),
                    paused=live.workshop.room.paused,
                )
            await live.saver.commit()
            return RedirectResponse(f"/s/{live.secrets.session}/", 303, headers=_headers())

        return await committed(act)

    async def vote(request: Request) -> Response:
        if not secret_ok(request):
            return not_found()
        token = token_of(request)
        fields = await form(request)
        if token is None or live.workshop.name_of(token_hash(token)) is None:
            return error_page(live, 403, "refused.not-joined")
        if not csrf_ok(request, token, fields):
            return error_page(live, 403, "refused.csrf")
        if not live.votes.allow(token_hash(token), live.clock()):
            return error_page(live, 429, "refused.too-many-votes")
        try:
            number = int(fields.get("option", ""))
            round_number = int(fields.get("round", ""))
        except ValueError:
            return error_page(live, 400, "refused.no-option")

        async def act() -> Response:
            try:
                live.workshop.vote(token_hash(token), fields.get("question", ""), round_number, number)
            except Refused as refused:
                if refused.key in ("refused.moved-on", "refused.revealed"):
                    return RedirectResponse(f"/s/{live.secrets.session}/?late=1", 303, headers=_headers())
                return error_page(live, 400, refused.key, **refused.values)
            await live.saver.commit()
            return RedirectResponse(f"/s/{live.secrets.session}/?saved=1", 303, headers=_headers())

        return await committed(act)

    # -- the projector -----------------------------------------------------------------

    async def projector(request: Request) -> Response:
        if not projector_ok(request):
            return not_found()
        workshop = live.workshop
        view = workshop.question_view(revealed_names=not live.anonymous)
        return page(
            live,
            "projector.html.j2",
            view=view,
            chart=_chart(view) if view is not None and view.revealed else None,
            join_url=live.join_url,
            code=_spaced(live.secrets.code),
            state=status(workshop),
            paused=workshop.room.paused,
            events=f"/s/{live.secrets.session}/projector/{live.secrets.projector}/events",
            anonymous=live.anonymous,
        )

    async def qr(request: Request) -> Response:
        if not secret_ok(request):
            return not_found()
        return Response(qr_svg(live.join_url), media_type="image/svg+xml", headers=_headers())

    # -- live updates ------------------------------------------------------------------

    async def stream(request: Request) -> Response:
        if not secret_ok(request):
            return not_found()
        if request.path_params.get("projector") is not None and not projector_ok(request):
            return not_found()
        if live.streams >= limits.STREAMS:
            return error_page(live, 429, "refused.too-many-streams")
        return StreamingResponse(
            _events(live), media_type="text/event-stream", headers=_headers({"X-Accel-Buffering": "no"})
        )

    async def static(request: Request) -> Response:
        name = str(request.path_params["name"])
        if name not in _STATIC:
            return not_found()
        body = (resources.files("socialmaturity.workshop") / "static" / name).read_bytes()
        return Response(body, media_type=_STATIC[name], headers=_headers({"Cache-Control": "max-age=300"}))

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204, headers=_headers())

    async def fallback(request: Request) -> Response:
        return not_found()

    routes = [
        Route("/", code_page, methods=["GET"]),
        Route("/code", code_post, methods=["POST"]),
        Route("/static/{name}", static, methods=["GET"]),
        Route("/favicon.ico", no_icon, methods=["GET"]),
        Route("/s/{secret}/", phone, methods=["GET"]),
        Route("/s/{secret}/join", join, methods=["POST"]),
        Route("/s/{secret}/vote", vote, methods=["POST"]),
        Route("/s/{secret}/events", stream, methods=["GET"]),
        Route("/s/{secret}/qr.svg", qr, methods=["GET"]),
        Route("/s/{secret}/projector/{projector}", projector, methods=["GET"]),
        Route("/s/{secret}/projector/{projector}/events", stream, methods=["GET"]),
        Route("/{rest:path}", fallback, methods=["GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"]),
    ]
    app = Starlette(routes=routes)
    return Guard(app, live)  # type: ignore[return-value]


async def _events(live: Live) -> AsyncIterator[str]:
    live.streams += 1
    try:
        last: dict[str, Any] | None = None
        while not live.closing:
            shown = live.saver.published
            if shown != last:
                last = shown
                yield f"data: {json.dumps(shown)}\n\n"
            changed = live.changed
            try:
                await asyncio.wait_for(changed.wait(), timeout=15)
            except asyncio.TimeoutError:
                yield ": still here\n\n"  # keeps proxies and sleeping phones' connections honest
    finally:
        live.streams -= 1


def _chart(view: QuestionView) -> str:
    return votes_svg([(f"{o.number}  {o.label}", o.votes, o.proposed or o.agreed) for o in view.options])


def _spaced(code: str) -> str:
    return f"{code[:3]} {code[3:]}"


def _notice(request: Request, language: str) -> str | None:
    if request.query_params.get("saved"):
        return m("phone.saved", language)
    if request.query_params.get("late"):
        return m("phone.late", language)
    return None


def _set_cookie(response: Response, token: str, live: Live) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=7 * 24 * 3600,
        path=f"/s/{live.secrets.session}/",
        httponly=True,
        samesite="strict",
    )


class _TooLarge(Exception):
    pass


class Guard:
    """Around the app: the size of a request's body (413) and requests per address (429)."""

    def __init__(self, app: ASGIApp, live: Live) -> None:
        self.app = app
        self.live = live

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        who = str(client[0]) if client else "?"
        if not self.live.pages.allow(who, self.live.clock()):
            await self._refuse(scope, send, 429, "refused.too-many-requests")
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limits.BODY_LIMIT):
            await self._refuse(scope, send, 413, "refused.too-large", limit=limits.BODY_LIMIT)
            return
        received = 0
        started = False

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limits.BODY_LIMIT:
                    raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited, watched)
        except _TooLarge:
            if not started:
                await self._refuse(scope, send, 413, "refused.too-large", limit=limits.BODY_LIMIT)

    async def _refuse(self, scope: Scope, send: Send, code: int, key: str, **values: object) -> None:
        response = error_page(self.live, code, key, **values)
        await response(scope, _nothing, send)


async def _nothing() -> Message:
    return {"type": "http.disconnect"}


__all__ = ["MESSAGES", "Guard", "Live", "SaveFailed", "Saver", "build_app", "status"]
