package io.molt.core.config;

import java.util.regex.Pattern;

/**
 * Syntax checks for the {@code host} of a replica: a DNS name, an IPv4 address or an IPv6
 * address. Nothing is resolved: loading a configuration must not depend on DNS.
 */
final class HostNames {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DOTTED_NUMBERS = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final Pattern OCTET = Pattern.compile("[0-9]{1,3}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    private HostNames() {}

    static boolean isValid(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        if (host.indexOf(':') >= 0) {
            return isIpv6(host);
        }
        if (DOTTED_NUMBERS.matcher(host).matches()) {
            // All-numeric names are addresses; 10.0.0.256 is a typo, not a host called that.
            return isIpv4(host);
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!OCTET.matcher(part).matches() || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Eight groups of up to four hex digits, or fewer around one {@code ::}; may end in IPv4 form. */
    private static boolean isIpv6(String host) {
        String[] halves = host.split("::", -1);
        if (halves.length > 2) {
            return false;
        }
        int groups = 0;
        for (int h = 0; h < halves.length; h++) {
            if (halves[h].isEmpty()) {
                continue;
            }
            String[] parts = halves[h].split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                boolean last = h == halves.length - 1 && i == parts.length - 1;
                if (last && parts[i].indexOf('.') >= 0 && isIpv4(parts[i])) {
                    groups += 2;
                } else if (HEX_GROUP.matcher(parts[i]).matches()) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return halves.length == 2 ? groups <= 7 : groups == 8;
    }
}
