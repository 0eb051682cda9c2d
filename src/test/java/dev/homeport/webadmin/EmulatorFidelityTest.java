package dev.homeport.webadmin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.webadmin.emulator.AcosEmulator;
import dev.homeport.webadmin.emulator.SerCommEmulator;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The emulators refuse what the firmware refuses, the way it does: the driver's tests are only as good as they. */
class EmulatorFidelityTest {
    private static final OkHttpClient RAW = new OkHttpClient.Builder().followRedirects(false).build();
    private static final String AUTH = Credentials.basic("admin", "password");

    private SerCommEmulator sercomm;
    private AcosEmulator acos;

    @AfterEach
    void stop() {
        if (sercomm != null) sercomm.close();
        if (acos != null) acos.close();
    }

    private record Answer(int code, String body, String setCookie, String realm) { }

    private static Answer send(Request.Builder b) throws IOException {
        try (Response r = RAW.newCall(b.build()).execute()) {
            return new Answer(r.code(), r.body().string(), String.valueOf(r.header("Set-Cookie")), String.valueOf(r.header(""
                    + "WWW-Authenticate")));
        }
    }

    private static String sid(String page) {
        Matcher m = Pattern.compile("name=\"SID\" value=\"([0-9a-f]{8})\"").matcher(page);
        assertTrue(m.find(), page);
        return m.group(1);
    }

    private String serviceSave(String sid, String... fields) throws IOException {
        FormBody.Builder form = new FormBody.Builder();
        for (int i = 0; i < fields.length; i += 2) form.add(fields[i], fields[i + 1]);
        form.add("todo", "save").add("this_file", "servinfo.htm").add("next_file", "fw_rules.htm").add("SID", sid);
        return send(new Request.Builder().url(sercomm.url() + "/setup.cgi?id=" + sid).header("Authorization", AUTH)
                .post(form.build())).body();
    }

    @Test
    void serCommAsksForBasicAuthWithTheModelRealmAndServesCurrentSettingWithout() throws IOException {
        sercomm = SerCommEmulator.dgn2200();
        sercomm.start();

        Answer anon = send(new Request.Builder().url(sercomm.url() + "/fw_serv.htm&todo=cfg_init"));
        Answer settings = send(new Request.Builder().url(sercomm.url() + "/currentsetting.htm"));

        assertEquals(401, anon.code());
        assertEquals("Basic realm=\"NETGEAR DGN2200v4\"", anon.realm());
        assertEquals(200, settings.code());
        assertTrue(settings.body().contains("\nModel=DGN2200v4\n"), settings.body());
    }

    @Test
    void serCommRefusesAWrongSessionIdMissingFieldsBadPortsDuplicatesAndAddressesOutsideTheLan() throws IOException {
        sercomm = SerCommEmulator.dgn2200();
        sercomm.start();
        String page = send(new Request.Builder().url(sercomm.url() + "/servinfo.htm").header("Authorization", AUTH)).body();
        String sid = sid(page);

        assertTrue(serviceSave("0badc0de", "portname", "x", "srvtype", "tcp", "port_start", "1", "port_end", "1")
                .contains("401_access_denied"));
        assertTrue(serviceSave(sid, "portname", "x", "srvtype", "tcp", "port_start", "1").contains("alert(\"Missing port_end\")"));
        assertTrue(serviceSave(sid, "portname", "x", "srvtype", "tcp", "port_start", "0", "port_end", "1")
                .contains("alert(\"Invalid port range\")"));
        assertTrue(serviceSave(sid, "portname", "x", "srvtype", "tcp", "port_start", "65535", "port_end", "65535")
                .contains("alert(\"Invalid port range\")"), "setup.cgi's checkData allows 1..65534");
        assertTrue(serviceSave(sid, "portname", "x", "srvtype", "tcp", "port_start", "9", "port_end", "8")
                .contains("alert(\"Invalid port range\")"));
        assertTrue(serviceSave(sid, "portname", "HTTP", "srvtype", "tcp", "port_start", "8", "port_end", "8")
                .contains("alert(\"Duplicate service name\")"), "a predefined service's name");
        assertEquals(List.of(), sercomm.services());

        FormBody rule = new FormBody.Builder().add("service_list", "HTTP").add("fwin_action", "2").add("fwin_waniptype", "anyip")
                .add("fwin_logging", "0").add("c4_lan_start_ip", "10.0.0.5").add("todo", "save").add("this_file", "rule_in.htm")
                .add("next_file", "FW_forward.htm").add("SID", sid).build();
        String refused = send(new Request.Builder().url(sercomm.url() + "/setup.cgi?id=" + sid).header("Authorization", AUTH)
                .post(rule)).body();
        assertTrue(refused.contains("alert(\"Invalid LAN IP address\")"), refused);
        assertEquals(List.of(), sercomm.rules());
    }

    @Test
    void serCommServesTheMultiLoginPageToASecondAdmin() throws IOException {
        sercomm = SerCommEmulator.dgn2200();
        sercomm.start();
        sercomm.otherAdminLoggedIn("192.168.0.23");

        String page = send(new Request.Builder().url(sercomm.url() + "/fw_serv.htm").header("Authorization", AUTH)).body();

        assertTrue(page.contains("multi_login.html") && page.contains("todo=login"), page);
        assertTrue(!page.contains("frmService"));
    }

    @Test
    void acosSetsTheXsrfCookieOnA401EvenWithGoodCredentialsAndAcceptsTheEcho() throws IOException {
        acos = AcosEmulator.r7000();
        acos.start();

        Answer first = send(new Request.Builder().url(acos.url() + "/FW_forward3.htm").header("Authorization", AUTH));
        assertEquals(401, first.code());
        assertTrue(first.body().contains("Authorization warning") && first.body().contains("ptimeout.cgi"));
        String cookie = first.setCookie().split(";")[0];
        assertTrue(cookie.matches("XSRF_TOKEN=\\d+"), first.setCookie());

        Answer second = send(new Request.Builder().url(acos.url() + "/FW_forward3.htm").header("Authorization", AUTH)
                .header("Cookie", cookie));
        assertEquals(200, second.code());
        assertTrue(second.body().matches("(?s).*action=\"pforward\\.cgi\\?id=\\d+\".*"), "form actions carry the csrf id");

        Answer wrong = send(new Request.Builder().url(acos.url() + "/FW_forward3.htm")
                .header("Authorization", Credentials.basic("admin", "nope")).header("Cookie", cookie));
        assertEquals(401, wrong.code());
    }

    @Test
    void acosRefusesAStaleCsrfIdBadPortsAndAddressesOutsideTheLan() throws IOException {
        acos = AcosEmulator.r7000();
        acos.start();
        String cookie = send(new Request.Builder().url(acos.url() + "/").header("Authorization", AUTH)).setCookie().split(";")[0];
        String page = send(new Request.Builder().url(acos.url() + "/FW_forward3.htm").header("Authorization", AUTH)
                .header("Cookie", cookie)).body();
        Matcher m = Pattern.compile("pforward\\.cgi\\?id=(\\d+)").matcher(page);
        assertTrue(m.find());
        String id = m.group(1);

        String stale = post(cookie, "1", "action", "custom");
        assertTrue(stale.contains("Sorry,your timestamp is expired"), stale);
        assertTrue(post(cookie, id, "action", "add_apply", "portname", "x", "srvtype", "TCP", "port_start", "70000", "newIP",
                "192.168.1.5").contains("alert(\"Invalid port range.\")"));
        assertTrue(post(cookie, id, "action", "add_apply", "portname", "x", "srvtype", "TCP", "port_start", "80", "newIP",
                "192.168.2.5").contains("alert(\"Invalid IP address."));
        assertTrue(post(cookie, id, "action", "add_apply", "portname", "caf\u00e9", "srvtype", "TCP", "port_start", "80", "newIP",
                "192.168.1.5").contains("alert(\"Invalid service name.\")"), "printable ASCII only");
        assertTrue(post(cookie, id, "action", "add_apply", "srvtype", "TCP", "port_start", "80").contains("alert(\"Missing portname.\")"));
        assertEquals(List.of(), acos.rules());
    }

    private String post(String cookie, String id, String... fields) throws IOException {
        FormBody.Builder form = new FormBody.Builder();
        for (int i = 0; i < fields.length; i += 2) form.add(fields[i], fields[i + 1]);
        return send(new Request.Builder().url(acos.url() + "/pforward.cgi?id=" + id).header("Authorization", AUTH)
                .header("Cookie", cookie).post(form.build())).body();
    }
}
