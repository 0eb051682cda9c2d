#!/usr/bin/env python3
"""A tiny dyndns2 provider for lab tests: answers GET /nic/update as members.dyndns.org does and records each request.

Every request is appended to --log as one JSON line (path, hostname, myip, whether the Basic auth matched, user agent);
the credentials themselves are never written. With --on-update, each accepted change runs CMD HOSTNAME IP (the lab
test passes 'scripts/lab dns' so the lab's DNS follows, as a real provider's would).
"""
import argparse
import base64
import http.server
import json
import subprocess
import urllib.parse

parser = argparse.ArgumentParser()
parser.add_argument("--bind", default="127.0.0.1")
parser.add_argument("--port", type=int, default=8245)
parser.add_argument("--log", required=True)
parser.add_argument("--user", required=True)
parser.add_argument("--password-file", required=True)
parser.add_argument("--on-update", nargs="+", default=[])
args = parser.parse_args()
with open(args.password_file, encoding="utf-8") as f:
    password = f.read().splitlines()[0]
expected_auth = "Basic " + base64.b64encode(f"{args.user}:{password}".encode()).decode()
current = {}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        hostnames = [h for h in query.get("hostname", [""])[0].split(",") if h]
        ip = query.get("myip", [""])[0]
        auth_ok = self.headers.get("Authorization", "") == expected_auth
        with open(args.log, "a", encoding="utf-8") as log:
            log.write(json.dumps({"path": url.path, "hostname": ",".join(hostnames), "myip": ip, "auth": auth_ok,
                                  "agent": self.headers.get("User-Agent", "")}) + "\n")
        if url.path != "/nic/update":
            self.answer(404, "not found")
            return
        if not auth_ok:
            self.answer(200, "badauth")
            return
        if not hostnames:
            self.answer(200, "notfqdn")
            return
        lines = []
        for host in hostnames:
            if current.get(host) == ip:
                lines.append("nochg " + ip)
            else:
                current[host] = ip
                lines.append("good " + ip)
                if args.on_update:
                    subprocess.run(args.on_update + [host, ip], check=False, stdout=subprocess.DEVNULL)
        self.answer(200, "\n".join(lines))

    def answer(self, code, body):
        data = (body + "\n").encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *a):
        pass


http.server.HTTPServer((args.bind, args.port), Handler).serve_forever()
