#!/usr/bin/env python3
"""Runs every fenced code block of the given Markdown files, as written (`make test-readme`).

The fence rule (README.md, "Docs that run", says the same):

- ```rust   a complete program (with `fn main`), built against the core (and the mock) crate;
            all Rust blocks are binaries of one scratch crate (target/readme-blocks),
            compiled in one cargo build.
- ```c      a complete C99 program, ```cpp a complete C++17 one, compiled with
            -Wall -Wextra -Werror -pedantic against include/ and the debug libayr.so.
- ```python run with the repository virtualenv's python (the test wheel installed).
- ```sh     (or bash, console) run by bash -eu -o pipefail, the CLI built by cargo
            (`ayrshare-webhooks`, `ayrshare-webhooks-mock`) first on PATH.
- ```text, ```json, ```toml, ```cmake: output, data or a file's fragment, shown, not run.
- `no-run: REASON` after the language (```sh no-run: installs into $HOME/.local) skips a
  block that cannot run here (it installs, it is `make test` itself, it needs the real API);
  skipped blocks are counted and listed. Any other fence, or no-run without a reason, fails.

What each block gets, per Markdown file:
- a freshly started mock of the API (`ayrshare-webhooks mock --deliver-over-http`), with
  AYRSHARE_BASE_URL pointing at it and AYRSHARE_API_KEY=mock-api-key (its default key), and
  AYRSHARE_PROFILE_KEY, proxy variables and AYRSHARE_CA_BUNDLE unset;
- a scratch directory of its own as the working directory, holding `secret.txt`
  (my-signing-secret), `new-secret.txt` (my-next-secret) and `profiles.txt` (three profile
  keys); AYRSHARE_WEBHOOK_SECRET=my-signing-secret;
- python blocks: PYTHONPATH=python/examples/receivers (the receivers' shared `handling`);
- one receiver for the whole run, cli/examples/receiver.py on http://localhost:8000/hooks
  verifying with my-signing-secret, for the blocks that test a receiver (on a free port, which
  the blocks then name instead of 8000, when 8000 is taken).
A block passes when it exits 0 within 60 s; background processes it starts are stopped.
Blocks of one file run in document order.

Usage: readme_blocks.py --python VENV_PY --bin-dir DIR --lib-dir DIR FILE.md...
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUN = {"rust": "rust", "c": "c", "cpp": "cpp", "python": "python", "sh": "sh", "bash": "sh",
       "console": "sh"}
SHOWN = {"text", "json", "toml", "cmake"}
FENCE = re.compile(r"^(\s*)(`{3,})(.*)$")
SECRET = "my-signing-secret"
TIMEOUT = 60
RECEIVER_PORT = 8000
C_FLAGS = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"]
CPP_FLAGS = ["-std=c++17", "-Wall", "-Wextra", "-Werror", "-pedantic"]


@dataclass
class Block:
    file: str
    line: int  # of the opening fence
    kind: str  # a key of RUN's values, or "shown", or "skip"
    code: str
    reason: str = ""

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def name(self) -> str:
        return re.sub(r"\W", "_", f"{self.file}_{self.line}").lower()


def extract(path: str) -> list[Block]:
    """The fenced blocks of a Markdown file (indented fences too, as in list items)."""
    blocks, lines = [], (REPO / path).read_text().splitlines()
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence, info = match.group(1), match.group(2), match.group(3).strip()
        start, body = i + 1, []
        i += 1
        while i < len(lines) and lines[i].strip() != fence:
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        if i == len(lines):
            raise SystemExit(f"{path}:{start}: unclosed code fence")
        i += 1
        language, _, rest = info.partition(" ")
        language = language.split(",")[0]
        code = "\n".join(body) + "\n"
        if rest.strip().startswith("no-run"):
            reason = rest.strip().removeprefix("no-run").lstrip(":").strip()
            if not reason:
                raise SystemExit(f"{path}:{start}: `no-run` needs a reason (no-run: REASON)")
            blocks.append(Block(path, start, "skip", code, reason))
        elif language in RUN:
            blocks.append(Block(path, start, RUN[language], code))
        elif language in SHOWN:
            blocks.append(Block(path, start, "shown", code))
        else:
            raise SystemExit(f"{path}:{start}: fence `{info}` is neither run nor output: use one "
                             f"of {', '.join(sorted(RUN) + sorted(SHOWN))}, or add no-run: REASON")
    return blocks


def build_rust(blocks: list[Block], target: Path) -> dict[str, str]:
    """Every Rust block as a binary of one crate (target/readme-blocks, its own workspace,
    depending on the core and the mock by path), built at once. Returns failures by block."""
    if not blocks:
        return {}
    crate = target / "readme-blocks"
    shutil.rmtree(crate / "src", ignore_errors=True)
    (crate / "src" / "bin").mkdir(parents=True)
    (crate / "Cargo.toml").write_text(
        '[package]\nname = "readme-blocks"\nversion = "0.0.0"\nedition = "2024"\n'
        'publish = false\n\n[workspace]\n\n[dependencies]\n'
        f'ayrshare-webhooks = {{ path = "{REPO / "core"}" }}\n'
        f'ayrshare-webhooks-mock = {{ path = "{REPO / "mock"}" }}\n')
    shutil.copy(REPO / "Cargo.lock", crate / "Cargo.lock")
    for block in blocks:
        (crate / "src" / "bin" / f"{block.name}.rs").write_text(block.code)
    for block in blocks:  # no stale binary of an earlier run may stand in for a failed build
        (target / "debug" / block.name).unlink(missing_ok=True)
    build = subprocess.run(
        ["cargo", "build", "--quiet", "--offline", "--bins", "--keep-going",
         "--message-format=short"],
        cwd=crate, env={**os.environ, "CARGO_TARGET_DIR": str(target)},
        capture_output=True, text=True)
    failures = {}
    for block in blocks:
        binary = target / "debug" / block.name
        if not binary.exists():
            # src/bin/NAME.rs:LINE:COLUMN: ... names the Markdown file and line instead.
            mine = [re.sub(rf"src/bin/{block.name}\.rs:(\d+):\d+",
                           lambda m: f"{block.file}:{block.line + int(m.group(1))}", line)
                    for line in build.stderr.splitlines() if f"{block.name}.rs" in line]
            failures[block.where] = "\n".join(mine) or build.stderr
        block.code = str(binary)
    return failures


def soname(library: Path) -> str:
    dynamic = subprocess.run(["readelf", "-d", str(library)], capture_output=True, text=True,
                             check=True).stdout
    match = re.search(r"\(SONAME\)\s+Library soname: \[(.+?)\]", dynamic)
    return match.group(1) if match else library.name


def compile_c(block: Block, scratch: Path, lib_dir: Path) -> tuple[Block, subprocess.Popen]:
    source = scratch / f"{block.name}.{block.kind}"
    source.write_text(block.code)
    compiler, flags = (("cc", C_FLAGS) if block.kind == "c" else ("c++", CPP_FLAGS))
    binary = scratch / block.name
    command = [os.environ.get("CC" if block.kind == "c" else "CXX", compiler), *flags,
               f"-I{REPO / 'include'}", str(source), "-o", str(binary), f"-L{lib_dir}", "-layr",
               f"-Wl,-rpath,{lib_dir}"]
    block.code = str(binary)
    return block, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True)


def start_mock(bin_dir: Path, scratch: Path) -> tuple[subprocess.Popen, str]:
    url_file = scratch / "mock-url"
    mock = subprocess.Popen([str(bin_dir / "ayrshare-webhooks"), "mock", "--deliver-over-http",
                             "--url-file", str(url_file)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        if url_file.exists() and url_file.read_text().strip():
            return mock, url_file.read_text().strip()
        time.sleep(0.025)
    mock.kill()
    raise SystemExit("test-readme: the mock did not start")


def start_receiver(python: str) -> tuple[subprocess.Popen, int]:
    """The example receiver on RECEIVER_PORT, the port the READMEs name, or on a free port when
    that one is taken (the blocks then get that port instead): the process and its port."""
    for port in (RECEIVER_PORT, 0):
        receiver = subprocess.Popen(
            [python, str(REPO / "cli" / "examples" / "receiver.py"), str(port)],
            env={**os.environ, "AYRSHARE_WEBHOOK_SECRET": SECRET},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        first = receiver.stdout.readline() if receiver.stdout else ""
        listening = re.match(r"http://[^:/]+:(\d+)/", first)
        if listening:
            # Drain its one line per delivery so it never blocks on a full pipe.
            subprocess.Popen(["cat"], stdin=receiver.stdout, stdout=subprocess.DEVNULL)
            if port == 0:
                print(f"test-readme: port {RECEIVER_PORT} is taken; the blocks' receiver is on "
                      f"port {listening.group(1)} instead")
            return receiver, int(listening.group(1))
        receiver.kill()
        receiver.wait()
    raise SystemExit(f"test-readme: the example receiver could not listen: "
                     f"{first.strip() or 'it exited'}")


def run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """Runs a block in its own process group, stopped (with what it started) when it ends.
    Output goes to a file: a background process the block started may hold it open."""
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output,
                                   stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            status = process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            status = -1
            output.write(f"\n(timed out after {TIMEOUT} s)\n")
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        output.seek(0)
        return status, output.read()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--python", required=True)
    parser.add_argument("--bin-dir", required=True, type=Path)
    parser.add_argument("--lib-dir", required=True, type=Path)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    bin_dir, lib_dir = args.bin_dir.resolve(), args.lib_dir.resolve()
    python = str(Path(args.python).absolute())

    blocks = [block for path in args.files for block in extract(path)]
    scratch = Path(tempfile.mkdtemp(prefix="test-readme-"))
    failures: dict[str, str] = {}
    receiver = None
    try:
        target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")).resolve()
        failures.update(build_rust([b for b in blocks if b.kind == "rust"], target))
        # cargo's libayr.so carries the SONAME of the installed one, libayr.so.0.1: link
        # through a directory that has that name too.
        (scratch / "lib").mkdir()
        for name in ("libayr.so", soname(lib_dir / "libayr.so")):
            (scratch / "lib" / name).symlink_to(lib_dir / "libayr.so")
        compiling = [compile_c(b, scratch, scratch / "lib") for b in blocks
                     if b.kind in ("c", "cpp")]
        for block, process in compiling:
            output, _ = process.communicate()
            if process.returncode != 0:
                failures[block.where] = output
        receiver_port = RECEIVER_PORT
        if any(b.kind == "sh" and f":{RECEIVER_PORT}" in b.code for b in blocks):
            receiver, receiver_port = start_receiver(python)

        env = {name: value for name, value in os.environ.items()
               if name.lower() not in ("https_proxy", "http_proxy", "all_proxy", "no_proxy")
               and name not in ("AYRSHARE_PROFILE_KEY", "AYRSHARE_CA_BUNDLE")}
        env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", AYRSHARE_API_KEY="mock-api-key",
                   AYRSHARE_WEBHOOK_SECRET=SECRET,
                   PYTHONPATH=str(REPO / "python" / "examples" / "receivers"))
        for path in args.files:
            mine = [b for b in blocks if b.file == path and b.kind in ("rust", "c", "cpp",
                                                                        "python", "sh")]
            if not mine:
                continue
            work = scratch / re.sub(r"\W", "_", path)
            work.mkdir()
            (work / "secret.txt").write_text(SECRET + "\n")
            (work / "new-secret.txt").write_text("my-next-secret\n")
            (work / "profiles.txt").write_text("# one profile key a line\nPROFILE-A\nPROFILE-B\n"
                                               "PROFILE-C\n")
            mock, base_url = start_mock(bin_dir, work)
            try:
                for block in mine:
                    if block.where in failures:
                        continue
                    if block.kind == "python":
                        script = work / f"{block.name}.py"
                        script.write_text(block.code)
                        command = [python, str(script)]
                    elif block.kind == "sh":
                        code = block.code.replace(f":{RECEIVER_PORT}", f":{receiver_port}")
                        command = ["bash", "-eu", "-o", "pipefail", "-c", code]
                    else:
                        command = [block.code]
                    status, output = run(command, work, {**env, "AYRSHARE_BASE_URL": base_url})
                    if status != 0:
                        failures[block.where] = f"exit status {status}\n{output}"
            finally:
                mock.kill()
                mock.wait()
    finally:
        if receiver:
            receiver.kill()
            receiver.wait()
        shutil.rmtree(scratch, ignore_errors=True)

    for where, output in failures.items():
        block = next(b for b in blocks if b.where == where)
        # A compiler's or a traceback's line in the scratch copy, as the Markdown file's line.
        output = re.sub(rf'\S*{block.name}\.(?:rs|c|cpp|py)(?::|", line )(\d+)',
                        lambda m: f"{block.file}:{block.line + int(m.group(1))}", output)
        lines = output.rstrip().splitlines()
        shown = "\n".join((["..."] if len(lines) > 40 else []) + lines[-40:])
        print(f"\n{where}: this {block.kind} block failed:\n{shown}", file=sys.stderr)
    skipped = [b for b in blocks if b.kind == "skip"]
    for block in skipped:
        print(f"  skipped {block.where}: {block.reason}")
    counts = {kind: sum(b.kind == kind for b in blocks) for kind in ("rust", "c", "cpp",
                                                                     "python", "sh")}
    print(f"test-readme: {sum(counts.values())} blocks run "
          f"({', '.join(f'{kind} {n}' for kind, n in counts.items())}), "
          f"{len(skipped)} skipped (listed)"
          + (f"; {len(failures)} FAILED: {', '.join(failures)}" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
