"""setup() on the sandbox, the course object's moves and clean-up, and notebook 00's environment check."""
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
    iam.create_role(RoleName=course.name("role"), AssumeRolePolicyDocument="{}")
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
