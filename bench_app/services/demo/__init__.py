"""Invented, realistic demo data, made through the services so audit and witness records are real.

``run_demo(db, couples=24, seed=7)`` fills a database with a demo team and couples
whose names come from the scripts a lab meets (Arabic, Turkish, Spanish, Greek,
Cyrillic, English), OA and NOA diagnoses, men banking sperm alone, consents near or
past their storage expiry, cycles of every type (some starting today, some booked
ahead, one cancelled) and double-witnessed steps including a caught mismatch.

Each area is one module with one function that puts its steps on a shared agenda
(``demo_couples``, ``demo_witnessing``); later areas (retrievals, cryo, ICSI) add theirs
the same way and the agenda runs everything in time order on the demo's own clock.
"""

from bench_app.services.demo.people import DEMO_USERS, DemoRefused, DemoUser  # noqa: F401
from bench_app.services.demo.runner import DemoReport, run_demo  # noqa: F401
