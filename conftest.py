"""Test-session set-up shared by unit, doctest and notebook tests.

Progress records go to a temporary workspace (never the trainee's work/).
Kernels started by nbval inherit this environment.
"""

import os
import tempfile

os.environ.setdefault("CRM_COURSE_WORKSPACE", tempfile.mkdtemp(prefix="crm-course-tests-"))
os.environ.setdefault("PYTHONHASHSEED", "0")
# The stored outputs and the tests are today's exam: an exam variant chosen in the shell that
# runs the tests must not leak into nbval's kernels (tests that need one set it themselves).
os.environ.pop("CRM_COURSE_EXAM_VARIANT", None)
# Likewise an instructor's class folder or a hub's exam window (the instructor notebook reads
# the sample class; checks grade in the kernel).
os.environ.pop("CRM_COURSE_CLASS_DIR", None)
os.environ.pop("CRM_COURSE_EXAM_STATE", None)
# The English notebooks' outputs are English whatever language the shell chose; the Chinese
# notebooks set theirs in their first code cell.
os.environ.pop("COURSE_LANG", None)
# `make test` runs two pytest-xdist workers on two cores, so each worker and the notebook
# kernels it starts use one thread. With the default (one OpenMP thread per core) scikit-learn's
# k-means in one kernel spins against the other worker: chapter 2's choice of k took 6 s
# instead of 0.9 s. Stored outputs do not depend on the thread count (they were executed with
# two threads).
os.environ.setdefault("OMP_NUM_THREADS", "1")


def _execute_with_history(self, cell_input, allow_stdin=None):
    """Run a notebook cell as Jupyter does, with history on.

    nbval 0.11 sends cells with ``store_history=False``, and IPython then ignores a
    trailing ``;`` (ipython/ipython#14162, computationalmodelling/nbval#194): a figure
    cell ending in ``plots.pareto(...);`` would print its Axes under nbval but not in
    JupyterLab. Executing with history keeps the test faithful to what trainees see.
    """
    return self.kc.execute(cell_input, store_history=True, allow_stdin=allow_stdin, stop_on_error=False)


try:
    from nbval.kernel import RunningKernel
except ImportError:  # nbval is a test dependency only
    pass
else:
    RunningKernel.execute_cell_input = _execute_with_history
