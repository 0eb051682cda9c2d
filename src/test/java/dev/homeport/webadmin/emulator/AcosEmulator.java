package dev.homeport.webadmin.emulator;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Netgear ACOS-family admin UI (R7000-class; R6400 V1.0.1.44 pages, see the reference §3 and §10): the first
 * request without the {@code XSRF_TOKEN} cookie gets 401 and the cookie even with good credentials; every served
 * form's action is rewritten to {@code X.cgi?id=<csrf id>} and a stale id gets {@code csrf_timeout.htm}; a second
 * admin gets {@code MNU_multiLogin.htm}; {@code LGO_logout.htm} posts {@code logout.cgi}. State: port-forwarding
 * rules and the Dynamic DNS settings.
 */
public final class AcosEmulator extends RouterEmulator {

    /** A port-forwarding rule: name, protocol (TCP, UDP, TCP/UDP), external and internal port lists, LAN address. */
    public record Rule(String name, String protocol, String externalPorts, String internalPorts, String ip) { }

    /** The Dynamic DNS page's settings. */
    public record Ddns(boolean active, String provider, String host, String user, String password, boolean wildcard) { }

    private static final String UNAUTHORIZED = "<html><head><title> Authorization warning</title></head><body>"
            + "<form name=\"formname\" action=\"ptimeout.cgi\" method=\"POST\"><b>401 Unauthorized</b>"
            + "<input type=\"hidden\" name=\"inputname\" value=\"\"></form></body></html>";

    private final String model;
    private final String lanIp;
    private final int prefix;
    private final SecureRandom random = new SecureRandom();
    private final List<Rule> rules = new ArrayList<>();
    private Ddns ddns = new Ddns(false, "www.DynDNS.org", "", "", "", false);
    private final long xsrf;
    private Optional<String> sessionIp = Optional.empty();
    private long csrfId;
    private int logins;
    private int logouts;
    private int posts;
    private int expireAtPost = -1;
    private int remoteManagementPort;

    public AcosEmulator(String model, String user, String password, String lanIp, int prefix) {
        super(user, password);
        this.model = model;
        this.lanIp = lanIp;
        this.prefix = prefix;
        this.xsrf = Math.abs(random.nextLong() % 10_000_000_000L);
    }

    /** An R7000 on 192.168.1.1/24 with admin/password. */
    public static AcosEmulator r7000() {
        return new AcosEmulator("R7000", "admin", "password", "192.168.1.1", 24);
    }

    /** Serves until killed: {@code --bind 192.0.2.1 --port 80 --lan 192.0.2.1/24 --user admin --password secret
     * [--nft-wan IFNAME]}. */
    public static void main(String[] argv) throws Exception {
        Map<String, String> a = args(argv);
        String[] lan = a.getOrDefault("--lan", "192.168.1.1/24").split("/");
        AcosEmulator e = new AcosEmulator(a.getOrDefault("--model", "R7000"), a.get("--user"), a.get("--password"), lan[0],
                Integer.parseInt(lan[1]));
        serve(e, a);
    }

    // ---- test hooks -----------------------------------------------------------------------------------------

    public synchronized List<Rule> rules() {
        return List.copyOf(rules);
    }

    public synchronized Ddns ddns() {
        return ddns;
    }

    public synchronized int logins() {
        return logins;
    }

    public synchronized int logouts() {
        return logouts;
    }

    public synchronized boolean sessionOpen() {
        return sessionIp.isPresent();
    }

    public synchronized void otherAdminLoggedIn(String ip) {
        sessionIp = Optional.of(ip);
        csrfId = newId();
    }

    /** The CSRF id changes just before the n-th POST from now (1 = the next), like the idle timeout does. */
    public synchronized void expireTokenAtPost(int n) {
        expireAtPost = posts + n;
    }

    /** Remote management listens on {@code port} of the WAN side: forwarding it is refused. */
    public synchronized void remoteManagementOn(int port) {
        remoteManagementPort = port;
    }

    public synchronized void addByHand(String name, String protocol, String ext, String in, String ip) {
        rules.add(new Rule(name, protocol, ext, in, ip));
    }

    @Override
    public synchronized String stateText() {
        StringBuilder b = new StringBuilder();
        rules.forEach(r -> b.append("rule ").append(r.name()).append(' ').append(r.protocol()).append(' ')
                .append(r.externalPorts()).append(' ').append(r.internalPorts()).append(' ').append(r.ip()).append('\n'));
        b.append("ddns ").append(ddns.active() ? "on " : "off ").append(ddns.provider()).append(' ').append(ddns.host())
                .append(' ').append(ddns.user()).append('\n');
        b.append("logins ").append(logins).append(" logouts ").append(logouts).append(" session ")
                .append(sessionIp.orElse("none")).append('\n');
        return b.toString();
    }

    /** Every rule: its external port list (a port or first-last, comma-separated) paired with the internal one. */
    @Override
    protected synchronized List<NftForwards.Forward> forwards() {
        List<NftForwards.Forward> out = new ArrayList<>();
        for (Rule r : rules) {
            String[] ext = r.externalPorts().split(",");
            String[] in = r.internalPorts().split(",");
            for (int i = 0; i < ext.length; i++) {
                String[] e = ext[i].strip().split("-");
                int first = Integer.parseInt(e[0].strip());
                int last = e.length > 1 ? Integer.parseInt(e[1].strip()) : first;
                int internal = i < in.length ? Integer.parseInt(in[i].strip().split("-")[0].strip()) : first;
                for (String p : r.protocol().equals("TCP/UDP") ? List.of("tcp", "udp") : List.of(r.protocol().toLowerCase(Locale.ROOT))) {
                    out.add(new NftForwards.Forward(p, first, last, r.ip(), internal));
                }
            }
        }
        return out;
    }

    // ---- the firmware -----------------------------------------------------------------------------------------

    @Override
    protected Response handle(Request r) {
        if (r.path().equals("/currentsetting.htm")) {
            return Response.text(200, String.join("\r\n", "Firmware=V1.0.11.123_10.2.100", "RegionTag=" + model + "_NA", "Region=us",
                    "Model=" + model, "InternetConnectionStatus=Up", "ParentalControlSupported=1", "SOAPVersion=3.21",
                    "LoginMethod=2.0", "ReadyShareSupportedLevel=29", "XCloudSupported=1", "DeviceMode=0", ""));
        }
        boolean cookie = r.cookie("XSRF_TOKEN").map(v -> v.equals(String.valueOf(xsrf))).orElse(false);
        if (!cookie || !credentialsOk(r)) {
            return new Response(401, Map.of("WWW-Authenticate", "Basic realm=\"NETGEAR " + model + "\"",
                    "Set-Cookie", "XSRF_TOKEN=" + xsrf + "; Path=/", "Content-Type", "text/html",
                    "X-Frame-Options", "SAMEORIGIN"), UNAUTHORIZED);
        }
        String page = r.path().substring(1);
        if (sessionIp.isEmpty()) {
            sessionIp = Optional.of(r.clientIp());
            csrfId = newId();
            logins++;
        } else if (!sessionIp.get().equals(r.clientIp())) {
            if (page.equals("MNU_access_multiLogin2.htm")) return html(multiLogin2());
            if (page.equals("multi_login.cgi") && r.method().equals("POST")) return takeOver(r);
            return html(shell("", "<script>top.location.href = \"MNU_access_multiLogin2.htm\";</script>"
                    + "<!-- MNU_multiLogin.htm -->"));
        }
        if (r.method().equals("POST")) {
            posts++;
            if (posts == expireAtPost) csrfId = newId();
            String id = r.query().startsWith("id=") ? r.query().substring(3) : "";
            if (!id.equals(String.valueOf(csrfId))) {
                return html(shell("", "<p>Sorry,your timestamp is expired. Please click the menu to re-enter the page.</p>"
                        + "<!-- csrf_timeout.htm -->"));
            }
            return switch (page) {
                case "pforward.cgi" -> pforward(r);
                case "ddns.cgi" -> saveDdns(r);
                case "logout.cgi" -> {
                    sessionIp = Optional.empty();
                    logouts++;
                    yield html(shell("", "<p>You have logged out.</p>"));
                }
                case "multi_login.cgi" -> html(startPage());
                default -> new Response(404, Map.of(), "404 Not Found");
            };
        }
        return switch (page) {
            case "", "start.htm", "index.htm" -> html(startPage());
            case "FW_forward3.htm", "FW_forward.htm" -> html(listPage());
            case "DNS_ddns.htm" -> html(ddnsPage());
            case "LGO_logout.htm" -> html(shell("", "<form name=\"formname\" method=\"POST\" action=\"" + act("logout.cgi")
                    + "\"></form><script>document.forms[0].submit();</script>"));
            case "MNU_access_multiLogin2.htm" -> html(multiLogin2());
            default -> new Response(404, Map.of("Content-Type", "text/html"), "<html><body>404 Not Found</body></html>");
        };
    }

    private Response takeOver(Request r) {
        if (!r.param("act").equals("yes")) return html(shell("", "<p>You have logged out.</p>"));
        sessionIp = Optional.of(r.clientIp());
        csrfId = newId();
        logins++;
        return html(startPage());
    }

    private Response pforward(Request r) {
        String action = r.param("action");
        switch (action) {
            case "custom":
                return html(servicePage());
            case "add_apply":
                return addApply(r);
            case "delete": {
                String sel = r.param("selectEntry").isEmpty() ? r.param("RouteSelect") : r.param("selectEntry");
                if (!sel.matches("\\d{1,4}") || Integer.parseInt(sel) >= rules.size()) return alert("Please select a service to delete.");
                rules.remove(Integer.parseInt(sel));
                return html(listPage());
            }
            default:
                return alert("Invalid request.");
        }
    }

    private Response addApply(Request r) {
        for (String f : List.of("portname", "srvtype", "port_start")) {
            if (!r.has(f)) return alert("Missing " + f + ".");
        }
        String name = r.param("portname");
        if (name.isBlank() || name.length() > 30 || !name.matches("[\\x20-\\x7E]+")) return alert("Invalid service name.");
        String proto = r.param("newType").isEmpty() ? r.param("srvtype") : r.param("newType");
        if (!List.of("TCP", "UDP", "TCP/UDP").contains(proto)) return alert("Invalid protocol.");
        String ext = r.param("port_start").strip();
        String in = r.param("internal_port_start").isBlank() ? ext : r.param("internal_port_start").strip();
        List<Integer> extPorts = ports(ext);
        if (extPorts.isEmpty() || ports(in).size() != extPorts.size()) return alert("Invalid port range.");
        String ip = r.param("newIP").isEmpty() ? String.join(".", r.param("server_ip1"), r.param("server_ip2"),
                r.param("server_ip3"), r.param("server_ip4")) : r.param("newIP");
        if (!inLan(ip, lanIp, prefix)) return alert("Invalid IP address. The server must be on the LAN (" + lanIp + "/" + prefix + ").");
        if (extPorts.contains(remoteManagementPort)) return alert("The port conflicts with Remote Management.");
        for (Rule x : rules) {
            if (x.name().equals(name)) return alert("Service name already exists.");
            boolean protoOverlap = x.protocol().equals(proto) || x.protocol().equals("TCP/UDP") || proto.equals("TCP/UDP");
            if (protoOverlap && ports(x.externalPorts()).stream().anyMatch(extPorts::contains)) {
                return alert("Port conflict with service " + x.name() + ".");
            }
        }
        rules.add(new Rule(name, proto, ext, in, ip));
        return html(listPage());
    }

    /** "888", "80,888-890" → the ports, or empty when malformed or out of 1..65535. */
    private static List<Integer> ports(String spec) {
        List<Integer> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] range = part.strip().split("-", -1);
            if (range.length > 2 || !range[0].matches("\\d{1,5}") || (range.length == 2 && !range[1].matches("\\d{1,5}"))) {
                return List.of();
            }
            int a = Integer.parseInt(range[0]);
            int b = range.length == 2 ? Integer.parseInt(range[1]) : a;
            if (a < 1 || b > 65535 || a > b) return List.of();
            for (int p = a; p <= b; p++) out.add(p);
        }
        return out;
    }

    private Response saveDdns(Request r) {
        boolean active = r.param("sysDNSActive").equals("dnsEnable");
        String provider = r.param("sysDNSProviderlist");
        if (!List.of("www.DynDNS.org", "www.No-IP.com", "www.oray.cn").contains(provider)) return alert("Invalid service provider.");
        if (active && (r.param("sysDNSHost").isBlank() || r.param("sysDNSUser").isBlank() || r.param("sysDNSPassword").isEmpty())) {
            return alert("Please enter the host name, user name and password.");
        }
        ddns = new Ddns(active, provider, r.param("sysDNSHost").strip(), r.param("sysDNSUser"), r.param("sysDNSPassword"),
                r.param("sysDNSWildCard").equals("wildEnable"));
        return html(ddnsPage());
    }

    private long newId() {
        return 1_000_000L + Math.abs(random.nextLong() % 9_000_000_000L);
    }

    private String act(String cgi) {
        return cgi + "?id=" + csrfId;
    }

    private static Response html(String body) {
        return new Response(200, Map.of("Content-Type", "text/html", "X-Frame-Options", "SAMEORIGIN"), body);
    }

    private Response alert(String message) {
        return html("<html><head></head><body><script>alert(\"" + message + "\");history.go(-1);</script></body></html>");
    }

    private String shell(String title, String content) {
        return "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"><title>" + esc(title)
                + "</title><script src=\"script/script.js\"></script></head><body>" + content + "</body></html>";
    }

    private String startPage() {
        return shell("NETGEAR Router " + model, "<iframe id=\"page\" name=\"page\" src=\"basic_home.htm\"></iframe>"
                + "<iframe id=\"page2\" name=\"page2\"></iframe>");
    }

    private String multiLogin2() {
        return shell("", "<form action=\"" + act("multi_login.cgi") + "\" method=\"POST\">"
                + "<p>Another user is currently logged in to the router. Continuing will log that user out.</p>"
                + "<input type=\"hidden\" name=\"act\" value=\"yes\"><button type=\"submit\" name=\"yes\" value=\"Yes\">Yes</button>"
                + "<button type=\"button\" name=\"no\" onClick=\"this.form.act.value='no';this.form.submit()\">No</button></form>");
    }

    private String buttons() {
        return "<input type=\"hidden\" name=\"buttonHit\"><input type=\"hidden\" name=\"buttonValue\">";
    }

    private String listPage() {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < rules.size(); i++) {
            Rule x = rules.get(i);
            rows.append("<tr><td><input type=RADIO name=RouteSelect value=").append(i).append("></td><td>").append(i + 1)
                    .append("</td><td><span class=ttext>").append(esc(x.name())).append("</span></td><td><span class=ttext>")
                    .append(x.externalPorts()).append("</span></td><td><span class=ttext>").append(x.internalPorts())
                    .append("</span></td><td><span class=ttext>").append(x.ip()).append("</span></td></tr>");
        }
        String base = lanIp.substring(0, lanIp.lastIndexOf('.'));
        String[] b = base.split("\\.");
        return shell("Port Forwarding / Port Triggering", "<form id=\"target\" name=\"formname\" method=\"POST\" action=\""
                + act("pforward.cgi") + "\">" + buttons()
                + "<input type=\"radio\" checked name=\"serv_type\" value=\"pf\" onClick=\"doTypeChange(0)\"> Port Forwarding"
                + "<input type=\"radio\" name=\"serv_type\" value=\"pt\" onClick=\"doTypeChange(1)\"> Port Triggering"
                + "<select name=\"svs_gm\" size=\"1\" onChange=\"showIP()\"><option value=\"FTP\">FTP</option>"
                + "<option value=\"HTTP\">HTTP</option></select>"
                + "<input type=\"text\" name=\"SV_IP1\" value=\"" + b[0] + "\"><input type=\"text\" name=\"SV_IP2\" value=\"" + b[1]
                + "\"><input type=\"text\" name=\"SV_IP3\" value=\"" + b[2] + "\"><input type=\"text\" name=\"SV_IP4\" value=\"\">"
                + "<button type=\"Submit\" value=\"Add\" name=\"svAdd\" onclick=\"buttonClick(this,'Add');return Check(0);\">Add</button>"
                + "<table border=0><tr><td></td><td>#</td><td>Service Name</td><td>External Port</td><td>Internal Port</td>"
                + "<td>Internal IP address</td></tr>" + rows + "</table>"
                + "<button type=\"Submit\" name=\"Edit\" value=\"Edit Service\" onclick=\"buttonClick(this,'Edit');return Check(1);\">"
                + "Edit Service</button><button type=\"Submit\" name=\"Delete\" value=\"Delete Service\" "
                + "onclick=\"buttonClick(this,'Delete');return Check(2);\">Delete Service</button>"
                + "<button type=\"Submit\" name=\"Add\" value=\"Add Custom Service\" onclick=\"buttonClick(this,'Add');return Check(3);\">"
                + "Add Custom Service</button>"
                + "<input type=\"hidden\" name=\"selectService\" value=\"\"><input type=\"hidden\" name=\"lanIP\" value=\"" + lanIp + "\">"
                + "<input type=\"hidden\" name=\"action\" value=\"init\"><input type=\"hidden\" name=\"selectEntry\" value=\"\">"
                + "<input type=\"hidden\" name=\"inputIP\" value=\"\"><input type=\"hidden\" name=\"entryData\" value=\"\">"
                + "<input type=\"hidden\" name=\"fwpf_enable\"><input type=\"hidden\" name=\"arrange_flag\" value=\"0\"></form>");
    }

    private String servicesTable() {
        StringBuilder b = new StringBuilder();
        for (Rule x : rules) {
            String p = switch (x.protocol()) {
                case "TCP" -> "6";
                case "UDP" -> "17";
                default -> "-1";
            };
            b.append(esc(x.name())).append(';').append(p).append(';').append(x.externalPorts()).append(';')
                    .append(x.internalPorts()).append('@');
        }
        return b.toString();
    }

    private String servicePage() {
        String[] b = lanIp.split("\\.");
        StringBuilder hiddenFields = new StringBuilder();
        for (String h : List.of("oldService", "oldService2", "oldService3", "oldType", "newType", "oldSport", "oldInternalSport",
                "oldIP", "newIP", "entryData", "arrange_flag")) {
            hiddenFields.append("<input type=\"hidden\" name=\"").append(h).append("\" value=\"\">");
        }
        return shell("Ports - Custom Services", "<form id=\"target\" name=\"formname\" action=\"" + act("pforward.cgi")
                + "\" method=\"POST\">" + buttons()
                + "<button type=\"submit\" name=\"apply\" value=\"Apply\" onclick=\"buttonClick(this,'Apply');if(!Check()) return false;"
                + " Final();\">Apply</button>"
                + "<button type=\"button\" name=\"cancel\" onClick=\"location.href='FW_forward3.htm'\">Cancel</button>"
                + "Service Name <input type=\"text\" name=\"portname\" size=\"30\" maxlength=\"30\" value=\"\">"
                + "Protocol <select name=\"srvtype\"><option value=\"TCP/UDP\">TCP/UDP<option value=\"TCP\">TCP"
                + "<option value=\"UDP\">UDP</select>"
                + "External Port Range <input type=\"text\" class=\"num\" name=\"port_start\" maxlength=\"256\" value=\"\">"
                + "<input type=\"checkbox\" name=\"same_range\" value=\"same_range\" checked> Use the same port range for Internal port"
                + "Internal Port Range <input type=\"text\" class=\"num\" name=\"internal_port_start\" maxlength=\"256\" value=\"\">"
                + "Internal IP <input type=\"text\" name=\"server_ip1\" value=\"" + b[0] + "\">.<input type=\"text\" name=\"server_ip2\""
                + " value=\"" + b[1] + "\">.<input type=\"text\" name=\"server_ip3\" value=\"" + b[2] + "\">.<input type=\"text\""
                + " name=\"server_ip4\" value=\"\">"
                + "<input type=\"hidden\" name=\"action\" value=\"init\">" + hiddenFields
                + "<input type=\"hidden\" name=\"lanIP\" value=\"" + lanIp + "\">"
                + "<input type=\"hidden\" name=\"pf_services_tbl\" value=\"" + servicesTable() + "\"></form>");
    }

    private String ddnsPage() {
        String providers = "";
        for (String p : List.of("www.DynDNS.org", "www.No-IP.com", "www.oray.cn")) {
            providers += "<option value=\"" + p + "\"" + (ddns.provider().equals(p) ? " selected" : "") + ">" + p + "</option>";
        }
        return shell("Dynamic DNS", "<form id=\"target\" method=\"POST\" action=\"" + act("ddns.cgi") + "\">" + buttons()
                + "<input type=\"checkbox\" name=\"sysDNSActive\" value=\"dnsEnable\"" + (ddns.active() ? " checked" : "")
                + ">Use a Dynamic DNS Service"
                + "<input type=\"radio\" name=\"account\" value=\"yes\">Yes<input type=\"radio\" name=\"account\" value=\"no\" checked>No"
                + "Service Provider <select name=\"sysDNSProviderlist\">" + providers + "</select>"
                + "Host Name <input type=\"text\" name=\"sysDNSHost\" maxlength=\"60\" value=\"" + esc(ddns.host()) + "\">"
                + "User Name <input type=\"text\" name=\"sysDNSUser\" maxlength=\"60\" value=\"" + esc(ddns.user()) + "\">"
                + "Password <input type=\"password\" name=\"sysDNSPassword\" maxlength=\"60\" value=\"\">"
                + "<input type=\"checkbox\" name=\"sysDNSWildCard\" value=\"wildEnable\"" + (ddns.wildcard() ? " checked" : "")
                + ">Use Wildcards"
                + "<button type=\"submit\" name=\"cfAlert_Apply\" value=\"Apply\" onclick=\"buttonClick(this,'Apply');return"
                + " checkData();\">"
                + "Apply</button></form>");
    }
}
