"""Test-session set-up shared by unit, doctest and notebook tests.

Progress records go to a temporary workspace (never the trainee's work/).
Kernels started by nbval inherit this environment.
"""

import atexit
import os
import shutil
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


def _socket_file_kernel_manager():
    """A kernel manager whose kernels talk over socket files in this test worker's own folder.

    Over TCP, jupyter_client picks five free ports and the kernel binds them a moment later;
    with two pytest-xdist workers starting kernels at once, one port can be taken in between,
    and the kernel dies before its first reply ("Kernel died before replying to kernel_info",
    seen about once in ten CI runs). Socket files in a folder of the worker's own cannot be
    taken by the other worker.
    """
    from jupyter_client.manager import KernelManager
    from traitlets import CaselessStrEnum, default

    folder = tempfile.mkdtemp(prefix="crm-kernels-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)

    class SocketFileKernelManager(KernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

        @default("ip")
        def _socket_files(self) -> str:
            return os.path.join(folder, "kernel")

    return SocketFileKernelManager


try:
    import nbval.kernel
    from nbval.kernel import RunningKernel
except ImportError:  # nbval is a test dependency only
    pass
else:
    RunningKernel.execute_cell_input = _execute_with_history
    nbval.kernel.KernelManager = _socket_file_kernel_manager()
