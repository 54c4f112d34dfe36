package dev.uniformpipeline.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EcrRegistryTest {
    private static final String HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private final Map<String, FakeEcrApi> regions = new HashMap<>();
    private final List<String> events = new ArrayList<>();
    private final EcrRegistry ecr = new EcrRegistry(r -> regions.computeIfAbsent(r, x -> new FakeEcrApi()), events::add);

    @Test
    void parsesAccountAndRegionOfEcrHostsOnly() {
        EcrRegistry.EcrHost h = EcrRegistry.parse(HOST).orElseThrow();
        assertEquals("123456789012", h.account());
        assertEquals("eu-west-1", h.region());
        assertEquals("cn-north-1", EcrRegistry.parse("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn").orElseThrow()
                .region());
        assertTrue(EcrRegistry.parse("registry.example.org").isEmpty());
        assertTrue(EcrRegistry.parse("12345.dkr.ecr.eu-west-1.amazonaws.com").isEmpty());
    }

    @Test
    void everyPushGetsAFreshTokenForItsOwnAccountAndRegion() throws Exception {
        CredentialSource creds = ecr.credentials(CredentialSource.NONE);
        RegistryCredential first = creds.forRegistry(HOST).orElseThrow();
        RegistryCredential second = creds.forRegistry(HOST).orElseThrow();
        creds.forRegistry("210987654321.dkr.ecr.us-east-1.amazonaws.com").orElseThrow();
        assertEquals("AWS", first.username());
        assertEquals("password-1", first.secret());
        assertEquals("password-2", second.secret(), "no token is reused");
        assertEquals(2, regions.get("eu-west-1").tokensIssued);
        assertEquals(List.of("GetAuthorizationToken 210987654321"), regions.get("us-east-1").calls);
        assertFalse(String.join("\n", events).contains("password-"), "token never in events");
    }

    @Test
    void nonEcrHostsUseTheFallbackSource() throws Exception {
        RegistryCredential other = new RegistryCredential("u", "p");
        assertEquals(Optional.of(other), ecr.credentials(CredentialSource.of(other)).forRegistry("r.example.org:5000"));
        assertTrue(regions.isEmpty());
    }

    @Test
    void malformedTokenIsAnErrorThatDoesNotShowIt() {
        FakeEcrApi api = regions.computeIfAbsent("eu-west-1", x -> new FakeEcrApi());
        api.tokenOverride = java.util.Base64.getEncoder().encodeToString("nobody:leaky-secret".getBytes());
        RegistryException e = assertThrows(RegistryException.class,
                () -> ecr.credentials(CredentialSource.NONE).forRegistry(HOST));
        assertEquals(RegistryException.Reason.ECR, e.reason());
        assertFalse(e.getMessage().contains("leaky-secret"), e.getMessage());
    }

    @Test
    void missingRepositoryIsCreatedWithTheSettingsAndPolicy() throws Exception {
        LifecyclePolicy policy = LifecyclePolicy.builder().keepLast(30).untaggedOlderThanDays(7).build();
        PushRequest.TagPolicy tags = ecr.ensureRepository(EcrRegistry.parse(HOST).orElseThrow(),
                new EcrRepositorySettings("team/orders", true, true, "KMS", "alias/ecr", policy));
        assertEquals(PushRequest.TagPolicy.IMMUTABLE, tags);
        FakeEcrApi api = regions.get("eu-west-1");
        assertEquals(List.of("DescribeRepositories team/orders",
                "CreateRepository team/orders immutable=true scan=true enc=KMS key=alias/ecr",
                "GetLifecyclePolicy team/orders", "PutLifecyclePolicy team/orders"), api.calls);
        assertEquals(policy.toJson(), api.policies.get("team/orders"));
    }

    @Test
    void existingRepositoryIsBroughtInLineAndUnchangedPolicyIsNotRewritten() throws Exception {
        FakeEcrApi api = regions.computeIfAbsent("eu-west-1", x -> new FakeEcrApi());
        LifecyclePolicy policy = LifecyclePolicy.builder().keepLast(5).build();
        api.repositories.put("svc", new EcrApi.Repository("svc", HOST + "/svc", true, false, "AES256", ""));
        api.policies.put("svc", policy.toJson().replace(",", " ,\n "));
        PushRequest.TagPolicy tags = ecr.ensureRepository(EcrRegistry.parse(HOST).orElseThrow(),
                new EcrRepositorySettings("svc", true, false, null, null, policy));
        assertEquals(PushRequest.TagPolicy.MUTABLE, tags);
        assertEquals(List.of("DescribeRepositories svc", "PutImageTagMutability svc MUTABLE",
                "PutImageScanningConfiguration svc true", "GetLifecyclePolicy svc"), api.calls);
        assertFalse(api.repositories.get("svc").immutableTags());
    }

    @Test
    void encryptionDifferenceIsReportedNotChanged() throws Exception {
        FakeEcrApi api = regions.computeIfAbsent("eu-west-1", x -> new FakeEcrApi());
        api.repositories.put("svc", new EcrApi.Repository("svc", HOST + "/svc", false, false, "AES256", ""));
        ecr.ensureRepository(EcrRegistry.parse(HOST).orElseThrow(),
                new EcrRepositorySettings("svc", false, false, "KMS", "", null));
        assertEquals(List.of("DescribeRepositories svc"), api.calls);
        assertTrue(events.stream().anyMatch(e -> e.contains("cannot change encryption")), events.toString());
    }

    @Test
    void invalidRepositorySettingsNameTheField() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> new EcrRepositorySettings("Team/Orders", false, false, null, null, null));
        assertTrue(name.getMessage().contains("image.repository"), name.getMessage());
        IllegalArgumentException kms = assertThrows(IllegalArgumentException.class,
                () -> new EcrRepositorySettings("svc", false, false, "AES256", "alias/x", null));
        assertTrue(kms.getMessage().contains("kmsKey"), kms.getMessage());
    }
}
