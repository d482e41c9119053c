package io.molt.core.id;

/**
 * Who is at the other end of an authenticated channel: a replica or a client. The
 * identity comes from the subject of the peer's certificate ({@code CN=replica-2},
 * {@code CN=client-17}), never from anything the peer says in a message.
 */
public sealed interface PeerId permits PeerId.Replica, PeerId.Client {

    /** The certificate common name for this peer. */
    String commonName();

    static Replica replica(int id) {
        return new Replica(id);
    }

    static Client client(long id) {
        return new Client(id);
    }

    /**
     * Parses a certificate common name.
     *
     * @throws IllegalArgumentException when the name is not {@code replica-N} or {@code client-N}
     */
    static PeerId parse(String commonName) {
        try {
            if (commonName.startsWith("replica-")) {
                return new Replica(Integer.parseInt(commonName.substring("replica-".length())));
            }
            if (commonName.startsWith("client-")) {
                return new Client(Long.parseLong(commonName.substring("client-".length())));
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("not a Molt peer name: '" + commonName + "'");
    }

    record Replica(int id) implements PeerId {
        public Replica {
            if (id < 0 || id > 0xffff) {
                throw new IllegalArgumentException("replica id out of range: " + id);
            }
        }

        @Override
        public String commonName() {
            return "replica-" + id;
        }

        @Override
        public String toString() {
            return "r" + id;
        }
    }

    record Client(long id) implements PeerId {
        public Client {
            if (id < 0) {
                throw new IllegalArgumentException("client id must not be negative: " + id);
            }
        }

        @Override
        public String commonName() {
            return "client-" + id;
        }

        @Override
        public String toString() {
            return "c" + id;
        }
    }
}
