"""A TCP proxy that adds a fixed latency to every request: what the client
sends reaches the server LATENCY_MS later (bytes keep their order; the
answers come straight back), as a request to a distant region does.

    python scripts/latency-proxy.py UPSTREAM_PORT LATENCY_MS

prints the port it listens on (127.0.0.1), then serves until killed.
Used by scripts/bench-live (BENCH_LATENCY_MS).
"""

import asyncio
import sys


async def pipe_delayed(reader, writer, delay):
    """Forwards reader to writer, each chunk `delay` seconds after it came."""
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def read():
        while True:
            data = await reader.read(65536)
            await queue.put((loop.time() + delay, data))
            if not data:
                return

    async def write():
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if not data:
                writer.close()
                return
            writer.write(data)
            await writer.drain()

    await asyncio.gather(read(), write())


async def pipe(reader, writer):
    while True:
        data = await reader.read(65536)
        if not data:
            writer.close()
            return
        writer.write(data)
        await writer.drain()


async def main():
    upstream, delay = int(sys.argv[1]), float(sys.argv[2]) / 1000

    async def serve(client_r, client_w):
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", upstream)
        except OSError:
            client_w.close()
            return
        try:
            await asyncio.gather(
                pipe_delayed(client_r, server_w, delay), pipe(server_r, client_w)
            )
        except (ConnectionError, OSError):
            pass
        finally:
            client_w.close()
            server_w.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
