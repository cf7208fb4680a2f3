#!/usr/bin/env python3
"""Trunk post_build hook (Trunk.toml): writes the Content-Security-Policy into the built
index.html, for hosts that cannot set headers (the documented nginx and Caddy configurations
send the same policy as a header).

The policy allows no inline script or style attribute: the one inline script, Trunk's module
loader, is allowed by its SHA-256 (computed here, after every other hook changed the page). The
app fetches only its own site and the sync endpoint the provider names at build time:

    MESA_CONNECT_SRC="https://couch.example.com" trunk build --release

(several sources separated by spaces; none: the site only, so a sync endpoint elsewhere is
refused by the browser until the site is built with it).
"""
import base64
import hashlib
import os
import re
import sys

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("csp-post-build: run by Trunk (TRUNK_STAGING_DIR is not set)")
path = os.path.join(staging, "index.html")
with open(path, encoding="utf-8") as f:
    html = f.read()
if "Content-Security-Policy" in html:
    sys.exit("csp-post-build: index.html already has a policy")

scripts = re.findall(r"<script(?: [^>]*)?>(.*?)</script>", html, flags=re.S)
hashes = []
for body in scripts:
    if body.strip():
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        hashes.append("'sha256-%s'" % base64.b64encode(digest).decode("ascii"))
if re.search(r"\son[a-z]+=", html, flags=re.I) or re.search(r"\sstyle=", html, flags=re.I):
    sys.exit("csp-post-build: index.html has an inline event handler or style attribute")

# blob: is the app's own files read back (attachments it stored); the rest is the provider's.
connect = " ".join(["'self'", "blob:"] + os.environ.get("MESA_CONNECT_SRC", "").split())
policy = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval' " + " ".join(hashes),
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src " + connect,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
])
meta = '<meta http-equiv="Content-Security-Policy" content="%s" />' % policy
html, n = re.subn(r"(<head>\s*)", lambda m: m.group(1) + meta + "\n    ", html, count=1)
if n != 1:
    sys.exit("csp-post-build: no <head> in index.html")
with open(path, "w", encoding="utf-8") as f:
    f.write(html)

# The same policy as a header for the documented server configurations (deploy/nginx.conf and
# deploy/Caddyfile include these), plus what only a header can say: no framing by other sites.
header = policy + "; frame-ancestors 'none'"
snippets = os.path.join(staging, "_headers")
os.makedirs(snippets, exist_ok=True)
with open(os.path.join(snippets, "nginx.conf"), "w", encoding="utf-8") as f:
    f.write('add_header Content-Security-Policy "%s" always;\n' % header)
with open(os.path.join(snippets, "Caddyfile"), "w", encoding="utf-8") as f:
    f.write('header Content-Security-Policy "%s"\n' % header)
