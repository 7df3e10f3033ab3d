"""`python -m helpers.sandbox`: run the sandbox on its own and print how to point a shell at it.

The lines are for the shell this runs under (POSIX shells, PowerShell or cmd; `--shell` to choose):
paste them into another window of the same shell and unchanged tools reach the sandbox.
"""
import argparse
import os
import shlex
import signal
import threading

from . import _CLEARED, Sandbox

SHELLS = ("posix", "powershell", "cmd")


def detect_shell(environ=os.environ, windows: bool = os.name == "nt") -> str:
    """posix off Windows. On Windows, PowerShell adds the user's own module folder to PSModulePath
    when it starts; cmd inherits only the system's, so that tells the two apart."""
    if not windows:
        return "posix"
    home = environ.get("USERPROFILE", "").lower()
    paths = environ.get("PSModulePath", "").lower().split(";")
    return "powershell" if home and any(p.startswith(home) for p in paths) else "cmd"


def shell_lines(environment: dict[str, str], cleared=_CLEARED, shell: str = "posix") -> list[str]:
    """Lines that clear `cleared` (real credentials and endpoints) and set `environment` in `shell`."""
    if shell == "powershell":
        quote = "'{}'".format
        return ([f"Remove-Item Env:{name} -ErrorAction SilentlyContinue" for name in cleared]
                + [f"$env:{name} = {quote(value.replace(chr(39), chr(39) * 2))}" for name, value in environment.items()])
    if shell == "cmd":
        return [f"set {name}=" for name in cleared] + [f'set "{name}={value}"' for name, value in environment.items()]
    return ["unset " + " ".join(cleared)] + [f"export {name}={shlex.quote(value)}" for name, value in environment.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    parser.add_argument("--region", default="us-west-2")
    parser.add_argument("--shell", choices=SHELLS, default=None, help="the shell to print lines for (default: this one)")
    args = parser.parse_args()

    shell = args.shell or detect_shell()
    comment = "REM" if shell == "cmd" else "#"
    box = Sandbox(port=args.port, region=args.region)
    print(f"{comment} Bedrock API keys workbook sandbox: paste these lines into another {shell} window.")
    for line in shell_lines(box.environment, shell=shell):  # real credentials never reach the sandbox
        print(line)
    print(f"{comment} Ctrl-C stops the sandbox.", flush=True)

    stop = threading.Event()
    for name in (signal.SIGINT, signal.SIGTERM):  # SIGINT too: a shell's `&` starts us with it ignored
        signal.signal(name, lambda *_: stop.set())
    stop.wait()
    box.stop()
    print(f"{comment} sandbox stopped")


if __name__ == "__main__":
    main()
