"""Records whose fields contradict each other are refused by the domain rules (issue 14)."""

from bench_app.domain.enums import CountBasis
from bench_app.domain.retrieval import FindingCounts, finding_errors


def counts(seen, basis=CountBasis.TOTAL, p=0, np=0, tw=0, im=0, found=True):
    return FindingCounts(found, seen, p, np, tw, im, basis)


def test_a_total_must_be_the_sum_of_its_motility_classes():
    errors = finding_errors(counts(5, p=2, np=3, tw=4, im=3))
    assert errors == {"count_seen": "5 in total, but the motility classes add up to 12 (2 progressive + "
                                    "3 non-progressive + 4 twitching + 3 immotile): correct the total or the classes."}
    assert finding_errors(counts(12, p=2, np=3, tw=4, im=3)) == {}


def test_an_ungraded_total_and_counts_per_droplet_or_field_keep_their_own_rules():
    assert finding_errors(counts(5)) == {}  # counted, motility not graded
    assert finding_errors(counts(None, tw=3, im=1)) == {}  # graded, not totalled
    assert finding_errors(counts(4, CountBasis.PER_DROPLET, tw=3, im=3)) == {}
    assert finding_errors(counts(2, CountBasis.PER_FIELD, p=9)) == {}
    assert "count_seen" in finding_errors(counts(4, "total", tw=3))  # the stored string form too


def test_a_step_cannot_come_before_the_step_it_follows():
    from datetime import datetime, timedelta, timezone

    from bench_app.domain.consistency import not_before

    frozen = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
    assert not_before(frozen + timedelta(minutes=1), frozen, step="A thaw", after="D-1 was frozen") is None
    assert not_before(frozen, frozen, step="A thaw", after="D-1 was frozen") is None
    assert not_before(None, frozen, step="A thaw", after="x") is None
    message = not_before(frozen - timedelta(hours=1), frozen, step="A thaw", after="D-1 was frozen")
    assert message.startswith("A thaw cannot be before D-1 was frozen (2026-11-20")
