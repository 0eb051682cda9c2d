package dev.homeport.webadmin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.FormElement;
import org.junit.jupiter.api.Test;

class FormDataTest {

    private static List<String> data(String html) {
        FormElement form = (FormElement) Jsoup.parse(html).selectFirst("form");
        return FormFields.formData(form).stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    @Test
    void sendsWhatABrowserSendsWithoutAnyButton() {
        String html = "<form><input type=hidden name=todo value=save><input type=text name=portname value=a>"
                + "<input type=SUBMIT name=Apply value=Apply><input type=button name=Cancel value=Cancel>"
                + "<button type=submit name=apply value=Apply>Apply</button><input type=reset name=r>"
                + "<input name=off disabled value=x><input value=noname>"
                + "<input type=checkbox name=cb1 checked><input type=checkbox name=cb2 value=v>"
                + "<input type=radio name=r1 value=a><input type=radio name=r1 value=b checked>"
                + "<select name=s1><option value=1>one<option value=2 selected>two</select>"
                + "<select name=s2><option>RPi&nbsp;HTTP</option><option>FTP</option></select>"
                + "<textarea name=t>text</textarea></form>";

        assertEquals(List.of("todo=save", "portname=a", "cb1=on", "r1=b", "s1=2", "s2=RPi\u00a0HTTP", "t=text"), data(html));
    }

    @Test
    void inputsInsideCommentsAreNotFields() {
        assertEquals(List.of("a=1"), data("<form><!-- DemoStart <input type=hidden name=b value=2> DemoEnd -->"
                + "<input type=hidden name=a value=1></form>"));
    }

    @Test
    void templatesExpandWithFiltersAndNameUnknownVariables() {
        Map<String, String> vars = Map.of("name", "homeport pi <1>", "lan_ip.4", "50");

        assertEquals("homeport pi &lt;1&gt;", Template.expand("{{name|html}}", vars));
        assertEquals("\\Qhomeport pi <1>\\E", Template.expand("{{ name | regex }}", vars));
        assertEquals("homeport\u00a0pi\u00a0<1>", Template.expand("{{name|nbsp}}", vars));
        assertEquals("ip .50", Template.expand("ip .{{lan_ip.4}}", vars));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Template.expand("{{nmae}}", vars));
        assertEquals("unknown variable 'nmae'", e.getMessage());
    }

    @Test
    void portListsAndRangesAreRead() {
        assertEquals(List.of(888), WebAdminRouter.ports("888"));
        assertEquals(List.of(888, 889, 890), WebAdminRouter.ports("888-890"));
        assertEquals(List.of(80, 888, 889), WebAdminRouter.ports("80, 888-889"));
        assertEquals(List.of(), WebAdminRouter.ports("890-888"));
        assertEquals(List.of(), WebAdminRouter.ports("0"));
        assertEquals(List.of(), WebAdminRouter.ports("abc"));
    }
}
