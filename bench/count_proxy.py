#!/usr/bin/env python3
"""TCP relay in front of a registry that counts the bytes clients send to it (request lines, headers and bodies).

usage: count_proxy.py LISTEN_PORT UPSTREAM_PORT CONTROL_PORT
Connecting to CONTROL_PORT returns the running total as a decimal number. All on 127.0.0.1.
"""
import asyncio
import sys

sent = 0


async def pipe(reader, writer, count):
    global sent
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if count:
                sent += len(data)
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
    writer.write(f"{sent}\n".encode())
    await writer.drain()
    writer.close()


async def main():
    listen, upstream, ctl = (int(a) for a in sys.argv[1:4])
    s1 = await asyncio.start_server(lambda r, w: relay(r, w, upstream), "127.0.0.1", listen)
    s2 = await asyncio.start_server(control, "127.0.0.1", ctl)
    async with s1, s2:
        await asyncio.gather(s1.serve_forever(), s2.serve_forever())


asyncio.run(main())
