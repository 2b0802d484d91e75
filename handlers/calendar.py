"""Meetings as iCalendar (RFC 5545, RFC 5546): the one place calendar output is made.

`/mote kalender`'s file (METHOD:PUBLISH), the invitation an agenda e-mail carries (METHOD:REQUEST) and its
cancellation (METHOD:CANCEL) are all `to_ical` over `MeetingEvent`s, so a public feed can reuse it too.
What makes Outlook and Google Calendar follow: a UID that never changes for a meeting, a SEQUENCE raised on
every move and on cancelling (`Meeting.sequence`), STATUS:CANCELLED on a cancelled one, and a VTIMEZONE for
every TZID used (Outlook shows wrong times without it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from handlers import texts
from handlers.context import Context
from storage.models import Meeting, MeetingState

_LOGGER = logging.getLogger(__name__)

MEETING_LENGTH = timedelta(hours=2, minutes=30)
PRODID = "-//Brukerradboten//NO"
REQUEST, CANCEL, PUBLISH = "REQUEST", "CANCEL", "PUBLISH"


@dataclass(frozen=True)
class MeetingEvent:
    """One meeting as a calendar sees it; a plain value, so an adapter can make the file without storage."""

    uid: str
    summary: str
    start: datetime  # aware, in `timezone`
    end: datetime
    place: str
    sequence: int
    cancelled: bool
    timezone: str
    description: str = ""


def uid(ctx: Context, meeting: Meeting) -> str:
    """Stable for the meeting's whole life: the council's slug and the meeting's number."""
    return f"{ctx.council.slug}-mote-{meeting.number}@brukerrad"


def event_of(ctx: Context, meeting: Meeting) -> MeetingEvent:
    return MeetingEvent(
        uid=uid(ctx, meeting),
        summary=texts.CALENDAR_SUMMARY.format(council=ctx.council.name),
        start=ctx.local(meeting.start),
        end=ctx.local(meeting.ends_at or meeting.start + MEETING_LENGTH),  # as typed (kl 10-12), or 2½ hours
        place=meeting.place,
        sequence=meeting.sequence,
        cancelled=meeting.state == MeetingState.CANCELLED,
        timezone=ctx.settings.timezone,
    )


def to_ical(
    events: Iterable[MeetingEvent],
    *,
    now: datetime,
    method: str = PUBLISH,
    name: str = "",
    organizer: tuple[str, str] | None = None,
    attendee: tuple[str, str] | None = None,
) -> bytes:
    """The events as one iCalendar file. `organizer` and `attendee` are (name, address): an invitation
    (REQUEST, CANCEL) must name its organizer, and a calendar matches the invitation to its owner by the
    attendee. A CANCEL is sent for a cancelled meeting, with STATUS:CANCELLED and the raised SEQUENCE."""
    from icalendar import Calendar, Event, vCalAddress, vText  # on first use: a calendar is asked for rarely

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    items = list(events)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("sequence", item.sequence)
        event.add("dtstamp", now)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        if item.place:
            event.add("location", item.place)
        if item.description:
            event.add("description", item.description)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        if organizer is not None:
            who = vCalAddress(f"mailto:{organizer[1]}")
            who.params["cn"] = vText(organizer[0])
            event.add("organizer", who)
        if attendee is not None:
            guest = vCalAddress(f"mailto:{attendee[1]}")
            guest.params["cn"] = vText(attendee[0])
            guest.params["role"] = vText("REQ-PARTICIPANT")
            guest.params["partstat"] = vText("NEEDS-ACTION")
            guest.params["rsvp"] = vText("FALSE")  # answers come through the links, not as iTIP replies
            event.add("attendee", guest)
        cal.add_component(event)
    if items:
        # One VTIMEZONE per TZID used, with the rules of the years around the meetings (not since 1970).
        first = min(item.start for item in items).year - 1
        last = max(item.end for item in items).year
        for tzid in sorted({item.timezone for item in items}):
            cal.add_component(_timezone(tzid, first, last))
    data: bytes = cal.to_ical()
    return data


@lru_cache(maxsize=32)
def _timezone(tzid: str, first_year: int, last_year: int) -> Any:
    """The VTIMEZONE for `tzid` over those years: the same for every invitation of a mailing, so made once
    (working out the transitions is most of an invitation's cost)."""
    from icalendar import Timezone

    return Timezone.from_tzid(tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31))
