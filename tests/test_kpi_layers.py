"""Chapter 1's layered KPI system (course_lib.kpis.kpi_layers) on the course data."""

import pytest

from course_lib import data, kpis
from course_lib.validation import CourseDataError


def test_kpi_layers_on_the_course_data():
    orders = data.load_orders()
    tables = dict(
        customers=data.load_customers(),
        orders=orders,
        surveys=data.load_surveys(),
        tickets=data.load_tickets(),
        campaigns=data.load_campaigns(),
        followups=data.load_followups(),
    )
    layers = kpis.kpi_layers(as_of="2025-01-01", **tables)
    assert layers.groupby("layer", sort=False).size().tolist() == [4, 6, 3, 7]
    value = layers.set_index("kpi")["value"]
    assert value["members 会员数"] == 5000
    assert -100 <= value["net promoter score 净推荐值"] < 0  # a brand in trouble
    # the KPIs defined in course_lib.kpis appear under their names, with their values
    assert value["repurchase rate (yearly) 年复购率"] == kpis.yearly_repurchase_rate(orders, year=2024)
    assert value["complaining buyers (yearly) 年投诉客户占比"] == pytest.approx(0.201, abs=5e-4)
    assert layers[layers["definition"].str.startswith("share")]["value"].between(0, 1).all()
    assert layers.loc[layers["unit"] == "share", "value"].between(0, 1).all()
    assert set(layers["unit"]) == {"count", "years", "share", "CNY", "score"}
    with pytest.raises(CourseDataError, match=r"`surveys` lacks column\(s\) \['nps'\]"):
        kpis.kpi_layers(as_of="2025-01-01", **(tables | {"surveys": tables["surveys"].drop(columns="nps")}))
