#!/usr/bin/env python3
"""A wire with a delay, for bench/turn-nat.mjs on a kernel without netem.

    delay-wire.py DELAY_MS TAP_A1 TAP_B1 [TAP_A2 TAP_B2 ...]

Makes the TAP devices (pairs: A1-B1, A2-B2, ...), prints "ready", then hands every Ethernet
frame from one end of a pair to the other DELAY_MS later, both ways, until it is killed.
Whoever started it moves the devices into their namespaces (the open descriptors stay
attached) and gives them addresses. Standard library only.
"""
import fcntl
import heapq
import os
import select
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000


def tap(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    return fd


delay = float(sys.argv[1]) / 1000
fds = [tap(name) for name in sys.argv[2:]]
other = {}
for a, b in zip(fds[0::2], fds[1::2]):
    other[a], other[b] = b, a
print("ready", flush=True)

due = []  # (when, sequence, descriptor to write to, frame)
sequence = 0
while True:
    wait = max(0.0, due[0][0] - time.monotonic()) if due else None
    readable, _, _ = select.select(fds, [], [], wait)
    now = time.monotonic()
    for fd in readable:
        try:
            frame = os.read(fd, 65536)
        except OSError:
            continue
        heapq.heappush(due, (now + delay, sequence, other[fd], frame))
        sequence += 1
    while due and due[0][0] <= time.monotonic():
        _, _, out, frame = heapq.heappop(due)
        try:
            os.write(out, frame)
        except OSError:
            pass  # the other end is down: the frame is lost, as on a wire
