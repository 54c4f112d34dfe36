package dev.uniformpipeline.localcloud.ecr;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault hooks of local ECR, switched by tests to show that clients cope with what real ECR does now and
 * then. Every hook fires a bounded number of times and counts what it did.
 */
public final class EcrFaults {
    private final AtomicInteger blobUploadFailuresArmed = new AtomicInteger();
    private final AtomicInteger blobUploadFailuresServed = new AtomicInteger();
    private final RegistryTokens tokens;
    private final java.util.Set<String> pushDenied = java.util.concurrent.ConcurrentHashMap.newKeySet();

    EcrFaults(RegistryTokens tokens) {
        this.tokens = tokens;
    }

    /**
     * The next blob upload completion ({@code PUT .../blobs/uploads/<id>?digest=}, or a monolithic
     * {@code POST ?digest=}) answers HTTP 500 once and discards that upload, so the client has to start the
     * blob over.
     */
    public void failNextBlobUpload() {
        blobUploadFailuresArmed.incrementAndGet();
    }

    /** How many blob uploads were failed on purpose so far. */
    public int blobUploadFailuresServed() {
        return blobUploadFailuresServed.get();
    }

    /**
     * Every token issued so far is treated as expired from now on (the registry answers 401 DENIED, as for
     * a token past its 12 h); tokens issued afterwards work.
     */
    public void expireIssuedTokens() {
        tokens.expireIssuedSoFar();
    }

    /**
     * From now on, pushes to the repository {@code name} (any account and region) are refused with HTTP 403 and
     * code DENIED naming the missing permission, as ECR answers a principal whose policies do not allow
     * {@code ecr:InitiateLayerUpload} / {@code ecr:PutImage}. Pulls keep working.
     */
    public void denyPushesTo(String name) {
        pushDenied.add(name);
    }

    /** Undoes {@link #denyPushesTo}. */
    public void allowPushesTo(String name) {
        pushDenied.remove(name);
    }

    boolean pushDenied(String name) {
        return pushDenied.contains(name);
    }

    /** Consumes one armed blob-upload failure; true when this upload must fail. */
    boolean takeBlobUploadFailure() {
        while (true) {
            int armed = blobUploadFailuresArmed.get();
            if (armed <= 0) {
                return false;
            }
            if (blobUploadFailuresArmed.compareAndSet(armed, armed - 1)) {
                blobUploadFailuresServed.incrementAndGet();
                return true;
            }
        }
    }
}
