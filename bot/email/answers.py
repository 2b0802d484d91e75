"""The pages an answer link opens, on the bot's web server: `GET` shows, `POST` answers.

Opening a link changes nothing (mail programs and virus scanners open links by themselves): the page asks
for the click, or, for absence, for the reason and whether it is the whole meeting or part of it. Reading
the declaration is a read and shows it at once. The click runs the SAME command a chat button would
(`/oppmote ja #3`) through the dispatcher as the member's e-mail account, with the token's digest as its
delivery key, so the core stays the authority and a second use changes nothing. A forged, altered or
expired link gets a kind page and nothing runs. Pages are small, plain and accessible (a language, a
heading, labelled fields, no script).
"""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING

from aiohttp import web

from bot.chat import Event
from bot.email.links import PATH, Answer, LinkError, Links, delivery_key
from handlers import texts
from handlers.replies import Reply

if TYPE_CHECKING:
    from bot.chat import Chat

_LOGGER = logging.getLogger(__name__)

# Commands a link may open at once: reading, nothing else (the declaration, with its sign button).
_READS = frozenset({"/taushet", "/taushet vis"})
_ABSENCE = "/oppmote nei"
REASON_FIELD, PART_FIELD = "grunn", "omfang"
FORM_MOST = 4096  # bytes of a posted form: a reason is at most 500 characters


class AnswerPages:
    def __init__(self, chat: Chat, links: Links) -> None:
        self._chat = chat
        self._links = links

    def routes(self, web_app: web.Application) -> None:
        web_app.router.add_get(PATH + "{token}", self.show)
        web_app.router.add_post(PATH + "{token}", self.answer)

    async def show(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        try:
            answer = self._links.read(token)
        except LinkError as error:
            return _refused(error)
        if answer.command in _READS:
            reply = await self._run(answer.user_id, answer.command, None)
            return self._reply_page(answer, reply)
        if _is_absence(answer.command):
            return _page(texts.EMAIL_PAGE_ABSENCE_TITLE, _absence_form(token, ""))
        body = f"<p>{html.escape(texts.EMAIL_PAGE_CONFIRM.format(label=answer.label))}</p>\n" + _button_form(
            token, answer.label
        )
        return _page(answer.label, body)

    async def answer(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        try:
            answer = self._links.read(token)
        except LinkError as error:
            return _refused(error)
        if request.content_length is not None and request.content_length > FORM_MOST:
            return _page(texts.EMAIL_PAGE_ERROR_TITLE, _paragraphs(texts.EMAIL_PAGE_TOO_LONG), status=413)
        form = await request.post()
        command = answer.command
        if _is_absence(command):
            reason = " ".join(str(form.get(REASON_FIELD, "")).split())
            part = str(form.get(PART_FIELD, "")) == "delvis"
            if part and not reason:
                message = texts.EMAIL_PAGE_PART_NEEDS_REASON
                return _page(texts.EMAIL_PAGE_ABSENCE_TITLE, _absence_form(token, message), status=400)
            meeting = command.removeprefix(_ABSENCE).strip()
            verb = "delvis" if part else "nei"
            command = " ".join(word for word in (f"/oppmote {verb}", meeting, reason) if word)
        reply = await self._run(answer.user_id, command, delivery_key(token))
        if reply is None:
            return _page(texts.EMAIL_PAGE_DONE_TITLE, _paragraphs(texts.EMAIL_PAGE_ALREADY))
        if reply.error and _is_absence(answer.command):
            return _page(texts.EMAIL_PAGE_ABSENCE_TITLE, _absence_form(token, reply.text), status=400)
        return self._reply_page(answer, reply)

    async def _run(self, user_id: str, command: str, key: str | None) -> Reply | None:
        event = Event(user_id, command, delivery_key=key)
        reply: Reply | None = await self._chat.app.call_core(self._chat.handle, event)
        return reply

    def _reply_page(self, answer: Answer, reply: Reply | None) -> web.Response:
        if reply is None:
            return _page(texts.EMAIL_PAGE_DONE_TITLE, _paragraphs(texts.EMAIL_PAGE_ALREADY))
        title = texts.EMAIL_PAGE_ERROR_TITLE if reply.error else texts.EMAIL_PAGE_DONE_TITLE
        forms = "".join(
            _button_form(self._links.token(answer.user_id, button.command, button.label), button.label)
            for button in reply.buttons
        )
        return _page(title, _paragraphs(reply.text) + forms, status=400 if reply.error else 200)


def _is_absence(command: str) -> bool:
    return command == _ABSENCE or command.startswith(_ABSENCE + " ")


def _refused(error: LinkError) -> web.Response:
    """Kind, and the same for every fault: nothing about why a forged link failed."""
    text = texts.EMAIL_PAGE_EXPIRED if error.expired else texts.EMAIL_PAGE_BAD_LINK
    return _page(texts.EMAIL_PAGE_BAD_TITLE, _paragraphs(text), status=410 if error.expired else 400)


def _paragraphs(text: str) -> str:
    return "\n".join(
        f"<p>{'<br>'.join(html.escape(line) for line in block.splitlines())}</p>"
        for block in text.strip().split("\n\n")
        if block.strip()
    )


def _button_form(token: str, label: str) -> str:
    action = html.escape(PATH + token, quote=True)
    return f'<form method="post" action="{action}"><button type="submit">{html.escape(label)}</button></form>\n'


def _absence_form(token: str, problem: str) -> str:
    action = html.escape(PATH + token, quote=True)
    alert = f'<p role="alert" class="problem">{html.escape(problem)}</p>\n' if problem else ""
    return (
        f'{alert}<form method="post" action="{action}">\n'
        f"<fieldset><legend>{html.escape(texts.EMAIL_PAGE_PART_LEGEND)}</legend>\n"
        f'<input type="radio" id="hele" name="{PART_FIELD}" value="hele" checked>'
        f' <label for="hele">{html.escape(texts.EMAIL_PAGE_WHOLE)}</label><br>\n'
        f'<input type="radio" id="delvis" name="{PART_FIELD}" value="delvis">'
        f' <label for="delvis">{html.escape(texts.EMAIL_PAGE_PART)}</label>\n</fieldset>\n'
        f'<p><label for="{REASON_FIELD}">{html.escape(texts.EMAIL_PAGE_REASON_LABEL)}</label><br>\n'
        f'<textarea id="{REASON_FIELD}" name="{REASON_FIELD}" rows="3" cols="40" maxlength="500"'
        f' aria-describedby="grunn-hjelp"></textarea><br>\n'
        f'<span id="grunn-hjelp">{html.escape(texts.EMAIL_PAGE_REASON_HELP)}</span></p>\n'
        f'<p><button type="submit">{html.escape(texts.EMAIL_PAGE_SEND_ABSENCE)}</button></p>\n</form>\n'
    )


_STYLE = (
    "body{font-family:Arial,sans-serif;font-size:1.125rem;line-height:1.5;max-width:40rem;margin:2rem auto;"
    "padding:0 1rem;color:#1b1b1b;background:#fff}button{font-size:1.125rem;padding:.6rem 1.2rem;color:#fff;"
    "background:#005a9e;border:2px solid #005a9e;border-radius:4px;cursor:pointer}button:focus{outline:3px solid"
    " #1b1b1b;outline-offset:2px}textarea{font-size:1rem;width:100%}.problem{color:#a4262c;font-weight:bold}"
    "fieldset{border:1px solid #767676;margin-bottom:1rem}"
)


def _page(title: str, body: str, *, status: int = 200) -> web.Response:
    document = (
        '<!DOCTYPE html>\n<html lang="nb">\n<head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style></head>\n"
        f"<body><main>\n<h1>{html.escape(title)}</h1>\n{body}</main></body>\n</html>\n"
    )
    return web.Response(
        text=document,
        status=status,
        content_type="text/html",
        charset="utf-8",
        # The token is the key to the answer: no referrer carries it away, no cache keeps the page.
        headers={"Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )
