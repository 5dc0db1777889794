"""The socket ``serve`` listens on hands uvicorn connections that send at once.

A sync makes several requests on one kept-alive connection. Without TCP_NODELAY
each answer after the first waited about 40 ms for the laptop's delayed
acknowledgement (headers and body go out as two writes): a first sync of
twenty-one pages lost most of a second to it, and a no-op sync took 50 ms
instead of 8. asyncio turns the option on only for sockets it knows are TCP.
"""

from __future__ import annotations

import asyncio
import socket

from inspector_desktop.server.serving import _listen


def _accepted_nodelay(host: str) -> int:
    async def serve() -> int:
        got: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Remember(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:  # type: ignore[override]
                sock = transport.get_extra_info("socket")
                got.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        listening = _listen(host, 0)
        port = listening.getsockname()[1]
        # As uvicorn serves the sockets it is given.
        server = await asyncio.get_running_loop().create_server(Remember, sock=listening)
        async with server:
            _reader, writer = await asyncio.open_connection(host, port)
            try:
                return await asyncio.wait_for(got, 10)
            finally:
                writer.close()

    return asyncio.run(serve())


def test_connections_accepted_on_ipv4_send_without_delay() -> None:
    assert _accepted_nodelay("127.0.0.1") != 0

