"""Norwegian meeting times people type, with what they mean: read on Thursday 3 December 2026 at 09:00
in Europe/Oslo. The date tests check every phrase; bench/bench_dates.py times the same phrases."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=OSLO)  # a Thursday

# (phrase, expected wall time in Oslo)
ACCEPTED: list[tuple[str, str]] = [
    # dates with month names, with and without weekday and year, every time form
    ("torsdag 14. januar kl 10", "2027-01-14 10:00"),
    ("torsdag 14. januar kl. 10", "2027-01-14 10:00"),
    ("14. januar kl 10", "2027-01-14 10:00"),
    ("14. januar kl. 10", "2027-01-14 10:00"),
    ("14. jan. kl. 10", "2027-01-14 10:00"),
    ("14. jan kl 10", "2027-01-14 10:00"),
    ("14 januar kl 10", "2027-01-14 10:00"),
    ("14.januar kl.10", "2027-01-14 10:00"),
    ("14. januar klokka 10", "2027-01-14 10:00"),
    ("14. januar klokken 10", "2027-01-14 10:00"),
    ("14. januar 10.30", "2027-01-14 10:30"),
    ("14. januar 10:30", "2027-01-14 10:30"),
    ("14. januar kl. 10.00", "2027-01-14 10:00"),
    ("14. januar kl 10:30", "2027-01-14 10:30"),
    ("14. januar fra kl 10", "2027-01-14 10:00"),
    ("14. januar kl. 9", "2027-01-14 09:00"),
    ("torsdag 14. januar 2027 kl. 10.00", "2027-01-14 10:00"),
    ("torsdag den 14. januar kl. 10", "2027-01-14 10:00"),
    ("tors. 14. jan. kl. 10", "2027-01-14 10:00"),
    ("14. jan. 2027 kl 10.15", "2027-01-14 10:15"),
    # the time first
    ("kl 10 torsdag 14. januar", "2027-01-14 10:00"),
    ("fra kl. 10 torsdag 14. januar", "2027-01-14 10:00"),
    ("kl 10, 14. januar", "2027-01-14 10:00"),
    ("kl. 10.30 14.01.2027", "2027-01-14 10:30"),
    ("kl 10 2027-01-14", "2027-01-14 10:00"),
    # numeric dates
    ("14.01.2027 kl 10", "2027-01-14 10:00"),
    ("14.1.2027 kl 10", "2027-01-14 10:00"),
    ("14.1.27 kl 10", "2027-01-14 10:00"),
    ("14.01.27 kl. 10", "2027-01-14 10:00"),
    ("14.1. kl 10", "2027-01-14 10:00"),
    ("14/1 kl 10", "2027-01-14 10:00"),
    ("14/1-2027 kl 10", "2027-01-14 10:00"),
    ("14/1-27 kl 10", "2027-01-14 10:00"),
    ("14/1/2027 kl 10", "2027-01-14 10:00"),
    ("14/1 2027 kl 10", "2027-01-14 10:00"),
    ("tor 14/1 kl 10", "2027-01-14 10:00"),
    ("2027-01-14 kl 10", "2027-01-14 10:00"),
    ("2027-01-14 10:00", "2027-01-14 10:00"),
    ("4.12. kl 10", "2026-12-04 10:00"),
    # 14.01 can be a date or a time: the other time given makes it the date
    ("torsdag 14.01 kl 10", "2027-01-14 10:00"),
    ("14.01 10:00", "2027-01-14 10:00"),
    # capitals, punctuation, odd spaces
    ("Torsdag 14. Januar KL 10", "2027-01-14 10:00"),
    ("TORSDAG 14. JANUAR KL. 10", "2027-01-14 10:00"),
    ("14. januar, kl. 10.", "2027-01-14 10:00"),
    ("«torsdag 14. januar kl. 10»", "2027-01-14 10:00"),
    ("14.\u00a0januar kl.\u00a010", "2027-01-14 10:00"),
    ("14. januar  kl  10", "2027-01-14 10:00"),
    # the cases dateparser alone gets wrong
    ("11. januar klokka 10", "2027-01-11 10:00"),
    ("12/2 kl 10", "2027-02-12 10:00"),
    # more months and abbreviations
    ("14. febr. kl 10", "2027-02-14 10:00"),
    ("14. sept. kl 18", "2027-09-14 18:00"),
    ("1. mai kl 12", "2027-05-01 12:00"),
    ("17. mars kl 19.30", "2027-03-17 19:30"),
    ("ons 9. des kl 19", "2026-12-09 19:00"),
    ("tirsdag 8. desember kl 18", "2026-12-08 18:00"),
    ("tirs. 8. des. kl. 18", "2026-12-08 18:00"),
    ("8. desember 2026 kl 18", "2026-12-08 18:00"),
    # a year-less date is its next occurrence, counting today
    ("3. desember kl 10", "2026-12-03 10:00"),
    ("29. februar 2028 kl 10", "2028-02-29 10:00"),
    # ... up to 304 days ahead; further than that it has most likely just passed, and needs its year
    ("3. oktober kl 10", "2027-10-03 10:00"),
    ("2. desember 2027 kl 10", "2027-12-02 10:00"),
    # relative days
    ("i dag kl 18", "2026-12-03 18:00"),
    ("idag kl 18", "2026-12-03 18:00"),
    ("i morgen kl. 13.15", "2026-12-04 13:15"),
    ("i morgen kl 10", "2026-12-04 10:00"),
    ("imorgen kl 10", "2026-12-04 10:00"),
    ("I MORGEN KL 10", "2026-12-04 10:00"),
    ("kl 10 i morgen", "2026-12-04 10:00"),
    ("i morgen 10.30", "2026-12-04 10:30"),
    ("i morgen 11.11", "2026-12-04 11:11"),  # the other date given makes 11.11 the time
    ("i morgen fredag kl 10", "2026-12-04 10:00"),
    ("i overmorgen kl 18", "2026-12-05 18:00"),
    ("kl 9 i overmorgen", "2026-12-05 09:00"),
    # weekdays
    ("fredag kl 10", "2026-12-04 10:00"),
    ("på fredag kl 10", "2026-12-04 10:00"),
    ("fredag 10.30", "2026-12-04 10:30"),
    ("fredag 10.00", "2026-12-04 10:00"),
    ("Kl. 10.30 fredag", "2026-12-04 10:30"),
    ("lørdag kl 11", "2026-12-05 11:00"),
    ("lordag kl 11", "2026-12-05 11:00"),
    ("loerdag kl 11", "2026-12-05 11:00"),
    ("LØRDAG KL 11", "2026-12-05 11:00"),
    ("søndag kl. 12", "2026-12-06 12:00"),
    ("sondag kl. 12", "2026-12-06 12:00"),
    ("mandag kl 9", "2026-12-07 09:00"),
    ("onsdag klokka 19", "2026-12-09 19:00"),
    # neste <ukedag>: accepted where "first after today" and "in next week" agree
    ("neste torsdag kl 12.30", "2026-12-10 12:30"),
    ("neste tirsdag kl 18", "2026-12-08 18:00"),
    ("neste onsdag kl 18", "2026-12-09 18:00"),
    ("neste mandag kl 17", "2026-12-07 17:00"),
    ("klokken 19.45 neste tirsdag", "2026-12-08 19:45"),
    # om N uker / dager
    ("om to uker kl 10", "2026-12-17 10:00"),
    ("om 2 uker kl 10", "2026-12-17 10:00"),
    ("om 3 uker kl 10", "2026-12-24 10:00"),
    ("om tre uker klokka 18.30", "2026-12-24 18:30"),
    ("om en uke kl 10", "2026-12-10 10:00"),
    ("om 14 dager kl 10", "2026-12-17 10:00"),
    ("kl 10 om to uker", "2026-12-17 10:00"),
    ("torsdag om en uke kl 10", "2026-12-10 10:00"),
    # next to, but not inside, the daylight-saving changes
    ("28. mars 2027 kl 03:00", "2027-03-28 03:00"),
    ("28. mars kl 01.59", "2027-03-28 01:59"),
    ("31. oktober 2027 kl 03:00", "2027-10-31 03:00"),
    ("31. oktober 2027 kl 01:59", "2027-10-31 01:59"),
    # times said in words: the reading between 08.00 and 18.59 on the twelve-hour dial
    ("fredag halv ti", "2026-12-04 09:30"),
    ("fredag kl. halv ti", "2026-12-04 09:30"),
    ("fredag halv 10", "2026-12-04 09:30"),
    ("i morgen kvart over ti", "2026-12-04 10:15"),
    ("i morgen kvart på ti", "2026-12-04 09:45"),
    ("i morgen kvart pa ti", "2026-12-04 09:45"),
    ("fredag kl ti", "2026-12-04 10:00"),
    ("fredag klokka ti", "2026-12-04 10:00"),
    ("14. januar klokken elleve", "2027-01-14 11:00"),
    ("halv elleve i morgen", "2026-12-04 10:30"),
    ("Halv Tolv fredag", "2026-12-04 11:30"),
    ("i morgen kl to", "2026-12-04 14:00"),
    ("i morgen halv ett", "2026-12-04 12:30"),
    ("i morgen kvart over seks", "2026-12-04 18:15"),
    ("fredag kvart på tolv", "2026-12-04 11:45"),
    ("fredag halv ni", "2026-12-04 08:30"),
    ("fredag kl åtte", "2026-12-04 08:00"),  # 20.00 is outside the daytime reading
    ("fredag halv 20", "2026-12-04 19:30"),  # digits above 12 are the 24-hour clock
    # <ukedag> neste uke: that day of the next calendar week
    ("tirsdag neste uke kl 10", "2026-12-08 10:00"),
    ("tirsdag i neste uke kl 10", "2026-12-08 10:00"),
    ("neste uke tirsdag kl 10", "2026-12-08 10:00"),
    ("torsdag neste uke kl 10", "2026-12-10 10:00"),
    ("fredag neste uke kl 10", "2026-12-11 10:00"),  # plain "fredag" is tomorrow
    ("kl 10 mandag neste uke", "2026-12-07 10:00"),
    ("onsdag neste uke halv ti", "2026-12-09 09:30"),
    # today's weekday when that time today has passed: a week from now
    ("torsdag kl 8", "2026-12-10 08:00"),
    ("torsdag kl 9", "2026-12-10 09:00"),  # 09.00 is now: passed
]

# A range typed as the meeting's time: (phrase, start, end), read at the same NOW.
RANGES: list[tuple[str, str, str]] = [
    ("fredag kl 10-12", "2026-12-04 10:00", "2026-12-04 12:00"),
    ("fredag kl 10 - 12", "2026-12-04 10:00", "2026-12-04 12:00"),
    ("fredag kl 10 til 12", "2026-12-04 10:00", "2026-12-04 12:00"),
    ("fredag kl. 10 til kl. 12.30", "2026-12-04 10:00", "2026-12-04 12:30"),
    ("fra kl 10 til kl 12 fredag", "2026-12-04 10:00", "2026-12-04 12:00"),
    ("fredag 10.00–12.00", "2026-12-04 10:00", "2026-12-04 12:00"),
    ("fredag 10.00 - 12.00", "2026-12-04 10:00", "2026-12-04 12:00"),
    ("fredag 9.30-11.45", "2026-12-04 09:30", "2026-12-04 11:45"),
    ("fredag 10:00-12:00", "2026-12-04 10:00", "2026-12-04 12:00"),
    ("14. januar kl 18-20.30", "2027-01-14 18:00", "2027-01-14 20:30"),
    ("tirsdag neste uke kl 10-12", "2026-12-08 10:00", "2026-12-08 12:00"),
]
