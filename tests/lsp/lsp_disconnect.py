#!/usr/bin/env python3
"""`lambdalint lsp` when the client disappears (docs/robustness.md): the server exits by itself,
with status 0, within a few seconds, never hanging or dying of SIGPIPE.
  1. stdin ends in the middle of a message body;
  2. stdin ends in the middle of the headers;
  3. the client closes its end of stdout (a broken pipe) while stdin stays open and it keeps
     sending: the first failed write ends the server.
Usage: lsp_disconnect.py LAMBDALINT"""
import json
import subprocess
import sys
import time

binary = sys.argv[1]
TEMPLATE = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Bogus: 1\n"


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


INITIALIZE = frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
INITIALIZED = frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})


def did_open(i):
    return frame({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                  "params": {"textDocument": {"uri": f"file:///gone/t{i}.yaml", "languageId": "yaml", "version": 1, "text": TEMPLATE}}})


failures = 0


def expect_exit(name, process, timeout=10):
    global failures
    try:
        status = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        print(f"FAIL: {name}: still running after {timeout}s")
        failures += 1
        return
    if status != 0:
        print(f"FAIL: {name}: exit status {status} (negative: killed by signal {-status})")
        failures += 1
    else:
        print(f"ok: {name} (exit 0)")


for name, tail in [("stdin EOF mid-body", b"Content-Length: 100\r\n\r\n{\"jsonrpc\": \"2.0\", \"me"),
                   ("stdin EOF mid-header", b"Content-Len")]:
    process = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    process.stdin.write(INITIALIZE + INITIALIZED + did_open(0) + tail)
    process.stdin.close()
    expect_exit(name, process)

# Broken stdout: the read end of the server's stdout is closed before anything is read.
process = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
process.stdout.close()
process.stdin.write(INITIALIZE + INITIALIZED)
process.stdin.flush()
deadline = time.monotonic() + 10
i = 0
try:
    while process.poll() is None and time.monotonic() < deadline:
        process.stdin.write(did_open(i) + frame({"jsonrpc": "2.0", "id": 100 + i, "method": "shutdown"}))
        process.stdin.flush()
        i += 1
        time.sleep(0.05)
except BrokenPipeError:
    pass  # the server is gone: what we wanted
expect_exit("stdout closed by the client", process)
sys.exit(1 if failures else 0)
