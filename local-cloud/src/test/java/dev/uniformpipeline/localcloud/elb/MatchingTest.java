package dev.uniformpipeline.localcloud.elb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatchingTest {

    private static Model.Condition condition(String field, String... values) {
        Model.Condition c = new Model.Condition();
        c.field = field;
        c.values = List.of(values);
        return c;
    }

    private static Matching.Request request(String method, String path, String query, String host,
            Map<String, List<String>> headers, String source) throws Exception {
        return new Matching.Request(method, path, query, host, headers, InetAddress.getByName(source));
    }

    @Test
    void pathPatternsAreCaseSensitiveGlobsWithStarAndQuestionMark() {
        assertTrue(Matching.glob("/api/*", "/api/orders/1", false));
        assertTrue(Matching.glob("/api/v?/x", "/api/v2/x", false));
        assertFalse(Matching.glob("/api/v?/x", "/api/v10/x", false));
        assertFalse(Matching.glob("/API/*", "/api/orders", false));
        assertTrue(Matching.glob("*", "", false));
        assertFalse(Matching.glob("/api", "/api/", false));
        assertTrue(Matching.glob("*.example.com", "SHOP.Example.com", true));
    }

    @Test
    void hostHeaderIgnoresThePortAndCase() throws Exception {
        Model.Condition host = condition("host-header", "admin.*.example.com");
        assertTrue(Matching.matches(host, request("GET", "/", null, "Admin.EU.example.com:8080", Map.of(), "10.0.0.1")));
        assertFalse(Matching.matches(host, request("GET", "/", null, "www.example.com", Map.of(), "10.0.0.1")));
    }

    @Test
    void headerMethodQueryAndSourceIpConditions() throws Exception {
        Model.Condition header = condition("http-header", "yes", "y*");
        header.httpHeaderName = "X-Canary";
        Model.Condition method = condition("http-request-method", "POST");
        Model.Condition query = condition("query-string", "v=2");
        query.queryPairs = List.<String[]>of(new String[] {"v", "2"}, new String[] {null, "beta"});
        Model.Condition source = condition("source-ip", "10.1.0.0/16");

        Matching.Request r = request("POST", "/", "a=beta&x=1", "h", Map.of("x-canary", List.of("Yep")), "10.1.2.3");
        assertTrue(Matching.matches(List.of(header, method, query, source), r));
        assertFalse(Matching.matches(method, request("GET", "/", null, "h", Map.of(), "10.1.2.3")));
        assertFalse(Matching.matches(query, request("GET", "/", "v=3", "h", Map.of(), "10.1.2.3")));
        assertTrue(Matching.matches(query, request("GET", "/", "v=2", "h", Map.of(), "10.1.2.3")));
        assertFalse(Matching.matches(source, request("GET", "/", null, "h", Map.of(), "10.2.0.1")));
        assertFalse(Matching.matches(header, request("GET", "/", null, "h", Map.of(), "10.1.2.3")));
    }

    @Test
    void cidrValidationRejectsMalformedBlocks() {
        assertTrue(Matching.validCidr("192.168.0.0/16"));
        assertTrue(Matching.validCidr("2001:db8::/32"));
        assertFalse(Matching.validCidr("192.168.0.0"));
        assertFalse(Matching.validCidr("192.168.0.0/33"));
        assertFalse(Matching.validCidr("example.com/8"));
    }

    @Test
    void healthCheckMatcherAcceptsCodesListsAndRanges() {
        assertTrue(ElbService.matcherAccepts("200", 200));
        assertFalse(ElbService.matcherAccepts("200", 204));
        assertTrue(ElbService.matcherAccepts("200-299", 204));
        assertFalse(ElbService.matcherAccepts("200-299", 302));
        assertTrue(ElbService.matcherAccepts("200,202", 202));
        assertFalse(ElbService.matcherAccepts("200,202", 201));
    }
}
