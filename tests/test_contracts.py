"""The library's public contract, layer by layer: DESIGN.md §3's names import at their paths,
and every function the chapters call is documented (numpydoc) and typed.

The layers themselves (data → analytics → simulation → presentation) are checked by
import-linter in `make lint`; ruff checks style there too.
"""

import importlib
import inspect
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: DESIGN.md §3: names that tests, notebooks and trainees' own code rely on, at their paths.
CONTRACT = {
    "course_lib.data": ["CourseDataError", "AS_OF", "load_customers", "load_orders"],
    "course_lib.validation": ["CourseDataError", "NotFittedError"],
    "course_lib.rfm": ["rfm_table"],
    "course_lib.clv": ["summarize", "BetaGeo", "GammaGamma"],
    "course_lib.simulation": ["simulate"],
    "course_lib.journey": ["markov_attribution"],
    "course_lib.workbench": ["customer_360", "evaluate_rules", "RecordStore"],
    "course_lib.checks": ["evaluate", "check"],
}


@pytest.mark.parametrize("module", sorted(CONTRACT))
def test_design_names_import_at_their_paths(module):
    loaded = importlib.import_module(module)
    missing = [name for name in CONTRACT[module] if not hasattr(loaded, name)]
    assert not missing, f"{module} lacks {missing}"


def test_course_data_error_is_one_class_everywhere():
    from course_lib import data, validation

    assert data.CourseDataError is validation.CourseDataError
    assert issubclass(data.CourseDataError, ValueError)
    assert issubclass(validation.NotFittedError, data.CourseDataError)
    assert issubclass(validation.NotFittedError, AttributeError)


def _called_by_chapters() -> dict[tuple[str, str], set[str]]:
    """``(module, function)`` pairs the chapter and solution notebooks call, with where."""
    calls: dict[tuple[str, str], set[str]] = {}
    for path in sorted([*ROOT.glob("notebooks/*.md"), *ROOT.glob("solutions/*.md")]):
        code = "\n".join(re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", path.read_text(), flags=re.S))
        imported = set()
        for names in re.findall(r"from course_lib import \(?([\w, \n]+)\)?", code):
            imported |= {name.strip() for name in names.split(",") if name.strip()}
        for module, function in re.findall(r"\b(\w+(?:\.\w+)?)\.(\w+)\(", code):
            if module.split(".")[0] in imported and not function.startswith("_"):
                calls.setdefault((module, function), set()).add(path.name)
    return calls


def _gaps(obj) -> list[str]:
    doc = inspect.getdoc(obj) or ""
    signature = inspect.signature(obj)
    params = [
        p
        for p in signature.parameters.values()
        if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
    ]
    gaps = []
    if params and "Parameters" not in doc:
        gaps.append("a Parameters section")
    if signature.return_annotation is not None and not {"Returns", "Yields"} & set(doc.split()):
        gaps.append("a Returns section")
    if any(p.annotation is inspect.Parameter.empty for p in params):
        gaps.append("type hints on its parameters")
    if signature.return_annotation is inspect.Signature.empty:
        gaps.append("a return type hint")
    return gaps


def test_every_function_the_chapters_call_is_documented_and_typed():
    calls = _called_by_chapters()
    assert len(calls) > 100, "the scan of the chapters' code found too few calls"
    problems = []
    for (module, function), where in sorted(calls.items()):
        obj = importlib.import_module(f"course_lib.{module.split('.')[0]}")
        for name in [*module.split(".")[1:], function]:
            obj = getattr(obj, name, None)
        if not (inspect.isfunction(obj) or inspect.ismethod(obj)) or not obj.__module__.startswith(
            "course_lib"
        ):
            continue
        gaps = _gaps(obj)
        if gaps:
            problems.append(f"{module}.{function} (called in {sorted(where)[0]}) lacks {', '.join(gaps)}")
    assert not problems, "\n".join(problems)
