"""A real SMTP server for the mail tests (aiosmtpd, from PyPI).

Listens on a free port of loopback, prints the port on the first line of stdout, and keeps
each message it accepts as a file in the folder named on the command line: `NNNN.eml` (the
message as received) beside `NNNN.json` (the envelope and the account that logged in). Logging
in is required, as `schrieb` / `geheim`, without TLS (loopback only). Recipients whose address
starts with `refuse` are refused for good (550), those starting with `busy` for now (451).
Stops when stdin closes: the test that started it is gone.
"""

import json
import pathlib
import socket
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Keeper:
    def __init__(self, folder):
        self.folder = pathlib.Path(folder)
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refuse"):
            return "550 5.1.1 No such mailbox here"
        if address.startswith("busy"):
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        stem = self.folder / f"{self.count:04}"
        stem.with_suffix(".eml").write_bytes(envelope.original_content)
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        stem.with_suffix(".json").write_text(
            json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos, "login": login})
        )
        return "250 Message accepted for delivery"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"schrieb" and auth_data.password == b"geheim"
    return AuthResult(success=ok, handled=False, auth_data=auth_data)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    port = free_port()
    controller = Controller(
        Keeper(sys.argv[1]),
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticate,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    print(port, flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
