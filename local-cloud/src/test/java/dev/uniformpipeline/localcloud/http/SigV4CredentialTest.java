package dev.uniformpipeline.localcloud.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SigV4CredentialTest {
    @Test
    void readsKeyRegionAndServiceFromAuthorizationHeader() {
        SigV4Credential c = SigV4Credential.fromAuthorization("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/"
                + "eu-central-1/elasticloadbalancing/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d67")
                .orElseThrow();
        assertEquals("AKIDEXAMPLE", c.accessKeyId());
        assertEquals("eu-central-1", c.region());
        assertEquals("elasticloadbalancing", c.service());
    }

    @Test
    void readsPresignedQueryCredentialCaseInsensitively() {
        SigV4Credential c = SigV4Credential.fromQuery(Map.of("x-amz-credential", "ASIAX/20240101/us-west-2/sts/aws4_request"))
                .orElseThrow();
        assertEquals("sts", c.service());
        assertEquals("us-west-2", c.region());
    }

    @Test
    void rejectsHeadersWithoutCredentialScope() {
        assertTrue(SigV4Credential.fromAuthorization("Basic QVdTOnBhc3M=").isEmpty());
        assertTrue(SigV4Credential.fromAuthorization("AWS4-HMAC-SHA256 Credential=AKID/2015, Signature=1").isEmpty());
        assertTrue(SigV4Credential.fromAuthorization(null).isEmpty());
    }
}
