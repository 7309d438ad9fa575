"""Import cost and layering: analytics never pull in ipywidgets or matplotlib."""

import subprocess
import sys
import warnings

import pytest

ANALYTICS = ["data", "rfm", "segmentation", "metrics", "clv", "journey", "service",
             "loyalty", "privacy", "simulation", "checks", "glossary", "course"]


def _run(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_import_course_lib_is_lazy():
    result = _run("import sys, course_lib; print(sorted(m for m in sys.modules if m.startswith('course_lib')))"
                  "; print('sklearn' in sys.modules, 'seaborn' in sys.modules, 'ipywidgets' in sys.modules)")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "['course_lib']"
    assert lines[1] == "False False False"


@pytest.mark.parametrize("module", ANALYTICS)
def test_analytics_modules_import_without_widgets_or_matplotlib(module):
    code = (f"import importlib.util, sys\n"
            f"if importlib.util.find_spec('course_lib.{module}') is None: sys.exit(0)\n"
            f"import course_lib.{module}\n"
            f"bad = [m for m in ('ipywidgets', 'matplotlib.pyplot') if m in sys.modules]\n"
            f"print(bad)")
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in ("", "[]"), f"{module} imports {result.stdout.strip()}"


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
