"""Prints the messages of a Maildir as JSON, read by Python's email package (an
independent decoder for src/jobs/mail/smtp_test.cpp): for each message its
envelope (X-MailFrom, X-RcptTo added by smtp_sink.py), its decoded headers and
its text and HTML bodies.

  python3 read_mail.py MAILDIR"""

import email
import email.policy
import json
import mailbox
import sys


def main():
    box = mailbox.Maildir(sys.argv[1], factory=None, create=False)
    out = []
    for key in sorted(box.keys()):
        msg = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
        out.append({
            "mail_from": str(msg.get("X-MailFrom", "")),
            "rcpt_to": str(msg.get("X-RcptTo", "")),
            "from": str(msg.get("From", "")),
            "to": [a.addr_spec for a in msg["To"].addresses],
            "subject": str(msg.get("Subject", "")),
            "message_id": str(msg.get("Message-ID", "")),
            "in_reply_to": str(msg.get("In-Reply-To", "")),
            "content_type": msg.get_content_type(),
            "text": msg.get_body(("plain",)).get_content(),
            "html": msg.get_body(("html",)).get_content(),
        })
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
