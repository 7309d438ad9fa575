"""The segmentation lab of chapter 2 (presentation layer).

:func:`segmentation_lab` lets a trainee change the RFM scoring scheme (number of score
levels, weights of R, F and M), the value-tier thresholds, the clustering features and k,
and see at once the segment sizes and revenue shares, the clusters, and the list of
customers to contact first with the suggested action. It first draws the default state as
an ordinary figure and tables (what a stored notebook, GitHub and the slides show), then adds
the controls. Every number comes from :func:`course_lib.segmentation.lab_state`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..plots import localized
from ._live import STYLE, columns, live_figure, show_figure

if TYPE_CHECKING:
    from ..segmentation import LabSettings

__all__ = ["segmentation_lab", "SLIDERS", "SLIDERS_ZH"]

SLIDERS = {
    "bins": "Score levels 分箱数",
    "weight_r": "Weight R 权重",
    "weight_f": "Weight F 权重",
    "weight_m": "Weight M 权重",
    "diamond": "Diamond top share 金钻",
    "silver": "Silver cumulative 白银累计",
    "bronze": "Bronze cumulative 铜累计",
    "features": "Cluster features 聚类特征",
    "k": "Clusters k 聚类数",
    "contacts": "Contact list length 名单长度",
}
"""The stable description of each control (browser tests find the controls by these)."""
#: The description of each control in the Chinese course.
SLIDERS_ZH = {
    "bins": "分箱数",
    "weight_r": "R 权重",
    "weight_f": "F 权重",
    "weight_m": "M 权重",
    "diamond": "金钻客户占比",
    "silver": "白银累计占比",
    "bronze": "铜累计占比",
    "features": "聚类特征",
    "k": "聚类数 k",
    "contacts": "名单长度",
}


def _description(key: str) -> str:
    """A control's description in the course's language (:data:`SLIDERS` in English)."""
    return localized(SLIDERS[key], SLIDERS_ZH[key])


_CONTACT_COLUMNS = ["name_zh", "recency_days", "frequency", "monetary", "action", "channel", "cost"]


def _draw(rfm, settings):
    import matplotlib.pyplot as plt
    from IPython.display import display

    from .. import plots
    from ..segmentation import lab_state

    state = lab_state(rfm, settings)
    plots.use_theme()
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.4))
    plots.insight.share_bars(state.segments, title="RFM segments", title_zh="RFM分群", ax=left)
    features = list(settings.features)
    if len(features) < 2 or {"frequency", "monetary"} <= set(features):
        x, y = "frequency", "monetary"
    else:
        x, y = features[0], features[1]
    plots.insight.cluster_scatter(rfm, state.scored["cluster"], x=x, y=y, ax=right)
    right.set_title(
        plots.bilingual(f"k-means, k = {settings.k}", "聚类结果", zh=f"k-均值聚类结果,k = {settings.k}"),
        fontsize=11,
    )
    fig.tight_layout()
    show_figure(fig)
    tiers = state.tiers.rename(
        columns={
            "customers": localized("customers 客户数", "客户数"),
            "share": localized("share 客户占比", "客户占比"),
            "revenue_share": localized("revenue share 收入占比", "收入占比"),
        }
    )
    display(tiers)
    display(state.clusters)
    contact = state.contact_first[_CONTACT_COLUMNS].copy()
    contact["monetary"] = contact["monetary"].round(0)
    display(contact)
    return state


def segmentation_lab(rfm: pd.DataFrame, *, settings: LabSettings | None = None) -> None:
    """Change the scoring scheme, tier thresholds, clustering features and k; see segment
    sizes and revenue shares, the clusters, tier sizes and whom to contact first.

    Parameters
    ----------
    rfm : pandas.DataFrame
        :func:`course_lib.rfm.rfm_table` output for the customers to segment.
    settings : course_lib.segmentation.LabSettings, optional
        The starting point (the defaults of ``LabSettings``).

    Returns
    -------
    None
        The figure, the tier, cluster and contact tables and the controls are displayed.

    Examples
    --------
    >>> from course_lib.widgets import segmentation
    >>> segmentation.segmentation_lab(rfm_table(orders))               # doctest: +SKIP
    """
    import ipywidgets as w

    from ..segmentation import FEATURES, LabSettings
    from ..validation import CourseDataError

    start = settings or LabSettings()
    _draw(rfm, start)
    controls = {
        "bins": w.IntSlider(value=start.bins, min=2, max=10, description=_description("bins"), style=STYLE),
        "weight_r": w.FloatSlider(
            value=start.weights[0], min=0, max=3, step=0.5, description=_description("weight_r"), style=STYLE
        ),
        "weight_f": w.FloatSlider(
            value=start.weights[1], min=0, max=3, step=0.5, description=_description("weight_f"), style=STYLE
        ),
        "weight_m": w.FloatSlider(
            value=start.weights[2], min=0, max=3, step=0.5, description=_description("weight_m"), style=STYLE
        ),
        # ranges admit the course's TIER_CUTOFFS (0.18 / 0.40 / 0.70) and let the trainee
        # push Diamond past Silver, which the lab refuses in words
        "diamond": w.FloatSlider(
            value=start.cutoffs[0],
            min=0.01,
            max=0.5,
            step=0.01,
            description=_description("diamond"),
            style=STYLE,
        ),
        "silver": w.FloatSlider(
            value=start.cutoffs[1],
            min=0.05,
            max=0.8,
            step=0.01,
            description=_description("silver"),
            style=STYLE,
        ),
        "bronze": w.FloatSlider(
            value=start.cutoffs[2],
            min=0.1,
            max=0.95,
            step=0.05,
            description=_description("bronze"),
            style=STYLE,
        ),
        "features": w.SelectMultiple(
            options=list(FEATURES),
            value=tuple(start.features),
            rows=3,
            description=_description("features"),
            style=STYLE,
        ),
        "k": w.IntSlider(value=start.k, min=2, max=8, description=_description("k"), style=STYLE),
        "contacts": w.IntSlider(
            value=start.contacts, min=5, max=30, step=5, description=_description("contacts"), style=STYLE
        ),
    }

    def redraw(values):
        try:
            current = LabSettings(
                bins=int(values["bins"]),
                weights=(values["weight_r"], values["weight_f"], values["weight_m"]),
                cutoffs=(values["diamond"], values["silver"], values["bronze"]),
                features=tuple(values["features"]),
                k=int(values["k"]),
                contacts=int(values["contacts"]),
                seed=start.seed,
            )
            _draw(rfm, current)
        except CourseDataError as problem:
            print(localized(f"These settings do not work: {problem}", f"这组设置无法使用:{problem}"))

    live_figure(
        controls,
        redraw,
        layout=w.VBox(
            [
                w.HTML(
                    localized(
                        "<b>Change the settings; the figure and tables redraw below.</b> 修改设置,下方图表随之更新。",
                        "<b>修改设置,下方图表随之更新。</b>",
                    )
                ),
                columns(controls.values(), 4, 3),
            ]
        ),
    )
