package io.aicockpit.gateway.audit;

/**
 * Recomputes a tenant's chain from the stored rows: each record must follow its predecessor's seq, name its
 * predecessor's hash and hash to what it says; the last one must match the chain head the writers keep. The first
 * record breaking any of these is reported: anything from there on cannot be trusted.
 */
final class AuditVerifier {
    private static final int PAGE = 1000;
    private final AuditStore store;

    AuditVerifier(AuditStore store) {
        this.store = store;
    }

    /** The answer of {@code GET /api/v1/audit/verify}. */
    record Verification(boolean intact, long records, Long firstBrokenSeq, String reason) {}

    Verification verify(String tenant) {
        // one snapshot for records and head: the audit read that asked for this is itself being appended meanwhile
        return store.onOneSnapshot(() -> verifyOnSnapshot(tenant));
    }

    private Verification verifyOnSnapshot(String tenant) {
        State state = new State();
        while (state.broken == null) {
            long before = state.records;
            store.chain(tenant, state.lastSeq, PAGE, state::check);
            if (state.records - before < PAGE) {
                break;
            }
        }
        if (state.broken != null) {
            return new Verification(false, state.records, state.broken, state.reason);
        }
        AuditStore.Head head = store.head(tenant);
        long headSeq = head == null ? 0 : head.seq();
        String headHash = head == null ? AuditCanonicalForm.GENESIS : head.hash();
        if (headSeq != state.lastSeq || !headHash.equals(state.lastHash)) {
            return new Verification(false, state.records, Math.min(headSeq, state.lastSeq + 1),
                    "the chain head names seq " + headSeq + " but the records end at seq " + state.lastSeq);
        }
        return new Verification(true, state.records, null, null);
    }

    private static final class State {
        long records;
        long lastSeq;
        String lastHash = AuditCanonicalForm.GENESIS;
        Long broken;
        String reason;

        void check(AuditRecord record) {
            if (broken != null) {
                return;
            }
            records++;
            if (record.seq() != lastSeq + 1) {
                fail(lastSeq + 1, "record seq " + (lastSeq + 1) + " is missing");
            } else if (!lastHash.equals(record.prevHash())) {
                fail(record.seq(), "prev_hash does not match the hash of the record before");
            } else if (!AuditCanonicalForm.hash(record).equals(record.hash())) {
                fail(record.seq(), "the record's content does not match its hash");
            }
            lastSeq = record.seq();
            lastHash = record.hash();
        }

        private void fail(long seq, String why) {
            broken = seq;
            reason = why;
        }
    }
}
