#!/usr/bin/env python3
"""Slow and idle clients against a Fengqiao server (used by tests/http/slow).

  slowclients.py slow PORT N SECONDS   N connections from 127.0.0.1 that trickle a
      request's headers one byte a second, 3 from 127.0.0.3 that trickle a
      POST body, one keep-alive client from 127.0.0.4 that pauses longer than
      the headers' time between two requests, while 127.0.0.2 asks /healthz
      twice a second; runs SECONDS.
  slowclients.py idle PORT N SECONDS   N connections from 127.0.0.1 that send
      nothing, while 127.0.0.2 asks /healthz.

Prints one JSON object of figures.
"""
import json
import socket
import sys
import threading
import time

mode, port, n, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])


def connect(src):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((src, 0))
    s.settimeout(1)
    try:
        s.connect(("127.0.0.1", port))
    except OSError:
        s.close()
        raise
    s.setblocking(False)
    return s


def closed_by_peer(s):
    """True when the server has closed (or reset) the connection."""
    try:
        return s.recv(4096) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def get(s, path="/healthz"):
    """One request on a blocking socket; the status code, or None."""
    s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % path).encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v)
    while len(body) < length:
        chunk = s.recv(4096)
        if not chunk:
            return None
        body += chunk
    return int(head.split(b" ")[1])


probe = {"asked": 0, "answered": 0, "latencies_ms": []}
stop = threading.Event()


def prober():
    """127.0.0.2: a fresh connection and a /healthz twice a second."""
    while not stop.is_set():
        probe["asked"] += 1
        t = time.monotonic()
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.2", 0))
            s.settimeout(2)
            s.connect(("127.0.0.1", port))
            if get(s) == 200:
                probe["answered"] += 1
                probe["latencies_ms"].append((time.monotonic() - t) * 1000)
            s.close()
        except OSError:
            pass
        stop.wait(0.5)


keepalive = {"first": None, "second": None, "pause_s": 0}


def keepalive_client(pause):
    """127.0.0.4: two requests on one connection, `pause` seconds apart."""
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.4", 0))
        s.settimeout(5)
        s.connect(("127.0.0.1", port))
        keepalive["first"] = get(s)
        time.sleep(pause)
        keepalive["pause_s"] = pause
        keepalive["second"] = get(s)
        s.close()
    except OSError:
        pass


def open_all(src, count, first):
    conns = []
    failed = 0
    for i in range(count):
        if time.monotonic() - start > seconds / 2:  # a server that no longer accepts
            failed += count - i
            break
        try:
            s = connect(src)
            if first:
                s.send(first)
            conns.append(s)
        except OSError:
            failed += 1
    return conns, failed


start = time.monotonic()
th = threading.Thread(target=prober)
th.start()
kt = None
if mode == "slow":
    kt = threading.Thread(target=keepalive_client, args=(seconds - 3,))
    kt.start()
    conns, failed = open_all("127.0.0.1", n, b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    posts, _ = open_all("127.0.0.3", 3, b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                        b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
else:
    conns, failed = open_all("127.0.0.1", n, None)
    posts = []
opened = time.monotonic()
time.sleep(1.5)
# refused: the server closed them at once (over the per-address limit)
accepted = [s for s in conns if not closed_by_peer(s)]
refused = len(conns) - len(accepted) + failed
for s in conns:
    if s not in accepted:
        s.close()
alive = {id(s): s for s in accepted + posts}
lifetimes = []  # seconds from opening to the server's close, of the accepted ones
while time.monotonic() - start < seconds:
    for k, s in list(alive.items()):
        if closed_by_peer(s):
            lifetimes.append(time.monotonic() - opened)
            s.close()
            del alive[k]
            continue
        if mode == "slow":
            try:
                s.send(b"X" if s not in posts else b" ")
            except OSError:
                lifetimes.append(time.monotonic() - opened)
                s.close()
                del alive[k]
    time.sleep(1)
stop.set()
th.join()
if kt:
    kt.join()
lat = sorted(probe["latencies_ms"])
out = {
    "mode": mode,
    "connections": n,
    "accepted": len(accepted),
    "refused": refused,
    "cut": len(lifetimes),
    "still_open": len(alive),
    "longest_cut_s": round(max(lifetimes), 1) if lifetimes else None,
    "posts_cut": sum(1 for s in posts if id(s) not in alive),
    "probe_asked": probe["asked"],
    "probe_answered": probe["answered"],
    "probe_p50_ms": round(lat[len(lat) // 2], 1) if lat else None,
    "probe_max_ms": round(lat[-1], 1) if lat else None,
    "keepalive": keepalive,
    "seconds": round(time.monotonic() - start, 1),
}
for s in alive.values():
    s.close()
print(json.dumps(out))
