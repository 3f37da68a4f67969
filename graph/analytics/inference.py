"""How sure a claim's verdict is: estimates with 95% intervals, tests, and a verdict read by a
rule fixed before the data is looked at.

Every reading here compares an interval with the threshold the claim names:

- *supported* when the whole 95% interval lies on the claimed side of the threshold;
- *not supported* when the whole interval lies on the other side;
- *inconclusive* when the interval spans the threshold: the data cannot tell.

A share has Wilson's score interval and an exact binomial test against the threshold
(``statsmodels.stats.proportion.proportion_confint``, ``scipy.stats.binomtest``); a change
of a share between two periods has Newcombe's hybrid score interval for the difference and
the Agresti-Caffo test (``confint_proportions_2indep``, ``test_proportions_2indep``); a
median, which has no closed form, a percentile bootstrap (``scipy.stats.bootstrap``, 9,999
resamples, seeded so that a rerun gives the same interval). No distribution is written by
hand.

>>> share(35, 64, 0.5).verdict, share(60, 64, 0.5).verdict
('inconclusive', 'supported')
>>> change(35, 64, 18, 41, increase=True).verdict
'inconclusive'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

# scipy.stats and statsmodels take a second to import: they are imported when a claim is
# judged, not when a server or a query worker starts.

__all__ = ["CONFIDENCE", "SEED", "Estimate", "change", "median", "share", "wilson"]

#: The intervals' confidence level.
CONFIDENCE = 0.95
#: The bootstrap's seed (the year CEMR was founded): the same data gives the same interval.
SEED = 1951

SUPPORTED, NOT_SUPPORTED, INCONCLUSIVE = "supported", "not supported", "inconclusive"


@dataclass(frozen=True)
class Estimate:
    """An estimate, its interval, the test beside it, and the verdict the rule reads."""

    quantity: str
    value: float
    low: float
    high: float
    n: int
    method: str
    test: str
    p_value: float | None
    threshold: float
    rule: str
    verdict: str

    def as_json(self) -> dict[str, Any]:
        """Rounded for reading (intervals and estimates to 3 places, p to 4)."""
        out = asdict(self)
        for key in ("value", "low", "high", "threshold"):
            out[key] = round(out[key], 3)
        if self.p_value is not None:
            out["p_value"] = round(self.p_value, 4)
        return out


def _read(low: float, high: float, threshold: float, above: bool) -> str:
    """The rule: the whole interval on the claimed side, on the other, or across."""
    if (low > threshold) if above else (high < threshold):
        return SUPPORTED
    if (high < threshold) if above else (low > threshold):
        return NOT_SUPPORTED
    return INCONCLUSIVE


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson's 95% score interval of the share *k*/*n* (``(0, 1)`` when *n* is 0)."""
    if n == 0:
        return 0.0, 1.0
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(k, n, alpha=1 - CONFIDENCE, method="wilson")
    # the bounds of an all-or-nothing share are 0 and 1 exactly (not 1 - 2e-16)
    return (0.0 if k == 0 else float(low)), (1.0 if k == n else float(high))


def share(
    k: int, n: int, threshold: float, *, quantity: str = "share", above: bool = True
) -> Estimate:
    """A share against a threshold: Wilson interval, exact binomial test (one-sided, in the
    claimed direction), verdict by the interval.

    Parameters
    ----------
    k, n : int
        Successes and trials.
    threshold : float
        The share the claim names.
    quantity : str
        What the share is of, for the reader.
    above : bool
        Whether the claim is that the share exceeds the threshold (else: stays below it).
    """
    from scipy import stats

    low, high = wilson(k, n)
    p = (
        stats.binomtest(k, n, threshold, alternative="greater" if above else "less").pvalue
        if n
        else None
    )
    side = ">" if above else "<"
    return Estimate(
        quantity, k / n if n else math.nan, low, high, n, "Wilson score interval",
        f"exact binomial test, H1: share {side} {threshold:g}", p, threshold,
        f"supported if the whole interval is {side} {threshold:g}; not supported if it is wholly "
        "on the other side; inconclusive if it spans it",
        _read(low, high, threshold, above) if n else INCONCLUSIVE,
    )  # fmt: skip


def change(
    k_early: int, n_early: int, k_late: int, n_late: int, *, increase: bool,
    quantity: str = "change of share (later - earlier)",
) -> Estimate:  # fmt: skip
    """The change of a share from an earlier to a later period: Newcombe's interval for the
    difference, the Agresti-Caffo test (one-sided, in the claimed direction), verdict by the
    interval against 0."""
    if not n_early or not n_late:
        return Estimate(quantity, math.nan, math.nan, math.nan, n_early + n_late, "", "", None,
                        0.0, "", INCONCLUSIVE)  # fmt: skip
    from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep

    low, high = confint_proportions_2indep(
        k_late, n_late, k_early, n_early, compare="diff", method="newcomb", alpha=1 - CONFIDENCE
    )
    with np.errstate(divide="ignore", invalid="ignore"):  # its ratios, unused here, may be x/0
        tested = test_proportions_2indep(
            k_late, n_late, k_early, n_early, compare="diff",
            alternative="larger" if increase else "smaller",
        )  # fmt: skip
    side = ">" if increase else "<"
    return Estimate(
        quantity, k_late / n_late - k_early / n_early, float(low), float(high),
        n_early + n_late, "Newcombe hybrid score interval",
        f"Agresti-Caffo test, H1: difference {side} 0", float(tested.pvalue), 0.0,
        f"supported if the whole interval is {side} 0; not supported if it is wholly on the "
        "other side; inconclusive if it spans 0",
        _read(float(low), float(high), 0.0, increase),
    )  # fmt: skip


def median(
    values: Sequence[float], threshold: float, *, quantity: str = "median", above: bool = False
) -> Estimate:
    """A median against a threshold: a percentile bootstrap interval (seeded), verdict by
    the interval; no test (a sign test would answer another question)."""
    if len(values) < 2:
        return Estimate(quantity, values[0] if values else math.nan, math.nan, math.nan,
                        len(values), "", "", None, threshold, "", INCONCLUSIVE)  # fmt: skip
    from scipy import stats

    found = stats.bootstrap(
        (np.asarray(values, dtype=float),), np.median, confidence_level=CONFIDENCE,
        n_resamples=9_999, method="percentile", random_state=SEED,
    )  # fmt: skip
    low, high = float(found.confidence_interval.low), float(found.confidence_interval.high)
    side = ">" if above else "<"
    return Estimate(
        quantity, float(np.median(values)), low, high, len(values),
        "percentile bootstrap, 9,999 resamples", "", None, threshold,
        f"supported if the whole interval is {side} {threshold:g}; not supported if it is wholly "
        "on the other side; inconclusive if it spans it",
        _read(low, high, threshold, above),
    )  # fmt: skip
