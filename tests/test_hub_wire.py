"""Answers that travel to the hub's grader (course_lib.hub.wire): every kind of answer the
course's checks read comes back exactly (type, values, dtypes, index, names), chapter 7's real
answers grade the same after the trip, and what is not data — or not a well-formed document —
is refused with a message that says what was wrong."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
import zoneinfo
from collections import OrderedDict, defaultdict, namedtuple

import numpy as np
import pandas as pd
import pytest
from test_checks_ch07 import DORMANCY

from course_lib import rfm, workbench
from course_lib.checks import evaluate
from course_lib.checks.ch07 import HEALTH_RULE, exam_variant
from course_lib.course import DATASETS
from course_lib.hub.wire import (
    FORMAT,
    MAX_BYTES,
    MAX_DEPTH,
    VERSION,
    StoreReference,
    WireError,
    decode,
    dumps,
    encode,
    loads,
)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def trip(answer):
    """The answer as the grader sees it: encoded to bytes and read back."""
    return loads(dumps(answer))


def assert_same(got, expected):
    """``got`` is ``expected``'s exact copy: same type all the way down, same values and dtypes."""
    assert type(got) is type(expected), (type(got), type(expected))
    if expected is pd.NaT or expected is pd.NA:
        assert got is expected
        return
    if isinstance(expected, pd.DataFrame):
        pd.testing.assert_frame_equal(
            got, expected, check_exact=True, check_index_type=True, check_column_type=True
        )
    elif isinstance(expected, pd.Series):
        pd.testing.assert_series_equal(got, expected, check_exact=True, check_index_type=True)
    elif isinstance(expected, pd.Index):
        pd.testing.assert_index_equal(got, expected, exact=True, check_exact=True)
        assert getattr(got, "freq", None) == getattr(expected, "freq", None)
    elif isinstance(expected, pd.api.extensions.ExtensionArray):
        pd.testing.assert_extension_array_equal(got, expected, check_exact=True)
    elif isinstance(expected, np.ndarray):
        assert got.dtype == expected.dtype and got.shape == expected.shape
        for g, e in zip(got.reshape(-1), expected.reshape(-1)):
            assert_same(g, e) if expected.dtype == object else None
        if expected.dtype != object:
            assert np.array_equal(got, expected, equal_nan=expected.dtype.kind in "fmM")
    elif isinstance(expected, (list, tuple)):
        assert len(got) == len(expected)
        for g, e in zip(got, expected):
            assert_same(g, e)
    elif isinstance(expected, dict):
        assert [type(k) for k in got] == [type(k) for k in expected]
        assert list(got) == list(expected)
        for key in expected:
            assert_same(got[key], expected[key])
    elif isinstance(expected, (set, frozenset)):
        assert got == expected and {type(v) for v in got} == {type(v) for v in expected}
    elif isinstance(expected, (float, np.floating)) and math.isnan(expected):
        assert math.isnan(got)
    elif isinstance(expected, (float, np.floating)):
        assert got == expected and math.copysign(1, got) == math.copysign(1, expected)
    elif isinstance(expected, (np.datetime64, np.timedelta64)):
        assert got.dtype == expected.dtype and (got == expected or (np.isnat(got) and np.isnat(expected)))
    elif isinstance(expected, (pd.Timestamp, pd.Timedelta)):
        assert got == expected and got.unit == expected.unit
        assert getattr(got, "tz", None) == getattr(expected, "tz", None)
    elif isinstance(expected, dt.datetime):
        assert got == expected and got.tzinfo == expected.tzinfo and got.fold == expected.fold
        assert got.utcoffset() == expected.utcoffset() and got.tzname() == expected.tzname()
    else:
        assert got is expected or got == expected


def _frame() -> pd.DataFrame:
    index = pd.Index(["C00001", "C00002", "C00002"], name="customer_id")  # duplicated label
    return pd.DataFrame(
        {
            "rows": pd.Series([1, 2, 3], index=index, dtype="int64"),
            "small": pd.Series([1, -2, 3], index=index, dtype="int8"),
            "count": pd.Series([1, 0, 255], index=index, dtype="uint16"),
            "share": pd.Series([0.5, np.nan, -0.0], index=index),
            "f32": pd.Series([0.1, 1e30, np.inf], index=index, dtype="float32"),
            "flag": pd.Series([True, False, True], index=index),
            "city": pd.Series(["上海", None, "Chengdu"], index=index),  # pandas' default str
            "note": pd.Series(["a", pd.NA, "c"], index=index, dtype="string"),
            "mixed": pd.Series([1, "two", None], index=index, dtype=object),
            "day": pd.Series(pd.to_datetime(["2024-11-15", None, "2025-01-01"]), index=index),
            "day_ns": pd.Series(
                pd.to_datetime(["2024-11-15 08:00", None, "2025-01-01 00:00"]).as_unit("ns"), index=index
            ),
            "opened": pd.Series(
                pd.to_datetime(["2024-11-15 08:00", "2024-03-10 02:30", None]).tz_localize(SHANGHAI),
                index=index,
            ),
            "wait": pd.Series(pd.to_timedelta(["1h", None, "3D"]), index=index),
            "tier": pd.Series(
                pd.Categorical(
                    ["gold", None, "silver"], categories=["silver", "gold", "platinum"], ordered=True
                ),
                index=index,
            ),
            "orders": pd.Series([1, None, 3], index=index, dtype="Int64"),
            "spend": pd.Series([1.5, None, np.nan], index=index, dtype="Float64"),
            "opted_in": pd.Series([True, None, False], index=index, dtype="boolean"),
            7: pd.Series([7, 8, 9], index=index, dtype="UInt8"),  # an int column label
        }
    )


def _multi() -> pd.DataFrame:
    rows = pd.MultiIndex.from_tuples([("2024", 1), ("2024", 2), ("2025", 1)], names=["year", "month"])
    columns = pd.MultiIndex.from_tuples([("kpi", "nps"), ("kpi", "churn")], names=["group", None])
    frame = pd.DataFrame([[10.0, 0.2], [-5.0, 0.25], [3.0, 0.19]], index=rows, columns=columns)
    frame.columns.name = None
    return frame


Point = namedtuple("Point", "x y")

EXAMPLES = {
    "none": None,
    "ellipsis": ...,
    "true": True,
    "zero": 0,
    "negative": -42,
    "huge int": 2**200,
    "enormous int": -(10**5000) + 7,  # beyond the JSON text limit of ints: goes as hex
    "float": 0.1,
    "nan": math.nan,
    "inf": math.inf,
    "minus inf": -math.inf,
    "minus zero": -0.0,
    "text": "C00042",
    "chinese": "沉睡唤醒 · 回访",
    "empty text": "",
    "bytes": b"\x00\xffcrm",
    "list": [1, "a", None, [2.5, ...]],
    "tuple": ("C00042", 3),
    "set": {1, "a", (2, 3)},
    "frozenset": frozenset({"sms", "wechat"}),
    "dict with int keys": {1: "operational", 2: "analytical", 3: "collaborative"},
    "dict with mixed keys": {
        1: "int",
        "1": "str",
        1.5: "float",
        None: "none",
        (1, "a"): "tuple",
        False: "bool",
    },
    "rule dict": {
        "name": "dormancy_wakeup",
        "trigger": {"type": "no_purchase", "days": 90, "max_days": 365},
        "quiet_hours": [21, 9],
        "offer_value": 25,
    },
    "date": dt.date(2024, 11, 15),
    "datetime": dt.datetime(2024, 11, 15, 19, 0, 1, 123456),
    "datetime zoned": dt.datetime(2024, 11, 15, 19, tzinfo=SHANGHAI),
    "datetime utc": dt.datetime(2024, 11, 15, 11, tzinfo=dt.UTC),
    "datetime offset": dt.datetime(2024, 11, 15, 11, tzinfo=dt.timezone(dt.timedelta(hours=8), "CST")),
    "datetime fold": dt.datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=zoneinfo.ZoneInfo("America/New_York")),
    "timedelta": dt.timedelta(days=-1, seconds=5, microseconds=7),
    "np.int64": np.int64(235),
    "np.float64": np.float64(10.03),
    "np.float64 nan": np.float64("nan"),
    "np.float32": np.float32(0.1),
    "np.bool_": np.bool_(True),
    "np.uint8": np.uint8(200),
    "np.str_": np.str_("C03004"),
    "np.datetime64": np.datetime64("2024-11-15"),
    "np.datetime64 NaT": np.datetime64("NaT"),
    "np.timedelta64": np.timedelta64(10, "h"),
    "array int": np.array([3, 1, 2]),
    "array 2-d float": np.array([[1.0, np.nan], [np.inf, -0.0]]),
    "array bool": np.array([True, False]),
    "array text": np.array(["C00001", "C02"]),
    "array object": np.array([1, "a", None, np.int64(4), (1, 2)], dtype=object),
    "array 2-d object": np.array([[1, "a"], [None, 2.5]], dtype=object),
    "array dates": np.array(["2024-11-15", "NaT"], dtype="datetime64[D]"),
    "array empty": np.zeros((0, 3)),
    "Timestamp": pd.Timestamp("2024-11-15 19:00"),
    "Timestamp ns": pd.Timestamp("2024-11-15 19:00:00.000000001"),
    "Timestamp s": pd.Timestamp("2024-11-15").as_unit("s"),
    "Timestamp zoned": pd.Timestamp("2024-11-15 19:00", tz="Asia/Shanghai"),
    "Timestamp utc": pd.Timestamp("2024-11-15 19:00", tz="UTC"),
    "Timedelta": pd.Timedelta(hours=10, minutes=3),
    "NaT": pd.NaT,
    "NA": pd.NA,
    "Series of floats": pd.Series([10.03, 0.5, np.nan], name="response_hours"),
    "Series with str index": pd.Series({"sms": 0.12, "wechat": 0.3}, name=("rate", 1)),
    "Series int index": pd.Series(["a", "b"], index=pd.Index([10, 20], name="n")),
    "Series value counts": pd.Series(["上海", "成都", "上海"]).value_counts(normalize=True),
    "Series dated index": pd.Series(
        [1.0, 2.0], index=pd.date_range("2024-11-15", periods=2, freq="D", name="day")
    ),
    "Series zoned daily index": pd.Series(
        [1, 2], index=pd.date_range("2024-11-15", periods=2, freq="D", tz="Asia/Shanghai")
    ),
    "Series hourly durations index": pd.Series([1, 2], index=pd.timedelta_range("1h", periods=2, freq="h")),
    "Series of mixed objects": pd.Series(
        [pd.Timestamp("2024-11-15", tz="UTC"), "x", np.float64(2)], dtype=object
    ),
    "NumpyExtensionArray": pd.arrays.NumpyExtensionArray(np.array([1, 2])),
    "weekly DatetimeIndex": pd.date_range("2024-11-03", periods=3, freq="W-SUN"),
    "Series of lists": pd.Series([[1, 2], {"a": 1}], dtype=object),
    "Series multi-indexed": _multi()[("kpi", "nps")],
    "Series category": pd.Series(pd.Categorical(["b", "a", "b"])),
    "Series empty": pd.Series([], dtype="float64"),
    "DataFrame mixed": _frame(),
    "DataFrame multi": _multi(),
    "DataFrame named columns": pd.DataFrame({"a": [1]}).rename_axis(columns="field"),
    "DataFrame empty": pd.DataFrame(),
    "DataFrame no rows": pd.DataFrame(
        {"customer_id": pd.Series([], dtype="str"), "n": pd.Series([], dtype="int64")}
    ),
    "DataFrame int columns": pd.DataFrame(np.arange(6).reshape(2, 3)),
    "Index": pd.Index(["C00001", "C00002"], name="customer_id"),
    "RangeIndex": pd.RangeIndex(2, 20, 3, name="row"),
    "MultiIndex": pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=["x", "y"]),
    "CategoricalIndex": pd.CategoricalIndex(["x", "y", "x"], name="c"),
    "Categorical": pd.Categorical(["low", "high"], categories=["low", "high"], ordered=True),
    "Int64 array": pd.array([1, None], dtype="Int64"),
    "nested": {"order": ["C01591", "C00883"], "reason": "late_complaint", "scores": pd.Series([1, 2])},
}


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_kind_of_answer_comes_back_exactly(name):
    answer = EXAMPLES[name]
    assert_same(trip(answer), answer)


def test_the_document_is_strict_json_without_pickle():
    for answer in EXAMPLES.values():
        text = json.dumps(encode(answer), allow_nan=False)
        assert "pickle" not in text.lower() and "__reduce__" not in text
        assert json.loads(dumps(answer)) == json.loads(text)


def test_reading_never_unpickles(monkeypatch):
    import pickle

    def refuse(*args, **kwargs):
        raise AssertionError("pickle was used")

    payloads = [dumps(answer) for answer in EXAMPLES.values()]
    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "Unpickler", refuse)
    for payload in payloads:
        loads(payload)


def test_edge_values_keep_their_exact_form():
    assert math.copysign(1, trip(-0.0)) == -1
    assert trip({1: "a"}) == {1: "a"} and type(next(iter(trip({1: "a"})))) is int
    assert trip(10**5000 + 1) == 10**5000 + 1
    assert type(trip(np.float64(1.5))) is np.float64 and type(trip(np.int64(2))) is np.int64
    assert trip(pd.NaT) is pd.NaT and trip(pd.NA) is pd.NA and trip(...) is Ellipsis
    assert pd.Series(["a"]).dtype == trip(pd.Series(["a"])).dtype  # pandas' default text dtype kept
    assert trip(pd.Series(["a"], dtype="string")).dtype == pd.StringDtype()
    spend = trip(_frame()["spend"])
    assert spend.isna().tolist() == [False, True, True]


def test_subclasses_of_builtins_travel_as_the_builtin():
    counts = defaultdict(int, {"a": 1})
    assert_same(trip(counts), {"a": 1})
    assert_same(trip(OrderedDict([(2, "b"), (1, "a")])), {2: "b", 1: "a"})
    assert_same(trip(Point(1, 2)), (1, 2))


# ------------------------------------------------------------------------ chapter 7's answers
@pytest.fixture(scope="module")
def exam_answers(tmp_path_factory):
    """The solution's answers to the chapter 7 exam, built on the shipped data."""
    exam = exam_variant()
    store = workbench.RecordStore(tmp_path_factory.mktemp("wire") / "exam.sqlite")
    view = workbench.customer_360(exam.phone, store=store)
    rules_dir = DATASETS / "rules"
    rules = (
        workbench.load_rules(rules_dir / "care_calendar.yaml")
        + workbench.load_rules(rules_dir / "dormancy_wakeup.yaml")
        + [HEALTH_RULE]
    )
    results = rfm.offer_results(workbench.reference_campaign(), contact_cost=0.5, offer_cost=25.0)
    answers = {
        "ch07.lookup": workbench.resolve_customer(exam.phone),
        "ch07.longest_wait": view.tickets["response_hours"].max(),
        "ch07.dormancy_rule": dict(DORMANCY),
        "ch07.contacts": workbench.evaluate_rules(rules, day=exam.day),
        "ch07.cost_per_extra": results.loc["uplift", "cost"],
        "ch07.crm_types": {
            1: "operational",
            2: "analytical",
            3: "collaborative",
            4: "operational",
            5: "analytical",
            6: "collaborative",
        },
        "ch07.dormancy_threshold": {"days": 90, "because": ["rhythm", "natural_return", "still_reachable"]},
    }
    return answers, view


@pytest.mark.parametrize(
    "task_id",
    [
        "ch07.lookup",
        "ch07.longest_wait",
        "ch07.dormancy_rule",
        "ch07.contacts",
        "ch07.cost_per_extra",
        "ch07.crm_types",
        "ch07.dormancy_threshold",
    ],
)
def test_the_solutions_answers_pass_after_the_trip(exam_answers, task_id):
    answer = exam_answers[0][task_id]
    assert evaluate(task_id, trip(answer))[0] == evaluate(task_id, answer)[0] == "pass"
    assert_same(trip(answer), answer)


def test_a_validated_rule_travels_as_a_rule(exam_answers):
    (rule,) = workbench.validate_rules([exam_answers[0]["ch07.dormancy_rule"]])
    back = trip(rule)
    assert type(back) is workbench.Rule and back == rule
    assert evaluate("ch07.dormancy_rule", back)[0] == "pass"


def test_wrong_answers_stay_wrong_with_the_same_message(exam_answers):
    answers, view = exam_answers
    contacts = answers["ch07.contacts"]
    wrong = {
        "ch07.lookup": [view, "C00001", view.profile],
        "ch07.longest_wait": [view.tickets["response_hours"], view.tickets["response_hours"].min(), "T01381"],
        "ch07.dormancy_rule": [{**answers["ch07.dormancy_rule"], "send_hour": 22}],
        "ch07.contacts": [contacts.drop(columns="reason"), contacts["customer_id"]],
        "ch07.crm_types": [
            {k: "operational" for k in range(1, 7)},
            {**answers["ch07.crm_types"], 1: "analytical", 2: "operational"},
        ],
        "ch07.dormancy_threshold": [{"days": 30, "because": ["reach"]}],
    }
    for task_id, mistakes in wrong.items():
        for answer in mistakes:
            here = evaluate(task_id, answer)
            assert here[0] == "fail", here
            assert evaluate(task_id, trip(answer)) == here


def test_a_record_store_travels_as_its_path_and_is_not_opened(tmp_path):
    store = workbench.RecordStore(tmp_path / "exam.sqlite")
    record = store.log_followup("C03004", channel="phone", outcome="reached", note="Called back; all fine.")
    node = encode((store, record))["answer"]["items"][0]
    assert node == {"type": "record_store", "path": str((tmp_path / "exam.sqlite").absolute())}
    reference, back = trip((store, record))
    assert reference == StoreReference(tmp_path / "exam.sqlite") and back == record
    relative = {
        "format": FORMAT,
        "version": VERSION,
        "answer": {"type": "record_store", "path": "work/x.sqlite"},
    }
    with pytest.raises(WireError, match="absolute"):
        decode(relative)


def test_importing_the_module_stays_light():
    code = "import sys, course_lib.hub.wire; print(sorted({'numpy', 'pandas'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ------------------------------------------------------------------------ refusals: encoding
class Customer:
    pass


def _generator():
    yield 1


@pytest.mark.parametrize(
    ("answer", "phrases"),
    [
        (lambda x: x, ["grades data, not code", "`answer` is a function (a lambda)"]),
        (len, ["`answer` is a function (`len`)", "`len(...)`"]),
        (Customer(), ["`answer` is a", "Customer object", "cannot travel"]),
        (_generator(), ["`answer` is a generator", "list(...)"]),
        (iter([1, 2]), ["iterator", "list(...)"]),
        (math, ["`answer` is a module (`math`)"]),
        (Customer, ["`answer` is a class (`Customer`)"]),
        ({"f": print}, ["`answer['f']` is a function (`print`)"]),
        ([1, (2, lambda: 0)], ["`answer[1][1]` is a function"]),
        ({evaluate: 1}, ["a key of `answer` is a function (`evaluate`)"]),
        (pd.Series([1, Customer()], dtype=object), ["`answer.iloc[1]` is a", "Customer object"]),
        (pd.DataFrame({"a": [print]}), ["`answer['a'].iloc[0]` is a function (`print`)"]),
        (np.array([1 + 2j]), ["dtype 'complex128'"]),
        (pd.Series(pd.period_range("2024-01", periods=2, freq="M")), ["dtype 'period[M]'", "astype"]),
        (1 + 2j, ["complex object"]),
    ],
)
def test_what_is_not_data_is_refused_with_a_clear_message(answer, phrases):
    with pytest.raises(WireError) as caught:
        dumps(answer)
    for phrase in phrases:
        assert phrase in str(caught.value)


def test_an_open_file_and_a_list_that_holds_itself_are_refused(tmp_path):
    with open(tmp_path / "f.txt", "w") as handle, pytest.raises(WireError, match="open file"):
        dumps(handle)
    loop = [1]
    loop.append(loop)
    with pytest.raises(WireError, match=f"more than {MAX_DEPTH} levels deep"):
        dumps(loop)


def test_an_answer_larger_than_the_limit_is_refused_naming_size_and_limit():
    with pytest.raises(WireError, match=r"9\.0 MB .* at most 8 MB"):
        dumps("x" * (9 * 2**20))


# ------------------------------------------------------------------------ refusals: decoding
def _document(node) -> bytes:
    return json.dumps({"format": FORMAT, "version": VERSION, "answer": node}).encode()


@pytest.mark.parametrize(
    ("payload", "phrase"),
    [
        (
            _document({"type": "pickle", "data": "gASVAAAAAAAAAACMBXBvc2l4lIwGc3lzdGVtlJOUKVKULg=="}),
            "unknown type 'pickle'",
        ),
        (_document({"type": "ndarray", "dtype": "object; os.system", "shape": [1], "values": [1]}), "dtype"),
        (_document({"type": "numpy_scalar", "dtype": "V8", "value": 1}), "dtype 'V8'"),
        (
            _document({"type": "ndarray", "dtype": "<U9999999", "shape": [2], "values": ["a", "b"]}),
            "takes less",
        ),
        (
            _document(
                {
                    "type": "series",
                    "name": {"type": "none"},
                    "index": {
                        "type": "index",
                        "kind": "range",
                        "start": 0,
                        "stop": 1,
                        "step": 1,
                        "name": {"type": "none"},
                    },
                    "data": {"dtype": "object; os.system", "values": [1]},
                }
            ),
            "column dtype 'object; os.system'",
        ),
        (_document({"type": "int", "value": "1"}), "should be a whole number"),
        (_document({"type": "int", "value": True}), "should be a whole number"),
        (_document({"type": "str", "value": "a", "exec": "rm"}), "unexpected 'exec'"),
        (_document({"type": "list"}), "missing 'items'"),
        (_document({"type": "float", "value": "NaN!"}), "'nan', 'inf', '-inf'"),
        (
            _document({"type": "dict", "items": [[{"type": "list", "items": []}, {"type": "none"}]]}),
            "hashable",
        ),
        (
            _document({"type": "ndarray", "dtype": "int64", "shape": [10**9, 10**9], "values": [1]}),
            "should hold",
        ),
        (
            _document({"type": "ndarray", "dtype": "int8", "shape": [1], "values": [1000]}),
            "out of the dtype's range",
        ),
        (
            _document({"type": "timestamp", "value": 0, "unit": "us", "tz": {"zone": "../../etc/passwd"}}),
            "zone",
        ),
        (_document({"type": "course_object", "class": "os.system", "fields": {}}), "not one the hub accepts"),
        (
            _document(
                {
                    "type": "index",
                    "kind": "range",
                    "start": 0,
                    "stop": 10**12,
                    "step": 1,
                    "name": {"type": "none"},
                }
            ),
            "at most",
        ),
        (_document("C00042"), "object with a 'type'"),
        (
            b'{"format": "crm-course-answer", "version": 1, "answer": {"type": "float", "value": NaN}}',
            "no NaN",
        ),
        (json.dumps({"format": FORMAT, "version": 99, "answer": {"type": "none"}}).encode(), "version 99"),
        (b"\x80\x04\x95 not json", "not JSON"),
        (json.dumps([1, 2]).encode(), "expected a JSON object"),
    ],
)
def test_malformed_documents_are_refused_naming_what_was_wrong(payload, phrase):
    with pytest.raises(WireError) as caught:
        loads(payload)
    assert phrase in str(caught.value)


def test_deep_nesting_is_refused():
    deep = '{"type": "list", "items": [' * 1000 + '{"type": "none"}' + "]}" * 1000
    text = f'{{"format": "{FORMAT}", "version": {VERSION}, "answer": {deep}}}'
    with pytest.raises(WireError, match="nested"):
        loads(text.encode())
    shallow_enough = '{"type": "list", "items": [' * 60 + '{"type": "none"}' + "]}" * 60
    assert len(str(loads(f'{{"format": "{FORMAT}", "version": {VERSION}, "answer": {shallow_enough}}}'))) > 60
    raw = b'{"format": "crm-course-answer", "version": 1, "answer": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(WireError, match="nested|not JSON"):
        loads(raw)


def test_a_payload_over_the_limit_is_refused_before_reading():
    payload = _document({"type": "str", "value": "x" * (9 * 2**20)})
    assert len(payload) > MAX_BYTES
    with pytest.raises(WireError, match=r"9\.0 MB .* at most 8 MB"):
        loads(payload)


def test_a_string_payload_is_read_like_bytes():
    assert loads(dumps({"days": 90}).decode()) == {"days": 90}


def test_loads_refuses_what_is_not_text():
    with pytest.raises(WireError, match="should be bytes"):
        loads(12)
