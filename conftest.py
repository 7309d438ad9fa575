"""Test-session set-up shared by unit, doctest and notebook tests.

Progress records go to a temporary workspace (never the trainee's work/).
Kernels started by nbval inherit this environment.
"""

import os
import tempfile

os.environ.setdefault("CRM_COURSE_WORKSPACE", tempfile.mkdtemp(prefix="crm-course-tests-"))
os.environ.setdefault("PYTHONHASHSEED", "0")


def _execute_with_history(self, cell_input, allow_stdin=None):
    """Run a notebook cell as Jupyter does, with history on.

    nbval 0.11 sends cells with ``store_history=False``, and IPython then ignores a
    trailing ``;`` (ipython/ipython#14162, computationalmodelling/nbval#194): a figure
    cell ending in ``plots.pareto(...);`` would print its Axes under nbval but not in
    JupyterLab. Executing with history keeps the test faithful to what trainees see.
    """
    return self.kc.execute(cell_input, store_history=True, allow_stdin=allow_stdin,
                           stop_on_error=False)


try:
    from nbval.kernel import RunningKernel
except ImportError:  # nbval is a test dependency only
    pass
else:
    RunningKernel.execute_cell_input = _execute_with_history
