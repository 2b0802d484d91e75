"""Every request to /api/messages is checked before anything is read or written: a token Teams did not sign
for this bot and tenant, or an activity that does not match it, gets 401 and changes nothing."""

from __future__ import annotations

import time

import pytest

from fakes.teams_connector import APP_ID, OTHER_TENANT, TENANT_ID, message
from tests.conftest import row_counts
from tests.teams.conftest import Teams


def _bad_requests(teams: Teams) -> dict[str, tuple[dict[str, object], str | None]]:
    fake = teams.fake
    good = message(fake, teams.person("Kari Dybdahl"), "sak ny Skulle aldri bli lagret")
    other_tenant = message(fake, teams.person("Kari Dybdahl"), "sak ny Skulle aldri bli lagret", tenant=OTHER_TENANT)
    elsewhere = dict(good, serviceUrl="https://evil.example.com/")
    return {
        "no token": (good, ""),
        "not a bearer token": (good, f"Basic {fake.token()}"),
        "forged (a key Teams does not publish)": (good, f"Bearer {fake.forged()}"),
        "expired (beyond the leeway)": (good, f"Bearer {fake.token(expires_in=-600)}"),
        "for another bot": (good, f"Bearer {fake.token(aud='99999999-0000-4000-8000-000000000000')}"),
        "from another issuer": (good, f"Bearer {fake.token(iss='https://login.example.com/')}"),
        "from another tenant (tid)": (good, f"Bearer {fake.token(tid=OTHER_TENANT)}"),
        "activity from another tenant": (other_tenant, None),
        "service URL not the token's": (elsewhere, None),
        "token's service URL elsewhere": (good, f"Bearer {fake.token(service_url='https://evil.example.com/')}"),
        "garbage": (good, "Bearer not.a.token"),
    }


def test_bad_tokens_are_refused_and_change_nothing(teams: Teams) -> None:
    teams.install()
    before = row_counts(teams.app)
    sent = teams.fake.mark()
    refused = 0
    for what, (activity, authorization) in _bad_requests(teams).items():
        status = teams.post(activity, authorization=authorization)
        assert status == 401, what
        refused += 1
    print(f"refused {refused} bad requests")
    assert refused == 11
    assert row_counts(teams.app) == before
    assert teams.fake.since(sent) == []


def test_a_token_from_entra_for_the_councils_tenant_is_accepted(teams: Teams) -> None:
    token = teams.fake.token(iss=f"https://login.microsoftonline.com/{TENANT_ID}/v2.0", tid=TENANT_ID, aud=APP_ID)
    status = teams.post(message(teams.fake, teams.person("Kari Dybdahl"), "brukerrad hjelp", channel=None), token=token)
    assert status in (200, 202)


@pytest.mark.parametrize("skew", [-200, 200])
def test_clock_skew_within_five_minutes_is_tolerated(teams: Teams, skew: int) -> None:
    now = int(time.time())
    token = teams.fake.token(exp=now + skew, nbf=now - 10 + min(skew, 0), iat=now - 10)
    status = teams.post(message(teams.fake, teams.person("Kari Dybdahl"), "brukerrad hjelp", channel=None), token=token)
    assert status in (200, 202)
