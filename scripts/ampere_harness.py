"""Shared helpers of scripts/crash-test, scripts/load-test and scripts/slow-clients (Python 3 stdlib only).

Builds the release binary, starts `ampere serve --port 0 --port-file F --data-dir D` as a child process, waits for
readiness (the port file, then /health 200), talks HTTP/1.1 keep-alive to it, and reads its resident memory.
"""
import http.client
import json
import os
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build_release():
    """`swift build -c release --product ampere`; returns the binary path."""
    print("== building ampere (release)", flush=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "ampere"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    bin_dir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.strip()
    return os.path.join(bin_dir, "ampere")


class Server:
    """One `ampere serve` child process on a free loopback port."""

    def __init__(self, binary, data_dir, work_dir, settings=None, env=None, log_name="ampere.log"):
        self.binary, self.data_dir, self.work_dir = binary, data_dir, work_dir
        self.settings = settings or {}
        self.env = dict(os.environ, AMPERE_TEXT_ENCODER="hashing", **(env or {}))
        self.log_path = os.path.join(work_dir, log_name)
        self.proc = None
        self.port = None

    def start(self, ready_timeout=120.0, wait_ready=True):
        port_file = os.path.join(self.work_dir, "ampere.port")
        if os.path.exists(port_file):
            os.remove(port_file)
        args = [self.binary, "serve", "--port", "0", "--port-file", port_file, "--data-dir", self.data_dir]
        for key, value in self.settings.items():
            args += ["--set", f"{key}={value}"]
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=self.env)
        log.close()
        deadline = time.monotonic() + ready_timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"ampere exited with {self.proc.returncode}; see {self.log_path}")
            try:
                with open(port_file) as f:
                    text = f.read().strip()
                if text:
                    self.port = int(text)
                    break
            except (FileNotFoundError, ValueError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("no port file")
            time.sleep(0.01)
        if wait_ready:
            self.wait_ready(deadline)
        return self.port

    def wait_ready(self, deadline):
        while time.monotonic() < deadline:
            try:
                status, _ = request(self.port, "GET", "/health", timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.02)
        raise RuntimeError("ampere did not become ready")

    def kill(self):
        """SIGKILL: no drain, no snapshot, no checkpoint."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self, timeout=30):
        """SIGTERM and wait (graceful drain)."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()

    def rss_kib(self):
        return rss_kib(self.proc.pid)


def threads(pid):
    """Threads of `pid`, from /proc."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return 0


def rss_kib(pid):
    """VmRSS of `pid` in KiB, from /proc."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def request(port, method, path, body=None, timeout=30, conn=None):
    """One request; returns (status, parsed JSON or None). Uses `conn` (keep-alive) when given."""
    own = conn is None
    if own:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if data is not None else {}
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        raw = response.read()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return response.status, parsed
    finally:
        if own:
            conn.close()


def percentile(sorted_values, p):
    """Nearest-rank percentile of an already sorted list (p in 0..100)."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def say(text):
    print(text, flush=True)
    sys.stdout.flush()
