#!/usr/bin/env python3
"""Hostile requests to `tiendo serve` for docs/limits.md: a 400 MB header, 4,000
long polls at once, a request for a link out of content/media. Prints a Markdown
table row each: what, the answer, threads and peak memory of the server.
Usage: serve.py TIENDO_BINARY SITE_DIR"""
import os
import re
import socket
import subprocess
import sys
import time

binary, site = sys.argv[1], sys.argv[2]
proc = subprocess.Popen([binary, "--color", "never", "serve", site, "--port", "0"],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
port = None
for line in proc.stdout:
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if m:
        port = int(m.group(1))
        break


def status():
    fields = {}
    with open(f"/proc/{proc.pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.split()[0] if v.split() else ""
    return int(fields["Threads"]), int(fields["VmHWM"]) // 1024


def row(what, answer):
    threads, peak = status()
    print(f"| serve: {what} | {answer} | {threads} threads | {peak} MB |", flush=True)


def first_line(sock):
    sock.settimeout(30)
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    return data.split(b"\r\n")[0].decode(errors="replace") or "(closed)"


# 400 MB of headers, sent as fast as the server takes them.
s = socket.create_connection(("127.0.0.1", port))
start = time.time()
sent = 0
try:
    s.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode())
    pad = b"X-Pad: " + b"a" * 1017 + b"\r\n"
    while sent < 400 << 20:
        s.sendall(pad * 64)
        sent += len(pad) * 64
except OSError:
    pass
row(f"400 MB of headers ({sent >> 20} MB sent before the server closed, {time.time() - start:.2f} s)", first_line(s))
s.close()

# 4,000 long polls at once, each for the version the home page has now.
s = socket.create_connection(("127.0.0.1", port))
s.sendall(f"GET / HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
page = b""
while chunk := s.recv(65536):
    page += chunk
version = re.search(rb"var v=(\d+);", page).group(1).decode()
socks = []
for i in range(4000):
    try:
        c = socket.create_connection(("127.0.0.1", port))
        c.sendall(f"GET /__tiendo/wait?v={version}&tab=t{i}&path=%2F HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        socks.append(c)
    except OSError:
        pass
time.sleep(1)
held = 0
for c in socks:
    c.settimeout(0.01)
    try:
        if not c.recv(64):
            continue
    except socket.timeout:
        held += 1
    except OSError:
        pass
row(f"4,000 long polls at once ({held} held, the rest told 503)", "503 beyond 64")
for c in socks:
    c.close()

# A link in content/media to a file outside the site.
link = os.path.join(site, "content", "media", "passwd.txt")
if not os.path.lexists(link):
    os.symlink("/etc/passwd", link)
s = socket.create_connection(("127.0.0.1", port))
s.sendall(f"GET /media/passwd.txt HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
row("`/media/passwd.txt`, a link to `/etc/passwd`", first_line(s))
s = socket.create_connection(("127.0.0.1", port))
s.sendall(f"GET / HTTP/1.0\r\nHost: evil.example:{port}\r\n\r\n".encode())
row("`Host: evil.example` (DNS rebinding)", first_line(s))
proc.kill()
