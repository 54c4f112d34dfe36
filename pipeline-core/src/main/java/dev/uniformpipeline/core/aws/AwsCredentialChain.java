package dev.uniformpipeline.core.aws;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS credentials of one run, from the run's environment map (never the process environment, so a Jenkins
 * step's or a test's environment is what counts), in this order:
 * <ol>
 *   <li>a profile named in the pipeline file ({@link AwsCredentialSettings#profile()});</li>
 *   <li>{@code AWS_ACCESS_KEY_ID} + {@code AWS_SECRET_ACCESS_KEY} (+ {@code AWS_SESSION_TOKEN});</li>
 *   <li>{@code AWS_PROFILE};</li>
 *   <li>the SDK's default chain, reading the run's profile files.</li>
 * </ol>
 * Profiles are read with the SDK's {@link ProfileFile} from {@code AWS_CONFIG_FILE} (default
 * {@code ~/.aws/config}) and {@code AWS_SHARED_CREDENTIALS_FILE} (default {@code ~/.aws/credentials}). With a
 * role ARN those credentials assume the role through STS ({@link StsAssumeRoleCredentialsProvider}, which renews
 * the session before it expires). STS is called at the run's endpoint ({@code AWS_ENDPOINT_URL_STS} /
 * {@code AWS_ENDPOINT_URL}), like every other client.
 */
public final class AwsCredentialChain {
    /** Session name of an assumed role when none is configured. */
    public static final String DEFAULT_SESSION_NAME = "uniform-pipeline";
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws(?:-[a-z]+)*:iam::(\\d{12}):role/[\\w+=,.@/-]{1,512}");

    private final Map<String, String> env;
    private final Consumer<String> events;

    /**
     * @param env    the run's environment
     * @param events one line per decision (which source, which role); never a key or secret
     */
    public AwsCredentialChain(Map<String, String> env, Consumer<String> events) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.events = Objects.requireNonNull(events, "events");
    }

    /** Credentials that were resolved once (so a wrong profile or a refused role fails here, not mid-push). */
    public static final class Resolved implements SdkAutoCloseable {
        private final AwsCredentialsProvider provider;
        private final String source;
        private final String roleAccount;
        private final List<SdkAutoCloseable> closeables;

        Resolved(AwsCredentialsProvider provider, String source, String roleAccount, List<SdkAutoCloseable> closeables) {
            this.provider = provider;
            this.source = source;
            this.roleAccount = roleAccount;
            this.closeables = List.copyOf(closeables);
        }

        /** The provider to give clients. */
        public AwsCredentialsProvider provider() {
            return provider;
        }

        /** Where the credentials come from, for messages (e.g. {@code profile 'ci'}; no secrets). */
        public String source() {
            return source;
        }

        /** The account of the assumed role, when a role was assumed. */
        public Optional<String> roleAccount() {
            return Optional.ofNullable(roleAccount);
        }

        @Override
        public void close() {
            for (SdkAutoCloseable c : closeables) {
                c.close();
            }
        }

        @Override
        public String toString() {
            return "Resolved[" + source + "]";
        }
    }

    /** The account id in an IAM role ARN, if it is one. */
    public static Optional<String> roleAccount(String roleArn) {
        Matcher m = ROLE_ARN.matcher(roleArn == null ? "" : roleArn);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The files profiles are read from, as the run's environment names them. */
    public List<Path> profileFiles() {
        return List.of(configFile(), credentialsFile());
    }

    private Path configFile() {
        String f = nonBlank(env.get("AWS_CONFIG_FILE"));
        return f != null ? Path.of(f) : home().resolve(".aws").resolve("config");
    }

    private Path credentialsFile() {
        String f = nonBlank(env.get("AWS_SHARED_CREDENTIALS_FILE"));
        return f != null ? Path.of(f) : home().resolve(".aws").resolve("credentials");
    }

    private Path home() {
        String h = nonBlank(env.get("HOME"));
        return Path.of(h != null ? h : System.getProperty("user.home"));
    }

    /** The config and credentials files that exist, merged as the SDK merges them (credentials last). */
    ProfileFile profileFile() throws AwsCredentialsException {
        ProfileFile.Aggregator all = ProfileFile.aggregator();
        Path config = configFile();
        Path credentials = credentialsFile();
        try {
            if (Files.isRegularFile(config)) {
                all.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
            }
            if (Files.isRegularFile(credentials)) {
                all.addFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build());
            }
        } catch (RuntimeException e) {
            throw new AwsCredentialsException("cannot read the AWS profile files " + config + " and " + credentials
                    + ": " + e.getMessage() + "; fix the file's syntax", e);
        }
        return all.build();
    }

    /**
     * The base credentials (before any role): see the class comment for the order.
     *
     * @param profile a profile named in the pipeline file, or null
     */
    public AwsCredentialsProvider base(String profile) throws AwsCredentialsException {
        return base(profile, new StringBuilder());
    }

    /**
     * {@link #base(String) base(null)} for a client factory that cannot throw: a missing profile or half a key pair
     * becomes the client's error on its first call, with the same message.
     */
    AwsCredentialsProvider baseOrDeferredError() {
        try {
            return base(null);
        } catch (AwsCredentialsException e) {
            String message = e.getMessage();
            return () -> {
                throw SdkClientException.create(message);
            };
        }
    }

    private AwsCredentialsProvider base(String profile, StringBuilder source) throws AwsCredentialsException {
        String named = nonBlank(profile);
        if (named != null) {
            source.append("profile '").append(named).append("' of the pipeline file");
            return profile(named, "the pipeline file names profile '" + named + "'");
        }
        String keyId = nonBlank(env.get("AWS_ACCESS_KEY_ID"));
        String secret = nonBlank(env.get("AWS_SECRET_ACCESS_KEY"));
        if (keyId != null || secret != null) {
            if (keyId == null || secret == null) {
                String missing = keyId == null ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY";
                String present = keyId == null ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID";
                throw new AwsCredentialsException("the run's environment sets " + present + " but not " + missing
                        + ": set both (or neither, to use a profile or the default AWS chain)");
            }
            source.append("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY of the run's environment");
            return AwsClients.credentialsFrom(env).orElseThrow();
        }
        String envProfile = nonBlank(env.get("AWS_PROFILE"));
        if (envProfile != null) {
            source.append("profile '").append(envProfile).append("' (AWS_PROFILE)");
            return profile(envProfile, "AWS_PROFILE is '" + envProfile + "'");
        }
        source.append("the default AWS credential chain");
        ProfileFile files = profileFile();
        return DefaultCredentialsProvider.builder().profileFile(() -> files).profileName("default").build();
    }

    private AwsCredentialsProvider profile(String name, String why) throws AwsCredentialsException {
        return profile(profileFile(), name, why, new ArrayList<>());
    }

    /**
     * A profile's credentials. A profile with {@code role_arn} and {@code source_profile} is resolved here rather than
     * by the SDK, so its AssumeRole goes to the run's STS endpoint like every other call.
     */
    private AwsCredentialsProvider profile(ProfileFile files, String name, String why, List<String> chain)
            throws AwsCredentialsException {
        Optional<Profile> found = files.profile(name);
        if (found.isEmpty()) {
            TreeSet<String> known = new TreeSet<>(files.profiles().keySet());
            StringBuilder looked = new StringBuilder();
            for (Path f : profileFiles()) {
                looked.append(looked.length() == 0 ? "" : ", ").append(f)
                        .append(Files.isRegularFile(f) ? "" : " (missing)");
            }
            throw new AwsCredentialsException(why + " but no such profile is in " + looked + "; add [profile "
                    + name + "] to the config file or [" + name + "] to the credentials file (AWS_CONFIG_FILE and"
                    + " AWS_SHARED_CREDENTIALS_FILE name other files)"
                    + (known.isEmpty() ? "" : ", or use one of the profiles found: " + String.join(", ", known)));
        }
        Profile profile = found.get();
        Optional<String> role = profile.property(ProfileProperty.ROLE_ARN);
        Optional<String> source = profile.property(ProfileProperty.SOURCE_PROFILE);
        if (role.isEmpty() || source.isEmpty()) {
            try {
                return ProfileCredentialsProvider.builder().profileFile(files).profileName(name).build();
            } catch (RuntimeException e) { // the SDK checks the profile's properties here (IllegalArgumentException)
                throw new AwsCredentialsException("profile '" + name + "' has no usable credentials: "
                        + e.getMessage() + "; fix it in " + profileFiles().get(0) + " or " + profileFiles().get(1), e);
            }
        }
        chain.add(name);
        AwsCredentialsProvider sourceCredentials;
        if (source.get().equals(name)) {
            String id = profile.property(ProfileProperty.AWS_ACCESS_KEY_ID).orElse(null);
            String secret = profile.property(ProfileProperty.AWS_SECRET_ACCESS_KEY).orElse(null);
            if (id == null || secret == null) {
                throw new AwsCredentialsException("profile '" + name + "' is its own source_profile but has no"
                        + " aws_access_key_id and aws_secret_access_key; add them or name another source_profile");
            }
            sourceCredentials = software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(id, secret));
        } else if (chain.contains(source.get()) || chain.size() > 5) {
            throw new AwsCredentialsException("the source_profile chain " + String.join(" -> ", chain) + " -> "
                    + source.get() + " loops or is too long; fix source_profile in the AWS config");
        } else {
            sourceCredentials = profile(files, source.get(), "profile '" + name + "' names source_profile '"
                    + source.get() + "'", chain);
        }
        String region = profile.property(ProfileProperty.REGION).orElse(null);
        if (region == null) {
            region = nonBlank(env.get("AWS_REGION"));
        }
        if (region == null) {
            region = nonBlank(env.get("AWS_DEFAULT_REGION"));
        }
        String roleArn = role.get();
        String session = profile.property(ProfileProperty.ROLE_SESSION_NAME).orElse(DEFAULT_SESSION_NAME);
        String externalId = profile.property(ProfileProperty.EXTERNAL_ID).orElse(null);
        StsClient sts = AwsClients.build(StsClient.builder(), "STS", region == null ? "us-east-1" : region, env,
                sourceCredentials);
        StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(session).externalId(externalId)).build();
        return new ProfileRole(name, roleArn, assumed, List.of(assumed, sts));
    }

    /** The role of a profile ({@code role_arn} + {@code source_profile}), assumed at the run's STS endpoint. */
    private static final class ProfileRole implements AwsCredentialsProvider, SdkAutoCloseable {
        final String profile;
        final String roleArn;
        private final AwsCredentialsProvider assumed;
        private final List<SdkAutoCloseable> closeables;

        ProfileRole(String profile, String roleArn, AwsCredentialsProvider assumed, List<SdkAutoCloseable> closeables) {
            this.profile = profile;
            this.roleArn = roleArn;
            this.assumed = assumed;
            this.closeables = closeables;
        }

        @Override
        public software.amazon.awssdk.auth.credentials.AwsCredentials resolveCredentials() {
            return assumed.resolveCredentials();
        }

        @Override
        public void close() {
            closeables.forEach(SdkAutoCloseable::close);
        }
    }

    /**
     * The base credentials, then the role of {@code settings} assumed with them; resolved once, so a missing profile,
     * unusable keys or a refused AssumeRole fail here with a message that names the fix.
     *
     * @param region region of the STS endpoint (regional STS)
     */
    public Resolved resolve(AwsCredentialSettings settings, String region) throws AwsCredentialsException {
        StringBuilder source = new StringBuilder();
        AwsCredentialsProvider base = base(settings.profile(), source);
        List<SdkAutoCloseable> closeables = new ArrayList<>();
        if (base instanceof SdkAutoCloseable c) {
            closeables.add(c);
        }
        try {
            base.resolveCredentials();
        } catch (RuntimeException e) { // SdkException, and the SDK's IllegalArgumentException for a bad profile
            closeables.forEach(SdkAutoCloseable::close);
            StsException refused = cause(e, StsException.class);
            if (base instanceof ProfileRole p && refused != null) {
                throw assumeRoleFailed(p.roleArn, "external_id of profile '" + p.profile + "'",
                        "the source_profile of '" + p.profile + "'", refused);
            }
            String why = String.valueOf(e.getMessage()).strip().replaceFirst("\\.$", "");
            String fix = source.toString().startsWith("profile ") ? "fix the profile in " + profileFiles().get(0)
                    + " or " + profileFiles().get(1) : "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE,"
                    + " or image.ecr.profile";
            throw new AwsCredentialsException("no usable AWS credentials from " + source + ": " + why + "; " + fix, e);
        }
        if (base instanceof ProfileRole p) {
            source.append(" (role ").append(p.roleArn).append(')');
        }
        if (settings.roleArn() == null) {
            events.accept("AWS credentials: " + source);
            return new Resolved(base, source.toString(), base instanceof ProfileRole p
                    ? roleAccount(p.roleArn).orElse(null) : null, closeables);
        }
        String role = settings.roleArn();
        String account = roleAccount(role).orElseThrow(() -> new AwsCredentialsException("'" + role
                + "' is not an IAM role ARN; write arn:aws:iam::<account>:role/<name>"));
        String session = settings.roleSessionName() == null ? DEFAULT_SESSION_NAME : settings.roleSessionName();
        StsClient sts = AwsClients.build(StsClient.builder(), "STS", region, env, base);
        closeables.add(sts);
        StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(role).roleSessionName(session).externalId(settings.externalId()))
                .build();
        closeables.add(assumed);
        try {
            assumed.resolveCredentials();
        } catch (StsException e) {
            closeables.forEach(SdkAutoCloseable::close);
            throw assumeRoleFailed(role, "image.ecr.externalId", source.toString(), e);
        } catch (SdkException e) {
            closeables.forEach(SdkAutoCloseable::close);
            StsException sts2 = cause(e, StsException.class);
            if (sts2 != null) {
                throw assumeRoleFailed(role, "image.ecr.externalId", source.toString(), sts2);
            }
            throw new AwsCredentialsException("AssumeRole of " + role + " with " + source + " failed: "
                    + e.getMessage() + "; check the STS endpoint and the network", e);
        }
        events.accept("AWS credentials: " + source + ", then role " + role + " (session " + session + ")");
        return new Resolved(assumed, "role " + role + " assumed with " + source, account, closeables);
    }

    private static AwsCredentialsException assumeRoleFailed(String role, String externalIdField, String source,
                                                            StsException e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        String fix = switch (code == null ? "" : code) {
            case "AccessDenied" -> "the role's trust policy must allow sts:AssumeRole by the caller (" + source
                    + ") and the caller's own policy must allow sts:AssumeRole on " + role + "; if the trust policy"
                    + " requires an external id, " + externalIdField + " must match its sts:ExternalId";
            case "ExpiredToken", "ExpiredTokenException" -> "the base credentials (" + source + ") have expired;"
                    + " refresh them";
            case "InvalidClientTokenId", "SignatureDoesNotMatch" -> "STS does not accept the base credentials ("
                    + source + "); check the access key";
            case "RegionDisabledException" -> "activate STS in this region for the account, or use another region";
            default -> "check the role ARN and its trust policy";
        };
        return new AwsCredentialsException("AssumeRole of " + role + " was refused (" + code + ": " + message
                + "): " + fix, e);
    }

    /**
     * The account the credentials act in: the assumed role's account, else STS GetCallerIdentity.
     */
    public String account(Resolved credentials, String region) throws AwsCredentialsException {
        if (credentials.roleAccount().isPresent()) {
            return credentials.roleAccount().get();
        }
        try (StsClient sts = AwsClients.build(StsClient.builder(), "STS", region, env, credentials.provider())) {
            String account = sts.getCallerIdentity().account();
            events.accept("AWS account " + account + " (STS GetCallerIdentity with " + credentials.source() + ")");
            return account;
        } catch (StsException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            throw new AwsCredentialsException("STS GetCallerIdentity with " + credentials.source() + " was refused ("
                    + code + "): the credentials are not valid; fix them, or set image.ecr.account", e);
        } catch (SdkClientException e) {
            throw new AwsCredentialsException("STS GetCallerIdentity with " + credentials.source() + " failed: "
                    + e.getMessage() + "; check the STS endpoint, or set image.ecr.account", e);
        }
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
