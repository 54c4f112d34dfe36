package dev.uniformpipeline.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.api.RegistryImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which platforms a build makes (ImageBuilder.platforms), and what refuses a foreign platform. */
class PlatformRuleTest {
    static final TargetPlatform AMD = TargetPlatform.LINUX_AMD64;
    static final TargetPlatform ARM = TargetPlatform.LINUX_ARM64;
    static final TargetPlatform PPC = TargetPlatform.parse("linux/ppc64le");

    @TempDir
    Path tmp;

    BuildRequest request(String... platforms) {
        BuildRequest.Builder b = BuildRequest.builder(tmp.resolve("src"), tmp.resolve("work"));
        for (String p : platforms) {
            b.platform(p);
        }
        return b.build();
    }

    static BaseImage.Registry registry(TargetPlatform p) throws Exception {
        String digest = "sha256:" + Integer.toHexString(p.hashCode()).repeat(8).substring(0, 64);
        return new BaseImage.Registry("r.example/base:1", digest, RegistryImage.named("r.example/base@" + digest),
                false, p);
    }

    static BaseImage.RegistryIndex index(TargetPlatform... platforms) throws Exception {
        Map<TargetPlatform, BaseImage.Registry> m = new java.util.TreeMap<>();
        for (TargetPlatform p : platforms) {
            m.put(p, registry(p));
        }
        return new BaseImage.RegistryIndex("r.example/base:1", "sha256:" + "c".repeat(64), m);
    }

    @Test
    void withoutPlatformsAnIndexGivesItsAmd64AndArm64InThatOrder() throws Exception {
        assertEquals(List.of(AMD, ARM), ImageBuilder.platforms(request(), index(PPC, ARM, AMD)));
        assertEquals(List.of(ARM), ImageBuilder.platforms(request(), index(ARM, PPC)));
        BuildException e = assertThrows(BuildException.class, () -> ImageBuilder.platforms(request(), index(PPC, TargetPlatform.parse("linux/s390x"))));
        assertTrue(e.getMessage().startsWith("build.platforms:") && e.getMessage().contains("linux/ppc64le"),
                e.getMessage());
    }

    @Test
    void withoutPlatformsASinglePlatformBaseGivesItsPlatformAndScratchGivesAmd64() throws Exception {
        assertEquals(List.of(ARM), ImageBuilder.platforms(request(), registry(ARM)));
        assertEquals(List.of(AMD), ImageBuilder.platforms(request(), new BaseImage.Scratch()));
        assertEquals(List.of(TargetPlatform.host()), ImageBuilder.platforms(request(),
                new BaseImage.Local("busybox", tmp.resolve("busybox.tar"), "sha256:" + "a".repeat(64))));
    }

    @Test
    void listedPlatformsMustBeOfferedByTheBaseButAnyGoOnScratch() throws Exception {
        assertEquals(List.of(ARM), ImageBuilder.platforms(request("linux/arm64"), index(AMD, ARM)));
        assertEquals(List.of(ARM, AMD), ImageBuilder.platforms(request("linux/arm64", "linux/amd64"),
                new BaseImage.Scratch()));
        BuildException e = assertThrows(BuildException.class,
                () -> ImageBuilder.platforms(request("linux/amd64", "linux/arm64"), registry(AMD)));
        assertTrue(e.getMessage().contains("[linux/arm64] not offered by the base image r.example/base:1"),
                e.getMessage());
    }

    @Test
    void platformTextIsParsedAndArm64V8IsArm64() {
        assertEquals(ARM, TargetPlatform.parse("linux/arm64/v8"));
        assertEquals("linux/arm/v7", TargetPlatform.parse("linux/arm/v7").toString());
        assertThrows(IllegalArgumentException.class, () -> TargetPlatform.parse("arm64"));
        assertThrows(IllegalArgumentException.class, () -> request("linux/amd64", "linux/amd64"));
    }

    @Test
    void nativeModulesBuiltHereAreRefusedForAnotherArchitectureButPureCodeIsNot() throws Exception {
        Path js = Files.writeString(tmp.resolve("index.js"), "console.log(1)", StandardCharsets.UTF_8);
        Path addon = Files.write(tmp.resolve("addon.node"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1});
        BuildPlan pure = plan(new LayerSpec.Entry(js, "/app/index.js", false));
        BuildPlan nativePlan = plan(new LayerSpec.Entry(js, "/app/index.js", false),
                new LayerSpec.Entry(addon, "/app/node_modules/x/build/Release/x.node", false));
        TargetPlatform other = TargetPlatform.host().equals(AMD) ? ARM : AMD;
        NativeCode.refuseForeignPlatforms(pure, List.of(AMD, ARM), "node_modules");
        NativeCode.refuseForeignPlatforms(nativePlan, List.of(TargetPlatform.host()), "node_modules");
        BuildException e = assertThrows(BuildException.class,
                () -> NativeCode.refuseForeignPlatforms(nativePlan, List.of(AMD, ARM), "node_modules"));
        assertTrue(e.getMessage().contains("build.platforms: [" + other + "]") && e.getMessage().contains("x.node"),
                e.getMessage());
    }

    static BuildPlan plan(LayerSpec.Entry... entries) {
        return new BuildPlan("node", List.of(new LayerSpec("app", List.of(entries))), List.of("node"), List.of(),
                Map.of(), "/app", 3000, "local:node");
    }
}
