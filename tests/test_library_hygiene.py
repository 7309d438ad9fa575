"""Import cost and layering: analytics never pull in ipywidgets or matplotlib."""

import subprocess
import sys
import warnings

ANALYTICS = [
    "data",
    "rfm",
    "rfm_checks",
    "tiers",
    "concentration",
    "segmentation",
    "kpis",
    "metrics",
    "economics",
    "health",
    "silos",
    "claims",
    "clv",
    "btyd",
    "churn",
    "cohorts",
    "journey",
    "attribution",
    "followup",
    "service",
    "sla",
    "nps",
    "staffing",
    "sentiment",
    "loyalty",
    "privacy",
    "experiments",
    "recommend",
    "selection",
    "roleplay",
    "simulation",
    "workbench",
    "checks",
    "glossary",
    "course",
]


def _run(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_import_course_lib_is_lazy():
    result = _run(
        "import sys, course_lib; print(sorted(m for m in sys.modules if m.startswith('course_lib')))"
        "; print('sklearn' in sys.modules, 'seaborn' in sys.modules, 'ipywidgets' in sys.modules)"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "['course_lib']"
    assert lines[1] == "False False False"


def test_analytics_modules_import_without_widgets_or_matplotlib():
    """One fresh interpreter imports the analytics modules one by one and names the first
    that brings in a widget or drawing library (the layering of DESIGN.md §2)."""
    code = (
        f"import importlib, sys\n"
        f"for module in {ANALYTICS!r}:\n"
        f"    importlib.import_module('course_lib.' + module)\n"
        f"    bad = [m for m in ('ipywidgets', 'matplotlib.pyplot') if m in sys.modules]\n"
        f"    if bad:\n"
        f"        print(module, bad)\n"
        f"        break\n"
    )
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"course_lib.{result.stdout.strip()} imports a presentation library"


def test_chinese_text_renders_without_missing_glyphs():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course_lib import plots

    plots.use_theme()
    fig, ax = plt.subplots()
    ax.set_title("收入集中度 客户细分 净推荐值")
    ax.set_xlabel(plots.bilingual("Customers", "客户"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.canvas.draw()
    plt.close(fig)


def test_every_submodule_loads_as_an_attribute():
    """``course_lib.churn`` works for every module and package, without an import first."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "course_lib"
    names = sorted(
        {p.stem for p in root.glob("*.py") if p.stem != "__init__"}
        | {p.parent.name for p in root.glob("*/__init__.py")}
    )
    code = (
        f"import course_lib\nmissing = [n for n in {names!r} if not hasattr(course_lib, n)]\nprint(missing)"
    )
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", result.stdout
