#!/usr/bin/env python3
"""The built site's version: a hash of every file of it, written into index.html as
`<html data-build="…">` (called by scripts/split-post-build.sh, after the Content-Security-Policy,
before the precompressed copies).

The app registers its service worker as `sw.js?v=<crate version>-<data-build>` and fetches the
files whose names stay from one version to the next (texts, profiles) with the same `?v=`
(src/app/fetch.rs); the worker names its cache by it and tells a page of another version by it
(public/sw.js). Trunk's hash in the app's file names comes from the wasm alone: a release that
changed only texts, a profile, the stylesheet, the worker or the build's tools kept it, so an
installed app was never offered the update, and kept the old texts and profiles for good.

    python3 scripts/site-version.py DIST

The hash covers every file's path and bytes (`.gz` and `.br` copies aside: they are the same
bytes), index.html as it is without the attribute, so running it again on an unchanged site
writes the same version, and a site changed after (tests/e2e/deploy.mjs) gets a new one.
"""
import hashlib
import os
import re
import sys

ATTRIBUTE = re.compile(r' data-build="[0-9a-f]*"')


def version(site, page):
    digest = hashlib.sha256()
    files = []
    for root, _, names in os.walk(site):
        for name in names:
            if not name.endswith((".gz", ".br")):
                files.append(os.path.relpath(os.path.join(root, name), site).replace(os.sep, "/"))
    for path in sorted(files):
        if path == "index.html":
            data = page.encode("utf-8")
        else:
            with open(os.path.join(site, path), "rb") as f:
                data = f.read()
        digest.update(path.encode("utf-8") + b"\0" + str(len(data)).encode() + b"\0" + data)
    return digest.hexdigest()[:16]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: site-version.py DIST")
    site = sys.argv[1]
    index = os.path.join(site, "index.html")
    with open(index, encoding="utf-8") as f:
        page = ATTRIBUTE.sub("", f.read())
    tag = re.search(r"<html\b[^>]*>", page)
    if not tag:
        sys.exit("site-version: index.html has no <html> tag")
    build = version(site, page)
    page = page[: tag.end() - 1] + f' data-build="{build}"' + page[tag.end() - 1 :]
    with open(index, "w", encoding="utf-8") as f:
        f.write(page)
    print(f"site-version: {build}")


main()
