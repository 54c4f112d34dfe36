package dev.uniformpipeline.jenkinsapi;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.model.Run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Not a Jenkins type: the offline state behind the declarations (the credentials store and the record of
 * {@code CredentialsProvider.track} calls), for tests.
 */
public final class OfflineJenkins {
    private static final Map<String, Credentials> CREDENTIALS = new ConcurrentHashMap<>();
    private static final List<String> TRACKED = new ArrayList<>();

    private OfflineJenkins() {
    }

    public static void addCredentials(IdCredentials c) {
        CREDENTIALS.put(c.getId(), c);
    }

    public static Credentials credential(String id) {
        return CREDENTIALS.get(id);
    }

    public static synchronized void tracked(Run<?, ?> run, String id) {
        TRACKED.add(id);
    }

    /** Ids passed to {@code CredentialsProvider.track}, in order. */
    public static synchronized List<String> trackedIds() {
        return List.copyOf(TRACKED);
    }

    public static synchronized void reset() {
        CREDENTIALS.clear();
        TRACKED.clear();
    }
}
