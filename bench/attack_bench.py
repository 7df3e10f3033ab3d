"""Attack benchmark: normal calls and the sandbox's memory while three attacks run at once.

    python bench/attack_bench.py [--seconds 20] [--source DIR] [--attacks gzip,regex,handshake]

The sandbox runs in a child process (`python -m helpers.sandbox`, from DIR if given, e.g. an export
of another branch) with the common default of 1,024 descriptors. For `--seconds`, on loopback only:
- gzip: one client after another sends STS GetCallerIdentity (which needs no permission) a 1 MB
  gzip body that inflates to 1 GB;
- regex: an AssumeRole session whose session policy allows only `arn:*a*a*a*a*a*a*a*b` asks for
  IAM GetUser of a 64-character name, over and over (a backtracking matcher takes seconds a call);
- handshake: 1,100 clients send CONNECT to an AWS host and then never start TLS.
Meanwhile the admin calls Bedrock Converse and IAM GetUser (pooled connections, as a notebook does)
and STS GetCallerIdentity from a new client (a new connection) about twice a second. The table gives each
probe's latency (a probe that fails or takes over 2 s is a miss) and the child's peak RSS (limit
500 MB). Exit status 1 if a limit is missed.
"""
import argparse
import json
import os
import resource
import shlex
import socket
import statistics
import subprocess
import sys
import threading
import time
import zlib

import boto3
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.exceptions import ClientError

HAIKU_PROFILE = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
PROBE_LIMIT = 2.0  # seconds
RSS_LIMIT = 500  # MB
HANDSHAKES = 1100
NAME = "a" * 64
SESSION_POLICY = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "arn:*a*a*a*a*a*a*a*b"}]}
PROBE = Config(connect_timeout=5, read_timeout=10, retries={"total_max_attempts": 1})
ATTACK = Config(connect_timeout=5, read_timeout=60, retries={"total_max_attempts": 1})


def start_sandbox(source: str | None) -> tuple[subprocess.Popen, dict]:
    """The sandbox as a child with 1,024 descriptors, and the environment it prints for clients."""
    def limit_descriptors():
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))

    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if source:
        env["PYTHONPATH"] = source
    child = subprocess.Popen([sys.executable, "-m", "helpers.sandbox"], cwd=source or None, env=env,
                             stdout=subprocess.PIPE, text=True, preexec_fn=limit_descriptors)
    environment = {}
    for line in child.stdout:
        if line.startswith("export "):
            name, _, value = line[len("export "):].strip().partition("=")
            environment[name] = shlex.split(value)[0]
        if line.startswith("# Ctrl-C"):
            return child, environment
    raise RuntimeError("the sandbox did not start")


def _bomb(inflated_mb: int = 1024) -> bytes:
    """About 1 MB of gzip that inflates to `inflated_mb` MB of form, made without holding it inflated."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip container
    parts = [packer.compress(b"Action=GetCallerIdentity&Version=2011-06-15&x=")]
    zeros = b"0" * (1024 * 1024)
    parts += [packer.compress(zeros) for _ in range(inflated_mb)]
    return b"".join(parts) + packer.flush()


def _closed(sock: socket.socket) -> bool:
    """True if the sandbox has closed this connection (EOF or reset waiting to be read)."""
    sock.setblocking(False)
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


class Bench:
    def __init__(self, child, seconds: float):
        self.child, self.seconds = child, seconds
        self.stop = threading.Event()
        self.samples = {"Converse": [], "IAM GetUser": [], "STS, new connection": []}
        self.misses = dict.fromkeys(self.samples, 0)
        self.attacks = {"gzip bombs answered": 0, "gzip bombs unanswered": 0, "regex calls answered": 0,
                        "regex calls unanswered": 0, "silent handshakes opened": 0,
                        "... still open at the end": 0}
        self.peak_rss = 0.0

    # -- attacks ---------------------------------------------------------------------------------
    def gzip_bombs(self, bomb: bytes):
        credentials = boto3.Session().get_credentials()
        url = "https://sts.us-west-2.amazonaws.com/"
        while not self.stop.is_set():
            request = AWSRequest("POST", url, data=bomb, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Content-Encoding": "gzip"})
            SigV4Auth(credentials, "sts", "us-west-2").add_auth(request)
            try:
                requests.post(url, data=bomb, headers=dict(request.headers), timeout=60)
                self.attacks["gzip bombs answered"] += 1
            except requests.RequestException as error:
                self.attacks["gzip bombs unanswered"] += 1
                self.last_error = error
            self.stop.wait(0.05)

    def regex_session(self):
        iam = boto3.client("iam", config=PROBE)
        trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                         "Principal": {"AWS": "arn:aws:iam::111122223333:root"}}]}
        role = iam.create_role(RoleName="bench-attacker", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
        iam.put_role_policy(RoleName="bench-attacker", PolicyName="read-users", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}))
        session = boto3.client("sts", config=PROBE).assume_role(
            RoleArn=role["Arn"], RoleSessionName="attacker", Policy=json.dumps(SESSION_POLICY))["Credentials"]
        return boto3.Session(aws_access_key_id=session["AccessKeyId"], aws_secret_access_key=session["SecretAccessKey"],
                             aws_session_token=session["SessionToken"]).client("iam", config=ATTACK)

    def regex_calls(self, attacker):
        while not self.stop.is_set():
            try:
                attacker.get_user(UserName=NAME)
            except ClientError:  # AccessDenied: the expected answer
                pass
            except Exception:  # a timeout: unanswered
                self.attacks["regex calls unanswered"] += 1
                continue
            self.attacks["regex calls answered"] += 1

    def handshakes(self, port: int):
        held = []
        for _ in range(HANDSHAKES):
            if self.stop.is_set():
                break
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                sock.sendall(b"CONNECT iam.amazonaws.com:443 HTTP/1.1\r\nHost: iam.amazonaws.com:443\r\n\r\n")
                sock.recv(4096)
                held.append(sock)
            except OSError:
                pass
        self.attacks["silent handshakes opened"] = len(held)
        self.stop.wait()
        self.attacks["... still open at the end"] = sum(not _closed(sock) for sock in held)
        for sock in held:
            sock.close()

    # -- measurements ----------------------------------------------------------------------------
    def probes(self):
        runtime, iam = boto3.client("bedrock-runtime", config=PROBE), boto3.client("iam", config=PROBE)
        calls = {"Converse": lambda: runtime.converse(modelId=HAIKU_PROFILE, messages=[
                     {"role": "user", "content": [{"text": "Say hello"}]}]),
                 "IAM GetUser": lambda: iam.get_user(UserName="workbook-admin"),
                 "STS, new connection": lambda: boto3.client("sts", config=PROBE).get_caller_identity()}
        while not self.stop.is_set():
            for name, call in calls.items():
                started = time.perf_counter()
                try:
                    call()
                    took = time.perf_counter() - started
                except Exception:
                    took = float("inf")
                self.samples[name].append(took)
                self.misses[name] += took > PROBE_LIMIT
            self.stop.wait(0.5)

    def memory(self):
        while not self.stop.is_set():
            self.peak_rss = max(self.peak_rss, rss_mb(self.child.pid))
            self.stop.wait(0.1)

    def run(self, port: int, attacks: set[str]):
        jobs = [(self.memory, ()), (self.probes, ())]
        if "gzip" in attacks:
            jobs.append((self.gzip_bombs, (_bomb(),)))
        if "regex" in attacks:
            jobs.append((self.regex_calls, (self.regex_session(),)))
        threads = [threading.Thread(target=job, args=args, daemon=True) for job, args in jobs]
        if "handshake" in attacks:
            handshakes = threading.Thread(target=self.handshakes, args=(port,), daemon=True)
            threads.append(handshakes)
        for thread in threads:
            thread.start()
        time.sleep(self.seconds)
        self.stop.set()
        if "handshake" in attacks:
            handshakes.join(10)  # it counts what is still open
        self.peak_rss = max(self.peak_rss, rss_mb(self.child.pid, "VmHWM"))

    def table(self) -> bool:
        rows, ok = [], True
        for name, samples in self.samples.items():
            if not samples:  # the first call never came back
                samples = [float("inf")]
                self.misses[name] = 1
            finite = [s for s in samples if s != float("inf")] or [float("inf")]
            passed = self.misses[name] == 0 and bool(samples)
            ok &= passed
            rows.append((f"{name} (s)", f"{len(samples)} calls, {self.misses[name]} over {PROBE_LIMIT:g} s or failed",
                         f"median {statistics.median(finite):.3f}, max {max(samples):.3f}", "ok" if passed else "MISS"))
        passed = self.peak_rss < RSS_LIMIT
        ok &= passed
        rows.append(("sandbox peak RSS (MB)", f"limit {RSS_LIMIT}", f"{self.peak_rss:.0f}", "ok" if passed else "MISS"))
        for name, count in self.attacks.items():
            rows.append((name, "", str(count), ""))
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for row in rows:
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)))
        return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--source", help="run the sandbox from this source tree (default: the installed one)")
    parser.add_argument("--attacks", default="gzip,regex,handshake", help="which attacks run (comma-separated)")
    args = parser.parse_args()
    child, environment = start_sandbox(args.source)
    try:
        for name in [n for n in os.environ if n.startswith(("AWS_", "OPENAI_", "ANTHROPIC_"))]:
            os.environ.pop(name)
        os.environ.update(environment)
        port = int(environment["HTTPS_PROXY"].rsplit(":", 1)[1])
        bench = Bench(child, args.seconds)
        bench.run(port, set(args.attacks.split(",")))
        ok = bench.table()
    finally:
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
