package io.molt.core.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code replicas} list: each entry's id, host and port, and the rules across entries:
 * ids run from 0 to n-1, each exactly once (entries may come in any order), and no two
 * replicas share a host and port.
 */
final class ReplicaList {
    private final Problems problems;

    ReplicaList(Problems problems) {
        this.problems = problems;
    }

    /** The replicas in id order, or null when any entry or the set of ids is wrong. */
    List<ReplicaAddress> read(Section root) {
        String entry = "a mapping with id, host and port";
        String expectation = "a list of replicas, each " + entry;
        root.require("replicas", expectation);
        List<Section> items = root.list("replicas", expectation, entry);
        if (items == null) {
            return null;
        }
        int n = root.listLength("replicas");
        if (n == 0) {
            problems.add("replicas", "the list is empty (expected one entry per replica)");
            return null;
        }
        if (n > MoltConfig.MAX_REPLICAS) {
            problems.add("replicas", n + " replicas are too many (expected at most " + MoltConfig.MAX_REPLICAS + ")");
        }
        ReplicaAddress[] byId = new ReplicaAddress[n];
        Map<Integer, String> idOwners = new HashMap<>();
        Map<String, String> addressOwners = new HashMap<>();
        boolean idsUsable = items.size() == n;
        for (Section item : items) {
            item.require("id", "the replica's id, 0 to n-1");
            Long id = item.integer("id", 0, Integer.MAX_VALUE);
            String host = host(item);
            item.require("port", "the replica's TCP port, 1-65535");
            Long port = item.integer("port", 1, 65535, "not a port");
            item.rejectUnknown();
            if (id == null) {
                idsUsable = false;
                continue;
            }
            if (id >= n) {
                problems.add(item.pathOf("id"), id + " is out of range (expected 0-" + (n - 1) + ": ids run from 0 to"
                        + " n-1, and " + n + " replicas are listed)");
                idsUsable = false;
                continue;
            }
            String first = idOwners.putIfAbsent(id.intValue(), item.path());
            if (first != null) {
                problems.addAt("replicas", item.pathOf("id"), "id " + id + " appears twice (" + first + " and "
                        + item.path() + ")");
                continue;
            }
            if (host != null && port != null) {
                ReplicaAddress address = new ReplicaAddress(id.intValue(), host, port.intValue());
                String owner = addressOwners.putIfAbsent(address.hostAndPort().toLowerCase(Locale.ROOT), item.path());
                if (owner != null) {
                    problems.add(item.path(), address.hostAndPort() + " is already used by " + owner
                            + " (expected a distinct host and port per replica)");
                }
                byId[id.intValue()] = address;
            }
        }
        if (idsUsable) {
            for (int id = 0; id < n; id++) {
                if (!idOwners.containsKey(id)) {
                    problems.add("replicas", "no entry has id " + id + " (expected each id 0-" + (n - 1)
                            + " exactly once)");
                }
            }
        }
        return problems.reportedAt("replicas") ? null : List.of(byId);
    }

    private String host(Section item) {
        String expectation = "a host name or IP address, such as 10.0.0.5, ::1 or replica-0.example.org";
        item.require("host", expectation);
        String host = item.string("host", expectation);
        if (host != null && !HostNames.isValid(host)) {
            problems.add(item.pathOf("host"), Units.quote(host) + " is not a host name or IP address (expected a"
                    + " name such as replica-0.example.org or an address such as 10.0.0.5 or ::1)");
            return null;
        }
        return host;
    }
}
