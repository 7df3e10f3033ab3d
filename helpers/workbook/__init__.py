"""The workbook's notebook-side machinery: one setup call, and the small tools every notebook uses.

    from helpers import workbook
    course = workbook.setup(target, region, prefix)   # sandbox (default) or aws

After that call every cell is the code a learner would write against AWS. One idea per module:

| module | what |
| --- | --- |
| `course`    | `setup()` and the course object: where the notebook runs, sandbox-only moves, clean-up |
| `show`      | `mask()` a key, `show()` a response with secrets masked and dates to the minute |
| `keys`      | decode a key (either kind) without sending it anywhere: what the inspector shows |
| `inspector` | the key inspector widget over `keys` |
| `checks`    | offline exercise checkers with their hints |
| `outcome`   | what a call answered, in one line: `allowed: 200` or `refused: 403 <code>: <message>` |
| `cleanup`   | find, then remove, everything named `<prefix>-…` (what `course.clean_up()` does); `python -m helpers.workbook.cleanup` |
| `envcheck`  | notebook 00's environment check, OK/FAIL per item |
| `outcome`   | run one call and say what came back, allowed or refused, as the caller received it |
| `guardrails`| AWS's Bedrock SCP examples as data (`scps/`, with their commits), `decide` a request under them |
| `audit`     | every long-term key in an account, flagged when it never expires or is old |
| `policies`  | `model_only_policy()`: the seed's one-model pattern for any inference profile |
| `decide`    | a key call as IAM sees it, step by step, and the evaluator's verdict on it |
| `explorer`  | the policy explorer widget: edit a policy, see the decision, confirm with a real call |
| `plans`     | per notebook: what it makes on AWS and the permissions its learner's calls need |
| `live`      | the aws target's guard rails: confirmation, sandbox credentials, permission check, IAM waits, hints |
| `run`       | `python -m helpers.workbook.run`: notebooks under papermill, with a summary table |
"""
from .checks import check
from .course import COURSE_DATE, Course, setup
from .show import mask, show

__all__ = ["COURSE_DATE", "Course", "check", "mask", "setup", "show"]
