#!/usr/bin/python3
"""A real SMTP server (aiosmtpd) as the e-mail tests' sink.

Listens on 127.0.0.1 (a free port, printed as "listening PORT" on stdout) and stores every
message it accepts as DIR/NNNN.eml, with DIR/NNNN.json beside it: the
envelope, the headers and the decoded subject and text (Python's e-mail parser, so the test reads
what a mail client would show). A test steers its answers with DIR/replies: each line is
the answer to the next message's DATA (e.g. "451 4.3.0 Try again later" or "550 5.1.1 No such
user"), consumed one per message; without one the message is accepted ("250 OK").

Usage: smtp_sink.py DIR
"""
import asyncio
import email
import email.header
import email.policy
import json
import os
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    def next_reply(self):
        path = os.path.join(self.directory, "replies")
        try:
            with open(path, encoding="utf-8") as f:
                lines = [line.rstrip("\n") for line in f if line.strip()]
        except FileNotFoundError:
            return None
        if not lines:
            return None
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            f.writelines(line + "\n" for line in lines[1:])
        os.replace(path + ".tmp", path)
        return lines[0]

    async def handle_DATA(self, server, session, envelope):
        reply = self.next_reply()
        if reply:
            return reply
        self.count += 1
        name = os.path.join(self.directory, "%04d" % self.count)
        with open(name + ".eml", "wb") as f:
            f.write(envelope.original_content)
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        body = parsed.get_body(preferencelist=("plain",))
        decoded = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "headers": {k: str(v) for k, v in parsed.items()},
            "subject": str(parsed["Subject"]),
            "content_type": parsed.get_content_type(),
            "charset": parsed.get_content_charset(),
            "text": body.get_content() if body is not None else "",
        }
        with open(name + ".tmp", "w", encoding="utf-8") as f:
            json.dump(decoded, f, ensure_ascii=False)
        os.replace(name + ".tmp", name + ".json")  # whole files only: the test polls the directory
        return "250 OK"


async def main(directory):
    loop = asyncio.get_running_loop()
    sink = Sink(directory)
    server = await loop.create_server(lambda: SMTP(sink, enable_SMTPUTF8=True), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print("listening %d" % port, flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
