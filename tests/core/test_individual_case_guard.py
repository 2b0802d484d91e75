"""The mandate at submission: «Brukerrådet behandler ikke enkeltsaker eller klagesaker». A case whose title
or description reads like one person's case is held until the member confirms with `bekreft`."""

from __future__ import annotations

import pytest

from storage.models import Case
from tests.core.conftest import Council

KARI = "Kari Dybdahl"


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("/sak ny Min sønn fikk avslag på BPA", id="in-the-title"),
        pytest.param("/sak ny Avslag på BPA -- Jeg ble nektet BPA i fjor.", id="in-the-description"),
        pytest.param("/sak ny Utskrivning\nPasienten Ola ble utskrevet for tidlig.", id="description-on-next-line"),
    ],
)
def test_individual_case_in_title_or_description_waits_for_confirmation(planned: Council, typed: str) -> None:
    before = planned.snapshot()
    reply = planned.say(KARI, typed)
    assert reply.error and "bekreft" in reply.text and "enkeltsaker" in reply.text
    assert planned.snapshot() == before
    planned.ok(KARI, typed.replace("/sak ny ", "/sak ny bekreft ", 1))
    assert planned.count(Case) == 1


def test_system_level_case_goes_straight_in(planned: Council) -> None:
    planned.ok(KARI, "/sak ny Avslag på BPA -- Mange får avslag på BPA, og vi ber om en orientering.")
    assert planned.count(Case) == 1
