"""setup() on the sandbox, the course object's moves and clean-up, and notebook 00's environment check."""
import json
from datetime import timedelta
from importlib import metadata

import boto3
import pytest

from helpers import workbook
from helpers.workbook import envcheck
from helpers.workbook.course import AwsCourse


def test_setup_pins_the_course_date_and_says_where_it_runs(course, capsys):
    assert abs(course.now() - workbook.COURSE_DATE) < timedelta(seconds=5)
    assert boto3.client("sts").get_caller_identity()["Account"] == course.account


def test_setup_refuses_an_unknown_target_or_a_bad_prefix():
    with pytest.raises(ValueError):
        workbook.setup("prod")
    with pytest.raises(ValueError):
        workbook.setup(prefix="a b")


def test_the_clock_moves_and_clean_up_is_safe_twice(course, capsys):
    before = course.now()
    assert course.advance_clock(hours=13) - before >= timedelta(hours=13)
    iam = boto3.client("iam")
    iam.create_user(UserName=course.name("user"))
    iam.create_service_specific_credential(UserName=course.name("user"), ServiceName="bedrock.amazonaws.com")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"},
                                                     "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName=course.name("role"), AssumeRolePolicyDocument=json.dumps(trust))
    iam.create_user(UserName="someone-else")
    course.clean_up()
    course.clean_up()
    out = capsys.readouterr().out
    assert "Removed: user t-user, role t-role" in out and "Nothing to remove" in out
    assert [u["UserName"] for u in iam.list_users()["Users"] if u["UserName"] == "someone-else"]


def test_clock_moves_are_said_in_days_or_hours():
    from helpers.workbook.course import _duration

    assert _duration(timedelta(days=91)) == "+91 days"
    assert _duration(timedelta(hours=13)) == "+13 h"
    assert _duration(timedelta(minutes=-90)) == "-1 h 30 min"


def test_on_aws_the_sandbox_moves_change_nothing_and_say_why(capsys):
    aws = AwsCourse.__new__(AwsCourse)  # no STS call: only the moves are under test
    aws.region, aws.prefix = "us-west-2", "t"
    aws.advance_clock(hours=1)
    aws.pin_routing("us-east-1")
    aws.set_scps([[{}]])
    assert capsys.readouterr().out.count("Nothing changed.") == 3


def test_environment_check_passes_here_and_prints_no_versions(course, capsys):
    results = envcheck.environment_check(course)
    assert all(r.ok for r in results)
    assert metadata.version("boto3") not in capsys.readouterr().out


def test_environment_check_fails_an_old_or_missing_package():
    old = envcheck.check_package("boto3", "1.39.12", "why", installed=lambda name: "1.38.40")
    assert not old.ok and "found 1.38.40" in old.detail

    def missing(name):
        raise metadata.PackageNotFoundError(name)
    assert not envcheck.check_package("boto3", "1.39.12", "why", installed=missing).ok
    assert not envcheck.check_python((3, 10, 0)).ok
    assert envcheck.version_tuple("1.39.12") > envcheck.version_tuple("1.39.9")
    assert envcheck.version_tuple("2.0rc1") == (2,)


# --- python -m helpers.sandbox: lines for the shell it runs under ---------------------------------
def test_the_shell_is_told_apart_by_platform_and_powershells_own_module_folder():
    from helpers.sandbox.__main__ import detect_shell

    assert detect_shell({}, windows=False) == "posix"
    system = r"C:\Program Files\WindowsPowerShell\Modules;C:\WINDOWS\system32\WindowsPowerShell\v1.0\Modules"
    user = r"C:\Users\ana"
    assert detect_shell({"USERPROFILE": user, "PSModulePath": system}, windows=True) == "cmd"
    assert detect_shell({"USERPROFILE": user, "PSModulePath": user + r"\Documents\WindowsPowerShell\Modules;" + system},
                        windows=True) == "powershell"


def test_posix_lines_set_the_environment_in_a_real_shell(tmp_path):
    import shutil
    import subprocess

    from helpers.sandbox.__main__ import shell_lines

    environment = {"HTTPS_PROXY": "http://127.0.0.1:4567", "ODD": "it's $HOME; `x`"}
    script = "\n".join(shell_lines(environment, cleared=("AWS_PROFILE",), shell="posix")) + "\nenv\n"
    shown = subprocess.run([shutil.which("sh")], input=script, capture_output=True, text=True, check=True,
                           env={"AWS_PROFILE": "real", "PATH": "/usr/bin:/bin"}).stdout.splitlines()
    assert "ODD=it's $HOME; `x`" in shown and "HTTPS_PROXY=http://127.0.0.1:4567" in shown
    assert not [line for line in shown if line.startswith("AWS_PROFILE=")]


def test_powershell_and_cmd_lines_quote_as_those_shells_read_them():
    from helpers.sandbox.__main__ import shell_lines

    assert shell_lines({"A": "it's"}, cleared=("AWS_PROFILE",), shell="powershell") == [
        "Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue", "$env:A = 'it''s'"]
    assert shell_lines({"A": r"C:\Temp\ca.pem"}, cleared=("AWS_PROFILE",), shell="cmd") == [
        "set AWS_PROFILE=", r'set "A=C:\Temp\ca.pem"']


def test_executed_notebooks_store_the_kernelspec_jupyterlab_writes():
    from jupyter_client.kernelspec import KernelSpecManager

    from helpers.workbook.execute import kernelspec

    spec = KernelSpecManager().get_kernel_spec("python3")
    assert kernelspec() == {"display_name": spec.display_name, "language": "python", "name": "python3"}
    assert spec.display_name == "Python 3 (ipykernel)"
