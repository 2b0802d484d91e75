"""The public meeting pages (`[web] public = true`; off by default), on the process's one HTTP server.

Per council: the coming meetings, each published agenda and each approved set of minutes in their public
versions (HTML and PDF), and one accessibility statement. Plain semantic HTML from Jinja2 templates
(`bot/templates/`), no JavaScript, nothing that needs a cookie. What is public is decided by
`handlers.documents` (`public_listing`, `public_document`); this module only reads and renders.

    /offentlig/                                   the councils
    /offentlig/<council>/                         its meetings
    /offentlig/<council>/mote/<nr>/innkalling     the notice with agenda (.pdf: the PDF)
    /offentlig/<council>/mote/<nr>/referat        the approved minutes (.pdf: the PDF)
    /offentlig/tilgjengelighet                    the accessibility statement
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import App
from bot.documents import render
from handlers import documents, texts
from handlers.context import Context
from handlers.limits import read_number
from storage.db import make_sessions
from storage.models import Council

_LOGGER = logging.getLogger(__name__)

PREFIX = "/offentlig"
MEETING_NUMBER_MOST = 9999
T = TypeVar("T")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Pages change when the secretary publishes something: a short cache spares a busy day without delaying that.
CACHE_SECONDS = 60
CACHE_ENTRIES = 512
_HEADERS = {
    "Cache-Control": f"public, max-age={CACHE_SECONDS}",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_KINDS = ("innkalling", "referat")


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("bot", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["t"] = texts
    environment.globals["prefix"] = PREFIX
    return environment


class PublicPages:
    """The routes and what they read. Reads go through their own read-only sessions, one per request."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._sessions: sessionmaker[Session] = make_sessions(app.read_engine or app.engine)
        self._templates = _environment()
        # path → (until, status, body, headers): pages as they were made, for CACHE_SECONDS.
        self._kept: dict[str, tuple[datetime, int, bytes, dict[str, str]]] = {}

    def add_routes(self, web_app: web.Application) -> None:
        web_app.router.add_get(f"{PREFIX}/", self._cached(self.councils))
        web_app.router.add_get(PREFIX, self.to_index)
        web_app.router.add_get(f"{PREFIX}/tilgjengelighet", self._cached(self.accessibility))
        web_app.router.add_get(f"{PREFIX}/{{council}}/", self._cached(self.council))
        web_app.router.add_get(f"{PREFIX}/{{council}}/kalender.ics", self._cached(self.calendar))
        web_app.router.add_get(f"{PREFIX}/{{council}}/mote/{{number}}/{{kind}}", self._cached(self.document))

    def _cached(self, page: Handler) -> Handler:
        """`page`, answered from memory for CACHE_SECONDS after it was made (what Cache-Control promises the
        reader anyway): a busy day's readers cost the database one read a minute per page, not one each."""

        async def answer(request: web.Request) -> web.StreamResponse:
            now = self.app.clock.now()
            kept = self._kept.get(request.path)
            if kept is not None and kept[0] > now:
                _until, status, body, headers = kept
                return web.Response(body=body, status=status, headers=headers)
            made = await page(request)
            assert isinstance(made, web.Response) and isinstance(made.body, bytes)
            if made.status != 200:  # only real pages: made-up addresses must not crowd them out
                return made
            if len(self._kept) >= CACHE_ENTRIES:
                self._kept.clear()
            until = now + timedelta(seconds=CACHE_SECONDS)
            headers = {k: v for k, v in made.headers.items() if k.lower() != "content-length"}
            self._kept[request.path] = (until, made.status, made.body, headers)
            return made

        return answer

    # --- pages ---------------------------------------------------------------------------------------

    async def to_index(self, request: web.Request) -> web.Response:
        raise web.HTTPFound(f"{PREFIX}/")

    async def councils(self, request: web.Request) -> web.Response:
        names = await self.app.call_core(self._council_names)
        return self._page("councils.html", title=texts.WEB_COUNCILS_TITLE, councils=names)

    async def accessibility(self, request: web.Request) -> web.Response:
        names = await self.app.call_core(self._council_names)
        title = texts.WEB_ACCESSIBILITY_TITLE.format(council=texts.join_names([name for _slug, name in names]))
        return self._page("accessibility.html", title=title)

    async def council(self, request: web.Request) -> web.Response:
        slug = request.match_info["council"]
        found = await self.app.call_core(self._read, slug, documents.public_listing)
        if found is None:
            return self._not_found()
        name, listing = found
        return self._page(
            "council.html",
            title=texts.WEB_MEETINGS_TITLE.format(council=name),
            council=name,
            slug=slug,
            listing=listing,
        )

    async def calendar(self, request: web.Request) -> web.Response:
        """The council's meetings to subscribe to in Outlook or Google Calendar (`documents.public_calendar`)."""
        slug = request.match_info["council"]
        found = await self.app.call_core(self._read, slug, documents.public_calendar)
        if found is None:
            return self._not_found()
        _name, feed = found
        return web.Response(
            body=feed,
            content_type="text/calendar",
            charset="utf-8",
            headers={**_HEADERS, "Content-Disposition": f'inline; filename="{slug}.ics"'},
        )

    async def document(self, request: web.Request) -> web.Response:
        slug = request.match_info["council"]
        kind = request.match_info["kind"]
        pdf = kind.endswith(".pdf")
        kind = kind.removesuffix(".pdf")
        number = read_number(request.match_info["number"], MEETING_NUMBER_MOST)
        if kind not in _KINDS or number is None:
            return self._not_found()
        found = await self.app.call_core(self._read, slug, lambda ctx: documents.public_document(ctx, number, kind))
        if found is None:
            return self._not_found()
        name, doc = found
        if doc is None:
            return self._not_found()
        layout = documents.layout(doc)
        if pdf:
            content = await self.app.call_core(render, layout, "pdf")
            filename = f"{documents.stem(doc)}.pdf"
            return web.Response(
                body=content,
                content_type="application/pdf",
                headers={**_HEADERS, "Content-Disposition": f'inline; filename="{filename}"'},
            )
        return self._page(
            "document.html",
            title=layout.title,
            council=name,
            slug=slug,
            layout=layout,
            pdf=f"{PREFIX}/{slug}/mote/{number}/{kind}.pdf",
            kind=kind,
            number=number,
        )

    # --- reading ---------------------------------------------------------------------------------------

    def _council_names(self) -> list[tuple[str, str]]:
        with self._sessions() as session:
            return [(c.slug, c.name) for c in session.scalars(select(Council).order_by(Council.name))]

    def _read(self, slug: str, what: Callable[[Context], T]) -> tuple[str, T] | None:
        """(council name, what(ctx)) for the council `slug`, or None if there is none."""
        with self._sessions() as session:
            council = session.scalar(select(Council).where(Council.slug == slug))
            if council is None:
                return None
            ctx = Context(session, council, None, self.app.clock.now(), "web", self.app.settings_for(council))
            return council.name, what(ctx)

    # --- answers ---------------------------------------------------------------------------------------

    def _page(self, template: str, *, status: int = 200, **values: Any) -> web.Response:
        html = self._templates.get_template(template).render(**values)
        return web.Response(text=html, status=status, content_type="text/html", charset="utf-8", headers=_HEADERS)

    def _not_found(self) -> web.Response:
        return self._page("not_found.html", status=404, title=texts.WEB_NOT_FOUND)


def add_routes(web_app: web.Application, app: App) -> None:
    PublicPages(app).add_routes(web_app)
