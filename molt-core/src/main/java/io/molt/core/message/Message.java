package io.molt.core.message;

/**
 * Everything that crosses the network between replicas and clients. Each kind has an
 * explicit binary encoding ({@code io.molt.core.codec.MessageCodec}); Java serialization
 * is never used.
 */
public sealed interface Message
        permits Request, Reply, Propose, Prepare, Commit, ViewState, NewView, Decided,
                DecisionQuery, RejoinRequest, StatusQuery, StatusReport, Checkpoint, ManifestRequest,
                SnapshotManifest, ChunkRequest, SnapshotChunk, EpochChange, KeyQuery, KeyReport {

    /** The message's type tag on the wire. */
    MessageType type();
}
