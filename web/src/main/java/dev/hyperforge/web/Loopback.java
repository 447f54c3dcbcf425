package dev.hyperforge.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Strict, DNS-free recognition of the loopback interface, for the {@code Host} header of requests (what defeats DNS
 * rebinding) and for the address the dashboard binds (what decides whether a token is needed). Only three spellings
 * are loopback: {@code localhost} (any letter case), an IPv4 literal in {@code 127.0.0.0/8} written as four decimal
 * octets, and an IPv6 literal equal to {@code ::1}. Anything else is not, however it starts: {@code 127.0.0.1.evil.com},
 * {@code localhost.evil.com}, {@code 127.0.0.1.} (trailing dot), {@code 0x7f.0.0.1}, {@code 127.1} or
 * {@code 127.0.0.1:7070@evil.com}.
 *
 * <pre>{@code
 * Loopback.isLoopback("127.0.0.1");                      // true
 * Loopback.isLoopbackHostHeader("localhost:7070", 7070); // true
 * Loopback.isLoopbackHostHeader("127.0.0.1.evil.com", 7070); // false
 * }</pre>
 */
final class Loopback {
    private static final Pattern OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:]{2,39}");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private Loopback() {
    }

    /**
     * Whether an address to bind (as given to {@code --host}) is the loopback interface: a loopback name as in the
     * class doc, or a bare IPv6 literal such as {@code ::1}.
     *
     * @param host the address, surrounding blanks ignored
     * @return whether only this machine can reach it
     */
    static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return isLoopbackName(h) || ipv6Loopback(h);
    }

    /**
     * Whether a request's {@code Host} header names this machine's loopback interface: {@code name[:port]} or
     * {@code [ipv6][:port]}, where the name is loopback (class doc) and the port, when present, is the port the
     * request arrived on.
     *
     * @param header the header's value, or null when absent
     * @param localPort the port the connection was accepted on
     * @return true only for a loopback name with no port or the right one
     */
    static boolean isLoopbackHostHeader(String header, int localPort) {
        if (header == null || header.isEmpty()) {
            return false;
        }
        String host = header;
        String port = null;
        int colon = header.lastIndexOf(':');
        int bracket = header.lastIndexOf(']');
        if (colon > bracket) {
            host = header.substring(0, colon);
            port = header.substring(colon + 1);
        }
        if (port != null && !(PORT.matcher(port).matches() && Integer.parseInt(port) == localPort)) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.indexOf(':') < 0 || h.startsWith("[") ? isLoopbackName(h) : false;
    }

    /** {@code localhost}, a 127/8 dotted-decimal literal or a bracketed IPv6 loopback literal (lower case). */
    private static boolean isLoopbackName(String h) {
        if (h.equals("localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            return ipv6Loopback(h.substring(1, h.length() - 1));
        }
        String[] octets = h.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String o : octets) {
            if (!OCTET.matcher(o).matches() || Integer.parseInt(o) > 255) {
                return false;
            }
        }
        return true;
    }

    /** An IPv6 literal (hex digits and colons only, so never a DNS lookup) equal to {@code ::1}. */
    private static boolean ipv6Loopback(String h) {
        if (!IPV6.matcher(h).matches() || h.indexOf(':') < 0) {
            return false;
        }
        try {
            InetAddress a = InetAddress.getByName(h);
            return a instanceof Inet6Address && a.isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
