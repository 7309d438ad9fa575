"""The course on a class's JupyterHub (``crm-course hub``, ``make hub``).

==============  =====================================================================
``workshop``    who may log in, with which password, on which address; the hub's
                configuration (pure: checked before anything starts)
``users``       trainees as system users, each with a home only they can open
``install``     the course installed once, read-only, with its pinned environment
``singleuser``  a trainee's server: exercises brought into the home, then Jupyter
``exam``        the exam window as kernels see it: hints closed, checks sent to the hub
``wire``        answers as JSON for the grader (never pickle)
``grader``      the hub's grading service: the same validators, records trainees
                cannot read or edit
``run``         ``crm-course hub``: start, stop cleanly, open and close exams
==============  =====================================================================
"""
