# An SMTP server that requires STARTTLS and then AUTH (aiosmtpd), delivering into a maildir,
# for the agent's tests:
#   python3 smtp_tls.py PORT MAILDIR CERT KEY USER PASSWORD
# Prints "ready" once listening; stops when stdin closes.
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword

port, maildir, cert, key, user, password = sys.argv[1:7]
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)


def authenticate(server, session, envelope, mechanism, data):
    ok = (
        isinstance(data, LoginPassword)
        and data.login.decode() == user
        and data.password.decode() == password
    )
    # handled=False: aiosmtpd answers 535 itself when the login fails.
    return AuthResult(success=ok, handled=False)


controller = Controller(
    Mailbox(maildir),
    hostname="127.0.0.1",
    port=int(port),
    tls_context=context,
    require_starttls=True,
    auth_required=True,
    authenticator=authenticate,
)
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
