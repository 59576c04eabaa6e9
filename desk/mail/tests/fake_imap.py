"""A tiny IMAP server on 127.0.0.1 for tests: just what imaplib and our poller use."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class FakeMailbox:
    messages: dict[int, bytes] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)
    commands: list[str] = field(default_factory=list)


def _handler(box: FakeMailbox) -> type[socketserver.StreamRequestHandler]:
    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            self.wfile.write(b"* OK fake IMAP4rev1 ready\r\n")
            while line := self.rfile.readline():
                tag, _, rest = line.decode().strip().partition(" ")
                words = rest.split()
                command = (
                    " ".join(words[:2]).upper() if words[0].upper() == "UID" else words[0].upper()
                )
                box.commands.append(command)
                self.wfile.write(self._answer(command, words) + f"{tag} OK done\r\n".encode())
                if command == "LOGOUT":
                    return

        def _answer(self, command: str, words: list[str]) -> bytes:
            if command == "CAPABILITY":
                return b"* CAPABILITY IMAP4rev1\r\n"
            if command == "SELECT":
                return f"* {len(box.messages)} EXISTS\r\n".encode()
            if command == "UID SEARCH":
                unseen = " ".join(str(uid) for uid in sorted(box.messages) if uid not in box.seen)
                return f"* SEARCH {unseen}\r\n".encode()
            if command == "UID FETCH":
                uid = int(words[2])
                raw = box.messages[uid]
                return (
                    f"* {uid} FETCH (UID {uid} BODY[] {{{len(raw)}}}\r\n".encode() + raw + b")\r\n"
                )
            if command == "UID STORE":
                box.seen.add(int(words[2]))
                return f"* {words[2]} FETCH (FLAGS (\\Seen))\r\n".encode()
            if command == "LOGOUT":
                return b"* BYE\r\n"
            return b""

    return Handler


@contextmanager
def fake_imap_server(box: FakeMailbox) -> Iterator[int]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _handler(box))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
