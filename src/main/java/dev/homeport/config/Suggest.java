package dev.homeport.config;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" for misspelt keys, in the config and in router profiles: the closest allowed word within two edits. */
public final class Suggest {
    private Suggest() {
    }

    /** The allowed word closest to {@code word}, if one is within two edits. */
    public static Optional<String> closest(String word, Collection<String> choices) {
        String best = null;
        int bestDistance = 3;
        for (String c : new java.util.TreeSet<>(choices)) {
            int d = distance(word.toLowerCase(java.util.Locale.ROOT), c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
