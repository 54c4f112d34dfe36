package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.spec.v1.AutoscalingSpec;
import dev.uniformpipeline.core.spec.v1.BuildSpec;
import dev.uniformpipeline.core.spec.v1.BuilderType;
import dev.uniformpipeline.core.spec.v1.CanaryStep;
import dev.uniformpipeline.core.spec.v1.CapacityProviderItem;
import dev.uniformpipeline.core.spec.v1.ContainerDependency;
import dev.uniformpipeline.core.spec.v1.CountOrPercent;
import dev.uniformpipeline.core.spec.v1.EcrEncryption;
import dev.uniformpipeline.core.spec.v1.EcrSpec;
import dev.uniformpipeline.core.spec.v1.EfsVolume;
import dev.uniformpipeline.core.spec.v1.GitAuth;
import dev.uniformpipeline.core.spec.v1.HealthCheckSpec;
import dev.uniformpipeline.core.spec.v1.IamSpec;
import dev.uniformpipeline.core.spec.v1.ImageSpec;
import dev.uniformpipeline.core.spec.v1.LayerFile;
import dev.uniformpipeline.core.spec.v1.LayerSpec;
import dev.uniformpipeline.core.spec.v1.LifecycleRule;
import dev.uniformpipeline.core.spec.v1.LoadBalancerSpec;
import dev.uniformpipeline.core.spec.v1.LoadBalancerType;
import dev.uniformpipeline.core.spec.v1.LogDriver;
import dev.uniformpipeline.core.spec.v1.LoggingSpec;
import dev.uniformpipeline.core.spec.v1.NetworkMode;
import dev.uniformpipeline.core.spec.v1.NetworkSpec;
import dev.uniformpipeline.core.spec.v1.PipelineSpec;
import dev.uniformpipeline.core.spec.v1.RolloutSpec;
import dev.uniformpipeline.core.spec.v1.RolloutStrategy;
import dev.uniformpipeline.core.spec.v1.SecretRef;
import dev.uniformpipeline.core.spec.v1.ServiceSpec;
import dev.uniformpipeline.core.spec.v1.SidecarSpec;
import dev.uniformpipeline.core.spec.v1.SourceSpec;
import dev.uniformpipeline.core.spec.v1.TagMutability;
import dev.uniformpipeline.core.spec.v1.TargetSpec;
import dev.uniformpipeline.core.spec.v1.TargetType;
import dev.uniformpipeline.core.spec.v1.VolumeSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The semantic rules, run on the bound model: the AWS and Kubernetes limits users trip on (Fargate task
 * sizes, network modes, log drivers, health check ranges, log retention values, ECR lifecycle rules, EFS
 * options, ...). Values that still hold {@code ${git.*}} / {@code ${target.*}} are checked after
 * {@link LoadedPipeline#resolve(GitInfo)}.
 */
final class Validator {
    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}");
    static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::([0-9]{12}):role/[A-Za-z0-9+=,.@_/-]{1,512}");
    static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    static final Pattern PROFILE = Pattern.compile("[^\\s\\[\\]]{1,128}");
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?");
    static final Pattern REPOSITORY = Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    /** A tag that is only a variable naming something many commits share (the branch, the major version, a day). */
    static final Pattern MOVING_TAG = Pattern.compile(
            "\\$\\{\\s*(git\\.(?:branch|branchSlug|semverMajor|semverMinor|date))\\s*(?::-[^}]*)?}");
    private static final Map<String, String> MOVING_WHY = Map.of(
            "git.branch", "commit on the branch", "git.branchSlug", "commit on the branch",
            "git.semverMajor", "release with the same major version",
            "git.semverMinor", "release with the same minor version", "git.date", "commit of the same day");
    static final Pattern PLATFORM = Pattern.compile("[a-z0-9]+/[a-z0-9]+(/v[0-9]+)?");
    static final Pattern LOG_GROUP = Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");
    static final Pattern MATCHER = Pattern.compile("[0-9]{3}(-[0-9]{3})?(,[0-9]{3}(-[0-9]{3})?)*");
    static final Pattern FS_ID = Pattern.compile("fs-[0-9a-f]{8,40}");
    static final Pattern AP_ID = Pattern.compile("fsap-[0-9a-f]{8,40}");
    static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]{8,17}");
    static final Pattern SG = Pattern.compile("sg-[0-9a-f]{8,17}");
    static final Pattern LISTENER_ARN = Pattern.compile(
            "arn:aws(-[a-z]+)*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:listener/(app|net)/[A-Za-z0-9-]+/[0-9a-f]+/[0-9a-f]+");
    static final Pattern TG_ARN = Pattern.compile(
            "arn:aws(-[a-z]+)*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]+");
    static final Pattern ECS_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    static final Pattern PLATFORM_VERSION = Pattern.compile("LATEST|[0-9]+\\.[0-9]+\\.[0-9]+");
    /** CloudWatch Logs retention values (AWS-FACTS §5; 1096 is accepted by current services). */
    static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
            1096, 1827, 2192, 2557, 2922, 3288, 3653);
    /** Fargate log drivers (AWS-FACTS §2). */
    static final Set<LogDriver> FARGATE_DRIVERS = Set.of(LogDriver.AWSLOGS, LogDriver.SPLUNK, LogDriver.FIRELENS);

    private final ProblemSink sink;
    private final Map<String, Origin> origins;
    private final boolean resolved;
    private String pipelineName = "";

    Validator(ProblemSink sink, Map<String, Origin> origins, boolean resolved) {
        this.sink = sink;
        this.origins = origins;
        this.resolved = resolved;
    }

    void validate(PipelineSpec spec) {
        pipelineName = spec.name() == null ? "" : spec.name();
        if (spec.name() != null && ready(spec.name()) && !NAME.matcher(spec.name()).matches()) {
            err("name", "name '" + spec.name() + "' must be 1-63 lower-case letters, digits or '-', starting and"
                    + " ending with a letter or digit", "it names ECS services and Kubernetes objects");
        }
        if (spec.source() != null) {
            source(spec.source());
        }
        if (spec.build() != null) {
            build(spec.build());
        }
        if (spec.image() != null) {
            image(spec.image());
        }
        if (spec.service() != null) {
            service(spec.service(), "service");
        }
        if (spec.rollout() != null) {
            rollout(spec.rollout());
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < spec.targets().size(); i++) {
            TargetSpec t = spec.targets().get(i);
            String p = "targets[" + i + "]";
            if (t.name() != null && !names.add(t.name())) {
                err(p + ".name", "target name '" + t.name() + "' is used twice", "target names must be unique");
            }
            target(spec, t, p);
        }
    }

    // ---------------------------------------------------------------- source

    private void source(SourceSpec s) {
        if (s.depth() != null && s.depth() < 0) {
            err("source.depth", "depth must be 0 (full history) or more, got " + s.depth(), "");
        }
        String git = s.git();
        boolean remote = git != null && (git.contains("://") || git.matches("[A-Za-z0-9._-]+@[^:]+:.*"));
        if (git != null && git.contains("://") && ready(git)) {
            String scheme = git.substring(0, git.indexOf("://"));
            if (!List.of("https", "http", "ssh", "git", "file").contains(scheme)) {
                err("source.git", "unsupported git URL scheme '" + scheme + "'",
                        "use https://, ssh://, git@host:org/repo.git, git:// or file://, or \".\" for this repository");
            }
        }
        GitAuth a = s.auth();
        if (a == null) {
            return;
        }
        if (!remote) {
            err("source.auth", "auth is only used for a remote git URL, but source.git is '" + git + "'",
                    "remove auth, or set source.git to the repository URL");
        }
        if (a.tokenEnv() == null && a.credentialsFile() == null && a.sshKeyFile() == null) {
            err("source.auth", "auth needs tokenEnv, credentialsFile or sshKeyFile",
                    "e.g. tokenEnv: GIT_TOKEN (the token itself never goes in the file)");
        }
        if (a.tokenEnv() != null && !ENV_NAME.matcher(a.tokenEnv()).matches()) {
            err("source.auth.tokenEnv", "'" + a.tokenEnv() + "' is not an environment variable name",
                    "tokenEnv names the variable that holds the token, e.g. GIT_TOKEN; never write the token");
        }
        boolean ssh = git != null && (git.startsWith("ssh://") || git.matches("[A-Za-z0-9._-]+@[^:]+:.*"));
        if (a.sshKeyFile() != null && remote && !ssh) {
            err("source.auth.sshKeyFile", "an ssh key only works with an ssh URL, but source.git is '" + git + "'",
                    "use tokenEnv for https, or an ssh://... / git@host:... URL");
        }
        if ((a.tokenEnv() != null || a.credentialsFile() != null) && ssh) {
            err("source.auth", "a token or credentials file only works with an https URL, but source.git is '"
                    + git + "'", "use sshKeyFile for ssh URLs");
        }
    }

    // ---------------------------------------------------------------- build

    private void build(BuildSpec b) {
        Map<BuilderType, Object> sections = new LinkedHashMap<>();
        sections.put(BuilderType.MAVEN, b.maven());
        sections.put(BuilderType.GRADLE, b.gradle());
        sections.put(BuilderType.JAR, b.jar());
        sections.put(BuilderType.NODE, b.node());
        sections.put(BuilderType.PYTHON, b.python());
        sections.put(BuilderType.GO, b.go());
        sections.put(BuilderType.STATIC, b.staticSite());
        BuilderType builder = b.builder();
        for (Map.Entry<BuilderType, Object> e : sections.entrySet()) {
            if (e.getValue() != null && builder != null && builder != BuilderType.AUTO && builder != e.getKey()) {
                err("build." + e.getKey().yaml(), "build." + e.getKey().yaml() + " is set but builder is "
                        + builder.yaml(), "remove it, or set builder: " + e.getKey().yaml());
            }
        }
        if (builder == BuilderType.LAYERS && b.layers().isEmpty()) {
            err("build.layers", "builder: layers needs at least one entry in build.layers",
                    "add layers: [{name: app, files: [{from: dist, to: /app}]}]");
        }
        if (!b.layers().isEmpty() && builder != BuilderType.LAYERS) {
            err("build.layers", "build.layers is only used with builder: layers (builder is "
                    + (builder == null ? "?" : builder.yaml()) + ")", "set builder: layers, or remove layers");
        }
        Set<String> layerNames = new HashSet<>();
        for (int i = 0; i < b.layers().size(); i++) {
            LayerSpec l = b.layers().get(i);
            String p = "build.layers[" + i + "]";
            if (l.name() != null && !layerNames.add(l.name())) {
                err(p + ".name", "layer name '" + l.name() + "' is used twice", "layer names must be unique");
            }
            if (l.files().isEmpty() && l.name() != null) {
                err(p + ".files", "a layer needs at least one file", "add files: [{from: ..., to: /...}]");
            }
            for (int j = 0; j < l.files().size(); j++) {
                LayerFile f = l.files().get(j);
                String fp = p + ".files[" + j + "]";
                if (f.from() != null && (f.from().startsWith("/") || f.from().contains(".."))) {
                    err(fp + ".from", "'" + f.from() + "' must be a path inside the build context",
                            "write it relative to build.context, without '..'");
                }
                if (f.to() != null && !f.to().startsWith("/")) {
                    err(fp + ".to", "'" + f.to() + "' must be an absolute path in the image", "start it with '/', e.g. /app");
                }
                if (f.mode() != null && !f.mode().matches("[0-7]{3,4}")) {
                    err(fp + ".mode", "'" + f.mode() + "' is not an octal mode", "write e.g. \"755\" or \"644\"");
                }
            }
        }
        if (b.maven() != null) {
            maven(b.maven());
        }
        if (b.python() != null && b.python().module() != null && b.python().script() != null) {
            err("build.python", "set either module or script, not both", "");
        }
        builderOptions(b);
        if (b.context() != null && (b.context().startsWith("/") || b.context().contains(".."))) {
            err("build.context", "'" + b.context() + "' must be a directory inside the repository",
                    "write it relative to the repository root, without '..'");
        }
        Set<String> platforms = new HashSet<>();
        for (int i = 0; i < b.platforms().size(); i++) {
            String pl = b.platforms().get(i);
            if (!PLATFORM.matcher(pl).matches()) {
                err("build.platforms[" + i + "]", "'" + pl + "' is not a platform", "write os/arch, e.g. linux/amd64 or linux/arm64");
            } else if (!platforms.add(pl)) {
                err("build.platforms[" + i + "]", "platform '" + pl + "' is listed twice", "");
            }
        }
        ports(b.ports(), "build.ports");
        if (b.workdir() != null && !b.workdir().startsWith("/")) {
            err("build.workdir", "'" + b.workdir() + "' must be an absolute path", "e.g. /app");
        }
        for (String k : b.env().keySet()) {
            envName(k, "build.env." + k);
        }
    }

    static final Pattern SCRIPT_NAME = Pattern.compile("[^\\s]+");
    static final Pattern PYTHON_EXTRA = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");
    static final Pattern GRADLE_PROJECT = Pattern.compile(":|(:[^:/\\s]+)+");
    /** pip options that move the install away from the layer folder the python builder installs into. */
    static final List<String> PIP_LOCATION_ARGS = List.of("-t", "--target", "--user", "--prefix", "--root",
            "--home");

    static final Pattern GO_TAG = Pattern.compile("[A-Za-z0-9_.]+");
    /**
     * Variables of {@code build.go.env} the Go builder sets itself, with what to do instead ({@code GoStrategy}
     * refuses the same ones when options are built in code).
     */
    static final Map<String, String> GO_OWNED_ENV = Map.of(
            "GOOS", "use build.platforms instead",
            "GOARCH", "use build.platforms instead",
            "GOARM", "use build.platforms instead (e.g. linux/arm/v7)",
            "GOCACHE", "use UNIFORM_GO_CACHE in the run's environment instead",
            "GOFLAGS", "the builder sets GOFLAGS=-mod=mod; use build.go.tags and build.go.ldflags",
            "GOTOOLCHAIN", "the builder uses the installed go (GOTOOLCHAIN=local); install the Go version go.mod"
                    + " asks for");

    /** {@code build.go}: tags the go command would read differently, variables the builder owns, cgo on scratch. */
    private void goOptions(BuildSpec b) {
        var g = b.go();
        for (int i = 0; i < g.tags().size(); i++) {
            String t = g.tags().get(i);
            if (t == null || ready(t) && !GO_TAG.matcher(t).matches()) {
                err("build.go.tags[" + i + "]", "'" + t + "' is not a Go build tag",
                        "letters, digits, '_' and '.', one tag per entry, e.g. tags: [premium, netgo]");
            }
        }
        for (Map.Entry<String, String> e : g.env().entrySet()) {
            String k = e.getKey();
            String p = "build.go.env." + k;
            envName(k, p);
            String owned = GO_OWNED_ENV.get(k);
            if (owned != null) {
                err(p, "the Go builder sets " + k + " itself", owned);
            }
        }
        String cgo = g.env().get("CGO_ENABLED");
        if (cgo != null && ready(cgo)) {
            if (!cgo.equals("0") && !cgo.equals("1")) {
                err("build.go.env.CGO_ENABLED", "'" + cgo + "' is not \"0\" or \"1\"",
                        "write CGO_ENABLED: \"0\" (static binary) or \"1\" (cgo, needs build.baseImage)");
            } else if (cgo.equals("1") && (b.baseImage() == null || b.baseImage().strip().equals("scratch"))) {
                err("build.go.env.CGO_ENABLED", "CGO_ENABLED \"1\" links the binary against the C library, which"
                        + " the default scratch base image does not have",
                        "set build.baseImage to a base with a libc, or drop CGO_ENABLED");
            }
        }
    }

    /** The gradle, node, python and go option blocks (values the builders would otherwise reject late). */
    private void builderOptions(BuildSpec b) {
        if (b.go() != null) {
            goOptions(b);
        }
        if (b.gradle() != null && b.gradle().project() != null && ready(b.gradle().project())
                && !GRADLE_PROJECT.matcher(b.gradle().project()).matches()) {
            err("build.gradle.project", "'" + b.gradle().project() + "' is not a Gradle project path",
                    "write it with a leading colon, e.g. :app or :services:orders");
        }
        if (b.node() != null) {
            var n = b.node();
            if (n.start() != null && n.script() != null) {
                err("build.node", "set either start or script, not both", "start names a file, script a package.json"
                        + " script");
            }
            if (n.packageManager() != null && ready(n.packageManager())
                    && !List.of("npm", "yarn", "pnpm").contains(n.packageManager())) {
                String near = Suggest.didYouMean(n.packageManager(), List.of("npm", "yarn", "pnpm"));
                err("build.node.packageManager", "'" + n.packageManager() + "' is not npm, yarn or pnpm",
                        near.isEmpty() ? "leave it out to detect it from the lock file" : near);
            }
            for (String key : List.of("buildScript", "script")) {
                String v = key.equals("script") ? n.script() : n.buildScript();
                if (v != null && !SCRIPT_NAME.matcher(v).matches()) {
                    err("build.node." + key, "'" + v + "' is not a package.json script name",
                            "write the name of an entry of package.json scripts, e.g. build; the command itself"
                                    + " belongs in package.json");
                }
            }
        }
        if (b.python() != null) {
            var py = b.python();
            if (py.requirements() != null && (py.requirements().isBlank() || py.requirements().startsWith("/")
                    || py.requirements().contains(".."))) {
                err("build.python.requirements", "'" + py.requirements() + "' must be a file inside the build"
                        + " context", "write it relative to build.context, without '..', e.g. requirements/prod.txt");
            }
            for (int i = 0; i < py.extras().size(); i++) {
                String e = py.extras().get(i);
                if (e == null || !PYTHON_EXTRA.matcher(e).matches()) {
                    err("build.python.extras[" + i + "]", "'" + e + "' is not an extra's name",
                            "write the name as in pyproject.toml [project.optional-dependencies], e.g. postgres");
                }
            }
            for (int i = 0; i < py.pipArgs().size(); i++) {
                String a = py.pipArgs().get(i);
                String option = a == null ? "" : a.split("=", 2)[0];
                if (PIP_LOCATION_ARGS.contains(option)) {
                    err("build.python.pipArgs[" + i + "]", "'" + option + "' moves the install out of the"
                            + " dependencies layer", "remove it: the builder installs into its own layer folder");
                }
            }
        }
    }

    // ---------------------------------------------------------------- image

    private void image(ImageSpec i) {
        boolean ecr = i.isEcr();
        if (i.registry() != null && !ecr && ready(i.registry())) {
            if (i.registry().contains("://") || i.registry().contains("/")) {
                err("image.registry", "registry '" + i.registry() + "' must be a host[:port], not a URL",
                        "write e.g. registry.example.com:5000, and the path under repository");
            } else if (!REGISTRY.matcher(i.registry()).matches()) {
                err("image.registry", "registry '" + i.registry() + "' is not ecr or a host[:port]",
                        Suggest.didYouMean(i.registry(), List.of("ecr")));
            } else if (i.registry().contains(".dkr.ecr.") && i.registry().endsWith(".amazonaws.com")) {
                err("image.registry", "this is an ECR registry host", "write registry: ecr (the pipeline gets a fresh"
                        + " ECR token for every push)");
            }
        }
        if (i.repository() != null && ready(i.repository())) {
            if (i.repository().length() < 2 || i.repository().length() > 256 || !REPOSITORY.matcher(i.repository()).matches()) {
                err("image.repository", "repository '" + i.repository() + "' must be 2-256 chars of lower-case"
                        + " segments separated by '/' ('.', '_', '-' allowed inside a segment)", "e.g. team/orders");
            }
        }
        if (i.tags().isEmpty()) {
            err("image.tags", "at least one tag is needed", "e.g. tags: [\"${git.sha}\"]");
        }
        for (int k = 0; k < i.mountFrom().size(); k++) {
            String m = i.mountFrom().get(k);
            if (m != null && ready(m) && !REPOSITORY.matcher(m).matches()) {
                err("image.mountFrom[" + k + "]", "'" + m + "' is not a repository name", "e.g. team/base");
            }
        }
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < i.tags().size(); k++) {
            String t = i.tags().get(k);
            String p = "image.tags[" + k + "]";
            String probe = t.replaceAll("\\$\\{[^}]*\\}", "x");
            if (!TAG.matcher(probe).matches()) {
                err(p, "'" + t + "' is not a valid image tag: 1-128 letters, digits, '_', '.', '-', not starting"
                        + " with '.' or '-'", resolved ? "a variable gave this value; for a branch use ${git.branchSlug}"
                        + " (the branch made tag-safe), for a version ${git.semver}, or ${git.shortSha}"
                        : "remove the other characters");
            } else if (ready(t) && !seen.add(t)) {
                err(p, "tag '" + t + "' is listed twice", "");
            }
            java.util.regex.Matcher moving = MOVING_TAG.matcher(t);
            if (ecr && !resolved && moving.matches() && i.ecr() != null
                    && i.ecr().tagMutability() == TagMutability.IMMUTABLE) {
                err(p, "tag '" + t + "' is moved by every new " + MOVING_WHY.get(moving.group(1))
                        + ", and an IMMUTABLE ECR repository refuses to move a tag: the next such build fails",
                        "add a tag per build such as ${git.sha} and set image.ecr.tagMutability: MUTABLE, or drop "
                                + t);
            }
            if (ecr && "latest".equals(t) && i.ecr() != null && i.ecr().tagMutability() == TagMutability.IMMUTABLE) {
                err(p, "tag 'latest' cannot be pushed twice to an IMMUTABLE ECR repository; the second build fails",
                        "use a tag per build such as ${git.sha}, or set image.ecr.tagMutability: MUTABLE");
            }
        }
        if (ecr) {
            if (Boolean.TRUE.equals(i.insecure())) {
                err("image.insecure", "insecure applies to OCI registries, not ECR", "remove it");
            }
            if (i.caCert() != null) {
                err("image.caCert", "caCert applies to OCI registries, not ECR", "remove it");
            }
            if (i.auth() != null) {
                err("image.auth", "ECR credentials come from the AWS credential chain, not image.auth",
                        "remove image.auth; set image.ecr.profile or image.ecr.roleArn for other credentials");
            }
            if (i.ecr() != null) {
                ecr(i.ecr());
            }
        } else if (i.ecr() != null) {
            err("image.ecr", "image.ecr settings only apply with registry: ecr", "set registry: ecr, or remove image.ecr");
        }
        if (i.auth() != null && !ecr) {
            if (i.auth().passwordEnv() != null && !ENV_NAME.matcher(i.auth().passwordEnv()).matches()) {
                err("image.auth.passwordEnv", "'" + i.auth().passwordEnv() + "' is not an environment variable name",
                        "passwordEnv names the variable holding the password; never write the password");
            }
            if (i.auth().username() != null && i.auth().passwordEnv() == null) {
                err("image.auth", "username needs passwordEnv", "add passwordEnv: REGISTRY_PASSWORD");
            }
        }
    }

    private void ecr(EcrSpec e) {
        if (e.account() != null && ready(e.account()) && !ACCOUNT.matcher(e.account()).matches()) {
            err("image.ecr.account", "account '" + e.account() + "' is not a 12-digit AWS account id", "");
        }
        if (e.region() != null && ready(e.region()) && !REGION.matcher(e.region()).matches()) {
            err("image.ecr.region", "'" + e.region() + "' is not an AWS region", "e.g. eu-west-1");
        }
        if (e.roleArn() != null && ready(e.roleArn())) {
            var m = ROLE_ARN.matcher(e.roleArn());
            if (!m.matches()) {
                err("image.ecr.roleArn", "'" + e.roleArn() + "' is not an IAM role ARN",
                        "write arn:aws:iam::<account>:role/<name>");
            } else if (e.account() != null && ACCOUNT.matcher(e.account()).matches() && !m.group(2).equals(e.account())) {
                err("image.ecr.roleArn", "the role is in account " + m.group(2) + " but image.ecr.account is "
                        + e.account(), "assume a role in account " + e.account() + ", or remove image.ecr.account"
                        + " so the role's account is used");
            }
        }
        if (e.roleArn() == null) {
            if (e.externalId() != null) {
                err("image.ecr.externalId", "externalId is only sent with a role to assume", "set image.ecr.roleArn,"
                        + " or remove externalId");
            }
            if (e.roleSessionName() != null) {
                err("image.ecr.roleSessionName", "roleSessionName is only used with a role to assume",
                        "set image.ecr.roleArn, or remove roleSessionName");
            }
        }
        if (e.externalId() != null && ready(e.externalId()) && !EXTERNAL_ID.matcher(e.externalId()).matches()) {
            err("image.ecr.externalId", "external id must be 2-1224 letters, digits and +=,.@:/-", "");
        }
        if (e.roleSessionName() != null && ready(e.roleSessionName())
                && !SESSION_NAME.matcher(e.roleSessionName()).matches()) {
            err("image.ecr.roleSessionName", "'" + e.roleSessionName() + "' is not a role session name: 2-64 letters,"
                    + " digits and _+=,.@-", "e.g. ci-orders");
        }
        if (e.profile() != null && ready(e.profile()) && !PROFILE.matcher(e.profile()).matches()) {
            err("image.ecr.profile", "'" + e.profile() + "' is not an AWS profile name (no spaces or brackets)",
                    "write the name as in [profile <name>] of ~/.aws/config");
        }
        if (e.kmsKey() != null && e.encryption() != EcrEncryption.KMS) {
            err("image.ecr.kmsKey", "kmsKey is only used with encryption: KMS", "set encryption: KMS, or remove kmsKey");
        }
        List<LifecycleRule> rules = e.lifecycle();
        int untagged = 0;
        Map<String, Integer> prefixes = new TreeMap<>();
        for (int k = 0; k < rules.size(); k++) {
            LifecycleRule r = rules.get(k);
            String p = "image.ecr.lifecycle[" + k + "]";
            int set = (r.keepLast() != null ? 1 : 0) + (r.untaggedOlderThanDays() != null ? 1 : 0)
                    + (r.olderThanDays() != null ? 1 : 0);
            if (set != 1) {
                err(p, "a lifecycle rule needs exactly one of keepLast, untaggedOlderThanDays, olderThanDays"
                        + (set == 0 ? "" : " (this one sets " + set + ")"), "split it into separate rules");
                continue;
            }
            positive(r.keepLast(), p + ".keepLast");
            positive(r.untaggedOlderThanDays(), p + ".untaggedOlderThanDays");
            positive(r.olderThanDays(), p + ".olderThanDays");
            if (r.untaggedOlderThanDays() != null) {
                untagged++;
                if (!r.tagPrefixes().isEmpty()) {
                    err(p + ".tagPrefixes", "an untagged rule cannot have tagPrefixes (untagged images have no tags)",
                            "move the prefixes to a keepLast or olderThanDays rule");
                }
                if (untagged > 1) {
                    err(p, "only one rule may select untagged images (ECR rejects the policy)", "keep one untaggedOlderThanDays rule");
                }
            }
            for (String pre : r.tagPrefixes()) {
                Integer other = prefixes.putIfAbsent(pre, k);
                if (other != null) {
                    err(p + ".tagPrefixes", "tag prefix '" + pre + "' is already used by lifecycle[" + other + "]",
                            "ECR rejects a policy whose rules repeat a tag prefix");
                }
            }
            if ("any".equals(r.tagStatus()) && k != rules.size() - 1) {
                err(p, "this rule selects images of any tag status and must be the last rule",
                        "move it to the end (ECR requires the 'any' rule to have the highest priority number)");
            }
        }
    }

    // ---------------------------------------------------------------- service (generic)

    private void service(ServiceSpec s, String p) {
        if (s.port() != null) {
            port(s.port(), p + ".port");
        }
        if (s.replicas() != null && (s.replicas() < 0 || s.replicas() > 10_000)) {
            err(p + ".replicas", "replicas must be 0-10000, got " + s.replicas(), "");
        }
        for (String k : s.env().keySet()) {
            envName(k, p + ".env." + k);
            if (s.secrets().containsKey(k)) {
                err(p + ".secrets." + k, "'" + k + "' is both in env and in secrets", "keep it in secrets only");
            }
        }
        for (Map.Entry<String, SecretRef> e : s.secrets().entrySet()) {
            envName(e.getKey(), p + ".secrets." + e.getKey());
            secret(e.getValue(), p + ".secrets." + e.getKey());
        }
        if (s.healthCheck() != null) {
            healthCheck(s.healthCheck(), p + ".healthCheck");
        }
        if (s.logging() != null) {
            logging(s.logging(), p + ".logging");
        }
        Set<String> volumeNames = new HashSet<>();
        Set<String> mounts = new HashSet<>();
        for (int i = 0; i < s.volumes().size(); i++) {
            VolumeSpec v = s.volumes().get(i);
            String vp = p + ".volumes[" + i + "]";
            if (v.name() != null && !volumeNames.add(v.name())) {
                err(vp + ".name", "volume name '" + v.name() + "' is used twice", "volume names must be unique");
            }
            if (v.mountPath() != null) {
                if (!v.mountPath().startsWith("/")) {
                    err(vp + ".mountPath", "mountPath '" + v.mountPath() + "' must be absolute", "e.g. /data");
                } else if (!mounts.add(v.mountPath())) {
                    err(vp + ".mountPath", "mountPath '" + v.mountPath() + "' is used by another volume", "");
                }
            }
            volume(v, vp);
        }
        if (s.autoscaling() != null) {
            autoscaling(s.autoscaling(), s, p);
        }
        if (s.iam() != null) {
            iam(s.iam(), p + ".iam");
        }
        Set<String> containers = new HashSet<>();
        containers.add(pipelineName);
        for (int i = 0; i < s.sidecars().size(); i++) {
            SidecarSpec c = s.sidecars().get(i);
            String cp = p + ".sidecars[" + i + "]";
            if (c.name() == null) {
                continue;
            }
            if (!c.name().matches("[A-Za-z0-9_-]{1,255}")) {
                err(cp + ".name", "container name '" + c.name() + "' may only hold letters, digits, '_' and '-'", "");
            }
            if (!containers.add(c.name())) {
                err(cp + ".name", c.name().equals(pipelineName)
                        ? "sidecar '" + c.name() + "' has the application container's name (the pipeline name)"
                        : "sidecar name '" + c.name() + "' is used twice", "give each container its own name");
            }
        }
        if (s.logging() != null && s.logging().driver() == LogDriver.FIRELENS) {
            containers.add("log_router");
        }
        long sidecarMemory = 0;
        long sidecarCpu = 0;
        for (int i = 0; i < s.sidecars().size(); i++) {
            SidecarSpec c = s.sidecars().get(i);
            String cp = p + ".sidecars[" + i + "]";
            ports(c.ports(), cp + ".ports");
            for (String k : c.env().keySet()) {
                envName(k, cp + ".env." + k);
            }
            for (Map.Entry<String, SecretRef> e : c.secrets().entrySet()) {
                secret(e.getValue(), cp + ".secrets." + e.getKey());
            }
            if (c.memory() != null) {
                sidecarMemory += c.memory().mebibytes();
            }
            if (c.cpu() != null) {
                sidecarCpu += c.cpu().millicores();
            }
            for (int j = 0; j < c.dependsOn().size(); j++) {
                ContainerDependency d = c.dependsOn().get(j);
                if (d.container() == null) {
                    continue;
                }
                String dp = cp + ".dependsOn[" + j + "].container";
                if (d.container().equals(c.name())) {
                    err(dp, "sidecar '" + c.name() + "' cannot depend on itself", "");
                } else if (!containers.contains(d.container())) {
                    err(dp, "no container named '" + d.container() + "' in this task", nearOr(d.container(), containers,
                            "containers are the application ('" + pipelineName + "') and the sidecars"));
                }
            }
        }
        if (s.memory() != null && sidecarMemory >= s.memory().mebibytes()) {
            err(p + ".sidecars", "the sidecars' memory (" + sidecarMemory + "MiB) leaves nothing of the task's "
                    + s.memory() + " for the application", "raise service.memory or lower the sidecars' memory");
        }
        if (s.cpu() != null && sidecarCpu >= s.cpu().millicores()) {
            err(p + ".sidecars", "the sidecars' cpu (" + new dev.uniformpipeline.core.spec.v1.CpuQuantity((int) sidecarCpu)
                    + " vCPU) leaves nothing of the task's " + s.cpu() + " vCPU for the application",
                    "raise service.cpu or lower the sidecars' cpu");
        }
        if (s.stopTimeout() != null && s.stopTimeout().isNegative()) {
            err(p + ".stopTimeout", "stopTimeout must not be negative", "");
        }
    }

    private void healthCheck(HealthCheckSpec h, String p) {
        if (h.path() != null && ready(h.path()) && (!h.path().startsWith("/") || h.path().length() > 1024)) {
            err(p + ".path", "path '" + h.path() + "' must start with '/' and be at most 1024 chars", "e.g. /health");
        }
        if (h.port() != null) {
            port(h.port(), p + ".port");
        }
        range(h.interval(), 5, 300, p + ".interval", "interval");
        range(h.timeout(), 2, 120, p + ".timeout", "timeout");
        if (h.interval() != null && h.timeout() != null && h.timeout().compareTo(h.interval()) >= 0) {
            err(p + ".timeout", "timeout (" + fmt(h.timeout()) + ") must be shorter than interval ("
                    + fmt(h.interval()) + ")", "Elastic Load Balancing rejects a timeout that is not below the interval");
        }
        if (!h.command().isEmpty() && h.timeout() != null && h.timeout().getSeconds() > 60) {
            err(p + ".timeout", "a container health check (command) allows a timeout of at most 60s, got "
                    + fmt(h.timeout()), "");
        }
        thresholds(h.healthyThreshold(), p + ".healthyThreshold", "healthyThreshold");
        thresholds(h.unhealthyThreshold(), p + ".unhealthyThreshold", "unhealthyThreshold");
        if (h.gracePeriod() != null) {
            wholeSeconds(h.gracePeriod(), p + ".gracePeriod");
            if (h.gracePeriod().getSeconds() > Integer.MAX_VALUE) {
                err(p + ".gracePeriod", "gracePeriod is too long", "");
            }
        }
        if (h.matcher() != null && ready(h.matcher())) {
            if (!MATCHER.matcher(h.matcher()).matches()) {
                err(p + ".matcher", "matcher '" + h.matcher() + "' is not a list or range of HTTP codes",
                        "write 200, 200,204 or 200-299");
            } else {
                for (String code : h.matcher().split("[,-]")) {
                    int c = Integer.parseInt(code);
                    if (c < 200 || c > 599) {
                        err(p + ".matcher", "HTTP code " + c + " in matcher is outside 200-599", "ALB accepts 200-499, NLB 200-599");
                        break;
                    }
                }
            }
        }
    }

    private void logging(LoggingSpec l, String p) {
        if (l.retentionDays() != null && !RETENTION_DAYS.contains(l.retentionDays())) {
            err(p + ".retentionDays", "CloudWatch Logs does not accept retentionDays " + l.retentionDays(),
                    "use one of " + RETENTION_DAYS.stream().map(String::valueOf).collect(Collectors.joining(", "))
                            + nearestRetention(l.retentionDays()));
        }
        if (l.group() != null && ready(l.group()) && !LOG_GROUP.matcher(l.group()).matches()) {
            err(p + ".group", "log group '" + l.group() + "' may only hold letters, digits and . - _ / # (1-512 chars)", "");
        }
        if (l.region() != null && ready(l.region()) && !REGION.matcher(l.region()).matches()) {
            err(p + ".region", "'" + l.region() + "' is not an AWS region", "e.g. eu-west-1");
        }
        LogDriver d = l.driver();
        if (d != LogDriver.AWSLOGS) {
            if (l.group() != null) {
                err(p + ".group", "group is an awslogs setting; the driver is " + d.yaml(), "remove it, or use driver: awslogs");
            }
            if (l.retentionDays() != null) {
                err(p + ".retentionDays", "retentionDays is an awslogs setting; the driver is " + d.yaml(), "remove it");
            }
        }
        if (l.firelens() != null && d != LogDriver.FIRELENS) {
            err(p + ".firelens", "firelens settings need driver: firelens (the driver is " + (d == null ? "?" : d.yaml()) + ")",
                    "set driver: firelens, or remove firelens");
        }
        if (l.splunk() != null && d != LogDriver.SPLUNK) {
            err(p + ".splunk", "splunk settings need driver: splunk (the driver is " + (d == null ? "?" : d.yaml()) + ")",
                    "set driver: splunk, or remove splunk");
        }
        if (l.options().containsKey("splunk-token")) {
            err(p + ".options.splunk-token", "a Splunk token must not be written in plain options",
                    "store it in Secrets Manager or SSM and set logging.splunk.token to its ARN");
        }
        if (l.options().containsKey("awslogs-datetime-format") && l.options().containsKey("awslogs-multiline-pattern")) {
            err(p + ".options", "awslogs-datetime-format and awslogs-multiline-pattern cannot both be set",
                    "keep one of them");
        }
        for (String managed : List.of("awslogs-group", "awslogs-region", "awslogs-stream-prefix", "awslogs-create-group")) {
            if (l.options().containsKey(managed)) {
                err(p + ".options." + managed, "'" + managed + "' is set from logging's own keys",
                        "use logging." + switch (managed) {
                            case "awslogs-group" -> "group";
                            case "awslogs-region" -> "region";
                            case "awslogs-stream-prefix" -> "streamPrefix";
                            default -> "createGroup";
                        } + " instead");
            }
        }
        for (Map.Entry<String, SecretRef> e : l.secretOptions().entrySet()) {
            secret(e.getValue(), p + ".secretOptions." + e.getKey());
        }
        if (d == LogDriver.SPLUNK) {
            if (l.splunk() == null) {
                err(p, "driver: splunk needs a splunk section with url and token",
                        "add splunk: {url: https://splunk.example.com:8088, token: arn:aws:secretsmanager:...}");
            } else {
                if (l.splunk().url() != null && ready(l.splunk().url()) && !l.splunk().url().matches("https?://[^\\s/]+.*")) {
                    err(p + ".splunk.url", "'" + l.splunk().url() + "' is not an http(s) URL", "e.g. https://splunk.example.com:8088");
                }
                if (l.splunk().token() != null) {
                    SecretRef t = l.splunk().token();
                    if (ready(t.valueFrom()) && t.store() == SecretRef.Store.UNKNOWN) {
                        err(p + ".splunk.token", "the Splunk token must be a Secrets Manager or SSM ARN, not the token itself",
                                "store the token in Secrets Manager and write its ARN; it is passed as secretOptions splunk-token");
                    }
                }
                if (l.splunk().format() != null && !List.of("inline", "json", "raw").contains(l.splunk().format())) {
                    err(p + ".splunk.format", "format must be inline, json or raw, got '" + l.splunk().format() + "'",
                            Suggest.didYouMean(l.splunk().format(), List.of("inline", "json", "raw")));
                }
            }
        }
    }

    private static String nearestRetention(int days) {
        Integer below = null;
        Integer above = null;
        for (int v : RETENTION_DAYS) {
            if (v < days) {
                below = v;
            } else if (above == null) {
                above = v;
            }
        }
        List<String> near = new ArrayList<>();
        if (below != null) {
            near.add(String.valueOf(below));
        }
        if (above != null) {
            near.add(String.valueOf(above));
        }
        return "; nearest: " + String.join(" or ", near);
    }

    private void volume(VolumeSpec v, String p) {
        int kinds = (v.efs() != null ? 1 : 0) + (v.emptyDir() != null ? 1 : 0) + (v.host() != null ? 1 : 0);
        if (kinds == 0 && v.name() != null && !origins.containsKey(p + ".s3")) {
            err(p, "volume '" + v.name() + "' needs one of efs, emptyDir or host", "e.g. emptyDir: {}");
        } else if (kinds > 1) {
            err(p, "a volume is exactly one of efs, emptyDir or host", "split it into separate volumes");
        }
        if (v.host() != null && v.host().path() != null && !v.host().path().startsWith("/")) {
            err(p + ".host.path", "host path '" + v.host().path() + "' must be absolute", "");
        }
        EfsVolume e = v.efs();
        if (e == null) {
            return;
        }
        if (e.fileSystemId() != null && ready(e.fileSystemId()) && !FS_ID.matcher(e.fileSystemId()).matches()) {
            err(p + ".efs.fileSystemId", "'" + e.fileSystemId() + "' is not an EFS file system id", "e.g. fs-0123456789abcdef0");
        }
        if (e.accessPointId() != null && ready(e.accessPointId()) && !AP_ID.matcher(e.accessPointId()).matches()) {
            err(p + ".efs.accessPointId", "'" + e.accessPointId() + "' is not an EFS access point id", "e.g. fsap-0123456789abcdef0");
        }
        boolean tls = Boolean.TRUE.equals(e.transitEncryption());
        if (e.accessPointId() != null && !tls) {
            err(p + ".efs.transitEncryption", "an EFS access point requires transitEncryption: true", "set transitEncryption: true");
        }
        if (Boolean.TRUE.equals(e.iam()) && !tls) {
            err(p + ".efs.transitEncryption", "EFS IAM authorization requires transitEncryption: true", "set transitEncryption: true");
        }
        if (e.accessPointId() != null && e.rootDirectory() != null && !"/".equals(e.rootDirectory())) {
            err(p + ".efs.rootDirectory", "with an access point, rootDirectory must be omitted or '/'",
                    "the access point sets the directory; remove rootDirectory");
        }
        if (e.rootDirectory() != null && !e.rootDirectory().startsWith("/")) {
            err(p + ".efs.rootDirectory", "rootDirectory '" + e.rootDirectory() + "' must be absolute", "");
        }
        if (e.transitEncryptionPort() != null) {
            port(e.transitEncryptionPort(), p + ".efs.transitEncryptionPort");
            if (!tls) {
                err(p + ".efs.transitEncryptionPort", "transitEncryptionPort needs transitEncryption: true", "");
            }
        }
    }

    private void autoscaling(AutoscalingSpec a, ServiceSpec s, String sp) {
        String p = sp + ".autoscaling";
        if (a.min() != null && a.min() < 0) {
            err(p + ".min", "min must be 0 or more", "");
        }
        if (a.min() != null && a.max() != null) {
            if (a.max() < 1) {
                err(p + ".max", "max must be at least 1", "");
            } else if (a.max() < a.min()) {
                err(p + ".max", "max (" + a.max() + ") is below min (" + a.min() + ")", "raise max or lower min");
            }
        }
        if (a.cpuPercent() == null && a.memoryPercent() == null && a.requestsPerTarget() == null) {
            err(p, "autoscaling needs a target: cpuPercent, memoryPercent or requestsPerTarget", "e.g. cpuPercent: 60");
        }
        percent(a.cpuPercent(), p + ".cpuPercent");
        percent(a.memoryPercent(), p + ".memoryPercent");
        if (a.requestsPerTarget() != null && a.requestsPerTarget() < 1) {
            err(p + ".requestsPerTarget", "requestsPerTarget must be at least 1", "");
        }
    }

    private void iam(IamSpec i, String p) {
        role(i.taskRole(), p + ".taskRole");
        role(i.executionRole(), p + ".executionRole");
    }

    // ---------------------------------------------------------------- rollout

    private void rollout(RolloutSpec r) {
        RolloutStrategy s = r.strategy();
        if (s == RolloutStrategy.CANARY && r.steps().isEmpty()) {
            err("rollout.steps", "strategy canary needs steps", "e.g. steps: [{weight: 10, pause: 5m}, {weight: 50, pause: 5m}]");
        }
        if (s != null && s != RolloutStrategy.CANARY && !r.steps().isEmpty()) {
            err("rollout.steps", "steps are only used by strategy canary (strategy is " + s.yaml() + ")",
                    "set strategy: canary, or remove steps");
        }
        int last = 0;
        for (int i = 0; i < r.steps().size(); i++) {
            CanaryStep c = r.steps().get(i);
            String p = "rollout.steps[" + i + "]";
            if (c.weight() == null) {
                continue;
            }
            if (c.weight() < 1 || c.weight() > 99) {
                err(p + ".weight", "weight must be 1-99 percent, got " + c.weight(), "100 is implied after the last step");
            } else if (c.weight() <= last) {
                err(p + ".weight", "weight " + c.weight() + " must be above the previous step's " + last, "weights increase step by step");
            }
            last = Math.max(last, c.weight());
            if (c.pause() != null && c.pause().isNegative()) {
                err(p + ".pause", "pause must not be negative", "");
            }
        }
        CountOrPercent surge = r.maxSurge();
        CountOrPercent unavailable = r.maxUnavailable();
        if (surge != null && surge.percent() && surge.value() > 100) {
            err("rollout.maxSurge", "maxSurge may be at most 100% (ECS maximumPercent 200)", "");
        }
        if (unavailable != null && unavailable.percent() && unavailable.value() > 100) {
            err("rollout.maxUnavailable", "maxUnavailable may be at most 100%", "");
        }
        if (surge != null && unavailable != null && surge.value() == 0 && unavailable.value() == 0) {
            err("rollout.maxSurge", "maxSurge and maxUnavailable are both 0: no task can be started or stopped and"
                    + " the rollout stalls", "e.g. maxSurge: 100% and maxUnavailable: 0%");
        }
        if (r.timeout() != null) {
            if (r.timeout().compareTo(Duration.ofSeconds(30)) < 0) {
                err("rollout.timeout", "timeout " + fmt(r.timeout()) + " is too short for any rollout", "at least 30s; typical 10m");
            }
            if (r.deregistrationDelay() != null && r.deregistrationDelay().compareTo(r.timeout()) >= 0) {
                err("rollout.deregistrationDelay", "deregistrationDelay (" + fmt(r.deregistrationDelay())
                        + ") is not shorter than the rollout timeout (" + fmt(r.timeout()) + "): draining alone"
                        + " would time the rollout out", "lower deregistrationDelay (e.g. 30s) or raise timeout");
            }
        }
        if (r.deregistrationDelay() != null) {
            range(r.deregistrationDelay(), 0, 3600, "rollout.deregistrationDelay", "deregistrationDelay");
        }
        if (r.bakeTime() != null && s != RolloutStrategy.BLUE_GREEN) {
            err("rollout.bakeTime", "bakeTime is only used by strategy blue-green", "remove it or set strategy: blue-green");
        }
    }

    // ---------------------------------------------------------------- targets

    private void target(PipelineSpec spec, TargetSpec t, String p) {
        TargetType type = t.type();
        String label = "target '" + (t.name() == null ? p : t.name()) + "'";
        if (t.name() != null && ready(t.name()) && !NAME.matcher(t.name()).matches()) {
            err(p + ".name", "target name '" + t.name() + "' must be lower-case letters, digits and '-' (1-63)", "");
        }
        if (t.region() != null && ready(t.region()) && !REGION.matcher(t.region()).matches()) {
            err(p + ".region", "'" + t.region() + "' is not an AWS region", "e.g. eu-west-1, us-east-1");
        }
        if (t.account() != null && ready(t.account()) && !ACCOUNT.matcher(t.account()).matches()) {
            err(p + ".account", "account '" + t.account() + "' is not a 12-digit AWS account id",
                    "quote it if it starts with 0: account: \"012345678901\"");
        }
        if (t.role() != null && ready(t.role())) {
            var m = ROLE_ARN.matcher(t.role());
            if (!m.matches()) {
                err(p + ".role", "'" + t.role() + "' is not an IAM role ARN", "write arn:aws:iam::<account>:role/<name>");
            } else if (t.account() != null && ACCOUNT.matcher(t.account()).matches() && !m.group(2).equals(t.account())) {
                err(p + ".role", "the role is in account " + m.group(2) + " but the target's account is " + t.account(),
                        "assume a role in the target account");
            }
        }
        if (t.cluster() != null && ready(t.cluster()) && !ECS_NAME.matcher(t.cluster()).matches()) {
            err(p + ".cluster", "cluster name '" + t.cluster() + "' may only hold letters, digits, '_' and '-'", "");
        }
        if (t.serviceName() != null && ready(t.serviceName())) {
            Pattern pat = type == TargetType.EKS ? NAME : ECS_NAME;
            if (!pat.matcher(t.serviceName()).matches()) {
                err(p + ".serviceName", "service name '" + t.serviceName() + "' is not valid for " + label,
                        type == TargetType.EKS ? "Kubernetes names are lower-case letters, digits and '-'" : "letters, digits, '_' and '-'");
            }
        }
        if (type == null) {
            return;
        }
        boolean ecs = type != TargetType.EKS;
        // capacity providers
        if (t.capacityProvider() != null && !t.capacityProviders().isEmpty()) {
            err(p + ".capacityProvider", "set capacityProvider or capacityProviders, not both", "");
        }
        if (!ecs && (t.capacityProvider() != null || !t.capacityProviders().isEmpty())) {
            err(p + (t.capacityProvider() != null ? ".capacityProvider" : ".capacityProviders"),
                    "capacity providers are an ECS setting; " + label + " is eks", "remove it");
        }
        List<CapacityProviderItem> cps = t.capacityProviderStrategy();
        if (cps.size() > 6) {
            err(p + ".capacityProviders", "a capacity provider strategy has at most 6 items, got " + cps.size(), "");
        }
        int withBase = 0;
        boolean anyWeight = cps.isEmpty();
        for (int i = 0; i < t.capacityProviders().size(); i++) {
            CapacityProviderItem c = t.capacityProviders().get(i);
            String cp = p + ".capacityProviders[" + i + "]";
            if (c.base() != null && (c.base() < 0 || c.base() > 100_000)) {
                err(cp + ".base", "base must be 0-100000", "");
            }
            if (c.weight() != null && (c.weight() < 0 || c.weight() > 1000)) {
                err(cp + ".weight", "weight must be 0-1000", "");
            }
        }
        for (CapacityProviderItem c : cps) {
            if (c.base() != null && c.base() > 0) {
                withBase++;
            }
            if (c.weight() != null && c.weight() > 0) {
                anyWeight = true;
            }
            if (type == TargetType.FARGATE && c.name() != null && ready(c.name())
                    && !List.of("FARGATE", "FARGATE_SPOT").contains(c.name())) {
                err(p + (t.capacityProvider() != null ? ".capacityProvider" : ".capacityProviders"),
                        "capacity provider '" + c.name() + "' is not a Fargate provider", "use FARGATE or FARGATE_SPOT");
            }
        }
        if (withBase > 1) {
            err(p + ".capacityProviders", "only one capacity provider may set base", "");
        }
        if (!anyWeight) {
            err(p + ".capacityProviders", "every capacity provider has weight 0, so no task can be placed",
                    "give at least one provider a weight above 0");
        }
        if (t.platformVersion() != null) {
            if (type != TargetType.FARGATE) {
                err(p + ".platformVersion", "platformVersion is a Fargate setting; " + label + " is " + type.yaml(), "remove it");
            } else if (!PLATFORM_VERSION.matcher(t.platformVersion()).matches()) {
                err(p + ".platformVersion", "'" + t.platformVersion() + "' is not a platform version", "write LATEST or e.g. 1.4.0");
            }
        }
        if (!ecs) {
            if (t.namespace() != null && ready(t.namespace()) && !NAME.matcher(t.namespace()).matches()) {
                err(p + ".namespace", "namespace '" + t.namespace() + "' is not a Kubernetes name", "lower-case letters, digits and '-'");
            }
            if (t.serviceAccount() != null && ready(t.serviceAccount()) && !NAME.matcher(t.serviceAccount()).matches()) {
                err(p + ".serviceAccount", "serviceAccount '" + t.serviceAccount() + "' is not a Kubernetes name", "");
            }
        }
        if (ecs) {
            if (t.namespace() != null) {
                err(p + ".namespace", "namespace is an eks setting; " + label + " is " + type.yaml(), "remove it");
            }
            if (t.serviceAccount() != null) {
                err(p + ".serviceAccount", "serviceAccount is an eks setting; " + label + " is " + type.yaml(),
                        "use service.iam.taskRole for ECS");
            }
        }
        NetworkMode mode = network(t, p, label);
        loadBalancer(t, p, label, mode);
        if (t.service() != null) {
            service(t.service(), p + ".service");
            targetService(spec, t, p, label, mode);
        }
    }

    private NetworkMode network(TargetSpec t, String p, String label) {
        NetworkSpec n = t.network();
        if (n == null) {
            return null;
        }
        TargetType type = t.type();
        if (type == TargetType.EKS) {
            if (n.mode() != null || !n.subnets().isEmpty() || !n.securityGroups().isEmpty()) {
                err(p + ".network", "network is an ECS setting; EKS pods use the cluster's networking", "remove it from " + label);
            }
            return null;
        }
        NetworkMode mode = n.effectiveMode(type);
        if (type == TargetType.FARGATE && mode != NetworkMode.AWSVPC) {
            err(p + ".network.mode", "Fargate requires network mode awsvpc, got " + mode.yaml(),
                    "remove mode (awsvpc is the default on Fargate) or write mode: awsvpc");
        }
        if (mode == NetworkMode.AWSVPC) {
            if (n.subnets().isEmpty()) {
                err(p + ".network.subnets", "awsvpc networking needs subnets (" + label + ")",
                        "add network: {subnets: [subnet-...], securityGroups: [sg-...]}");
            }
            if (n.subnets().size() > 16) {
                err(p + ".network.subnets", "at most 16 subnets, got " + n.subnets().size(), "");
            }
            if (n.securityGroups().size() > 5) {
                err(p + ".network.securityGroups", "at most 5 security groups, got " + n.securityGroups().size(), "");
            }
        } else {
            if (!n.subnets().isEmpty() || !n.securityGroups().isEmpty()) {
                err(p + ".network", "subnets and securityGroups only apply to awsvpc (mode is " + mode.yaml() + ")",
                        "write mode: awsvpc, or remove them");
            }
            if (Boolean.TRUE.equals(n.assignPublicIp())) {
                err(p + ".network.assignPublicIp", "assignPublicIp only applies to awsvpc", "");
            }
        }
        for (int i = 0; i < n.subnets().size(); i++) {
            String s = n.subnets().get(i);
            if (ready(s) && !SUBNET.matcher(s).matches()) {
                err(p + ".network.subnets[" + i + "]", "'" + s + "' is not a subnet id", "e.g. subnet-0a1b2c3d");
            }
        }
        for (int i = 0; i < n.securityGroups().size(); i++) {
            String s = n.securityGroups().get(i);
            if (ready(s) && !SG.matcher(s).matches()) {
                err(p + ".network.securityGroups[" + i + "]", "'" + s + "' is not a security group id", "e.g. sg-0a1b2c3d");
            }
        }
        return mode;
    }

    private void loadBalancer(TargetSpec t, String p, String label, NetworkMode mode) {
        LoadBalancerSpec lb = t.loadBalancer();
        if (lb == null) {
            return;
        }
        String lp = p + ".loadBalancer";
        if (lb.listenerArn() == null && lb.targetGroupArn() == null) {
            err(lp, "a load balancer needs listenerArn or targetGroupArn", "e.g. listenerArn: arn:aws:elasticloadbalancing:...:listener/app/...");
        }
        if (lb.listenerArn() != null && ready(lb.listenerArn())) {
            var m = LISTENER_ARN.matcher(lb.listenerArn());
            if (!m.matches()) {
                err(lp + ".listenerArn", "'" + lb.listenerArn() + "' is not an ALB or NLB listener ARN",
                        "arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<lb>/<id>/<id>");
            } else if (lb.type() != null) {
                String kind = m.group(2);
                if (kind.equals("app") && lb.type() == LoadBalancerType.NLB || kind.equals("net") && lb.type() == LoadBalancerType.ALB) {
                    err(lp + ".type", "type is " + lb.type().yaml() + " but the listener belongs to "
                            + (kind.equals("app") ? "an ALB" : "an NLB"), "write type: " + (kind.equals("app") ? "alb" : "nlb"));
                }
            }
        }
        if (lb.targetGroupArn() != null && ready(lb.targetGroupArn()) && !TG_ARN.matcher(lb.targetGroupArn()).matches()) {
            err(lp + ".targetGroupArn", "'" + lb.targetGroupArn() + "' is not a target group ARN",
                    "arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>");
        }
        if (lb.type() == LoadBalancerType.NLB) {
            if (lb.pathPattern() != null) {
                err(lp + ".pathPattern", "an NLB cannot route by path", "use type: alb, or remove pathPattern");
            }
            if (lb.host() != null) {
                err(lp + ".host", "an NLB cannot route by host name", "use type: alb, or remove host");
            }
            if (lb.priority() != null) {
                err(lp + ".priority", "NLB listeners have no rules and no priority", "remove priority");
            }
        } else if (lb.listenerArn() != null && lb.targetGroupArn() == null && lb.pathPattern() == null && lb.host() == null) {
            err(lp, "an ALB listener rule needs pathPattern or host", "e.g. pathPattern: /orders/*");
        }
        if (lb.pathPattern() != null && ready(lb.pathPattern()) && (!lb.pathPattern().startsWith("/") || lb.pathPattern().length() > 128)) {
            err(lp + ".pathPattern", "pathPattern must start with '/' and be at most 128 chars", "e.g. /orders/*");
        }
        if (lb.host() != null && lb.host().length() > 128) {
            err(lp + ".host", "host must be at most 128 chars", "");
        }
        if (lb.priority() != null && (lb.priority() < 1 || lb.priority() > 50000)) {
            err(lp + ".priority", "priority must be 1-50000, got " + lb.priority(), "");
        }
        if (lb.containerPort() != null) {
            port(lb.containerPort(), lp + ".containerPort");
        }
        if (lb.containerPort() == null && t.service() != null && t.service().port() == null) {
            err(lp, "a load balancer needs the container port: set service.port", "e.g. service: {port: 8080}");
        }
    }

    private void targetService(PipelineSpec spec, TargetSpec t, String p, String label, NetworkMode mode) {
        ServiceSpec s = t.service();
        String sp = p + ".service";
        TargetType type = t.type();
        boolean ecs = type != TargetType.EKS;
        if (type == TargetType.FARGATE && s.cpu() != null && s.memory() != null) {
            fargateSize(s, sp, label);
        }
        if (type == TargetType.FARGATE && s.stopTimeout() != null && s.stopTimeout().getSeconds() > 120) {
            err(sp + ".stopTimeout", "Fargate allows stopTimeout up to 120s, got " + fmt(s.stopTimeout()) + " (" + label + ")", "");
        }
        LoggingSpec l = s.logging();
        if (l != null && l.driver() != null) {
            if (type == TargetType.FARGATE && !FARGATE_DRIVERS.contains(l.driver())) {
                err(sp + ".logging.driver", "log driver '" + l.driver().yaml() + "' is not available on Fargate (" + label + ")",
                        "use awslogs, splunk or firelens (FireLens can forward to " + l.driver().yaml() + ")");
            }
            if (type == TargetType.FARGATE && l.firelens() != null
                    && "s3".equals(l.firelens().options().get("config-file-type"))) {
                err(sp + ".logging.firelens.options.config-file-type", "Fargate only accepts config-file-type file ("
                        + label + ")", "bake the config into the router image and use config-file-type: file");
            }
            if (type == TargetType.EKS && l.driver() != LogDriver.AWSLOGS && l.driver() != LogDriver.FIRELENS) {
                err(sp + ".logging.driver", "log driver '" + l.driver().yaml() + "' cannot be set per pod on EKS (" + label + ")",
                        "use awslogs or firelens (rendered for the cluster's Fluent Bit), or a separate logging setup");
            }
        }
        boolean hasSecrets = !s.secrets().isEmpty() || (l != null && (!l.secretOptions().isEmpty() || l.splunk() != null))
                || s.sidecars().stream().anyMatch(c -> !c.secrets().isEmpty());
        if (ecs && hasSecrets && (s.iam() == null || s.iam().executionRole() == null)) {
            err(sp + ".iam.executionRole", "secrets on ECS are read by the task execution role, but none is set ("
                    + label + ")", "set service.iam.executionRole to a role with secretsmanager:GetSecretValue / ssm:GetParameters");
        }
        if (type == TargetType.FARGATE && t.platformVersion() != null && !"LATEST".equals(t.platformVersion())
                && t.platformVersion().matches("[0-9]+\\.[0-9]+\\.[0-9]+") && compareVersion(t.platformVersion(), "1.4.0") < 0) {
            for (int i = 0; i < s.volumes().size(); i++) {
                if (s.volumes().get(i).efs() != null) {
                    err(p + ".platformVersion", "EFS volumes need Fargate platform 1.4.0 or later (" + label + ")",
                            "use platformVersion: LATEST or 1.4.0");
                    break;
                }
            }
            for (Map.Entry<String, SecretRef> e : s.secrets().entrySet()) {
                if (e.getValue().selectsJsonKeyOrVersion()) {
                    err(sp + ".secrets." + e.getKey(), "a Secrets Manager JSON key or version needs Fargate platform"
                            + " 1.4.0 or later (" + label + ")", "use platformVersion: LATEST or 1.4.0");
                }
            }
        }
        for (int i = 0; i < s.volumes().size(); i++) {
            VolumeSpec v = s.volumes().get(i);
            if (v.host() != null && type == TargetType.FARGATE) {
                err(sp + ".volumes[" + i + "].host", "host volumes are not available on Fargate (" + label + ")",
                        "use emptyDir for scratch space or efs for shared files");
            }
        }
        LoadBalancerSpec lb = t.loadBalancer();
        if (s.healthCheck() != null && s.healthCheck().matcher() != null && lb != null && lb.type() == LoadBalancerType.ALB
                && MATCHER.matcher(s.healthCheck().matcher()).matches()) {
            for (String code : s.healthCheck().matcher().split("[,-]")) {
                if (Integer.parseInt(code) > 499) {
                    err(sp + ".healthCheck.matcher", "an ALB accepts health check codes 200-499 only (" + label + ")", "");
                    break;
                }
            }
        }
        if (s.autoscaling() != null && s.autoscaling().requestsPerTarget() != null
                && (lb == null || lb.type() != LoadBalancerType.ALB)) {
            err(sp + ".autoscaling.requestsPerTarget", "requestsPerTarget scales on ALB request counts, but " + label
                    + " has no ALB", "add an alb loadBalancer, or scale on cpuPercent");
        }
        if (s.healthCheck() != null && s.healthCheck().gracePeriod() != null && spec.rollout() != null
                && spec.rollout().timeout() != null && s.healthCheck().gracePeriod().compareTo(spec.rollout().timeout()) >= 0) {
            err(sp + ".healthCheck.gracePeriod", "gracePeriod (" + fmt(s.healthCheck().gracePeriod())
                    + ") is not shorter than rollout.timeout (" + fmt(spec.rollout().timeout()) + ")",
                    "the rollout would time out before any health check counts; raise rollout.timeout");
        }
        RolloutSpec r = spec.rollout();
        if (r != null && r.strategy() != null && r.strategy() != RolloutStrategy.ROLLING) {
            if (lb == null) {
                err(p + ".loadBalancer", "strategy " + r.strategy().yaml() + " shifts traffic through a load balancer, but "
                        + label + " has none", "add an alb loadBalancer, or use strategy: rolling");
            } else if (lb.type() == LoadBalancerType.NLB && r.strategy() == RolloutStrategy.CANARY) {
                err(p + ".loadBalancer.type", "canary needs weighted target groups, which an NLB listener does not offer ("
                        + label + ")", "use an alb, or strategy: blue-green / rolling");
            }
        }
        if (r != null && r.strategy() == RolloutStrategy.ROLLING && r.maxSurge() != null && r.maxUnavailable() != null
                && s.replicas() != null && s.replicas() > 0 && s.autoscaling() == null
                && !(r.maxSurge().value() == 0 && r.maxUnavailable().value() == 0)) {
            int desired = s.replicas();
            int surge = r.maxSurge().of(desired, false);
            int down = r.maxUnavailable().of(desired, false);
            if (surge == 0 && down == 0) {
                err(sp + ".replicas", "with replicas " + desired + ", maxSurge " + r.maxSurge() + " and maxUnavailable "
                        + r.maxUnavailable() + " round to 0 tasks: ECS can neither start nor stop one and the"
                        + " deployment stalls (" + label + ")", "raise maxSurge (e.g. 1) or maxUnavailable");
            }
        }
    }

    private void fargateSize(ServiceSpec s, String sp, String label) {
        int units = s.cpu().ecsUnits();
        long mem = s.memory().mebibytes();
        List<Long> allowed = fargateMemory(s.cpu().millicores());
        if (allowed == null) {
            err(sp + ".cpu", "Fargate has no task size with cpu " + s.cpu() + " (" + label + ")",
                    "use 0.25, 0.5, 1, 2, 4, 8 or 16 vCPU");
            return;
        }
        if (!allowed.contains(mem)) {
            String fits = "";
            for (int m : new int[] {250, 500, 1000, 2000, 4000, 8000, 16000}) {
                List<Long> a = fargateMemory(m);
                if (a != null && a.contains(mem)) {
                    fits = "; memory " + s.memory() + " needs cpu " + new dev.uniformpipeline.core.spec.v1.CpuQuantity(m);
                    break;
                }
            }
            err(sp + ".memory", "Fargate cpu " + s.cpu() + " (" + units + " units) does not allow memory "
                    + s.memory() + " (" + label + ")", "with cpu " + s.cpu() + " use memory " + describe(allowed) + fits);
        }
    }

    /** Allowed memory (MiB) per Fargate cpu (millicores), AWS-FACTS §2; null when the cpu is not a Fargate size. */
    static List<Long> fargateMemory(int millicores) {
        return switch (millicores) {
            case 250 -> List.of(512L, 1024L, 2048L);
            case 500 -> steps(1024, 4096, 1024);
            case 1000 -> steps(2048, 8192, 1024);
            case 2000 -> steps(4096, 16384, 1024);
            case 4000 -> steps(8192, 30720, 1024);
            case 8000 -> steps(16384, 61440, 4096);
            case 16000 -> steps(32768, 122880, 8192);
            default -> null;
        };
    }

    private static List<Long> steps(long from, long to, long step) {
        List<Long> out = new ArrayList<>();
        for (long v = from; v <= to; v += step) {
            out.add(v);
        }
        return out;
    }

    private static String describe(List<Long> mib) {
        if (mib.size() <= 3) {
            return mib.stream().map(m -> new dev.uniformpipeline.core.spec.v1.MemorySize(m).toString())
                    .collect(Collectors.joining(", "));
        }
        long step = mib.get(1) - mib.get(0);
        return new dev.uniformpipeline.core.spec.v1.MemorySize(mib.get(0)) + " to "
                + new dev.uniformpipeline.core.spec.v1.MemorySize(mib.get(mib.size() - 1)) + " in "
                + new dev.uniformpipeline.core.spec.v1.MemorySize(step) + " steps";
    }

    private static int compareVersion(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------- helpers

    private void secret(SecretRef ref, String p) {
        if (ref == null || !ready(ref.valueFrom())) {
            return;
        }
        if (ref.store() == SecretRef.Store.UNKNOWN) {
            String v = ref.valueFrom();
            String hint = v.startsWith("arn:")
                    ? "expected arn:aws:secretsmanager:<region>:<account>:secret:<name> or arn:aws:ssm:<region>:<account>:parameter/<name>"
                    : "secrets are references, never values: store it in Secrets Manager or SSM and write the ARN";
            err(p, "'" + (v.startsWith("arn:") ? v : mask(v)) + "' is not a Secrets Manager or SSM Parameter Store ARN", hint);
        }
    }

    private static String mask(String v) {
        return v.length() <= 4 ? "****" : v.substring(0, 2) + "****";
    }

    private void role(String arn, String p) {
        if (arn != null && ready(arn) && !ROLE_ARN.matcher(arn).matches()) {
            err(p, "'" + arn + "' is not an IAM role ARN", "write arn:aws:iam::<account>:role/<name>");
        }
    }

    private void envName(String k, String p) {
        if (!ENV_NAME.matcher(k).matches()) {
            err(p, "'" + k + "' is not a valid environment variable name", "letters, digits and '_', not starting with a digit");
        }
    }

    private void ports(List<Integer> ports, String p) {
        for (int i = 0; i < ports.size(); i++) {
            port(ports.get(i), p + "[" + i + "]");
        }
    }

    private void port(Integer port, String p) {
        if (port != null && (port < 1 || port > 65535)) {
            err(p, "port must be 1-65535, got " + port, "");
        }
    }

    private void positive(Integer v, String p) {
        if (v != null && v < 1) {
            err(p, "must be at least 1, got " + v, "");
        }
    }

    private void percent(Integer v, String p) {
        if (v != null && (v < 1 || v > 100)) {
            err(p, "must be a percentage 1-100, got " + v, "");
        }
    }

    private void thresholds(Integer v, String p, String name) {
        if (v != null && (v < 2 || v > 10)) {
            err(p, name + " must be 2-10, got " + v, "Elastic Load Balancing accepts 2-10");
        }
    }

    private void range(Duration d, long min, long max, String p, String name) {
        if (d == null) {
            return;
        }
        if (!wholeSeconds(d, p)) {
            return;
        }
        long s = d.getSeconds();
        if (s < min || s > max) {
            err(p, name + " must be " + min + "s-" + fmt(Duration.ofSeconds(max)) + ", got " + fmt(d),
                    s < min ? "use at least " + min + "s" : "use at most " + fmt(Duration.ofSeconds(max)));
        }
    }

    private boolean wholeSeconds(Duration d, String p) {
        if (d.toMillisPart() != 0) {
            err(p, fmt(d) + " is not a whole number of seconds", "AWS counts these in seconds");
            return false;
        }
        return true;
    }

    private static String fmt(Duration d) {
        return ModelTypes.formatDuration(d);
    }

    private static String nearOr(String word, Set<String> candidates, String otherwise) {
        String n = Suggest.nearest(word, candidates);
        return n != null ? "did you mean '" + n + "'?" : otherwise;
    }

    /** True when a value holds no unresolved variable (so its format can be checked now). */
    private boolean ready(String v) {
        return v != null && !v.contains(resolved ? "${target." : "${");
    }

    /** {@code build.maven}: options that Maven would reject late, or that fight the builder's own flags. */
    private void maven(dev.uniformpipeline.core.spec.v1.MavenOptions m) {
        String module = m.module();
        if (module != null && (module.isBlank() || module.startsWith("/") || module.contains("..")
                || module.contains("\\") || module.startsWith(":"))) {
            err("build.maven.module", "'" + module + "' is not a module folder inside build.context",
                    "write the module's folder relative to build.context, e.g. services/orders (as in <modules>)");
        }
        for (int i = 0; i < m.goals().size(); i++) {
            String g = m.goals().get(i);
            if (g == null || g.isBlank() || g.chars().anyMatch(Character::isWhitespace)) {
                err("build.maven.goals[" + i + "]", "'" + g + "' is not one Maven goal or phase",
                        "write one goal per item, e.g. [package] or [clean, package]");
            } else if (g.startsWith("-")) {
                err("build.maven.goals[" + i + "]", "'" + g + "' is an option, not a goal",
                        "put options in build.maven.args");
            }
        }
        for (int i = 0; i < m.profiles().size(); i++) {
            String p = m.profiles().get(i);
            if (p == null || !p.matches("[!?]?[A-Za-z0-9_.:-]+")) {
                err("build.maven.profiles[" + i + "]", "'" + p + "' is not a profile id",
                        "one profile id per item, without -P or commas, e.g. [prod, metrics]");
            }
        }
        for (int i = 0; i < m.args().size(); i++) {
            String a = m.args().get(i);
            String flag = a == null ? "" : a.split("=", 2)[0];
            if (List.of("-pl", "--projects", "-am", "--also-make").contains(flag)) {
                err("build.maven.args[" + i + "]", "'" + a + "' selects the modules, which build.maven.module does",
                        "set build.maven.module to the app's module folder instead");
            } else if (List.of("-f", "--file").contains(flag)) {
                err("build.maven.args[" + i + "]", "'" + a + "' points Maven at another pom, which build.context does",
                        "set build.context to the folder of that pom instead");
            } else if (flag.startsWith("-P") || flag.equals("--activate-profiles")) {
                err("build.maven.args[" + i + "]", "'" + a + "' activates profiles, which build.maven.profiles does",
                        "list the profile ids in build.maven.profiles instead");
            }
        }
        if (m.mainClass() != null && !m.mainClass().matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
            err("build.maven.mainClass", "'" + m.mainClass() + "' is not a Java class name",
                    "write the fully qualified class name, e.g. com.example.Main");
        }
        for (int i = 0; i < m.jvmFlags().size(); i++) {
            String f = m.jvmFlags().get(i);
            if (f == null || !f.startsWith("-")) {
                err("build.maven.jvmFlags[" + i + "]", "'" + f + "' is not a JVM flag",
                        "JVM flags start with '-', e.g. -XX:MaxRAMPercentage=75; program arguments go in build.cmd");
            }
        }
    }

    private void err(String path, String message, String hint) {
        sink.add(locate(path), path, message, hint);
    }

    private Origin locate(String path) {
        String p = path;
        while (true) {
            Origin o = origins.get(p);
            if (o != null) {
                return o;
            }
            int dot = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (dot <= 0) {
                Origin root = origins.get("");
                return root != null ? root : new Origin("<pipeline>", 0, 0);
            }
            p = p.substring(0, dot);
        }
    }
}
