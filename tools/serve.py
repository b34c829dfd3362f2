#!/usr/bin/env python3
"""Small static file server for `make serve` and the browser tests.

    python3 tools/serve.py --dir DIR [--port 8080] [--host 127.0.0.1]
                           [--cors] [--csp POLICY] [--verbose]

Stdlib only. Serves files as they are (no compression, no transcoding) with
explicit MIME types (application/wasm for .wasm, text/javascript for .js/.mjs,
...). --cors adds `Access-Control-Allow-Origin: *` to every response and
answers OPTIONS preflights. --csp adds a Content-Security-Policy header to
HTML responses. Quiet unless --verbose. Exits cleanly on SIGTERM / Ctrl-C.
"""

import argparse
import functools
import http.server
import os
import signal
import socket
import sys
import threading

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".cjs": "text/javascript",
    ".map": "application/json",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".bin": "application/octet-stream",
    ".fst": "application/octet-stream",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".tsv": "text/tab-separated-values; charset=utf-8",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
    # Never advertise a compressed body as an encoded one: serve such files
    # as opaque bytes.
    ".gz": "application/octet-stream",
    ".br": "application/octet-stream",
    ".zst": "application/octet-stream",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    # Set per server via functools.partial-like subclassing in make_handler().
    cors = False
    csp = None
    verbose = False

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        "": "application/octet-stream",
        **MIME_TYPES,
    }

    # HTTP/1.1 keep-alive makes repeated test fetches cheaper.
    protocol_version = "HTTP/1.1"
    # The handler sends headers and body in separate writes: with Nagle's algorithm the body
    # waits for the client's delayed ACK of the headers, up to 40 ms per response on Linux, which
    # no production server adds (nginx and others set TCP_NODELAY on keep-alive connections).
    disable_nagle_algorithm = True

    def guess_type(self, path):
        _, ext = os.path.splitext(path)
        return self.extensions_map.get(ext.lower(), "application/octet-stream")

    def end_headers(self):
        if self.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        ctype = getattr(self, "_ctype", None)
        if self.csp and ctype and ctype.startswith("text/html"):
            self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def send_header(self, keyword, value):
        if keyword.lower() == "content-type":
            self._ctype = value
        super().send_header(keyword, value)

    def do_OPTIONS(self):
        self._ctype = None
        if self.cors:
            self.send_response(204)
            self.send_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
            req = self.headers.get("Access-Control-Request-Headers")
            self.send_header("Access-Control-Allow-Headers", req or "*")
            self.send_header("Access-Control-Max-Age", "600")
        else:
            self.send_response(204)
            self.send_header("Allow", "GET, HEAD, OPTIONS")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_head(self):
        self._ctype = None
        return super().send_head()

    def log_message(self, format, *args):
        if self.verbose:
            super().log_message(format, *args)

    def log_error(self, format, *args):
        if self.verbose:
            super().log_error(format, *args)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # Clients closing connections early (normal for browsers and tests)
        # would otherwise print tracebacks.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)) and not self.verbose:
            return
        super().handle_error(request, client_address)


def make_handler(directory, cors, csp, verbose):
    cls = type("ConfiguredHandler", (Handler,),
               {"cors": cors, "csp": csp, "verbose": verbose})
    return functools.partial(cls, directory=directory)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Static file server (no compression).")
    ap.add_argument("--dir", default=".", help="directory to serve (default: .)")
    ap.add_argument("--port", type=int, default=8080, help="port (default: 8080; 0 = any free port)")
    ap.add_argument("--host", default="127.0.0.1", help="bind address (default: 127.0.0.1)")
    ap.add_argument("--cors", action="store_true",
                    help="add Access-Control-Allow-Origin: * and answer OPTIONS")
    ap.add_argument("--csp", default=None, metavar="POLICY",
                    help="Content-Security-Policy header for HTML responses")
    ap.add_argument("--verbose", action="store_true", help="log every request")
    args = ap.parse_args(argv)

    directory = os.path.abspath(args.dir)
    if not os.path.isdir(directory):
        ap.error(f"--dir {args.dir!r} is not a directory")

    handler = make_handler(directory, args.cors, args.csp, args.verbose)
    server_cls = Server
    if ":" in args.host:  # IPv6 literal, e.g. ::1
        server_cls = type("Server6", (Server,), {"address_family": socket.AF_INET6})
    try:
        httpd = server_cls((args.host, args.port), handler)
    except OSError as e:
        print(f"serve.py: cannot listen on {args.host}:{args.port}: {e}", file=sys.stderr)
        return 1
    httpd.verbose = args.verbose

    def stop(signum, frame):
        # shutdown() blocks until serve_forever() returns, so call it from
        # another thread than the one running serve_forever().
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    host, port = httpd.server_address[:2]
    print(f"Serving {directory} at http://{host}:{port}/"
          + (" (CORS)" if args.cors else ""), flush=True)
    try:
        httpd.serve_forever(poll_interval=0.2)
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
