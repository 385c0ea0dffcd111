"""Puts mails into the test mailbox the way a mail server delivers them, through
IMAP APPEND with Python's imaplib (independent of the code under test), unseen:

  python3 imap_append.py PORT USER PASSWORD FILE...

Each FILE is one RFC 5322 message."""

import imaplib
import sys


def main():
    port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    box = imaplib.IMAP4("127.0.0.1", port)
    box.login(user, password)
    for path in sys.argv[4:]:
        with open(path, "rb") as f:
            status, answer = box.append("INBOX", "", None, f.read())
        if status != "OK":
            sys.exit("APPEND %s: %s" % (path, answer))
    box.logout()


if __name__ == "__main__":
    main()
