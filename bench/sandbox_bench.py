"""Sandbox benchmark: start-up, bearer Converse, Responses and Messages round trips against a plain
IAM call, throughput, the first call after an idle pause, and normal calls while slow clients and a
stalled upload hang on.

    python bench/sandbox_bench.py [--calls 200] [--seconds 3] [--idle-timeout 2] [--slow-clients 300]

The bearer calls (boto3 Converse, the openai SDK's Responses, the anthropic SDK's Messages) and the
IAM call go through the same proxy, TLS and WSGI stack in the same run, so each ratio to the IAM call
is what the sandbox's authentication, authorization and that API surface cost (SDK overhead included).
"""
import argparse
import os
import socket
import ssl
import statistics
import subprocess
import sys
import threading
import time

from botocore.config import Config

START_UP = """
import time
t = time.perf_counter()
from helpers import sandbox
imported = time.perf_counter()
sandbox.start()
print(imported - t, time.perf_counter() - imported)
"""


def start_up(runs: int = 3) -> tuple[float, float]:
    """Median seconds to import the package and to start the sandbox, each in a fresh interpreter."""
    samples = [
        tuple(map(float, subprocess.run([sys.executable, "-c", START_UP], capture_output=True, text=True,
                                        check=True).stdout.split()))
        for _ in range(runs)
    ]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def timings(call, n: int) -> list[float]:
    call()  # warm: first-use imports and caches
    out = []
    for _ in range(n):
        t = time.perf_counter()
        call()
        out.append(time.perf_counter() - t)
    return out


def summary(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[int(0.95 * (len(samples) - 1))]
    return f"median {statistics.median(samples) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms"


def throughput(make_call, clients: int, seconds: float) -> float:
    calls = [make_call() for _ in range(clients)]
    counts = [0] * clients
    deadline = time.perf_counter() + seconds

    def run(i):
        while time.perf_counter() < deadline:
            calls[i]()
            counts[i] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - begin)


def rss_mb() -> float:
    """This process's resident memory (the sandbox runs in it)."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def after_idle(make_call, pause: float) -> str:
    """Seconds the first call takes on a client whose pooled connection sat idle for `pause`."""
    call = make_call()
    call()
    time.sleep(pause)
    begin = time.perf_counter()
    try:
        call()
    except Exception as error:  # a timeout is the figure too
        return f"failed after {time.perf_counter() - begin:.1f} s ({type(error).__name__})"
    return f"{(time.perf_counter() - begin) * 1000:.0f} ms"


def hostile_clients(box, count: int) -> list[socket.socket]:
    """`count` clients that begin a request and stall, and one IAM upload that stops after 16 of 1000 bytes."""
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", box.port))
        sock.sendall(b"GET http://iam.amazonaws.com/ HTTP/1.1\r\nHost: iam")
        sockets.append(sock)
    raw = socket.create_connection(("127.0.0.1", box.port))
    raw.sendall(b"CONNECT iam.amazonaws.com:443 HTTP/1.1\r\n\r\n")
    raw.recv(4096)
    upload = ssl.create_default_context(cafile=box.ca_bundle).wrap_socket(raw, server_hostname="iam.amazonaws.com")
    upload.sendall(b"POST / HTTP/1.1\r\nHost: iam.amazonaws.com\r\nContent-Length: 1000\r\n\r\n" + b"x" * 16)
    return sockets + [upload]


def under_attack(make_call, n: int) -> str:
    samples, failures = [], 0
    call = make_call()
    for _ in range(n):
        begin = time.perf_counter()
        try:
            call()
            samples.append(time.perf_counter() - begin)
        except Exception:
            failures += 1
    return (summary(samples) if samples else "no call succeeded") + f", {failures} of {n} failed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--idle-timeout", type=float, default=2.0, help="the server's, for the idle figure")
    parser.add_argument("--slow-clients", type=int, default=300)
    args = parser.parse_args()

    imported, started = start_up()
    print(f"start-up: import {imported * 1000:.0f} ms, start {started * 1000:.0f} ms (fresh interpreter, median of 3)")

    import anthropic
    import boto3
    import openai
    from aws_bedrock_token_generator import provide_token

    from helpers import sandbox

    box = sandbox.start()
    box.apply_environment()
    key = provide_token()
    os.environ["AWS_BEARER_TOKEN_BEDROCK"] = key
    messages = [{"role": "user", "content": [{"text": "Say hello"}]}]
    profile = "us.anthropic.claude-haiku-4-5-20251001-v1:0"  # a current model: the default is today's AWS
    runtime_url = "https://bedrock-runtime.us-west-2.amazonaws.com"

    def bedrock_call():
        runtime = boto3.Session().client("bedrock-runtime")
        return lambda: runtime.converse(modelId=profile, messages=messages)

    def iam_call():
        iam = boto3.Session().client("iam")
        return lambda: iam.get_user(UserName="workbook-admin")

    def responses_call():
        client = openai.OpenAI(api_key=key, base_url="https://bedrock-mantle.us-west-2.api.aws/openai/v1",
                               max_retries=0)  # GPT-5.4 is served on mantle only (its model card)
        return lambda: client.responses.create(model="openai.gpt-5.4", input="Say hello")

    def messages_call():
        client = anthropic.Anthropic(api_key=key, base_url=f"{runtime_url}/anthropic", max_retries=0)
        return lambda: client.messages.create(model=profile, max_tokens=100,
                                              messages=[{"role": "user", "content": "Say hello"}])

    iam = timings(iam_call(), args.calls)
    print(f"moto IAM GetUser via boto3: {summary(iam)}")
    for name, make in [("bearer Converse via boto3", bedrock_call), ("Responses via openai on mantle", responses_call),
                       ("Messages via anthropic (x-api-key)", messages_call)]:
        samples = timings(make(), args.calls)
        print(f"{name}: {summary(samples)}; ratio to IAM (medians) "
              f"{statistics.median(samples) / statistics.median(iam):.2f}")
    rate = throughput(bedrock_call, 8, args.seconds)
    print(f"bearer Converse, 8 concurrent clients: {rate:.0f} requests/s")

    box.idle_timeout = args.idle_timeout
    pause = args.idle_timeout * 1.5
    print(f"first call after {pause:.0f} s idle (server idle timeout {args.idle_timeout:.0f} s): "
          f"boto3 Converse {after_idle(bedrock_call, pause)}, boto3 IAM {after_idle(iam_call, pause)}")

    patient = Config(read_timeout=10, retries={"total_max_attempts": 1})

    def impatient_bedrock():
        runtime = boto3.Session().client("bedrock-runtime", config=patient)
        return lambda: runtime.converse(modelId=profile, messages=messages)

    def impatient_iam():
        iam = boto3.Session().client("iam", config=patient)
        return lambda: iam.get_user(UserName="workbook-admin")

    before = rss_mb()
    hostile = hostile_clients(box, args.slow_clients)
    time.sleep(0.5)
    n = max(10, args.calls // 4)
    print(f"with {args.slow_clients} slow clients and a stalled IAM upload connected "
          f"(10 s client timeout): bearer Converse {under_attack(impatient_bedrock, n)}; "
          f"IAM GetUser {under_attack(impatient_iam, n)}; RSS {before:.0f} -> {rss_mb():.0f} MB")
    for sock in hostile:
        sock.close()
    box.stop()


if __name__ == "__main__":
    main()
