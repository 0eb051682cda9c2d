package dev.homeport.webadmin;

import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The one place where homeport's text becomes the bytes a router receives for a credential: the HTTP Basic login and
 * the fields of a form body. Nothing is ever replaced on the way (Java's encoders silently turn what a charset cannot
 * hold into {@code ?}, which would send another secret than the user's): what cannot be sent exactly is refused.
 *
 * <p>Basic is sent as UTF-8 (RFC 7617 {@code charset="UTF-8"}), because that is what the router holds: both Netgear
 * families set the admin password through a page declared UTF-8 ({@code PWD_password.htm}, SerComm
 * {@code setup.cgi todo=save_passwd}, ACOS {@code password.cgi}), so a browser posts, and the router stores, the UTF-8
 * bytes of what the owner typed; browsers send the same UTF-8 bytes in Basic, and the httpd compares bytes.
 */
final class RouterBytes {
    private RouterBytes() {
    }

    /**
     * Refuses, before any request, a login that HTTP Basic cannot carry exactly. Never names or locates the character.
     *
     * @throws HomeportException CONFIG when the user name has a ':' or a control character, or the password has a
     *                           control character, a U+FFFD (text that was not UTF-8) or is not valid Unicode
     */
    static void checkLogin(String user, String password) {
        if (user.indexOf(':') >= 0) {
            throw refuse("the router user name '" + user + "' contains ':', which HTTP Basic authentication cannot carry",
                    "give the admin account's name with --user (often 'admin')");
        }
        if (hasControl(user)) {
            throw refuse("the router user name contains a control character, which HTTP Basic authentication cannot carry",
                    "give the admin account's name with --user (often 'admin')");
        }
        if (hasControl(password)) {
            throw refuse("the router's admin password contains a control character (a tab or another invisible one), which"
                    + " HTTP Basic authentication cannot carry", "put the password alone on the first line of the password file");
        }
        if (password.indexOf('\uFFFD') >= 0 || !StandardCharsets.UTF_8.newEncoder().canEncode(password)) {
            throw refuse("the router's admin password contains U+FFFD or broken Unicode: it was read from text that was not"
                    + " UTF-8, so homeport cannot tell what the password is", "save the password file as UTF-8 (iconv -t utf-8)");
        }
    }

    /**
     * The {@code Authorization} value for a router login: Base64 of the UTF-8 bytes of {@code user:password}.
     *
     * @throws HomeportException CONFIG as {@link #checkLogin}
     */
    static String basic(String user, String password) {
        checkLogin(user, password);
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Refuses a form body the page's charset cannot carry exactly: a browser would send such a character as
     * {@code &#NNNN;}, which the router stores as those characters, and a Java encoder sends {@code ?}. Either way
     * the router would hold another value (another password) than the user's.
     *
     * @throws WebAdminException CONFIG naming the field (never its value), before anything is sent
     */
    static void checkForm(List<Map.Entry<String, String>> fields, Charset charset, WebAdminException.Context context) {
        for (Map.Entry<String, String> f : fields) {
            if (!charset.newEncoder().canEncode(f.getValue())) {
                throw new WebAdminException(Kind.CONFIG, "the value for the router's field '" + f.getKey() + "' has a character"
                        + " its page's encoding (" + charset.name() + ") cannot carry; nothing was sent",
                        "use only characters the router's page can hold (for a password: set one without it, on the router"
                                + " and at the provider)", context);
            }
        }
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static HomeportException refuse(String message, String hint) {
        return new HomeportException(Kind.CONFIG, message, hint);
    }
}
