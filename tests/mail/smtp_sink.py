"""The SMTP server of src/jobs/mail/smtp_test.cpp: aiosmtpd's Mailbox handler
(each message taken is stored in the Maildir given on the command line, with
X-MailFrom and X-RcptTo headers from the envelope) that refuses some recipients:
an address starting "refused" gets a permanent 550, one starting "busy" a
transient 451.

  python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c smtp_sink.Sink MAILDIR
(with this folder on PYTHONPATH)."""

from aiosmtpd.handlers import Mailbox


class Sink(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refused"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        if address.startswith("busy"):
            return "451 4.3.0 <%s>: try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"
