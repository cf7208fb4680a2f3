"""A test's hands on the desk's mailbox, through Python's own IMAP client (imaplib), not the
agent's: deliver a message with APPEND, list the messages with their flags, mark one unread.

  python3 imap_tool.py PORT USER PASSWORD FOLDER append FILE     -> {"uid": N}
  python3 imap_tool.py PORT USER PASSWORD FOLDER list            -> [{"uid": N, "flags": [...]}]
  python3 imap_tool.py PORT USER PASSWORD FOLDER unseen UID      -> {}

The password comes from the command line: it is a test account of a server the test started.
"""
import json
import imaplib
import re
import sys


def main():
    port, user, password, folder, command, *args = sys.argv[1:]
    imap = imaplib.IMAP4("127.0.0.1", int(port))
    imap.login(user, password)
    if command == "append":
        with open(args[0], "rb") as f:
            raw = f.read()
        typ, data = imap.append(folder, None, None, raw)
        assert typ == "OK", data
        uid = re.search(rb"APPENDUID \d+ (\d+)", data[0]).group(1)
        out = {"uid": int(uid)}
    elif command == "list":
        imap.select(folder, readonly=True)
        typ, data = imap.uid("FETCH", "1:*", "(UID FLAGS)")
        assert typ == "OK", data
        out = []
        for line in data:
            if not line:
                continue
            m = re.search(rb"UID (\d+) FLAGS \(([^)]*)\)|FLAGS \(([^)]*)\) UID (\d+)", line)
            if m is None:
                continue
            uid = m.group(1) or m.group(4)
            flags = m.group(2) if m.group(2) is not None else m.group(3)
            out.append({"uid": int(uid), "flags": flags.decode().split()})
    elif command == "unseen":
        imap.select(folder)
        typ, data = imap.uid("STORE", args[0], "-FLAGS", "(\\Seen)")
        assert typ == "OK", data
        out = {}
    else:
        raise SystemExit(f"unknown command {command}")
    imap.logout()
    print(json.dumps(out))


main()
