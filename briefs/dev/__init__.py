"""Development-only code: the benchmark, its seed data, and the demo story.

Nothing here is imported by a request. Management commands (``benchmark``,
``load_demo``) and tests use it; the code that serves pages lives beside this package.
"""
