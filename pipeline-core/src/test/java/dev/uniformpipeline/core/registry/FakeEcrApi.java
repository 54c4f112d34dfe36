package dev.uniformpipeline.core.registry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-memory ECR for unit tests: records calls, issues a new token per call. */
final class FakeEcrApi implements EcrApi {
    final List<String> calls = new ArrayList<>();
    final Map<String, Repository> repositories = new HashMap<>();
    final Map<String, String> policies = new HashMap<>();
    int tokensIssued;
    String tokenOverride;

    @Override
    public AuthorizationToken authorizationToken(String registryId) {
        calls.add("GetAuthorizationToken " + registryId);
        tokensIssued++;
        String token = tokenOverride != null ? tokenOverride : Base64.getEncoder()
                .encodeToString(("AWS:password-" + tokensIssued).getBytes(StandardCharsets.UTF_8));
        return new AuthorizationToken(token, Instant.parse("2026-01-01T12:00:00Z"),
                "https://" + registryId + ".dkr.ecr.eu-west-1.amazonaws.com");
    }

    @Override
    public Optional<Repository> describeRepository(String registryId, String name) {
        calls.add("DescribeRepositories " + name);
        return Optional.ofNullable(repositories.get(name));
    }

    @Override
    public Repository createRepository(String registryId, EcrRepositorySettings s) {
        calls.add("CreateRepository " + s.name() + " immutable=" + s.immutableTags() + " scan=" + s.scanOnPush()
                + " enc=" + s.encryptionType() + (s.kmsKey().isEmpty() ? "" : " key=" + s.kmsKey()));
        Repository r = new Repository(s.name(), registryId + ".dkr.ecr.eu-west-1.amazonaws.com/" + s.name(),
                s.immutableTags(), s.scanOnPush(), s.encryptionType(), s.kmsKey());
        repositories.put(s.name(), r);
        return r;
    }

    @Override
    public void putTagMutability(String registryId, String name, boolean immutable) {
        calls.add("PutImageTagMutability " + name + " " + (immutable ? "IMMUTABLE" : "MUTABLE"));
        Repository r = repositories.get(name);
        repositories.put(name, new Repository(r.name(), r.uri(), immutable, r.scanOnPush(), r.encryptionType(),
                r.kmsKey()));
    }

    @Override
    public void putScanOnPush(String registryId, String name, boolean scanOnPush) {
        calls.add("PutImageScanningConfiguration " + name + " " + scanOnPush);
        Repository r = repositories.get(name);
        repositories.put(name, new Repository(r.name(), r.uri(), r.immutableTags(), scanOnPush, r.encryptionType(),
                r.kmsKey()));
    }

    @Override
    public Optional<String> lifecyclePolicy(String registryId, String name) {
        calls.add("GetLifecyclePolicy " + name);
        return Optional.ofNullable(policies.get(name));
    }

    @Override
    public void putLifecyclePolicy(String registryId, String name, String policyText) {
        calls.add("PutLifecyclePolicy " + name);
        policies.put(name, policyText);
    }
}
