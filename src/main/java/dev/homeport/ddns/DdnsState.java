package dev.homeport.ddns;

import dev.homeport.state.StateStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code ddns} state document: per hostname the address the provider last accepted and when; the last
 * exchange; a latch, a hold or a failure backoff. A working copy: nothing reaches disk until {@link #save}.
 */
final class DdnsState {
    static final String NAME = "ddns";

    private final Map<String, String> values;

    private DdnsState(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    /** Loads the document, creating a salt for the config fingerprint on first use. */
    static DdnsState load(StateStore store) {
        DdnsState s = new DdnsState(store.read(NAME).orElse(Map.of()));
        if (!s.values.containsKey("salt")) {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            s.values.put("salt", HexFormat.of().formatHex(salt));
        }
        return s;
    }

    void save(StateStore store) {
        store.write(NAME, values);
    }

    String salt() {
        return values.get("salt");
    }

    Optional<String> target() {
        return get("target");
    }

    /**
     * Forgets every host record, hold and failure: the provider or account changed, so nothing is known to be
     * registered and the old provider's troubles do not apply.
     */
    void retarget(String target) {
        values.keySet().removeIf(k -> k.startsWith("host."));
        clearTrouble();
        values.put("target", target);
    }

    Optional<String> hostIp(String host) {
        return get("host." + host + ".ip");
    }

    Optional<Instant> hostAt(String host) {
        return instant("host." + host + ".at");
    }

    void accepted(String host, String ip, Instant at) {
        values.put("host." + host + ".ip", ip);
        values.put("host." + host + ".at", at.toString());
    }

    /**
     * The address of one family the provider last accepted for {@code host}. State files written before the families
     * were recorded apart hold only the combined {@code host.NAME.ip} ({@code v4}, {@code v6} or {@code v4,v6}): the
     * family is read from it then, so an upgrade loses nothing.
     */
    Optional<String> hostIp(String host, Family family) {
        return get(familyKey(host, family, "ip")).or(() -> legacy(host).flatMap(family::of));
    }

    /** When the provider last accepted {@code family}'s address for {@code host} (the combined date in older files). */
    Optional<Instant> hostAt(String host, Family family) {
        Optional<Instant> own = instant(familyKey(host, family, "at"));
        if (own.isPresent()) return own;
        return hostIp(host, family).isPresent() && get(familyKey(host, family, "ip")).isEmpty() ? hostAt(host) : Optional.empty();
    }

    /**
     * Records what the provider accepted for {@code host}: the families in {@code sent}. With {@code replace} the update
     * stood for the whole registration (dyndns2 sets every family at once), so a family not sent is forgotten;
     * otherwise (one record per family) the other family's record stays as it was.
     */
    void accepted(String host, Addresses sent, Instant at, boolean replace) {
        for (Family f : Family.values()) {
            Optional<String> address = f.of(sent);
            if (address.isPresent()) {
                values.put(familyKey(host, f, "ip"), address.get());
                values.put(familyKey(host, f, "at"), at.toString());
            } else if (replace) {
                values.remove(familyKey(host, f, "ip"));
                values.remove(familyKey(host, f, "at"));
            } else {
                // Pin the family read from an older file before the combined record below changes under it.
                Optional<String> kept = hostIp(host, f);
                Optional<Instant> keptAt = hostAt(host, f);
                kept.ifPresent(k -> values.put(familyKey(host, f, "ip"), k));
                keptAt.ifPresent(k -> values.put(familyKey(host, f, "at"), k.toString()));
            }
        }
        accepted(host, replace ? sent.text()
                : new Addresses(get(familyKey(host, Family.V4, "ip")), get(familyKey(host, Family.V6, "ip"))).text(), at);
    }

    private Optional<Addresses> legacy(String host) {
        try {
            return hostIp(host).map(Addresses::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String familyKey(String host, Family family, String what) {
        return "host." + host + "." + what + (family == Family.V4 ? "4" : "6");
    }

    /** The earliest keep-alive date among {@code hosts}: {@code interval} after their last accepted update. */
    Optional<Instant> keepAliveDue(List<String> hosts, Duration interval) {
        return hosts.stream().map(this::hostAt).flatMap(Optional::stream).min(Comparator.naturalOrder()).map(t -> t.plus(interval));
    }

    Optional<String> lastAnswer() {
        return get("last.answer");
    }

    Optional<Instant> lastAt() {
        return instant("last.at");
    }

    Optional<String> lastIp() {
        return get("last.ip");
    }

    void exchanged(Instant at, String ip, String answer) {
        values.put("last.at", at.toString());
        values.put("last.ip", ip);
        values.put("last.answer", Answer.oneLine(answer));
    }

    /** The latch as (answer word, reason, fingerprint, since, family), if set. */
    Optional<Latch> latch() {
        Optional<Family> family = get("latch.family").flatMap(f -> Arrays.stream(Family.values())
                .filter(x -> x.recordType().equals(f)).findFirst());
        return get("latch.answer").map(a -> new Latch(a, get("latch.reason").orElse(""), get("latch.fingerprint").orElse(""),
                instant("latch.at").orElse(Instant.EPOCH), family));
    }

    void latch(String answer, String reason, String fingerprint, Instant at) {
        latch(answer, reason, fingerprint, at, Optional.empty());
    }

    /** A latch on {@code family}'s record only (the other family's record is still kept), or on everything when empty. */
    void latch(String answer, String reason, String fingerprint, Instant at, Optional<Family> family) {
        values.put("latch.answer", Answer.oneLine(answer));
        values.put("latch.reason", Answer.oneLine(reason));
        values.put("latch.fingerprint", fingerprint);
        values.put("latch.at", at.toString());
        family.ifPresentOrElse(f -> values.put("latch.family", f.recordType()), () -> values.remove("latch.family"));
    }

    void clearLatch() {
        values.keySet().removeIf(k -> k.startsWith("latch."));
    }

    /**
     * The end of a hold, never more than {@link DdnsUpdater#MAX_WAIT} after it began: a file written by an older
     * version (which honoured a {@code Retry-After} of up to 11 days) or edited by hand cannot keep updates off longer.
     * A hold whose start is not known ({@code hold.at}, else the last exchange) is not honoured.
     */
    Optional<Instant> holdUntil() {
        Optional<Instant> until = instant("hold.until");
        if (until.isEmpty()) return until;
        Optional<Instant> since = instant("hold.at").or(this::lastAt);
        if (since.isEmpty()) return Optional.empty();
        Instant latest = since.get().plus(DdnsUpdater.MAX_WAIT);
        return Optional.of(until.get().isAfter(latest) ? latest : until.get());
    }

    Optional<String> holdReason() {
        return get("hold.reason");
    }

    /** Holds every update until {@code until}, for {@code reason}; {@code since} is now, the start of the hold. */
    void hold(Instant until, String reason, Instant since) {
        values.put("hold.until", until.toString());
        values.put("hold.at", since.toString());
        // Our own sentence around the server's (already cut) answer: room for it and a note that the wait was capped.
        values.put("hold.reason", Answer.oneLine(reason, 2 * Answer.MAX_LINE));
    }

    int failures() {
        try {
            return Integer.parseInt(get("failures").orElse("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    Optional<Instant> retryAt() {
        return instant("retry.at");
    }

    Optional<String> failure() {
        return get("failure");
    }

    void failed(String reason, Instant retryAt) {
        values.put("failures", Integer.toString(failures() + 1));
        values.put("failure", Answer.oneLine(reason));
        values.put("retry.at", retryAt.toString());
    }

    /** Forgets failures and holds: the provider accepted an update, or the address no longer needs one. */
    void clearTrouble() {
        values.remove("failures");
        values.remove("failure");
        values.remove("retry.at");
        values.remove("hold.until");
        values.remove("hold.at");
        values.remove("hold.reason");
    }

    private Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    private Optional<Instant> instant(String key) {
        try {
            return get(key).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * A latch: the client stays off until the fingerprint of the config (and secret) changes, or --force.
     *
     * @param answer      the provider's answer word
     * @param reason      what it means for the user
     * @param fingerprint of the config when it latched
     * @param since       when
     * @param family      the one family whose record is latched off; empty: every update (older files: always)
     */
    record Latch(String answer, String reason, String fingerprint, Instant since, Optional<Family> family) {
    }
}
