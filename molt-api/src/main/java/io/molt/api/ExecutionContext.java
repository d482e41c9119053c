package io.molt.api;

/**
 * Where an ordered command sits in the total order and who sent it. Every replica sees
 * the same context for the same command.
 *
 * @param clientId the authenticated client that sent the command
 * @param requestSeq the client's sequence number for the command
 * @param epoch the refresh epoch in which the command was ordered
 * @param slot the sequence number (within the whole history) of the batch holding it
 */
public record ExecutionContext(long clientId, long requestSeq, long epoch, long slot) {}
