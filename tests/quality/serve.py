#!/usr/bin/env python3
"""A small static server for the quality checks, set up the way a real
host serves the site: gzip for text, cache headers, correct types, a real
404 page. `python3 -m http.server` does none of that, and Lighthouse would
then measure the test server instead of the site.

    serve.py DIR PORT        serve DIR on 127.0.0.1:PORT until killed
    serve.py --free-port     print a free port on 127.0.0.1 and exit
"""

import gzip
import http.server
import os
import socket
import sys
import urllib.parse

TEXT = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
}
BINARY = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler(http.server.BaseHTTPRequestHandler):
    root = "."
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet: the checks print what matters
        pass

    def resolve(self):
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        full = os.path.realpath(os.path.join(self.root, path.lstrip("/")))
        if not (full == self.root or full.startswith(self.root + os.sep)):
            return None, False
        if os.path.isdir(full):
            if not path.endswith("/"):
                return full, "redirect"
            full = os.path.join(full, "index.html")
        return (full, True) if os.path.isfile(full) else (None, False)

    def send_file(self, full, status, head_only):
        ext = os.path.splitext(full)[1].lower()
        ctype = TEXT.get(ext) or BINARY.get(ext) or "application/octet-stream"
        with open(full, "rb") as f:
            body = f.read()
        accepts = self.headers.get("Accept-Encoding", "")
        gz = ext in TEXT and "gzip" in accepts and len(body) > 256
        if gz:
            body = gzip.compress(body, 9, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if ext in TEXT:
            self.send_header("Vary", "Accept-Encoding")
        if gz:
            self.send_header("Content-Encoding", "gzip")
        # pages revalidate; the stylesheet and files are cached for a day
        if ext == ".html":
            self.send_header("Cache-Control", "no-cache")
        else:
            self.send_header("Cache-Control", "public, max-age=86400")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def serve(self, head_only):
        full, found = self.resolve()
        if found == "redirect":
            self.send_response(301)
            self.send_header("Location", urllib.parse.urlsplit(self.path).path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if found:
            self.send_file(full, 200, head_only)
            return
        # the site's own 404 page, in English under /en/
        path = urllib.parse.urlsplit(self.path).path
        for candidate in (["en/404.html"] if path.startswith("/en/") else []) + ["404.html"]:
            page = os.path.join(self.root, candidate)
            if os.path.isfile(page):
                self.send_file(page, 404, head_only)
                return
        self.send_error(404)

    def do_GET(self):
        self.serve(False)

    def do_HEAD(self):
        self.serve(True)


def main():
    if sys.argv[1:] == ["--free-port"]:
        print(free_port())
        return
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    Handler.root = os.path.realpath(sys.argv[1])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
