package io.molt.core.message;

import io.molt.core.crypto.Digest;

/**
 * One element of a replica's write set for a slot: it sent a prepare for {@code digest}
 * in the view whose timestamp is {@code ts} (a view's timestamp is its number plus one).
 */
public record WriteEntry(int ts, Digest digest) {}
