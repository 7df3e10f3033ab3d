"""`python -m helpers.sandbox`: run the sandbox on its own and print how to point a shell at it."""
import argparse
import shlex
import signal
import threading

from . import _CLEARED, Sandbox


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    parser.add_argument("--region", default="us-west-2")
    args = parser.parse_args()

    box = Sandbox(port=args.port, region=args.region)
    print("# Bedrock API keys workbook sandbox: paste these lines into another shell.")
    print("unset " + " ".join(_CLEARED))  # real credentials and endpoints never reach the sandbox
    for name, value in box.environment.items():
        print(f"export {name}={shlex.quote(value)}")
    print("# Ctrl-C stops the sandbox.", flush=True)

    stop = threading.Event()
    for name in (signal.SIGINT, signal.SIGTERM):  # SIGINT too: a shell's `&` starts us with it ignored
        signal.signal(name, lambda *_: stop.set())
    stop.wait()
    box.stop()
    print("# sandbox stopped")


if __name__ == "__main__":
    main()
