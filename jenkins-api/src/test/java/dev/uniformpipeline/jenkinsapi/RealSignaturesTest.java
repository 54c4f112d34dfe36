package dev.uniformpipeline.jenkinsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mechanical check of the declarations against the real classes wherever the real jar is on Maven Central: today the
 * AWS SDK for Java v1 credential interfaces that aws-credentials exposes ({@code com.amazonaws:aws-java-sdk-core}, a
 * test-scoped dependency pinned in this module's pom). The Jenkins core, remoting, stapler and plugin jars are served
 * only by the Jenkins repository, which this build does not reach; those declarations are checked by hand
 * (VERSIONS.md) and by the {@code -Pjenkins} build of the real plugin.
 *
 * <p>The declaration and the real class share a binary name, so each is loaded by its own class loader whose parent
 * is the platform loader: one over this module's compiled classes, one over the real jar alone.
 */
class RealSignaturesTest {

    private static final String PROBE = "com/amazonaws/auth/AWSCredentials.class";

    private static URLClassLoader declaredLoader;
    private static URLClassLoader realLoader;
    private static URL declaredRoot;
    private static URL realJar;

    @BeforeAll
    static void openBothSides() throws IOException {
        for (URL url : Collections.list(RealSignaturesTest.class.getClassLoader().getResources(PROBE))) {
            String s = url.toString();
            if (s.startsWith("jar:file:") && s.contains("aws-java-sdk-core")) {
                realJar = URI.create(s.substring("jar:".length(), s.indexOf("!/"))).toURL();
            } else if (s.startsWith("file:")) {
                declaredRoot = new URL(s.substring(0, s.length() - PROBE.length()));
            }
        }
        assertNotNull(declaredRoot, "this module's compiled declaration of " + PROBE + " is not on the test classpath");
        assertNotNull(realJar, "the real " + PROBE + " is not on the test classpath: the test-scoped dependency "
                + "com.amazonaws:aws-java-sdk-core (jenkins-api/pom.xml) did not resolve");
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        declaredLoader = new URLClassLoader("declared", new URL[] {declaredRoot}, platform);
        realLoader = new URLClassLoader("real", new URL[] {realJar}, platform);
    }

    @AfterAll
    static void close() throws IOException {
        declaredLoader.close();
        realLoader.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "com.amazonaws.auth.AWSCredentials",
        "com.amazonaws.auth.AWSSessionCredentials",
        "com.amazonaws.auth.AWSCredentialsProvider",
    })
    void awsSdkV1CredentialInterfacesMatchTheRealOnesMemberForMember(String binaryName) throws Exception {
        Class<?> declared = declaredLoader.loadClass(binaryName);
        Class<?> real = realLoader.loadClass(binaryName);
        assertNotSame(declared, real);
        assertEquals(declaredRoot, declared.getProtectionDomain().getCodeSource().getLocation(),
                "the declaration must come from this module's classes");
        assertEquals(realJar, real.getProtectionDomain().getCodeSource().getLocation(),
                "the real class must come from the real jar");

        // complete: these declarations claim to be whole (no member or supertype left out)
        List<String> differences = SignatureComparison.differences(declared, real, true);
        if (!differences.isEmpty()) {
            fail(binaryName + " (jenkins-api/src/main/java) differs from the real class in " + realJar + ":\n  "
                    + String.join("\n  ", differences));
        }
    }

    @Test
    void comparisonReportsAMissingMethodAMissingSupertypeAndAnExtraOne() throws Exception {
        // the declaration of AWSCredentials set against the real AWSSessionCredentials, and the reverse
        Class<?> declaredPlain = declaredLoader.loadClass("com.amazonaws.auth.AWSCredentials");
        Class<?> realSession = realLoader.loadClass("com.amazonaws.auth.AWSSessionCredentials");
        List<String> narrower = SignatureComparison.differences(declaredPlain, realSession, true);
        assertTrue(narrower.stream().anyMatch(d -> d.startsWith("method getSessionToken()") && d.endsWith("not declared")),
                narrower::toString);
        assertTrue(narrower.stream().anyMatch(d -> d.startsWith("supertype com.amazonaws.auth.AWSCredentials: real")),
                narrower::toString);

        Class<?> declaredSession = declaredLoader.loadClass("com.amazonaws.auth.AWSSessionCredentials");
        Class<?> realProvider = realLoader.loadClass("com.amazonaws.auth.AWSCredentialsProvider");
        List<String> wider = SignatureComparison.differences(declaredSession, realProvider, false);
        assertTrue(wider.stream().anyMatch(d -> d.startsWith("method getSessionToken()")
                && d.endsWith("absent from the real type")), wider::toString);
        assertTrue(wider.stream().anyMatch(d -> d.startsWith("supertype com.amazonaws.auth.AWSCredentials: declared")),
                wider::toString);
    }

    @Test
    void comparisonReportsADifferentKindAndModifiers() throws Exception {
        // a final class (declared hudson.AbortException) against an interface from the real jar
        Class<?> declared = declaredLoader.loadClass("hudson.AbortException");
        Class<?> real = realLoader.loadClass("com.amazonaws.auth.AWSCredentials");
        List<String> differences = SignatureComparison.differences(declared, real, false);
        assertTrue(differences.contains("kind: declared 'class', real 'interface'"), differences::toString);
        assertTrue(differences.stream().anyMatch(d -> d.startsWith("class modifiers: declared 'public final'")),
                differences::toString);
    }
}
