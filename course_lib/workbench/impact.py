"""What a day's automated contacts are likely to bring and cost (analytics layer).

A rule set is only worth running if the contacts it makes earn more than they cost. The
honest evidence for that is a campaign with a control group: the shipped dormancy wake-up
(September 2024) offered "bring a friend, buy one get one" to a random half of the dormant
customers and held the other half out. :func:`estimate_impact` carries that campaign's
measured rates — uptake, reactivation uplift over control, opt-outs — over to the contacts a
rule set makes, per rule, and prices them. It is an estimate by analogy: it holds as far as
the new audience and offer resemble the tested ones, and says so in its ``basis`` column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..validation import CourseDataError, require_columns, require_frame
from .tables import table

__all__ = ["DORMANCY_CAMPAIGN", "reference_campaign", "estimate_impact"]

#: The shipped campaign with a treatment/control split that the estimates rest on.
DORMANCY_CAMPAIGN = "Dormancy wake-up: bring a friend, buy one get one"


def reference_campaign(name: str = DORMANCY_CAMPAIGN) -> pd.DataFrame:
    """The contacts of one shipped campaign (treatment and control), by its name.

    Parameters
    ----------
    name : str
        The campaign's ``campaign_name`` in the shipped ``campaigns`` table.

    Returns
    -------
    pandas.DataFrame
        Its rows of the ``campaigns`` table (``group`` is ``treatment`` or ``control``).

    Examples
    --------
    >>> reference_campaign()["group"].value_counts().sort_index().to_dict()
    {'control': 896, 'treatment': 924}
    """
    campaigns = table("campaigns")
    rows = campaigns.loc[campaigns["campaign_name"] == name]
    if rows.empty:
        names = sorted(campaigns["campaign_name"].unique())
        raise CourseDataError(f"`name` {name!r} is not a shipped campaign; the campaigns are {names}.")
    return rows.reset_index(drop=True)


def estimate_impact(
    contacts: pd.DataFrame | pd.Series,
    *,
    reference: pd.DataFrame | None = None,
    contact_cost: float = 0.5,
    offer_cost: float = 25.0,
    order_value: float | None = None,
) -> pd.DataFrame:
    """Expected responses, extra reactivations, opt-outs, cost and revenue of ``contacts``.

    Parameters
    ----------
    contacts : pandas.DataFrame or pandas.Series
        The output of :func:`course_lib.workbench.evaluate_rules` (a ``rule`` column, one row
        per contact), or the number of contacts per rule (a Series indexed by rule).
    reference : pandas.DataFrame, optional
        A campaign with ``treatment`` and ``control`` groups (default the dormancy wake-up,
        :func:`reference_campaign`); its rates are applied to every contact.
    contact_cost : float
        Cost of one message in CNY (chapter 2 uses 0.5).
    offer_cost : float
        Cost of the offer per reactivated treatment customer in CNY (chapter 2 uses 25).
    order_value : float, optional
        Revenue of one reactivating order; by default the mean order amount in the data.

    Returns
    -------
    pandas.DataFrame
        One row per rule and a ``total`` row: ``contacts``, ``responses``,
        ``extra_reactivations`` (over what the same customers would have done without the
        message), ``opt_outs``, ``cost``, ``extra_revenue``, ``net`` (extra revenue − cost),
        ``cost_per_extra`` and ``basis`` (which measured campaign the rates come from).

    Examples
    --------
    >>> contacts = pd.DataFrame({"rule": ["wake"] * 100})
    >>> total = estimate_impact(contacts, order_value=300.0).loc["total"]
    >>> int(total["contacts"]), total["basis"]
    (100, 'Dormancy wake-up: bring a friend, buy one get one (n=924 vs 896)')
    """
    from ..rfm import offer_results

    if isinstance(contacts, pd.Series):
        counts = contacts.astype(float)
        if (counts < 0).any() or counts.isna().any():
            raise CourseDataError("`contacts` as a Series must hold a number ≥ 0 of contacts per rule.")
    else:
        require_frame(contacts, "contacts")
        require_columns(contacts, ["rule"], "contacts")
        counts = contacts.groupby("rule").size().astype(float)
    reference = reference_campaign() if reference is None else require_frame(reference, "reference")
    require_columns(reference, ["campaign_name", "group", "responded", "converted", "opted_out"], "reference")
    measured = offer_results(reference, contact_cost=contact_cost, offer_cost=offer_cost)
    if order_value is None:
        order_value = float(table("orders")["amount"].mean())
    elif (
        isinstance(order_value, bool)
        or not isinstance(order_value, (int, float, np.number))
        or order_value < 0
    ):
        raise CourseDataError(f"`order_value` must be an amount in CNY ≥ 0; got {order_value!s}.")
    treated = measured.loc["treatment"]
    uplift = measured.loc["uplift", "reactivation"]
    names = sorted(set(reference["campaign_name"].astype(str)))
    basis = (
        f"{' + '.join(names)} (n={int(treated['contacts'])} vs {int(measured.loc['control', 'contacts'])})"
    )
    n = pd.concat([counts, pd.Series({"total": counts.sum()})])
    out = pd.DataFrame(index=n.index)
    out["contacts"] = n.round().astype(np.int64)
    out["responses"] = (n * treated["uptake"]).round(1)
    out["extra_reactivations"] = (n * uplift).round(1)
    out["opt_outs"] = (n * treated["opt_out"]).round(1)
    out["cost"] = (n * (contact_cost + treated["reactivation"] * offer_cost)).round(1)
    out["extra_revenue"] = (n * uplift * order_value).round(1)
    out["net"] = (out["extra_revenue"] - out["cost"]).round(1)
    out["cost_per_extra"] = (out["cost"] / (n * uplift)).where(n * uplift > 0).round(1)
    out["basis"] = basis
    out.index.name = "rule"
    return out
