package dev.homeport.webadmin.emulator;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Netgear SerComm-family admin UI (DGN2200-class; pages of DGND3700v2 V1.1.00.26, see the reference §2 and §10):
 * Basic auth on every page, one admin at a time by client IP ({@code multi_login.html} for the others), a session id
 * rendered as {@code setup.cgi?id=%08x} and hidden {@code SID} in every form, {@code setup.cgi} dispatching on
 * {@code this_file}/{@code todo}, errors as {@code <script> alert("..."); </script>} pages, logout via
 * {@code logout.htm}. State: custom services, inbound rules, the Dynamic DNS settings.
 */
public final class SerCommEmulator extends RouterEmulator {

    /** A custom service (nvram fw_services). */
    public record Service(String name, String type, int start, int end) { }

    /** An inbound rule (nvram fw_in_rules): enable, service, action, LAN IP, WAN users, logging. */
    public record InboundRule(boolean enabled, String service, String action, String lanIp, String wan, String logging) { }

    /** The Dynamic DNS page's settings. */
    public record Ddns(boolean active, String provider, String host, String user, String password) { }

    private static final List<String> PREDEFINED = List.of("Any(ALL)", "FTP", "HTTP", "HTTPS", "SSH", "Telnet", "SMTP");
    private static final Map<String, String> ACTIONS = Map.of("2", "ALLOW always", "3", "ALLOW by schedule, otherwise Block",
            "0", "BLOCK always", "1", "BLOCK by schedule, otherwise Allow");
    private static final Map<String, String> LOGS = Map.of("1", "Always", "0", "Never", "2", "Match", "3", "Not Match");

    private final String model;
    private final String lanIp;
    private final int prefix;
    private final SecureRandom random = new SecureRandom();
    private final List<Service> services = new ArrayList<>();
    private final List<InboundRule> rules = new ArrayList<>();
    private Ddns ddns = new Ddns(false, "dyndns", "", "", "");
    private Optional<String> loginIp = Optional.empty();
    private String sid = "";
    private int logins;
    private int logouts;
    private int posts;
    private int expireAtPost = -1;
    private boolean legacyLayout;

    public SerCommEmulator(String model, String user, String password, String lanIp, int prefix) {
        super(user, password);
        this.model = model;
        this.lanIp = lanIp;
        this.prefix = prefix;
    }

    /** A DGN2200v4 on 192.168.0.1/24 with admin/password. */
    public static SerCommEmulator dgn2200() {
        return new SerCommEmulator("DGN2200v4", "admin", "password", "192.168.0.1", 24);
    }

    /** Serves until killed: {@code --bind 192.0.2.1 --port 80 --lan 192.0.2.1/24 --user admin --password secret
     * [--nft-wan IFNAME]}. */
    public static void main(String[] argv) throws Exception {
        Map<String, String> a = args(argv);
        String[] lan = a.getOrDefault("--lan", "192.168.0.1/24").split("/");
        SerCommEmulator e = new SerCommEmulator(a.getOrDefault("--model", "DGN2200v4"), a.get("--user"), a.get("--password"),
                lan[0], Integer.parseInt(lan[1]));
        serve(e, a);
    }

    // ---- test hooks -----------------------------------------------------------------------------------------

    public synchronized List<Service> services() {
        return List.copyOf(services);
    }

    public synchronized List<InboundRule> rules() {
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

    /** True while someone is logged in. */
    public synchronized boolean sessionOpen() {
        return loginIp.isPresent();
    }

    /** Someone else (another LAN host) is logged in to the admin UI. */
    public synchronized void otherAdminLoggedIn(String ip) {
        loginIp = Optional.of(ip);
        sid = newSid();
    }

    /** The session id changes just before the n-th POST from now (1 = the next), like an idle timeout would. */
    public synchronized void expireTokenAtPost(int n) {
        expireAtPost = posts + n;
    }

    /** Serve the inbound table on fw_rules.htm only (older firmware); FW_forward.htm answers 404. */
    public synchronized void legacyLayout() {
        legacyLayout = true;
    }

    /** Adds a service and rule as the owner would by hand. */
    public synchronized void addByHand(String name, String type, int port, String ip) {
        services.add(new Service(name, type, port, port));
        rules.add(new InboundRule(true, name, "2", ip, "Any", "1"));
    }

    /** Adds a custom service with no inbound rule (what a run that died after its first form leaves behind). */
    public synchronized void addServiceByHand(Service service) {
        services.add(service);
    }

    /** Adds an inbound rule as the owner would by hand (its service must exist). */
    public synchronized void addRuleByHand(InboundRule rule) {
        rules.add(rule);
    }

    @Override
    public synchronized String stateText() {
        StringBuilder b = new StringBuilder();
        services.forEach(s -> b.append("service ").append(s.name()).append(' ').append(s.type()).append(' ')
                .append(s.start()).append('-').append(s.end()).append('\n'));
        rules.forEach(r -> b.append("rule ").append(r.service()).append(' ').append(ACTIONS.get(r.action())).append(' ')
                .append(r.lanIp()).append('\n'));
        b.append("ddns ").append(ddns.active() ? "on " : "off ").append(ddns.provider()).append(' ').append(ddns.host())
                .append(' ').append(ddns.user()).append('\n');
        b.append("logins ").append(logins).append(" logouts ").append(logouts).append(" session ")
                .append(loginIp.orElse("none")).append('\n');
        return b.toString();
    }

    /** Inbound rules that are enabled and "ALLOW always", for a custom service: its ports, to the rule's LAN address. */
    @Override
    protected synchronized List<NftForwards.Forward> forwards() {
        List<NftForwards.Forward> out = new ArrayList<>();
        for (InboundRule r : rules) {
            if (!r.enabled() || !r.action().equals("2")) continue;
            services.stream().filter(s -> s.name().equals(r.service())).findFirst().ifPresent(s -> {
                for (String p : s.type().equals("both") ? List.of("tcp", "udp") : List.of(s.type())) {
                    out.add(new NftForwards.Forward(p, s.start(), s.end(), r.lanIp(), s.start()));
                }
            });
        }
        return out;
    }

    // ---- the firmware -----------------------------------------------------------------------------------------

    @Override
    protected Response handle(Request r) {
        if (r.path().equals("/currentsetting.htm")) {
            return Response.text(200, "Firmware=V1.1.00.26_1.00.26WW\nRegionTag=" + model + "_WW\nRegion=WW\nModel=" + model
                    + "\nInternetConnectionStatus=Up\nParentalControlSupported=1\nSOAPVersion=1.13\nReadyShareSupportedLevel=5\n");
        }
        if (!credentialsOk(r)) {
            return new Response(401, Map.of("WWW-Authenticate", "Basic realm=\"NETGEAR " + model + "\"", "Content-Type", "text/html"),
                    "<HTML><HEAD><TITLE>401 Unauthorized</TITLE></HEAD><BODY BGCOLOR=\"#cc9999\"><H4>401 Unauthorized</H4>"
                            + "Authorization required.</BODY></HTML>");
        }
        boolean takeOver = r.path().equals("/setup.cgi") && r.param("todo").equals("login")
                && r.param("this_file").equals("multi_login.html");
        if (loginIp.isEmpty() || takeOver) {
            loginIp = Optional.of(r.clientIp());
            sid = newSid();
            logins++;
            if (takeOver) return page("index.htm");
        } else if (!loginIp.get().equals(r.clientIp())) {
            if (r.path().equals("/setup.cgi") && r.param("todo").equals("no_login")) return page("LGO_logout.htm");
            return Response.html(multiLogin());
        }
        if (r.method().equals("POST")) return post(r);
        String name = r.path().substring(1);
        if (name.contains("&")) name = name.substring(0, name.indexOf('&'));
        if (name.equals("setup.cgi")) name = r.param("next_file");
        if (name.isEmpty()) name = "index.htm";
        return page(name);
    }

    private Response post(Request r) {
        posts++;
        if (posts == expireAtPost) sid = newSid();
        if (!r.path().equals("/setup.cgi")) return new Response(404, Map.of(), "404 Not Found");
        String id = r.query().startsWith("id=") ? r.query().substring(3) : "";
        if (!id.equals(sid) || !r.param("SID").equals(sid)) return Response.html(accessDenied());
        String thisFile = r.param("this_file");
        String todo = r.param("todo");
        if (todo.equals("logout")) {
            loginIp = Optional.empty();
            logouts++;
            return page("LGO_logout.htm");
        }
        if (!r.has("this_file") || !r.has("todo")) return alert("Invalid request", "index.htm");
        String next = r.param("next_file").isEmpty() ? thisFile : r.param("next_file");
        switch (thisFile + " " + todo) {
            case "fw_serv.htm newfile", "fw_rules.htm newfile", "FW_forward.htm newfile":
                return page(next);
            case "servinfo.htm save":
                return saveService(r, next);
            case "rule_in.htm save":
                return saveRule(r, next);
            case "fw_serv.htm delete", "fw_rules.htm delete":
                return deleteService(r, thisFile);
            case "FW_forward.htm delete":
                return deleteRule(r);
            case "DNS_ddns.htm save":
                return saveDdns(r);
            default:
                return alert("Invalid request", thisFile);
        }
    }

    private Response saveService(Request r, String next) {
        for (String f : List.of("portname", "srvtype", "port_start", "port_end")) {
            if (!r.has(f)) return alert("Missing " + f, "servinfo.htm");
        }
        String name = r.param("portname").strip();
        String type = r.param("srvtype");
        if (name.isEmpty() || name.length() > 30) return alert("Please enter a service name", "servinfo.htm");
        if (!List.of("tcp", "udp", "both").contains(type)) return alert("Invalid service type", "servinfo.htm");
        int start = port(r.param("port_start"));
        int end = port(r.param("port_end"));
        if (start < 1 || end < 1 || start > end) return alert("Invalid port range", "servinfo.htm");
        boolean duplicate = PREDEFINED.stream().anyMatch(p -> p.equalsIgnoreCase(name))
                || services.stream().anyMatch(s -> s.name().equalsIgnoreCase(name));
        if (duplicate) return alert("Duplicate service name", "servinfo.htm");
        services.add(new Service(name, type, start, end));
        return page(next);
    }

    private Response saveRule(Request r, String next) {
        for (String f : List.of("fwin_action", "fwin_waniptype", "fwin_logging")) {
            if (!r.has(f) && !r.has("h_" + f)) return alert("Missing " + f, "rule_in.htm");
        }
        String service = (r.param("h_service_list").isEmpty() ? r.param("service_list") : r.param("h_service_list"))
                .replace('\u00a0', ' ').strip();
        boolean known = PREDEFINED.contains(service) || services.stream().anyMatch(s -> s.name().equals(service));
        if (!known) return alert("Please select a service", "rule_in.htm");
        String action = r.param("h_fwin_action").isEmpty() ? r.param("fwin_action") : r.param("h_fwin_action");
        if (!ACTIONS.containsKey(action)) return alert("Invalid action", "rule_in.htm");
        String ip = r.param("c4_lan_start_ip");
        if (ip.isEmpty()) {
            ip = String.join(".", r.param("lan_start_ip1"), r.param("lan_start_ip2"), r.param("lan_start_ip3"),
                    r.param("lan_start_ip4"));
        }
        boolean block = action.equals("0");
        if (!block && !inLan(ip, lanIp, prefix)) return alert("Invalid LAN IP address", "rule_in.htm");
        String wanType = r.param("h_fwin_waniptype").isEmpty() ? r.param("fwin_waniptype") : r.param("h_fwin_waniptype");
        String wan = switch (wanType) {
            case "anyip" -> "Any";
            case "singleip" -> r.param("c4_wan_start_ip");
            case "rangeip" -> r.param("c4_wan_start_ip") + "-" + r.param("c4_wan_finish_ip");
            default -> null;
        };
        if (wan == null || (!wanType.equals("anyip") && parseIp(r.param("c4_wan_start_ip")) < 0)) {
            return alert("Invalid WAN IP address", "rule_in.htm");
        }
        String log = r.param("h_fwin_logging").isEmpty() ? r.param("fwin_logging") : r.param("h_fwin_logging");
        if (!LOGS.containsKey(log)) return alert("Invalid log setting", "rule_in.htm");
        String finalIp = ip;
        if (rules.stream().anyMatch(x -> x.service().equals(service) && x.lanIp().equals(finalIp))) {
            return alert("This rule already exists", "rule_in.htm");
        }
        rules.add(new InboundRule(true, service, action, ip, wan, log));
        return page(next);
    }

    private Response deleteService(Request r, String thisFile) {
        String sel = r.param("h_ruleSelect").isEmpty() ? r.param("ruleSelect") : r.param("h_ruleSelect");
        int i = index(sel, services.size());
        if (i < 0) return alert("Please select a service", thisFile);
        String name = services.get(i).name();
        if (rules.stream().anyMatch(x -> x.service().equals(name))) {
            return alert("This service is in use by a firewall rule", thisFile);
        }
        services.remove(i);
        return page(thisFile);
    }

    private Response deleteRule(Request r) {
        String sel = r.param("in_sel").isEmpty() ? r.param("h_ruleSelect") : r.param("in_sel");
        int i = index(sel, rules.size());
        if (i < 0) return alert("Please select a rule", "FW_forward.htm");
        rules.remove(i);
        return page("FW_forward.htm");
    }

    private Response saveDdns(Request r) {
        boolean active = r.param("h_sysDNSActive").equals("enable");
        String provider = r.param("h_sysDNSProviderlist").isEmpty() ? r.param("sysDNSProviderlist") : r.param("h_sysDNSProviderlist");
        if (!List.of("NETGEAR", "dyndns", "noipdns").contains(provider)) return alert("Invalid provider", "DNS_ddns.htm");
        String host = r.param("sysDNSHost").strip();
        if (active && provider.equals("dyndns") && (host.isEmpty() || r.param("sysDNSUser").isBlank()
                || r.param("sysDNSPassword").isEmpty())) {
            return alert("Please enter host name, user name and password", "DNS_ddns.htm");
        }
        ddns = new Ddns(active, provider, host, r.param("sysDNSUser"), r.param("sysDNSPassword"));
        return page("DNS_ddns.htm");
    }

    private static int index(String sel, int size) {
        if (!sel.matches("\\d{1,4}")) return -1;
        int i = Integer.parseInt(sel);
        return i < size ? i : -1;
    }

    private static int port(String s) {
        if (!s.strip().matches("\\d{1,5}")) return -1;
        int p = Integer.parseInt(s.strip());
        return p >= 1 && p <= 65534 ? p : -1;
    }

    private String newSid() {
        return String.format(Locale.ROOT, "%08x", random.nextInt());
    }

    private Response alert(String message, String back) {
        return Response.html("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head><body>"
                + "<script> alert(\"" + message + "\"); </script><script> location.href=\"setup.cgi?next_file=" + back
                + "\"; </script></body></html>");
    }

    private String accessDenied() {
        return "<html><head><title>401_access_denied</title></head><body><h4>Access denied</h4>"
                + "<p>error: session id absent !</p><a href=\"index.htm\">Log in again</a></body></html>";
    }

    private String multiLogin() {
        return "<html><head><title>NETGEAR Router " + model + "</title>"
                + "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head><body>"
                + "<p>Another administrator is already logged in to the router. Do you want to log in anyway?</p>"
                + "<input type=\"button\" name=\"yes\" value=\"Yes\" "
                + "onClick=\"location.href='setup.cgi?todo=login&amp;this_file=multi_login.html'\">"
                + "<input type=\"button\" name=\"no\" value=\"No\" "
                + "onClick=\"location.href='setup.cgi?todo=no_login&amp;this_file=multi_login.html'\">"
                + "<!-- multi_login.html --></body></html>";
    }

    // ---- pages ------------------------------------------------------------------------------------------------

    private Response page(String name) {
        String body = switch (name) {
            case "index.htm" -> shell("NETGEAR Router " + model, "<iframe name=\"topframe\" src=\"top.html\"></iframe>"
                    + "<iframe name=\"formframe\" id=\"formframe\" src=\"basic_wait.htm\"></iframe>");
            case "fw_serv.htm" -> servicesPage();
            case "servinfo.htm" -> serviceForm();
            case "fw_rules.htm" -> rulesPage();
            case "FW_forward.htm" -> legacyLayout ? null : forwardPage();
            case "rule_in.htm" -> inboundForm();
            case "DNS_ddns.htm" -> ddnsPage();
            case "logout.htm" -> shell("Logout", "<form name=\"formname\" method=\"POST\" action=\"setup.cgi?id=" + sid + "\">"
                    + "<input type=\"hidden\" name=\"todo\" value=\"logout\"><input type=\"hidden\" name=\"SID\" value=\"" + sid
                    + "\"><input type=\"submit\" name=\"Logout\" value=\"Logout\"></form>");
            case "LGO_logout.htm" -> shell("Logged out", "<p>You have logged out.</p>");
            default -> null;
        };
        if (body == null) return new Response(404, Map.of("Content-Type", "text/html"), "<html><body>404 Not Found</body></html>");
        return Response.html(body);
    }

    private String shell(String title, String content) {
        return "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"><title>" + esc(title)
                + "</title><script language=\"javascript\" type=\"text/javascript\" src=\"linux.js\"></script></head>"
                + "<body bgcolor=\"#ffffff\">" + content + "</body></html>";
    }

    private String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + esc(value) + "\">";
    }

    private String action() {
        return "setup.cgi?id=" + sid;
    }

    private String serviceRows(String radio) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < services.size(); i++) {
            Service s = services.get(i);
            b.append("<tr><td><input type=\"radio\" value=\"").append(i).append("\" name=\"").append(radio).append("\"></td><td>")
                    .append(i + 1).append("</td><td><b>").append(esc(s.name())).append("</b></td><td><b>")
                    .append(s.type().equals("both") ? "TCP/UDP" : s.type().toUpperCase(Locale.ROOT)).append(": ")
                    .append(s.start()).append('-').append(s.end()).append("</b></td></tr>");
        }
        return b.toString();
    }

    private String serviceButtons() {
        return "<input type=\"submit\" name=\"Add\" value=\"Add Custom Service\" "
                + "onClick=\"this.form.next_file.value='servinfo.htm';this.form.todo.value='newfile'\">"
                + "<input type=\"button\" name=\"Edit\" value=\"Edit Service\" onClick=\"radioTable(this.form,this.form.rule"
                + "Select,'edit')\">"
                + "<input type=\"button\" name=\"Delete\" value=\"Delete Service\" "
                + "onClick=\"radioTable(this.form,this.form.ruleSelect,'delete')\">";
    }

    private String servicesPage() {
        return shell("Services", "<form name=\"frmService\" method=\"POST\" action=\"" + action()
                + "\" onSubmit=\"buttonToDisabled(document.forms[0])\"><table><tr><td></td><td>#</td><td>Service Name</td><t"
                + "d>Ports</td></tr>"
                + serviceRows("ruleSelect") + "</table>" + serviceButtons()
                + hidden("todo", "") + hidden("h_ruleSelect", "") + hidden("this_file", "fw_serv.htm")
                + hidden("next_file", "fw_serv.htm") + hidden("SID", sid) + "</form>");
    }

    private String serviceForm() {
        return shell("Add Service", "<form method=\"POST\" action=\"" + action() + "\" onSubmit=\"buttonToDisabled(document.forms[0])\">"
                + "<input class=\"cancel_bt\" type=\"button\" name=\"Cancel\" value=\"Cancel\" onClick=\"location.href='fw_serv.htm'\">"
                + "<input class=\"apply_bt\" type=\"SUBMIT\" name=\"Apply\" value=\"Apply\" onClick=\"return checkData()\">"
                + "<table><tr><td>Name</td><td><input type=\"text\" name=\"portname\" size=\"12\" maxlength=\"30\" value=\"\"></td></tr>"
                + "<tr><td>Type</td><td><select name=\"srvtype\" size=\"1\"><option value=\"tcp\">TCP</option>"
                + "<option value=\"udp\">UDP</option><option value=\"both\">TCP/UDP</option></select></td></tr>"
                + "<tr><td>Start Port</td><td><input type=\"text\" class=\"num\" size=\"6\" maxlength=\"5\" name=\"port_start\" value=\"\">"
                + "</td></tr><tr><td>End Port</td><td><input type=\"text\" class=\"num\" size=\"6\" maxlength=\"5\" name=\"port_end\""
                + " value=\"\"></td></tr></table>"
                + hidden("todo", "save") + hidden("h_srvtype", "") + hidden("edit", "") + hidden("h_servSelect", "")
                + hidden("this_file", "servinfo.htm") + hidden("next_file", "fw_rules.htm") + hidden("SID", sid) + "</form>");
    }

    private String inboundRows() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rules.size(); i++) {
            InboundRule r = rules.get(i);
            b.append("<tr><td><input type=\"radio\" name=\"in_sel\" value=\"").append(i).append("\"></td>")
                    .append("<td><input type=\"checkbox\" name=\"incb").append(i).append('"').append(r.enabled() ? " checked" : "")
                    .append("></td><td>").append(esc(r.service())).append("</td><td>").append(ACTIONS.get(r.action()))
                    .append("</td><td>").append(r.lanIp()).append("</td><td>").append(esc(r.wan())).append("</td><td>")
                    .append(LOGS.get(r.logging())).append("</td></tr>");
        }
        return b.toString();
    }

    private String enableString() {
        StringBuilder b = new StringBuilder();
        rules.forEach(r -> b.append(r.enabled() ? '1' : '0'));
        return b.toString();
    }

    private String inboundButtons() {
        return "<input type=\"button\" name=\"inadd\" value=\"Add\" onClick=\"this.form.next_file.value='rule_in.htm';"
                + "stdAction(this.form,'newfile')\">"
                + "<input type=\"button\" name=\"inedit\" value=\"Edit\" onClick=\"radioTable(this.form,this.form.in_sel,'edit')\">"
                + "<input type=\"button\" name=\"intmove\" value=\"Move\" onClick=\"stdAction(this.form,'inmove')\">"
                + "<input type=\"button\" name=\"indelete\" value=\"Delete\" onClick=\"radioTable(this.form,this.form.in_sel,'delete')\">";
    }

    private String forwardPage() {
        return shell("Port Forwarding / Port Triggering", "<form name=\"formname\" method=\"POST\" action=\"" + action()
                + "\" onsubmit=\"buttonToDisabled(document.forms[0])\">"
                + "<input type=\"radio\" name=\"serv_type\" value=\"pf\" checked>Port Forwarding"
                + "<input type=\"radio\" name=\"serv_type\" value=\"pt\" onClick=\"location.href='FW_pt.htm'\">Port Triggering"
                + "<table><tr><td></td><td>Enable</td><td>Service Name</td><td>Action</td><td>LAN Server IP address</td>"
                + "<td>WAN Servers</td><td>Log</td></tr>" + inboundRows() + "</table>" + inboundButtons()
                + "<input type=\"button\" name=\"add_custom_service\" value=\"Add Custom Service\" "
                + "onClick=\"location.href='servinfo.htm&this_file=FW_forward.htm&next_file=servinfo.htm'\">"
                + hidden("entryData", "") + hidden("h_pfw_name", "") + hidden("c4_pfw_ip", "") + hidden("h_pfw_proto", "")
                + hidden("h_pfw_sport", "") + hidden("h_pfw_eport", "") + hidden("in_enable", enableString())
                + hidden("h_ruleSelect", "") + hidden("ruleSelect", "") + hidden("todo", "save")
                + hidden("this_file", "FW_forward.htm") + hidden("next_file", "FW_forward.htm") + hidden("SID", sid)
                + hidden("new_position", "") + "</form>");
    }

    private String rulesPage() {
        String inbound = legacyLayout
                ? "<table><tr><td></td><td>Enable</td><td>Service Name</td><td>Action</td><td>LAN Server IP address</td>"
                        + "<td>WAN Users</td><td>Log</td></tr>" + inboundRows() + "</table>" + inboundButtons()
                : "<a href=\"FW_forward.htm&todo=cfg_init\">Inbound Services</a>";
        return shell("Firewall Rules", "<form name=\"fwrules\" method=\"POST\" action=\"" + action() + "\">"
                + "<table>" + serviceRows("servSelect") + "</table>"
                + "<input type=\"submit\" name=\"Add\" value=\"Add Custom Service\" "
                + "onClick=\"this.form.next_file.value='servinfo.htm';this.form.todo.value='newfile'\">"
                + "<table><tr><td>Outbound Services</td></tr></table>"
                + "<input type=\"button\" name=\"outadd\" value=\"Add\"><input type=\"button\" name=\"outedit\" value=\"Edit\">"
                + "<input type=\"button\" name=\"outmove\" value=\"Move\"><input type=\"button\" name=\"outdelete\" value=\"Delete\">"
                + inbound
                + "<input type=\"radio\" name=\"import_enable\" value=\"1\" checked>Block<input type=\"radio\" name=\"import"
                + "_enable\" value=\"0\">"
                + hidden("h_servSelect", "") + hidden("h_in_sel", "") + hidden("h_out_sel", "") + hidden("in_enable", enableString())
                + hidden("out_enable", "") + hidden("h_import_enable", "1") + hidden("new_position", "") + hidden("todo", "save")
                + hidden("this_file", "fw_rules.htm") + hidden("next_file", "fw_rules.htm") + hidden("SID", sid) + "</form>");
    }

    private String octets(String prefixName, String ip, boolean blank) {
        String[] p = blank ? new String[] {"", "", "", ""} : ip.split("\\.");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            if (i > 0) b.append('.');
            b.append("<input type=\"text\" class=\"num\" size=\"4\" maxlength=\"3\" name=\"").append(prefixName).append(i + 1)
                    .append("\" value=\"").append(p[i]).append("\">");
        }
        return b.toString();
    }

    private String inboundForm() {
        StringBuilder options = new StringBuilder();
        services.forEach(s -> options.append("<option>").append(esc(s.name()).replace(" ", "&nbsp;")).append("</option>"));
        PREDEFINED.forEach(s -> options.append("<option>").append(esc(s)).append("</option>"));
        String lanBase = lanIp.substring(0, lanIp.lastIndexOf('.') + 1) + "1";
        return shell("Inbound Services", "<form method=\"POST\" action=\"" + action() + "\">"
                + "<input class=\"cancel_bt\" type=\"BUTTON\" name=\"Cancel\" value=\"Cancel\" onClick=\"location.href='./FW"
                + "_forward.htm'\">"
                + "<input class=\"apply_bt\" type=\"SUBMIT\" name=\"Apply\" value=\"Apply\" onClick=\"return checkData()\">"
                + "Service <select name=\"service_list\" size=\"1\">" + options + "</select>"
                + "Action <select name=\"fwin_action\" onChange=\"setlan()\"><option value=\"2\">ALLOW always"
                + "<option value=\"3\">ALLOW by schedule, otherwise Block<option value=\"0\">BLOCK always"
                + "<option value=\"1\">BLOCK by schedule, otherwise Allow</select>"
                + "Send to LAN Server " + octets("lan_start_ip", lanBase, false)
                + "WAN Users <select name=\"fwin_waniptype\" onChange=\"setwan()\"><option value=\"anyip\">Any"
                + "<option value=\"singleip\">Single address<option value=\"rangeip\">Address Range</select>"
                + "start " + octets("wan_start_ip", "", true) + " finish " + octets("wan_finish_ip", "", true)
                + "Log <select name=\"fwin_logging\"><option value=\"1\">Always</option><option value=\"0\">Never</option>"
                + "<option value=\"2\">Match</option><option value=\"3\">Not Match</option></select>"
                + "<!-- DemoStart <input type=\"hidden\" name=\"h_fwin_action\" value=\"2\">"
                + "<input type=\"hidden\" name=\"c4_lan_start_ip\" value=\"192.168.0.2\"> DemoEnd -->"
                + hidden("h_fwin_action", "") + hidden("h_fwin_waniptype", "") + hidden("h_fwin_logging", "")
                + hidden("c4_lan_start_ip", "") + hidden("c4_wan_start_ip", "") + hidden("c4_wan_finish_ip", "")
                + hidden("h_service_list", "") + hidden("h_ruleSelect", "") + hidden("edit", "") + hidden("todo", "save")
                + hidden("this_file", "rule_in.htm") + hidden("next_file", legacyLayout ? "fw_rules.htm" : "FW_forward.ht"
                + "m") + hidden("SID", sid) + "</form>");
    }

    private String ddnsPage() {
        String providers = "<option value=\"NETGEAR\">NETGEAR</option><option value=\"dyndns\"" + (ddns.provider().equals("dyndns")
                ? " selected" : "") + ">www.DynDNS.org</option><option value=\"noipdns\"" + (ddns.provider().equals("noipdns")
                ? " selected" : "") + ">www.No-IP.com</option>";
        return shell("Dynamic DNS", "<form method=\"POST\" action=\"" + action() + "\">"
                + "<input type=\"checkbox\" name=\"sysDNSActive\" value=\"\"" + (ddns.active() ? " checked" : "")
                + ">Use a Dynamic DNS Service"
                + "Service Provider <select name=\"sysDNSProviderlist\">" + providers + "</select>"
                + "Host Name <input type=\"text\" name=\"sysDNSHost\" maxlength=\"60\" value=\"" + esc(ddns.host()) + "\">"
                + "User Name <input type=\"text\" name=\"sysDNSUser\" maxlength=\"60\" value=\"" + esc(ddns.user()) + "\">"
                + "Password <input type=\"password\" name=\"sysDNSPassword\" maxlength=\"60\" value=\"\">"
                + "<input type=\"text\" name=\"sysNOIPDNSHost\" value=\"\"><input type=\"text\" name=\"sysNOIPDNSUser\" value=\"\">"
                + "<input type=\"password\" name=\"sysNOIPDNSPassword\" value=\"\">"
                + "<input type=\"button\" name=\"Show\" value=\"Show Status\"><input type=\"button\" name=\"Cancel\" value=\"Cancel\">"
                + "<input type=\"submit\" name=\"Apply\" value=\"Apply\">"
                + hidden("todo", "save") + hidden("this_file", "DNS_ddns.htm") + hidden("next_file", "DNS_ddns.htm")
                + hidden("h_sysDNSActive", ddns.active() ? "enable" : "disable") + hidden("h_sysDNSProviderlist", ddns.provider())
                + hidden("SID", sid) + "</form>");
    }
}
