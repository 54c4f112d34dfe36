package dev.uniformpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.uniformpipeline.core.api.PipelineEvent;
import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import dev.uniformpipeline.core.api.UniformPipeline;
import dev.uniformpipeline.core.build.BaseImageMaker;
import dev.uniformpipeline.core.build.BuildListener;
import dev.uniformpipeline.core.build.LocalBaseImages;
import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.sts.StsService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret ever appears in what a run shows: whole runs (checkout, build, push) with every kind of secret in play
 * — a registry password handed out by a Docker credential helper, an AWS secret key, the session token and secret
 * of a role assumed through local-cloud's STS, a git token sent to an https-style remote that refuses it, and a
 * wrong registry password that makes a push fail — through the {@code pipeline} CLI (stdout and stderr, text and
 * JSON output, with {@code --stacktrace}) and through the public API (every event and the report JSON). Each
 * captured text is scanned for every secret, its base64 and base64url forms and the {@code user:secret} basic-auth
 * form, and for the shape of an ECR authorization token or password. Each scenario first shows the secret was
 * really used (the registry got the image, STS issued a session, the git server saw the token, ECR tokens were
 * fetched), so the scan cannot pass because nothing happened.
 */
class SecretsStayOutOfOutputIT {
    static final String REG_USER = "ci-pusher";
    static final String REG_PASSWORD = "Reg-Pa55word-7f3a91";
    static final String WRONG_REG_PASSWORD = "Wr0ng-Reg-Pa55-c0ffee";
    static final String AWS_SECRET = "aws/Secret+Key-0123456789abcdefABCDEF00";
    static final String GIT_TOKEN = "ghp_GitTok3n_5ecret_9d8c7b6a";
    static final String ACCOUNT_A = "111111111111";
    static final String ACCOUNT_B = "222222222222";

    @TempDir
    static Path shared;
    static LocalCloud cloud;
    static HtpasswdRegistry registry;
    static HttpServer gitServer;
    static final List<String> gitAuthorizations = Collections.synchronizedList(new ArrayList<>());
    static LocalBaseImages bases;

    /** Every text a run showed, by where it came from. */
    final Map<String, String> shown = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.builder().start();
        registry = HtpasswdRegistry.start(Files.createDirectories(shared.resolve("registry")), REG_USER, REG_PASSWORD);
        gitServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gitServer.createContext("/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                gitAuthorizations.add(auth);
            }
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            ex.sendResponseHeaders(401, -1);
            ex.close();
        });
        gitServer.start();
        bases = new LocalBaseImages(shared.resolve("bases"));
        new BaseImageMaker(bases, shared.resolve("maker"), BuildListener.NONE).busybox(Path.of("/bin/busybox"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gitServer != null) {
            gitServer.stop(0);
        }
        if (registry != null) {
            registry.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    static final String TAGS = "[\"${git.shortSha}\"]";

    private static String ociImage() {
        return "{ registry: \"" + registry.host() + "\", repository: team/site, tags: " + TAGS + ", insecure: true }";
    }

    private static Path app(Path dir, String source, String image) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("index.html"), "<h1>secrets</h1>\n");
        Files.writeString(dir.resolve("pipeline.yml"), """
                apiVersion: uniform.dev/v1
                kind: Pipeline
                name: site
                source: %s
                build: { builder: static, baseImage: "local:busybox" }
                image: %s
                service: { port: 8080 }
                targets:
                  - { name: dev, type: eks, region: eu-west-1, cluster: dev, namespace: site }
                """.formatted(source, image));
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent me = new PersonIdent("Test", "test@example.com");
            git.commit().setMessage("site").setAuthor(me).setCommitter(me).setSign(false).call();
        }
        return dir;
    }

    /** A Docker config whose credHelpers entry for the registry runs a helper that reads the secret from the env. */
    private static Map<String, String> helperEnv(Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path helper = bin.resolve("docker-credential-citest");
        Files.writeString(helper, "#!/bin/sh\n[ \"$1\" = get ] || exit 2\nread host\n"
                + "printf '{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"%s\"}' \"$host\" \"$CI_REG_USER\""
                + " \"$CI_REG_SECRET\"\n");
        assertTrue(helper.toFile().setExecutable(true));
        Path docker = Files.createDirectories(dir.resolve("docker"));
        Files.writeString(docker.resolve("config.json"), "{\"credHelpers\":{\"" + registry.host() + "\":\"citest\"}}");
        Map<String, String> env = base();
        env.put("DOCKER_CONFIG", docker.toString());
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("CI_REG_USER", REG_USER);
        return env;
    }

    private static Map<String, String> base() {
        Map<String, String> env = new HashMap<>();
        env.put(LocalBaseImages.DIR_ENV, bases.dir().toString());
        env.put("HOME", shared.resolve("home").toString());
        return env;
    }

    private Cli.Result cli(String label, Path app, Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("--stacktrace", "--no-color", "run", "--until", "push"));
        all.addAll(List.of(args));
        Cli.Result r = Cli.run(app, env, false, all.toArray(String[]::new));
        shown.put(label + " stdout", r.out());
        shown.put(label + " stderr", r.err());
        return r;
    }

    private RunReport api(String label, Path app, Map<String, String> env) throws Exception {
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();
        RunReport report = UniformPipeline.builder().pipelineFile(Path.of("pipeline.yml")).workingDirectory(app)
                .environment(env).eventListener(events::add).lastStage(Stage.PUSH)
                .runTimeout(Duration.ofMinutes(5)).build().run();
        StringBuilder all = new StringBuilder();
        events.forEach(e -> all.append(e).append('\n'));
        shown.put(label + " events", all.toString());
        shown.put(label + " report", report.toJson());
        report.failure().ifPresent(f -> shown.put(label + " failure", f.message()));
        return report;
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static Set<String> forms(String user, String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        for (String s : List.of(secret, user + ":" + secret)) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            forms.add(Base64.getEncoder().encodeToString(b));
            forms.add(Base64.getEncoder().withoutPadding().encodeToString(b));
            forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
        }
        return forms;
    }

    @Test
    void noSecretAppearsInEventsReportsCliOutputOrExceptionMessagesOfWholeRuns() throws Exception {
        // 1. push to the htpasswd registry with the password from a credential helper (CLI text output, and API)
        Path site = app(shared.resolve("oci"), "{ git: \".\" }",
                ociImage());
        Map<String, String> ociEnv = helperEnv(shared.resolve("oci-helper"));
        ociEnv.put("CI_REG_SECRET", REG_PASSWORD);
        Cli.Result oci = cli("oci cli", site, ociEnv);
        assertEquals(0, oci.exitCode(), oci.toString());
        assertTrue(oci.out().contains("image: " + registry.host() + "/team/site"), oci.toString());
        RunReport ociReport = api("oci api", site, ociEnv);
        assertEquals(RunReport.RunStatus.SUCCEEDED, ociReport.status(), ociReport.toJson());

        // 2. the same registry, the helper hands out a wrong password: the push fails with an auth error
        Map<String, String> wrongEnv = helperEnv(shared.resolve("wrong-helper"));
        wrongEnv.put("CI_REG_SECRET", WRONG_REG_PASSWORD);
        Cli.Result wrong = cli("wrong cli", site, wrongEnv, "--output", "json");
        assertEquals(3, wrong.exitCode(), "an authentication failure is an environment error: " + wrong);
        assertEquals(Stage.PUSH, RunReport.parse(wrong.out()).failure().orElseThrow().stage(), wrong.toString());

        // 3. ECR in account B through a role assumed with account A's keys (CLI JSON output, and API)
        Path ecrApp = app(shared.resolve("ecr"), "{ git: \".\" }", "{ registry: ecr, repository: team/site, tags: "
                + TAGS + ", ecr: {"
                + " region: eu-west-1, roleArn: \"arn:aws:iam::" + ACCOUNT_B + ":role/ecr-push\" } }");
        Map<String, String> awsEnv = base();
        awsEnv.put("AWS_ENDPOINT_URL", cloud.endpoint().toString());
        awsEnv.put("AWS_ACCESS_KEY_ID", ACCOUNT_A);
        awsEnv.put("AWS_SECRET_ACCESS_KEY", AWS_SECRET);
        Cli.Result ecr = cli("ecr cli", ecrApp, awsEnv, "--output", "json");
        assertEquals(0, ecr.exitCode(), ecr.toString());
        assertTrue(RunReport.parse(ecr.out()).image().orElseThrow().repository().startsWith(ACCOUNT_B + ".dkr.ecr."),
                ecr.toString());
        RunReport ecrReport = api("ecr api", ecrApp, awsEnv);
        assertEquals(RunReport.RunStatus.SUCCEEDED, ecrReport.status(), ecrReport.toJson());

        // 4. checkout from a git remote that refuses the token it is sent
        String remote = "http://127.0.0.1:" + gitServer.getAddress().getPort() + "/team/app.git";
        Path gitApp = app(shared.resolve("git"), "{ git: \"" + remote + "\", auth: { tokenEnv: GIT_TOKEN } }",
                ociImage());
        Map<String, String> gitEnv = base();
        gitEnv.put("GIT_TOKEN", GIT_TOKEN);
        Cli.Result git = cli("git cli", gitApp, gitEnv);
        assertEquals(3, git.exitCode(), git.toString());
        RunReport gitReport = api("git api", gitApp, gitEnv);
        assertEquals(Stage.CHECKOUT, gitReport.failure().orElseThrow().stage(), gitReport.toJson());
        assertTrue(gitAuthorizations.stream().anyMatch(a -> a.equals("Basic " + Base64.getEncoder().encodeToString(
                ("x-access-token:" + GIT_TOKEN).getBytes(StandardCharsets.UTF_8)))), "the token was sent");

        // exceptions thrown with the secrets in play, with their whole cause chains
        try {
            new dev.uniformpipeline.core.source.CheckoutService().checkout(dev.uniformpipeline.core.source
                    .CheckoutRequest.builder(remote).directory(shared.resolve("direct-clone"))
                    .credentials(dev.uniformpipeline.core.source.GitCredentials.token("x-access-token", GIT_TOKEN))
                    .build());
            throw new AssertionError("the remote refuses every token");
        } catch (dev.uniformpipeline.core.source.CheckoutException e) {
            shown.put("checkout exception", stackTrace(e));
        }
        try {
            new dev.uniformpipeline.core.registry.OciRegistryClient(
                    dev.uniformpipeline.core.registry.RegistryEndpoint.plainHttp(registry.host()),
                    java.util.Optional.of(new dev.uniformpipeline.core.registry.RegistryCredential(REG_USER,
                            WRONG_REG_PASSWORD))).manifestDigest("team/site", "latest");
            throw new AssertionError("the registry refuses a wrong password");
        } catch (dev.uniformpipeline.core.registry.RegistryException e) {
            shown.put("registry exception", stackTrace(e));
        }

        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        secrets.put("registry password", forms(REG_USER, REG_PASSWORD));
        secrets.put("wrong registry password", forms(REG_USER, WRONG_REG_PASSWORD));
        secrets.put("AWS secret key", forms(ACCOUNT_A, AWS_SECRET));
        secrets.put("git token", forms("x-access-token", GIT_TOKEN));
        JsonNode sessions = cloud.service(StsService.class).snapshot().path("sessions");
        assertTrue(sessions.size() >= 2, "STS issued a session for each ECR run: " + sessions.size());
        for (JsonNode s : sessions) {
            secrets.put("assumed-role secret key " + s.path("accessKeyId").asText(),
                    forms(s.path("accessKeyId").asText(), s.path("secretAccessKey").asText()));
            secrets.put("assumed-role session token " + s.path("accessKeyId").asText(),
                    forms("x", s.path("sessionToken").asText()));
        }

        List<String> leaks = new ArrayList<>();
        for (var text : shown.entrySet()) {
            for (var secret : secrets.entrySet()) {
                for (String form : secret.getValue()) {
                    if (text.getValue().contains(form)) {
                        leaks.add(secret.getKey() + " (" + form + ") in " + text.getKey());
                    }
                }
            }
        }
        // ECR tokens are issued inside the run: look for their shape. The token is base64 of "AWS:<password>"
        // (always starts "QVdTO"); local-cloud's password is base64url(JSON payload) "." base64url(HMAC).
        java.util.regex.Pattern ecrPassword = java.util.regex.Pattern.compile("eyJ[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{20,}");
        for (var text : shown.entrySet()) {
            if (text.getValue().contains("QVdTO") || ecrPassword.matcher(text.getValue()).find()) {
                leaks.add("an ECR token or password in " + text.getKey());
            }
        }
        assertTrue(shown.get("ecr api events").contains("fetched a fresh ECR token"), "ECR tokens were issued");
        assertEquals(List.of(), leaks);
        assertTrue(shown.size() >= 14, "scanned " + shown.keySet());
        assertFalse(shown.get("git cli stderr").isBlank(), "the failing checkout said something");
    }
}
