#!/usr/bin/env python3
"""TCP relay in front of a registry that counts what clients send to it.

usage: count_proxy.py LISTEN_PORT UPSTREAM_PORT CONTROL_PORT [REQUEST_LOG]
Counts the bytes clients send (request lines, headers and bodies) and recognises the registry API requests in that
stream (request lines of the distribution API, /v2/...): a finished blob upload is a PUT to /v2/<name>/blobs/uploads/
(a mounted blob needs none), a manifest push is a PUT to /v2/<name>/manifests/<ref>. Each request line is appended to
REQUEST_LOG when given. Connecting to CONTROL_PORT returns "<bytes> <blob uploads> <manifest puts>". All on 127.0.0.1.
"""
import asyncio
import re
import sys

totals = {"bytes": 0, "blobs": 0, "manifests": 0}
REQUEST = re.compile(rb"(GET|HEAD|POST|PUT|PATCH|DELETE) (/v2/[^ \r\n]*) HTTP/1\.[01]\r\n")
log = None


def seen(method, path):
    if method == b"PUT" and b"/blobs/uploads/" in path:
        totals["blobs"] += 1
    elif method == b"PUT" and b"/manifests/" in path:
        totals["manifests"] += 1
    if log:
        log.write(f"{method.decode()} {path.decode(errors='replace')}\n")
        log.flush()


async def pipe(reader, writer, count):
    tail = b""
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if count:
                totals["bytes"] += len(data)
                window = tail + data
                for m in REQUEST.finditer(window):
                    if m.end() > len(tail):  # not already counted in the previous window
                        seen(m.group(1), m.group(2))
                tail = window[-512:]
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def relay(client_reader, client_writer, upstream_port):
    up_reader, up_writer = await asyncio.open_connection("127.0.0.1", upstream_port)
    await asyncio.gather(pipe(client_reader, up_writer, True), pipe(up_reader, client_writer, False))


async def control(reader, writer):
    writer.write(f"{totals['bytes']} {totals['blobs']} {totals['manifests']}\n".encode())
    await writer.drain()
    writer.close()


async def main():
    global log
    listen, upstream, ctl = (int(a) for a in sys.argv[1:4])
    if len(sys.argv) > 4:
        log = open(sys.argv[4], "a")
    s1 = await asyncio.start_server(lambda r, w: relay(r, w, upstream), "127.0.0.1", listen)
    s2 = await asyncio.start_server(control, "127.0.0.1", ctl)
    async with s1, s2:
        await asyncio.gather(s1.serve_forever(), s2.serve_forever())


asyncio.run(main())
