"""Test-session set-up shared by unit, doctest and notebook tests.

Progress records go to a temporary workspace (never the trainee's work/).
Kernels started by nbval inherit this environment.
"""

import os
import tempfile

os.environ.setdefault("CRM_COURSE_WORKSPACE", tempfile.mkdtemp(prefix="crm-course-tests-"))
os.environ.setdefault("PYTHONHASHSEED", "0")
