package dev.homeport.upnp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A small stateful Internet Gateway Device for MockWebServer: serves a description and answers the port-mapping
 * actions the way miniupnpd does, with switchable policies (secure mode, denied ports, lease rules, end-of-list
 * style, read-back failures) so each router behaviour homeport must handle can be reproduced. Every request is first
 * checked as a strict router checks it ({@link SoapCheck}): a malformed one gets the router's fault and is recorded
 * in {@link #violations}.
 */
public final class FakeIgd extends Dispatcher {
    static final String CONTROL_PATH = "/ctl/IPConn";

    /** How the fake says "end of list" past the last entry. */
    enum ListEnd { CODE_713, BARE_500 }

    /** A mapping as the fake stores it. */
    public record Entry(int externalPort, String protocol, String client, int internalPort, String description, long lease) {
    }

    /** Served at /rootDesc.xml: miniupnpd's IGD:2 description, URLs relative to this server. */
    public final String description;
    public final Map<String, Entry> table = new LinkedHashMap<>();
    final List<String> actions = new CopyOnWriteArrayList<>();

    /** The SOAP actions received, in order. */
    public List<String> actions() {
        return List.copyOf(actions);
    }

    public FakeIgd() {
        try {
            description = DescriptionTest.fixture("igd2-miniupnpd.xml");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String serviceType = "urn:schemas-upnp-org:service:WANIPConnection:2";
    /** The control URL's path: requests elsewhere get a 404, as from a router. */
    String controlPath = CONTROL_PATH;
    /**
     * Requests the fake refused as malformed (no or wrong SOAPAction, envelope, namespace, missing or unknown
     * argument, bad value), one line each: a test that drives homeport against the fake asserts it stays empty.
     */
    public final List<String> violations = new CopyOnWriteArrayList<>();
    public String externalIp = "11.7.0.2";
    /** Secure mode: only this client may be mapped (null: anyone). */
    public String onlyClient;
    /** The error a policy denial reports: 718 as IGD:1 miniupnpd does, 606 as IGD:2 does. */
    int denialCode = 606;
    public Set<Integer> deniedPorts = Set.of();
    boolean permanentOnly;
    boolean finiteOnly;
    /** What a finite-only router answers a permanent lease with: 402 (miniupnpd IGD:1 style) or 606. */
    int finiteOnlyCode = 402;
    /** When set, a lease above this is refused with 402 (Invalid Args). */
    long maxLease;
    /** IGD:2 behaviour: a lease of 0 is granted as 604800. */
    boolean clampZeroLease;
    ListEnd listEnd = ListEnd.CODE_713;
    /** When set, AddPortMapping answers with this UPnP code whatever the request. */
    int failAddWith;
    /** A silent refusal: AddPortMapping answers success but the table does not change. */
    public boolean acceptWithoutStoring;
    /** When set, the GetSpecificPortMappingEntry right after an accepted AddPortMapping answers this UPnP code. */
    public int failReadBackWith;
    /** When set, an accepted AddPortMapping is stored as pointing at this client instead (what the read-back shows). */
    public String storeForClient;
    private boolean readBackPending;
    /** The lease of every AddPortMapping received, in order. */
    final List<Long> leases = new CopyOnWriteArrayList<>();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (request.getMethod().equals("GET")) {
            if ("/rootDesc.xml".equals(request.getUrl().encodedPath())) {
                return new MockResponse.Builder().setHeader("Content-Type", "text/xml").body(description).build();
            }
            return new MockResponse.Builder().code(404).build();
        }
        SoapCheck.Call call;
        try {
            call = SoapCheck.parse(request, controlPath, serviceType);
        } catch (SoapCheck.Refused r) {
            violations.add(r.getMessage());
            return r.httpStatus == 0 ? fault(r.upnpCode) : new MockResponse.Builder().code(r.httpStatus)
                    .setHeader("Content-Type", "text/html").body("<html><body>Bad request</body></html>").build();
        }
        String action = call.action();
        Map<String, String> in = call.args();
        actions.add(action);
        synchronized (this) {
            return switch (action) {
                case "GetExternalIPAddress" -> ok(action, Map.of("NewExternalIPAddress", externalIp));
                case "GetStatusInfo" -> ok(action, Map.of("NewConnectionStatus", "Connected", "NewLastConnectionError", "ERROR_NONE",
                        "NewUptime", "42"));
                case "AddPortMapping" -> add(in);
                case "DeletePortMapping" -> table.remove(key(in)) == null ? fault(714) : ok(action, Map.of());
                case "GetSpecificPortMappingEntry" -> specific(in);
                case "GetGenericPortMappingEntry" -> generic(in);
                default -> fault(401);
            };
        }
    }

    private MockResponse add(Map<String, String> in) {
        leases.add(Long.parseLong(in.get("NewLeaseDuration")));
        if (failAddWith > 0) return fault(failAddWith);
        int ext = Integer.parseInt(in.get("NewExternalPort"));
        long lease = Long.parseLong(in.get("NewLeaseDuration"));
        String client = in.get("NewInternalClient");
        if (onlyClient != null && !onlyClient.equals(client)) return fault(denialCode);
        if (deniedPorts.contains(ext)) return fault(denialCode);
        if (permanentOnly && lease != 0) return fault(725);
        if (finiteOnly && lease == 0) return fault(finiteOnlyCode);
        if (maxLease > 0 && lease > maxLease) return fault(402);
        Entry existing = table.get(key(in));
        if (existing != null && !existing.client().equals(client)) return fault(718);
        if (clampZeroLease && (lease == 0 || lease > 604_800)) lease = 604_800;
        readBackPending = true;
        if (acceptWithoutStoring) return ok("AddPortMapping", Map.of());
        if (storeForClient != null) client = storeForClient;
        table.put(key(in), new Entry(ext, in.get("NewProtocol"), client, Integer.parseInt(in.get("NewInternalPort")),
                in.get("NewPortMappingDescription"), lease));
        return ok("AddPortMapping", Map.of());
    }

    private MockResponse specific(Map<String, String> in) {
        boolean readBack = readBackPending;
        readBackPending = false;
        if (failReadBackWith > 0 && readBack) return fault(failReadBackWith);
        Entry e = table.get(key(in));
        if (e == null) return fault(714);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("NewInternalPort", Integer.toString(e.internalPort()));
        out.put("NewInternalClient", e.client());
        out.put("NewEnabled", "1");
        out.put("NewPortMappingDescription", e.description());
        // A router reports the remaining lease: a few seconds have passed.
        out.put("NewLeaseDuration", Long.toString(e.lease() == 0 ? 0 : e.lease() - 3));
        return ok("GetSpecificPortMappingEntry", out);
    }

    private MockResponse generic(Map<String, String> in) {
        int i = Integer.parseInt(in.get("NewPortMappingIndex"));
        List<Entry> entries = new ArrayList<>(table.values());
        if (i >= entries.size()) {
            return listEnd == ListEnd.CODE_713 ? fault(713) : new MockResponse.Builder().code(500).build();
        }
        Entry e = entries.get(i);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("NewRemoteHost", "");
        out.put("NewExternalPort", Integer.toString(e.externalPort()));
        out.put("NewProtocol", e.protocol());
        out.put("NewInternalPort", Integer.toString(e.internalPort()));
        out.put("NewInternalClient", e.client());
        out.put("NewEnabled", "1");
        out.put("NewPortMappingDescription", e.description());
        out.put("NewLeaseDuration", Long.toString(e.lease()));
        return ok("GetGenericPortMappingEntry", out);
    }

    public synchronized void put(int ext, String protocol, String client, int internalPort, String description) {
        table.put(ext + "/" + protocol, new Entry(ext, protocol, client, internalPort, description, 0));
    }

    private static String key(Map<String, String> in) {
        return in.get("NewExternalPort") + "/" + in.get("NewProtocol");
    }

    private MockResponse ok(String action, Map<String, String> out) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:" + action + "Response xmlns:u=\""
                + serviceType + "\">");
        out.forEach((k, v) -> b.append('<').append(k).append('>').append(SoapClient.escape(v)).append("</").append(k).append('>'));
        b.append("</u:").append(action).append("Response></s:Body></s:Envelope>\r\n");
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/xml; charset=\"utf-8\"").body(b.toString()).build();
    }

    static MockResponse fault(int code) {
        String body = "<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><s:Fault><faultcode>s:Client</faultcode>"
                + "<faultstring>UPnPError</faultstring><detail><UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\"><errorCode>"
                + code + "</errorCode><errorDescription>" + UpnpErrors.name(code) + "</errorDescription></UPnPError></detail>"
                + "</s:Fault></s:Body></s:Envelope>\r\n";
        return new MockResponse.Builder().code(500).setHeader("Content-Type", "text/xml; charset=\"utf-8\"").body(body).build();
    }
}
