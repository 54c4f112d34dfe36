package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineEvent;
import dev.uniformpipeline.core.build.BuildListener;
import dev.uniformpipeline.core.build.BuildRequest;
import dev.uniformpipeline.core.build.ImageBuilder;
import dev.uniformpipeline.core.build.LocalBaseImages;
import dev.uniformpipeline.core.build.PreparedImage;
import dev.uniformpipeline.core.registry.CredentialSource;
import dev.uniformpipeline.core.aws.AwsClients;
import dev.uniformpipeline.core.aws.AwsCredentialChain;
import dev.uniformpipeline.core.aws.AwsCredentialSettings;
import dev.uniformpipeline.core.aws.AwsCredentialsException;
import dev.uniformpipeline.core.registry.DockerConfigCredentials;
import dev.uniformpipeline.core.registry.EcrRegistry;
import dev.uniformpipeline.core.registry.EcrRepositorySettings;
import dev.uniformpipeline.core.registry.EnvCredentials;
import dev.uniformpipeline.core.registry.ImagePusher;
import dev.uniformpipeline.core.registry.LifecyclePolicy;
import dev.uniformpipeline.core.registry.PushRequest;
import dev.uniformpipeline.core.registry.RegistryBaseResolver;
import dev.uniformpipeline.core.registry.RegistryCredential;
import dev.uniformpipeline.core.registry.RegistryEndpoint;
import dev.uniformpipeline.core.registry.RegistryException;
import dev.uniformpipeline.core.registry.SdkEcrApi;
import dev.uniformpipeline.core.source.CheckoutListener;
import dev.uniformpipeline.core.source.CheckoutRequest;
import dev.uniformpipeline.core.source.CheckoutService;
import dev.uniformpipeline.core.source.GitCredentials;
import dev.uniformpipeline.core.source.SourceRevision;
import dev.uniformpipeline.core.source.TokenCredentialsProvider;
import dev.uniformpipeline.core.spec.LoadedPipeline;
import dev.uniformpipeline.core.spec.ResolvedPipeline;
import dev.uniformpipeline.core.spec.v1.BuildSpec;
import dev.uniformpipeline.core.spec.v1.EcrSpec;
import dev.uniformpipeline.core.spec.v1.GitAuth;
import dev.uniformpipeline.core.spec.v1.ImageSpec;
import dev.uniformpipeline.core.spec.v1.LayerFile;
import dev.uniformpipeline.core.spec.v1.LayerSpec;
import dev.uniformpipeline.core.spec.v1.LifecycleRule;
import dev.uniformpipeline.core.spec.v1.PipelineSpec;
import dev.uniformpipeline.core.spec.v1.RegistryAuth;
import dev.uniformpipeline.core.spec.v1.SourceSpec;
import dev.uniformpipeline.core.spec.v1.TagMutability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The checkout, build and push work of one run, backed by the source, build and registry packages. Run-scoped:
 * checkout's revision feeds the build's labels and the tags' {@code ${git.*}} variables, and the prepared image
 * travels from build to push.
 */
final class ImageStageWorks {
    private final PipelineDefinition pipeline;
    private final RunRequest request;
    private final Map<String, String> env;
    private SourceRevision revision;
    private dev.uniformpipeline.core.build.PlatformImages prepared;
    private Path runDir;

    ImageStageWorks(PipelineDefinition pipeline, RunRequest request) {
        this.pipeline = pipeline;
        this.request = request;
        this.env = request.environment();
    }

    /** The pipeline file's model, or null when the definition carries none (engine tests). */
    private PipelineSpec spec() {
        LoadedPipeline loaded = pipeline.spec();
        return loaded == null ? null : loaded.spec();
    }

    /** The model with {@code ${git.*}} resolved against the checkout, else as loaded. */
    private PipelineSpec spec(CheckedOut source) {
        return source.pipeline().map(ResolvedPipeline::spec).orElseGet(this::spec);
    }

    /**
     * A local {@code source.git} path is relative to the folder of the pipeline file (as every other path in the
     * file is), so {@code git: "."} means "the repository this file lives in" whatever the caller's directory.
     */
    private Path sourceBase(Path workingDirectory) {
        if (pipeline.spec() == null || pipeline.spec().files().isEmpty()) {
            return workingDirectory;
        }
        Path folder = workingDirectory.resolve(pipeline.spec().files().get(0)).getParent();
        return folder == null ? workingDirectory : folder;
    }

    private synchronized Path runDir() throws IOException {
        if (runDir == null) {
            runDir = Files.createTempDirectory("uniform-run-");
        }
        return runDir;
    }

    // ---------------------------------------------------------------- checkout

    CheckoutResult checkout(PipelineDefinition definition, Path workingDirectory, StageContext ctx)
            throws Exception {
        PipelineDefinition.SourceRef source = definition.source();
        SourceSpec spec = spec() == null ? null : spec().source();
        String location = source.git();
        if (!CheckoutService.isRemoteSource(location)) {
            location = sourceBase(workingDirectory).resolve(location).normalize().toString();
        }
        CheckoutRequest.Builder b = CheckoutRequest.builder(location).ref(source.ref().orElse(""))
                .directory(runDir().resolve("source"))
                .credentials(credentials(location, spec == null ? null : spec.auth(), workingDirectory));
        if (spec != null) {
            b.depth(spec.depth() == null ? 0 : spec.depth()).submodules(Boolean.TRUE.equals(spec.submodules()));
        }
        CheckoutService service = new CheckoutService(new CheckoutListener() {
            @Override
            public void step(String message) {
                ctx.log(message);
            }

            @Override
            public void progress(String task, int done, int total) {
                ctx.progress(task, total > 0 ? (int) (100L * done / total) : -1);
            }
        });
        revision = service.checkout(b.build());
        Optional<String> ref = source.ref().isPresent() ? source.ref()
                : !revision.tag().isEmpty() ? Optional.of(revision.tag())
                : revision.branch().isEmpty() ? Optional.empty() : Optional.of(revision.branch());
        return new CheckoutResult(revision.directory(), revision.sha(), ref,
                Optional.ofNullable(emptyToNull(revision.branch())), Optional.ofNullable(emptyToNull(revision.tag())),
                Optional.ofNullable(emptyToNull(revision.author())), Optional.of(revision.commitTime()));
    }

    private GitCredentials credentials(String location, GitAuth auth, Path workingDirectory) throws Exception {
        if (auth != null && auth.sshKeyFile() != null) {
            Path known = auth.knownHostsFile() != null ? workingDirectory.resolve(auth.knownHostsFile())
                    : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
            return GitCredentials.sshKey(workingDirectory.resolve(auth.sshKeyFile()), known,
                    env.get(GitCredentials.SSH_PASSPHRASE_ENV));
        }
        String keyFile = env.get(GitCredentials.SSH_KEY_FILE_ENV);
        if (auth == null && keyFile != null && !keyFile.isBlank() && CheckoutService.isSshSource(location)) {
            // a key handed over by the caller (e.g. a Jenkins SSH credential written to a private temp file)
            String knownEnv = env.get(GitCredentials.SSH_KNOWN_HOSTS_ENV);
            Path known = knownEnv != null && !knownEnv.isBlank() ? workingDirectory.resolve(knownEnv)
                    : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
            return GitCredentials.sshKey(Path.of(keyFile), known, env.get(GitCredentials.SSH_PASSPHRASE_ENV));
        }
        if (auth != null && auth.tokenEnv() != null) {
            String token = env.get(auth.tokenEnv());
            if (token == null || token.isBlank()) {
                throw new dev.uniformpipeline.core.source.CheckoutException(
                        dev.uniformpipeline.core.source.CheckoutException.Reason.AUTHENTICATION,
                        "source.auth.tokenEnv names " + auth.tokenEnv() + " but that variable is not set; export it"
                                + " with a token that can read " + dev.uniformpipeline.core.source.Redaction.url(location));
            }
            return GitCredentials.token(auth.username() == null ? TokenCredentialsProvider.DEFAULT_USERNAME
                    : auth.username(), token.strip());
        }
        Path file = auth != null && auth.credentialsFile() != null ? workingDirectory.resolve(auth.credentialsFile())
                : null;
        return new TokenCredentialsProvider(env, file).forUrl(location);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    // ---------------------------------------------------------------- build

    BuiltImage build(CheckedOut source, PipelineDefinition.ImageRef image, StageContext ctx) throws Exception {
        CheckoutResult checkout = source.source();
        PipelineSpec spec = spec(source);
        BuildSpec build = spec == null ? null : spec.build();
        ImageSpec img = spec == null ? imageSpecOf(image) : spec.image();
        Path context = checkout.directory().resolve(build == null ? "." : build.context()).normalize();
        BuildRequest.Builder b = BuildRequest.builder(context, runDir().resolve("build")).cacheDir(cacheDir(env));
        Map<String, String> labels = new LinkedHashMap<>(revision == null ? Map.of() : revision.ociLabels());
        if (build != null) {
            b.builder(build.builder().yaml());
            if (build.baseImage() != null) {
                b.baseImage(build.baseImage());
            }
            build.ports().forEach(b::port);
            if (build.user() != null) {
                b.user(build.user());
            }
            build.env().forEach(b::env);
            labels.putAll(build.labels());
            if (!build.entrypoint().isEmpty()) {
                b.entrypoint(build.entrypoint());
            }
            for (LayerSpec layer : build.layers()) {
                for (LayerFile f : layer.files()) {
                    b.layer(layer.name(), f.from(), f.to());
                }
            }
            if (build.jar() != null && build.jar().mainClass() != null) {
                b.mainClass(build.jar().mainClass());
            }
            if (build.maven() != null && build.maven().mainClass() != null) {
                b.mainClass(build.maven().mainClass());
            }
            b.options(builderOptions(build));
            build.platforms().forEach(b::platform);
            b.cmd(build.cmd());
            if (build.workdir() != null) {
                b.workingDir(build.workdir());
            }
        }
        b.labels(labels);
        Map<String, RegistryEndpoint> endpoints = new LinkedHashMap<>();
        if (!img.isEcr()) {
            endpoints.put(img.registry(), endpoint(img));
        }
        BuildListener listener = new BuildListener() {
            @Override
            public void step(String message) {
                ctx.log(message);
            }

            @Override
            public void toolOutput(String tool, String line) {
                ctx.log(PipelineEvent.Level.DEBUG, tool + ": " + line);
            }

            @Override
            public void warning(String message) {
                ctx.log(PipelineEvent.Level.WARN, message);
            }
        };
        ImageBuilder builder = new ImageBuilder(LocalBaseImages.fromEnvironment(env),
                new RegistryBaseResolver(endpoints, registryCredentials(img)), listener, true, env);
        prepared = builder.prepareAll(b.build());
        String repository = img.isEcr() ? "ecr/" + img.repository() : img.registry() + "/" + img.repository();
        if (request.requested(dev.uniformpipeline.core.api.Stage.PUSH) && !request.dryRun()) {
            // the push stage follows and learns the digest (of the image, or of the index over the platforms):
            // writing the whole image to a tar here is wasted work
            return new BuiltImage(repository, img.tags(), Optional.empty(), prepared.first().labels(), Map.of());
        }
        String localName = "uniform.local/" + img.repository() + ":build";
        if (!prepared.multiPlatform()) {
            var local = prepared.first().toTar(runDir().resolve("image.tar"), localName);
            return new BuiltImage(repository, img.tags(), Optional.of(local.digest()), local.labels(), Map.of());
        }
        var index = dev.uniformpipeline.core.build.ImageIndex.write(prepared, Files.createDirectories(
                runDir().resolve("image-platforms")), localName);
        Map<String, String> platforms = new LinkedHashMap<>();
        index.manifests().forEach(m -> platforms.put(m.platform().toString(), m.digest()));
        ctx.log("image index " + index.digest() + " over " + platforms);
        return new BuiltImage(repository, img.tags(), Optional.of(index.digest()), prepared.first().labels(),
                platforms);
    }

    /**
     * The persistent cache folder of builds (jib's base-image and application layer caches):
     * {@value #CACHE_ENV}, else {@code $XDG_CACHE_HOME/uniform-pipeline}, else {@code ~/.cache/uniform-pipeline}.
     */
    static Path cacheDir(Map<String, String> env) {
        String dir = env.get(CACHE_ENV);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "uniform-pipeline");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "uniform-pipeline");
    }

    /** Environment variable naming the persistent build cache folder. */
    static final String CACHE_ENV = "UNIFORM_CACHE_DIR";

    /** The per-builder option blocks of the pipeline file, as the build package takes them. */
    static dev.uniformpipeline.core.build.BuilderOptions builderOptions(BuildSpec build) {
        var o = dev.uniformpipeline.core.build.BuilderOptions.builder();
        if (build.jar() != null) {
            o.jarPath(build.jar().path()).jvmFlags(build.jar().jvmFlags());
        }
        if (build.node() != null) {
            o.nodeStart(build.node().start());
            var n = build.node();
            o.node(new dev.uniformpipeline.core.build.BuilderOptions.Node(n.script(), n.buildScript(),
                    n.install() == null ? null : n.install().yaml(), !Boolean.FALSE.equals(n.production()),
                    n.packageManager()));
        }
        if (build.python() != null) {
            o.pythonModule(build.python().module()).pythonScript(build.python().script());
            var p = build.python();
            o.python(new dev.uniformpipeline.core.build.BuilderOptions.Python(p.requirements(), p.extras(),
                    p.pipArgs()));
        }
        if (build.gradle() != null) {
            var g = build.gradle();
            o.gradle(new dev.uniformpipeline.core.build.BuilderOptions.Gradle(g.project(), g.tasks(), g.args(),
                    !Boolean.FALSE.equals(g.useWrapper())));
        }
        if (build.go() != null) {
            var g = build.go();
            o.go(new dev.uniformpipeline.core.build.BuilderOptions.Go(g.main(), g.ldflags(), g.tags(), g.env()));
        }
        if (build.staticSite() != null && build.staticSite().dir() != null) {
            o.staticDir(build.staticSite().dir());
        }
        if (build.maven() != null) {
            var m = build.maven();
            o.maven(new dev.uniformpipeline.core.build.BuilderOptions.Maven(m.module(), m.goals(), m.profiles(),
                    m.args(), !Boolean.FALSE.equals(m.skipTests())));
            if (!m.jvmFlags().isEmpty()) {
                o.jvmFlags(m.jvmFlags());
            }
        }
        return o.build();
    }

    private static ImageSpec imageSpecOf(PipelineDefinition.ImageRef image) {
        return new ImageSpec(image.registry(), image.repository(), image.tags(), false, null, null, null, List.of());
    }

    private RegistryEndpoint endpoint(ImageSpec img) {
        if (Boolean.TRUE.equals(img.insecure())) {
            return RegistryEndpoint.plainHttp(img.registry());
        }
        if (img.caCert() != null) {
            return RegistryEndpoint.https(img.registry(), request.workingDirectory().resolve(img.caCert()));
        }
        return RegistryEndpoint.https(img.registry());
    }

    private CredentialSource registryCredentials(ImageSpec img) {
        RegistryAuth auth = img.auth();
        List<CredentialSource> sources = new ArrayList<>();
        if (auth != null && auth.username() != null && auth.passwordEnv() != null) {
            String user = auth.username();
            String variable = auth.passwordEnv();
            sources.add(host -> {
                String password = env.get(variable);
                if (password == null || password.isEmpty()) {
                    throw new RegistryException(RegistryException.Reason.AUTHENTICATION, "image.auth.passwordEnv names "
                            + variable + " but that variable is not set; export the registry password in it");
                }
                return Optional.of(new RegistryCredential(user, password));
            });
        }
        sources.add(new EnvCredentials(env));
        if (auth != null && auth.dockerConfig() != null) {
            Path named = request.workingDirectory().resolve(auth.dockerConfig());
            Path file = Files.isDirectory(named) ? named.resolve("config.json") : named;
            sources.add(host -> {
                if (!Files.isRegularFile(file)) {
                    throw new RegistryException(RegistryException.Reason.AUTHENTICATION, "image.auth.dockerConfig: "
                            + file + " does not exist; name a Docker config folder or its config.json");
                }
                return new DockerConfigCredentials(file, DockerConfigCredentials.fromEnvironment(env)::helper)
                        .forRegistry(host);
            });
        } else {
            sources.add(DockerConfigCredentials.fromEnvironment(env));
        }
        return CredentialSource.chain(sources);
    }

    // ---------------------------------------------------------------- push

    PushedImage push(CheckedOut source, BuiltImage built, StageContext ctx) throws Exception {
        if (prepared == null) {
            throw new IllegalStateException("push before build");
        }
        try {
            return pushPrepared(spec(source), ctx);
        } finally {
            deleteRunDir(ctx);
        }
    }

    /** The clone, jib caches and tars of this run are not needed after the push. */
    private synchronized void deleteRunDir(StageContext ctx) {
        if (runDir == null) {
            return;
        }
        try (var walk = Files.walk(runDir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            ctx.log(PipelineEvent.Level.WARN, "could not delete the run's work directory " + runDir + ": "
                    + e.getMessage());
        }
        runDir = null;
    }

    private PushedImage pushPrepared(PipelineSpec spec, StageContext ctx) throws Exception {
        ImageSpec img = spec == null ? imageSpecOf(pipeline.image()) : spec.image();
        ImagePusher pusher = new ImagePusher(ctx::log, new dev.uniformpipeline.core.registry.PushRetry(
                dev.uniformpipeline.core.registry.RetryPolicy.DEFAULT,
                retry -> ctx.log(PipelineEvent.Level.WARN, retry.describe())));
        if (!img.isEcr()) {
            PushRequest.TagPolicy policy = PushRequest.TagPolicy.MUTABLE;
            var pushed = pusher.push(prepared, new PushRequest(endpoint(img), img.repository(), img.tags(),
                    registryCredentials(img), policy, img.mountFrom()), runDir().resolve("push"));
            return new PushedImage(pushed.registry() + "/" + pushed.repository(), pushed.digest(), pushed.tags(),
                    platformsOf(pushed));
        }
        EcrSpec ecrSpec = img.ecr() != null ? img.ecr() : EcrSpec.DEFAULTS;
        String region = ecrSpec.region() != null ? ecrSpec.region()
                : RunAwsCredentials.region(env);
        if (region == null) {
            region = firstTargetRegion(spec);
        }
        if (region == null) {
            throw new RegistryException(RegistryException.Reason.INVALID_REQUEST, "image.ecr: no region for"
                    + " registry: ecr; set image.ecr.region, a target's region, or AWS_REGION");
        }
        AwsCredentialChain chain = new AwsCredentialChain(env, ctx::log);
        try (AwsCredentialChain.Resolved credentials = chain.resolve(credentialSettings(ecrSpec), region);
             EcrClient client = AwsClients.build(EcrClient.builder(), "ECR", region, env, credentials.provider())) {
            String account = ecrSpec.account();
            if (account == null && credentials.roleAccount().isEmpty()) {
                account = firstTargetAccount(spec);
            }
            if (account == null) {
                account = chain.account(credentials, region);
            }
            EcrRegistry ecr = new EcrRegistry(r -> new SdkEcrApi(client), ctx::log);
            EcrRegistry.EcrHost host = new EcrRegistry.EcrHost(account, region,
                    account + ".dkr.ecr." + region + ".amazonaws.com");
            boolean mutable = ecrSpec.tagMutability() == TagMutability.MUTABLE;
            PushRequest.TagPolicy policy = mutable ? PushRequest.TagPolicy.MUTABLE : PushRequest.TagPolicy.IMMUTABLE;
            if (!Boolean.FALSE.equals(ecrSpec.create())) {
                policy = ecr.ensureRepository(host, new EcrRepositorySettings(img.repository(),
                        !Boolean.FALSE.equals(ecrSpec.scanOnPush()), policy == PushRequest.TagPolicy.IMMUTABLE,
                        ecrSpec.encryption() == null ? null : ecrSpec.encryption().yaml(), ecrSpec.kmsKey(),
                        lifecycle(ecrSpec.lifecycle())));
            }
            EcrRegistry.Session session = ecr.session(host);
            var pushed = pusher.push(prepared, new PushRequest(session.endpoint(), img.repository(), img.tags(),
                    CredentialSource.of(session.credential()), policy, img.mountFrom()), runDir().resolve("push"));
            return new PushedImage(host.host() + "/" + pushed.repository(), pushed.digest(), pushed.tags(),
                    platformsOf(pushed));
        } catch (AwsCredentialsException e) {
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, e.getMessage(), e);
        }
    }

    /** Per-platform digests for the report: only for an image index (a single manifest is the digest itself). */
    private static Map<String, String> platformsOf(dev.uniformpipeline.core.registry.PushedImage pushed) {
        Map<String, String> platforms = new LinkedHashMap<>();
        if (pushed.manifests().size() > 1) {
            pushed.manifests().forEach(m -> platforms.put(m.platform(), m.digest()));
        }
        return platforms;
    }

    /** Profile and role of {@code image.ecr}. */
    static AwsCredentialSettings credentialSettings(EcrSpec ecr) {
        if (ecr == null) {
            return AwsCredentialSettings.NONE;
        }
        return AwsCredentialSettings.builder().profile(ecr.profile()).roleArn(ecr.roleArn())
                .externalId(ecr.externalId()).roleSessionName(ecr.roleSessionName()).build();
    }

    private static String firstTargetAccount(PipelineSpec spec) {
        return spec == null || spec.targets().isEmpty() ? null : spec.targets().get(0).account();
    }

    private static String firstTargetRegion(PipelineSpec spec) {
        return spec == null || spec.targets().isEmpty() ? null : spec.targets().get(0).region();
    }

    private EcrClient ecrClient(String region) throws RegistryException {
        return ecrClient(region, env);
    }

    /** An ECR client whose credentials, region and endpoint come from the run's environment {@code env}. */
    static EcrClient ecrClient(String region, Map<String, String> env) throws RegistryException {
        return AwsClients.build(EcrClient.builder().credentialsProvider(RunAwsCredentials.from(env)), "ECR", region, env);
    }

    static LifecyclePolicy lifecycle(List<LifecycleRule> rules) throws RegistryException {
        if (rules.isEmpty()) {
            return null;
        }
        LifecyclePolicy.Builder b = LifecyclePolicy.builder();
        for (LifecycleRule r : rules) {
            if (r.olderThanDays() != null || r.tagPrefixes().size() > 1) {
                throw new RegistryException(RegistryException.Reason.INVALID_REQUEST, "image.ecr.lifecycle: olderThanDays"
                        + " and several tagPrefixes in one rule are not supported by the policy generator yet; use"
                        + " keepLast (optionally with one tag prefix) and untaggedOlderThanDays");
            }
            if (r.untaggedOlderThanDays() != null) {
                b.untaggedOlderThanDays(r.untaggedOlderThanDays());
            } else if (r.keepLast() != null && r.tagPrefixes().isEmpty()) {
                b.keepLast(r.keepLast());
            } else if (r.keepLast() != null) {
                b.keepLast(r.keepLast(), r.tagPrefixes().get(0));
            }
        }
        return b.build();
    }
}
