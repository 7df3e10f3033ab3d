"""The workbook's notebook-side machinery: one setup call, and the small tools every notebook uses.

    from helpers import workbook
    course = workbook.setup(target, region, prefix, notebook="02", model=model)   # sandbox (default) or aws

`setup` checks the parameters first (`parameters.py`), then every cell is the code a learner would
write against AWS. One idea per module: each says what it is for in its own docstring.
"""
from .checks import check
from .course import COURSE_DATE, Course, setup
from .parameters import ParameterError
from .show import mask, show

__all__ = ["COURSE_DATE", "Course", "ParameterError", "check", "mask", "setup", "show"]
