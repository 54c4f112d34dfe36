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
 * Mechanical check of the declarations against the real classes wherever the real jar is on Maven Central: the AWS
 * SDK for Java v1 credential interfaces that aws-credentials exposes ({@code com.amazonaws:aws-java-sdk-core}) and
 * stapler's data-binding annotations ({@code org.kohsuke.stapler:stapler}), test-scoped dependencies pinned in this
 * module's pom. Jenkins core, remoting and the plugins are served only by the Jenkins repository, which this build
 * does not reach; those declarations are checked by hand (VERSIONS.md) and by the {@code -Pjenkins} build.
 *
 * <p>The declaration and the real class share a binary name, so each is loaded by its own class loader whose parent
 * is the platform loader: one over this module's compiled classes, one over the real jar alone.
 */
class RealSignaturesTest {

    private static final String AWS_PROBE = "com/amazonaws/auth/AWSCredentials.class";
    private static final String STAPLER_PROBE = "org/kohsuke/stapler/DataBoundConstructor.class";

    private static URL declaredRoot;
    private static URL awsJar;
    private static URL staplerJar;
    private static URLClassLoader declaredLoader;
    private static URLClassLoader realAws;
    private static URLClassLoader realStapler;

    @BeforeAll
    static void openBothSides() throws IOException {
        declaredRoot = classesRootHolding(AWS_PROBE);
        assertEquals(declaredRoot, classesRootHolding(STAPLER_PROBE));
        awsJar = jarHolding(AWS_PROBE, "aws-java-sdk-core");
        staplerJar = jarHolding(STAPLER_PROBE, "stapler");
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        declaredLoader = new URLClassLoader("declared", new URL[] {declaredRoot}, platform);
        realAws = new URLClassLoader("real-aws-java-sdk-core", new URL[] {awsJar}, platform);
        realStapler = new URLClassLoader("real-stapler", new URL[] {staplerJar}, platform);
    }

    private static URL classesRootHolding(String probe) throws IOException {
        for (URL url : Collections.list(RealSignaturesTest.class.getClassLoader().getResources(probe))) {
            String s = url.toString();
            if (s.startsWith("file:")) {
                return new URL(s.substring(0, s.length() - probe.length()));
            }
        }
        return fail("this module's compiled declaration " + probe + " is not on the test classpath");
    }

    private static URL jarHolding(String probe, String artifactId) throws IOException {
        for (URL url : Collections.list(RealSignaturesTest.class.getClassLoader().getResources(probe))) {
            String s = url.toString();
            if (s.startsWith("jar:file:") && s.contains("/" + artifactId + "-")) {
                return URI.create(s.substring("jar:".length(), s.indexOf("!/"))).toURL();
            }
        }
        return fail("the real " + probe + " is not on the test classpath: the test-scoped dependency " + artifactId
                + " (jenkins-api/pom.xml) did not resolve");
    }

    @AfterAll
    static void close() throws IOException {
        declaredLoader.close();
        realAws.close();
        realStapler.close();
    }

    private static void assertMirrors(String binaryName, URLClassLoader real, URL jar) throws Exception {
        Class<?> declared = declaredLoader.loadClass(binaryName);
        Class<?> realClass = real.loadClass(binaryName);
        assertNotSame(declared, realClass);
        assertEquals(declaredRoot, declared.getProtectionDomain().getCodeSource().getLocation(),
                "the declaration must come from this module's classes");
        assertEquals(jar, realClass.getProtectionDomain().getCodeSource().getLocation(),
                "the real class must come from the real jar");
        // complete: these declarations claim to be whole (no member or supertype left out)
        List<String> differences = SignatureComparison.differences(declared, realClass, true);
        if (!differences.isEmpty()) {
            fail(binaryName + " (jenkins-api/src/main/java) differs from the real class in " + jar + ":\n  "
                    + String.join("\n  ", differences));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "com.amazonaws.auth.AWSCredentials",
        "com.amazonaws.auth.AWSSessionCredentials",
        "com.amazonaws.auth.AWSCredentialsProvider",
    })
    void awsSdkV1CredentialInterfacesMatchTheRealOnesMemberForMember(String binaryName) throws Exception {
        assertMirrors(binaryName, realAws, awsJar);
    }

    /**
     * Stapler 1.263 is the last stapler on Maven Central; Jenkins 2.479 bundles a 19xx release from the Jenkins
     * repository. The two annotations have had the same retention, targets and (no) members in both (VERSIONS.md).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"org.kohsuke.stapler.DataBoundConstructor", "org.kohsuke.stapler.DataBoundSetter"})
    void staplerDataBindingAnnotationsMatchTheRealOnes(String binaryName) throws Exception {
        assertMirrors(binaryName, realStapler, staplerJar);
    }

    @Test
    void comparisonReportsAMissingMethodAMissingSupertypeAndAnExtraOne() throws Exception {
        // the declaration of AWSCredentials set against the real AWSSessionCredentials, and the reverse
        Class<?> declaredPlain = declaredLoader.loadClass("com.amazonaws.auth.AWSCredentials");
        Class<?> realSession = realAws.loadClass("com.amazonaws.auth.AWSSessionCredentials");
        List<String> narrower = SignatureComparison.differences(declaredPlain, realSession, true);
        assertTrue(narrower.stream().anyMatch(d -> d.startsWith("method getSessionToken()") && d.endsWith("not declared")),
                narrower::toString);
        assertTrue(narrower.stream().anyMatch(d -> d.startsWith("supertype com.amazonaws.auth.AWSCredentials: real")),
                narrower::toString);

        Class<?> declaredSession = declaredLoader.loadClass("com.amazonaws.auth.AWSSessionCredentials");
        Class<?> realProvider = realAws.loadClass("com.amazonaws.auth.AWSCredentialsProvider");
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
        Class<?> real = realAws.loadClass("com.amazonaws.auth.AWSCredentials");
        List<String> differences = SignatureComparison.differences(declared, real, false);
        assertTrue(differences.contains("kind: declared 'class', real 'interface'"), differences::toString);
        assertTrue(differences.stream().anyMatch(d -> d.startsWith("class modifiers: declared 'public final'")),
                differences::toString);
    }
}
