package io.molt.core.protocol;

import io.molt.core.crypto.Digest;
import io.molt.core.message.ViewState;
import io.molt.core.message.WriteEntry;
import io.molt.core.quorum.Quorums;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The predicates that decide what a new view of a slot must propose, given the signed
 * states a quorum of replicas reported (Cachin's Byzantine epoch consensus; the same idea
 * as BFT-SMaRt's {@code LCManager.sound/binds}).
 *
 * <p>A view's timestamp is its number plus one; a state's {@code valTs} is the timestamp of
 * the last view in which the replica saw a quorum of prepares (0 for none) and its write
 * set names, per digest, the last view in which it sent a prepare for it.
 *
 * <ul>
 *   <li>{@code quorumHighest(ts, d, S)}: some state in S holds {@code (ts, d)} and every
 *       state holds an older timestamp or exactly {@code (ts, d)}.
 *   <li>{@code certifiedValue(ts, d, S)}: at least {@code t + 1} states (so one correct
 *       replica) prepared {@code d} in a view with timestamp {@code >= ts}.
 *   <li>{@code binds(ts, d, S)}: S is a quorum, and both of the above hold.
 *   <li>{@code unbound(S)}: S is a quorum and no state holds a value.
 *   <li>{@code sound(S)}: S binds some value or is unbound.
 * </ul>
 * A new view proposes the bound value, or anything when unbound. See docs/PROTOCOL.md for
 * why a decided value is always the bound one.
 */
public final class ViewChangeRules {

    private ViewChangeRules() {}

    /** What a collection of states obliges the new view to propose. */
    public sealed interface Outcome permits Bound, Unbound, NotSound {}

    /** The new view must propose the value with {@code digest}. */
    public record Bound(int ts, Digest digest) implements Outcome {}

    /** No value can have been decided; the new leader may propose a fresh batch. */
    public record Unbound() implements Outcome {}

    /** The collection proves nothing; a correct replica rejects it. */
    public record NotSound() implements Outcome {}

    /** A sound sub-collection and what it obliges. */
    public record Selection(List<ViewState> states, Outcome outcome) {}

    public static boolean quorumHighest(int ts, Digest digest, Collection<ViewState> states) {
        boolean present = false;
        for (ViewState s : states) {
            if (s.valTs() > ts || (s.valTs() == ts && !s.valDigest().equals(digest))) {
                return false;
            }
            present |= s.valTs() == ts;
        }
        return present;
    }

    public static boolean certifiedValue(int ts, Digest digest, Collection<ViewState> states, Quorums quorums) {
        int certifiers = 0;
        for (ViewState s : states) {
            if (wrote(s, ts, digest)) {
                certifiers++;
            }
        }
        return quorums.vouches(certifiers);
    }

    private static boolean wrote(ViewState s, int minTs, Digest digest) {
        for (WriteEntry e : s.writeSet()) {
            if (e.ts() >= minTs && e.digest().equals(digest)) {
                return true;
            }
        }
        return false;
    }

    public static boolean binds(int ts, Digest digest, Collection<ViewState> states, Quorums quorums) {
        return ts > 0 && quorums.isAgreementQuorum(states.size()) && quorumHighest(ts, digest, states)
                && certifiedValue(ts, digest, states, quorums);
    }

    public static boolean unbound(Collection<ViewState> states, Quorums quorums) {
        if (!quorums.isAgreementQuorum(states.size())) {
            return false;
        }
        for (ViewState s : states) {
            if (s.valTs() != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Evaluates a collection exactly as received (from distinct replicas, already checked
     * for slot, view and signatures): the check every replica applies to a new view.
     */
    public static Outcome evaluate(Collection<ViewState> states, Quorums quorums) {
        if (!quorums.isAgreementQuorum(states.size())) {
            return new NotSound();
        }
        if (unbound(states, quorums)) {
            return new Unbound();
        }
        ViewState highest = states.stream().max(Comparator.comparingInt(ViewState::valTs)).orElseThrow();
        if (binds(highest.valTs(), highest.valDigest(), states, quorums)) {
            return new Bound(highest.valTs(), highest.valDigest());
        }
        return new NotSound();
    }

    /**
     * The new leader's search: among the states it has collected (some may come from
     * faulty replicas that report a value nobody can certify), finds a sound quorum. It
     * prefers a bound value whose batch {@code available} says the leader holds, highest
     * timestamp first, then an unbound collection. Once the states of all correct live
     * replicas are among {@code collected}, one exists (docs/PROTOCOL.md, liveness).
     */
    public static Selection findSound(Collection<ViewState> collected, Quorums quorums,
            Predicate<Digest> available) {
        // Every distinct (ts, digest) reported is a candidate, highest timestamp first. Not
        // just the highest timestamp per digest: a faulty replica could report the right
        // value at a timestamp nobody can certify and hide the certifiable one.
        List<WriteEntry> ordered = new ArrayList<>();
        for (ViewState s : collected) {
            WriteEntry candidate = new WriteEntry(s.valTs(), s.valDigest());
            if (s.valTs() > 0 && !ordered.contains(candidate)) {
                ordered.add(candidate);
            }
        }
        ordered.sort(Comparator.comparingInt(WriteEntry::ts).reversed());
        for (WriteEntry c : ordered) {
            int ts = c.ts();
            Digest digest = c.digest();
            if (!available.test(digest)) {
                continue;
            }
            List<ViewState> compatible = new ArrayList<>();
            for (ViewState s : collected) {
                if (s.valTs() < ts || (s.valTs() == ts && s.valDigest().equals(digest))) {
                    compatible.add(s);
                }
            }
            if (binds(ts, digest, compatible, quorums)) {
                return new Selection(List.copyOf(compatible), new Bound(ts, digest));
            }
        }
        List<ViewState> empty = new ArrayList<>();
        for (ViewState s : collected) {
            if (s.valTs() == 0) {
                empty.add(s);
            }
        }
        if (unbound(empty, quorums)) {
            return new Selection(List.copyOf(empty), new Unbound());
        }
        return new Selection(List.of(), new NotSound());
    }

    /** The timestamp of a view. */
    public static int ts(int view) {
        return view + 1;
    }
}
