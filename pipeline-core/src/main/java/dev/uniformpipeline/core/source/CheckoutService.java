package dev.uniformpipeline.core.source;

import dev.uniformpipeline.core.spec.SemVer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jgit.api.CloneCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.KeyPasswordProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/** Checks out source with JGit. One instance can serve many checkouts; it holds no state. */
public final class CheckoutService {
    private static final Pattern HEX_SHA = Pattern.compile("^[0-9a-fA-F]{7,40}$");
    private static final Pattern URL_LIKE = Pattern.compile("^(?i)(file|git|https?|ssh|git\\+ssh)://.*");
    private static final Pattern SCP_LIKE = Pattern.compile("^[A-Za-z0-9._-]+@[A-Za-z0-9._-]+:.*");

    private final CheckoutListener listener;

    public CheckoutService(CheckoutListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public CheckoutService() {
        this(CheckoutListener.NONE);
    }

    /**
     * Checks out {@code request}: a local directory is used as is; anything else is cloned into
     * {@code request.directory()}.
     */
    public SourceRevision checkout(CheckoutRequest request) throws CheckoutException {
        if (isRemote(request.source())) {
            return cloneRemote(request);
        }
        return useLocal(request);
    }

    /** Whether {@code source} is a URL to clone (else a local directory used as is). */
    public static boolean isRemoteSource(String source) {
        return isRemote(source);
    }

    /** Whether {@code source} is an ssh URL ({@code ssh://}, {@code git+ssh://} or {@code user@host:path}). */
    public static boolean isSshSource(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        return lower.startsWith("ssh://") || lower.startsWith("git+ssh://") || SCP_LIKE.matcher(source).matches();
    }

    static boolean isRemote(String source) {
        return URL_LIKE.matcher(source).matches() || SCP_LIKE.matcher(source).matches();
    }

    // ---------------------------------------------------------------- local working tree

    private SourceRevision useLocal(CheckoutRequest request) throws CheckoutException {
        Path dir = Path.of(request.source()).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new CheckoutException(CheckoutException.Reason.NOT_A_REPOSITORY, "source '" + request.source()
                    + "' is neither a directory nor a git URL (file://, git://, https://, ssh://, user@host:path);"
                    + " fix source.git in the pipeline file");
        }
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toFile());
        if (builder.getGitDir() == null) {
            throw new CheckoutException(CheckoutException.Reason.NOT_A_REPOSITORY, "'" + dir
                    + "' is not inside a git working tree; run 'git init' and commit, or point source.git at a"
                    + " repository");
        }
        try (Repository repo = builder.setMustExist(true).build(); Git git = new Git(repo)) {
            ObjectId head = repo.resolve(Constants.HEAD);
            if (head == null) {
                throw new CheckoutException(CheckoutException.Reason.UNKNOWN_REF, "the working tree '" + dir
                        + "' has no commit yet; commit once, then run again");
            }
            boolean dirty = !git.status().call().isClean();
            String branch = repo.getFullBranch() != null && repo.getFullBranch().startsWith(Constants.R_HEADS)
                    ? Repository.shortenRefName(repo.getFullBranch()) : "";
            List<String> tagsAtHead = tagsAt(repo, head);
            String wanted = request.ref().startsWith(Constants.R_TAGS) ? Repository.shortenRefName(request.ref())
                    : request.ref();
            String tag = tagsAtHead.contains(wanted) ? wanted : SemVer.preferredTag(tagsAtHead);
            if (!request.ref().isEmpty() && !matchesLocal(request.ref(), branch, tag, head)) {
                listener.step("ref '" + request.ref() + "' ignored: the local working tree " + dir
                        + " is used as is at " + (branch.isEmpty() ? head.abbreviate(7).name() : branch));
            }
            if (dirty) {
                listener.step("working tree " + dir + " has uncommitted changes: the image is labelled dirty");
            }
            RevCommit commit = parse(repo, head);
            // the directory as named (a sub-folder of a monorepo stays that sub-folder), not the work tree root
            return revision(dir, request.source(), commit, branch, tag, dirty);
        } catch (IOException e) {
            throw new CheckoutException(CheckoutException.Reason.IO, "cannot read the git repository at " + dir
                    + ": " + e.getMessage(), e);
        } catch (GitAPIException e) {
            throw new CheckoutException(CheckoutException.Reason.IO, "cannot read the status of " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean matchesLocal(String ref, String branch, String tag, ObjectId head) {
        String shortRef = Repository.shortenRefName(ref);
        return shortRef.equals(branch) || shortRef.equals(tag)
                || (HEX_SHA.matcher(ref).matches() && head.name().startsWith(ref.toLowerCase(Locale.ROOT)));
    }

    // ---------------------------------------------------------------- remote clone

    private SourceRevision cloneRemote(CheckoutRequest request) throws CheckoutException {
        String url = request.source();
        String shown = Redaction.url(url);
        Path dir = request.directory();
        if (dir == null) {
            throw new CheckoutException(CheckoutException.Reason.INVALID_REQUEST, "cloning " + shown
                    + " needs a target directory; set CheckoutRequest.directory");
        }
        ensureEmpty(dir, shown);
        Secrets secrets = new Secrets(request.credentials());

        listener.step("listing refs of " + shown);
        Map<String, Ref> remoteRefs;
        try {
            remoteRefs = configure(Git.lsRemoteRepository().setRemote(url), request).callAsMap();
        } catch (GitAPIException | RuntimeException e) {
            throw translate(e, shown, request, secrets);
        }
        Target target = resolve(request.ref(), remoteRefs, shown);

        CloneCommand clone = configure(Git.cloneRepository().setURI(url).setDirectory(dir.toFile()), request)
                .setProgressMonitor(new Progress(listener))
                .setCloneSubmodules(request.submodules());
        int depth = request.depth();
        if (target.refName != null) {
            clone.setBranch(target.refName);
        } else if (depth > 0) {
            listener.step("depth " + depth + " ignored: commit " + request.ref()
                    + " is not the tip of a branch or tag, so the full history is fetched");
            depth = 0;
        }
        if (depth > 0) {
            clone.setDepth(depth);
        }
        listener.step("cloning " + shown + describe(request, target, depth));
        try (Git git = clone.call()) {
            Repository repo = git.getRepository();
            ObjectId head;
            if (target.refName == null) {
                ObjectId wanted = repo.resolve(request.ref() + "^{commit}");
                if (wanted == null) {
                    throw unknownRef(request.ref(), remoteRefs, shown,
                            "no commit starts with '" + request.ref() + "'");
                }
                git.checkout().setName(wanted.name()).call();
                if (request.submodules()) {
                    git.submoduleInit().call();
                    configure(git.submoduleUpdate(), request).setProgressMonitor(new Progress(listener)).call();
                }
                head = wanted;
            } else {
                head = repo.resolve(Constants.HEAD);
            }
            RevCommit commit = parse(repo, head);
            String branch = target.refName != null && target.refName.startsWith(Constants.R_HEADS)
                    ? Repository.shortenRefName(target.refName) : "";
            String tag = target.refName != null && target.refName.startsWith(Constants.R_TAGS)
                    ? Repository.shortenRefName(target.refName) : remoteTagAt(remoteRefs, head);
            listener.step("checked out " + commit.name().substring(0, 7) + " from " + shown);
            return revision(dir.toAbsolutePath(), shown, commit, branch, tag, false);
        } catch (CheckoutException e) {
            throw e;
        } catch (GitAPIException | RuntimeException e) {
            throw translate(e, shown, request, secrets);
        } catch (IOException e) {
            throw new CheckoutException(CheckoutException.Reason.IO, "cannot write the clone of " + shown + " to "
                    + dir + ": " + secrets.scrub(e.getMessage()));
        }
    }

    private static String describe(CheckoutRequest request, Target target, int depth) {
        StringBuilder sb = new StringBuilder(" (");
        sb.append(target.refName != null ? target.refName : "commit " + request.ref());
        if (depth > 0) {
            sb.append(", depth ").append(depth);
        }
        if (request.submodules()) {
            sb.append(", with submodules");
        }
        return sb.append(')').toString();
    }

    private static void ensureEmpty(Path dir, String shown) throws CheckoutException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new CheckoutException(CheckoutException.Reason.INVALID_REQUEST, "cannot clone " + shown
                    + " into " + dir + ": it is a file; choose an empty or new directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new CheckoutException(CheckoutException.Reason.INVALID_REQUEST, "cannot clone " + shown
                        + " into " + dir + ": the directory is not empty; choose an empty or new directory");
            }
        } catch (IOException e) {
            throw new CheckoutException(CheckoutException.Reason.IO, "cannot list " + dir + ": " + e.getMessage());
        }
    }

    /** A resolved target: a full ref name, or null for a commit id. */
    private record Target(String refName) { }

    private Target resolve(String ref, Map<String, Ref> remoteRefs, String shown) throws CheckoutException {
        if (ref.isEmpty()) {
            Ref head = remoteRefs.get(Constants.HEAD);
            if (head != null && head.isSymbolic()) {
                return new Target(head.getTarget().getName());
            }
            if (head != null) {
                for (Ref r : remoteRefs.values()) {
                    if (r.getName().startsWith(Constants.R_HEADS) && head.getObjectId() != null
                            && head.getObjectId().equals(r.getObjectId())) {
                        return new Target(r.getName());
                    }
                }
            }
            if (remoteRefs.isEmpty()) {
                throw new CheckoutException(CheckoutException.Reason.UNKNOWN_REF, "the repository " + shown
                        + " is empty (no branches); push a commit first");
            }
            throw new CheckoutException(CheckoutException.Reason.UNKNOWN_REF, "the repository " + shown
                    + " has no default branch; set source.ref to one of " + closest("", remoteRefs));
        }
        for (String candidate : List.of(ref, Constants.R_HEADS + ref, Constants.R_TAGS + ref)) {
            if (candidate.startsWith(Constants.R_REFS) && remoteRefs.containsKey(candidate)) {
                return new Target(candidate);
            }
        }
        if (HEX_SHA.matcher(ref).matches()) {
            String lower = ref.toLowerCase(Locale.ROOT);
            for (Ref r : remoteRefs.values()) {
                ObjectId id = r.getObjectId();
                if (id != null && id.name().startsWith(lower) && r.getName().startsWith(Constants.R_HEADS)) {
                    listener.step("commit " + ref + " is the tip of " + r.getName());
                }
            }
            return new Target(null);
        }
        throw unknownRef(ref, remoteRefs, shown, "no branch or tag named '" + ref + "'");
    }

    private static CheckoutException unknownRef(String ref, Map<String, Ref> remoteRefs, String shown,
                                                String what) {
        return new CheckoutException(CheckoutException.Reason.UNKNOWN_REF, shown + ": " + what
                + "; closest refs: " + closest(ref, remoteRefs) + ". Fix source.ref (a branch, a tag or a commit id)");
    }

    /** Up to five branch/tag names closest to {@code ref} by edit distance. */
    static String closest(String ref, Map<String, Ref> remoteRefs) {
        TreeSet<String> names = new TreeSet<>();
        for (String name : remoteRefs.keySet()) {
            if (name.startsWith(Constants.R_HEADS) || name.startsWith(Constants.R_TAGS)) {
                String shortName = Repository.shortenRefName(name);
                names.add(shortName.endsWith("^{}") ? shortName.substring(0, shortName.length() - 3) : shortName);
            }
        }
        if (names.isEmpty()) {
            return "(none: the repository has no branches or tags)";
        }
        String wanted = Repository.shortenRefName(ref).toLowerCase(Locale.ROOT);
        return names.stream()
                .sorted(Comparator.comparingInt((String n) -> distance(wanted, n.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(5)
                .collect(Collectors.joining(", "));
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String remoteTagAt(Map<String, Ref> remoteRefs, ObjectId head) {
        TreeSet<String> tags = new TreeSet<>();
        for (Ref r : remoteRefs.values()) {
            if (!r.getName().startsWith(Constants.R_TAGS)) {
                continue;
            }
            ObjectId id = r.getPeeledObjectId() != null ? r.getPeeledObjectId() : r.getObjectId();
            if (head.equals(id)) {
                String name = Repository.shortenRefName(r.getName());
                tags.add(name.endsWith("^{}") ? name.substring(0, name.length() - 3) : name);
            }
        }
        return SemVer.preferredTag(tags);
    }

    private static List<String> tagsAt(Repository repo, ObjectId head) throws IOException {
        List<String> tags = new ArrayList<>();
        for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
            Ref peeled = repo.getRefDatabase().peel(r);
            ObjectId id = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : peeled.getObjectId();
            if (head.equals(id)) {
                tags.add(Repository.shortenRefName(r.getName()));
            }
        }
        tags.sort(Comparator.naturalOrder());
        return tags;
    }

    private static RevCommit parse(Repository repo, ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(id);
        }
    }

    private static SourceRevision revision(Path dir, String source, RevCommit commit, String branch, String tag,
                                           boolean dirty) {
        PersonIdent author = commit.getAuthorIdent();
        Instant time = commit.getCommitterIdent().getWhenAsInstant();
        return new SourceRevision(dir, Redaction.url(source), commit.name(), branch, tag, author.getName(),
                author.getEmailAddress(), time, dirty);
    }

    // ---------------------------------------------------------------- transport set-up

    private <C extends TransportCommand<C, ?>> C configure(C command, CheckoutRequest request) {
        command.setTimeout((int) Math.max(1, request.timeout().toSeconds()));
        GitCredentials credentials = request.credentials();
        if (credentials instanceof GitCredentials.Token token) {
            command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(token.username(), token.token()));
        } else if (credentials instanceof GitCredentials.SshKey key) {
            SshdSessionFactory factory = sshFactory(key);
            command.setTransportConfigCallback(transport -> {
                if (transport instanceof SshTransport ssh) {
                    ssh.setSshSessionFactory(factory);
                }
            });
        }
        return command;
    }

    private static SshdSessionFactory sshFactory(GitCredentials.SshKey key) {
        // An isolated ssh "home": the user's ~/.ssh/config and keys never leak into a pipeline's checkout.
        File home;
        try {
            home = Files.createTempDirectory("uniform-ssh").toFile();
            home.deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        File sshDir = new File(home, ".ssh");
        SshdSessionFactoryBuilder builder = new SshdSessionFactoryBuilder();
        if (key.passphrase() != null) {
            builder.setKeyPasswordProvider(ignored -> new FixedPassphrase(key.passphrase()));
        }
        return builder
                .setHomeDirectory(home)
                .setSshDirectory(sshDir)
                .setPreferredAuthentications("publickey")
                .setDefaultIdentities(d -> List.of(key.privateKey()))
                .setDefaultKnownHostsFiles(d -> List.of(key.knownHosts()))
                .setConfigFile(d -> new File(sshDir, "config-unused"))
                .build(null);
    }

    /** The passphrase of the one key, offered once: a wrong passphrase fails instead of being retried. */
    private static final class FixedPassphrase implements KeyPasswordProvider {
        private final String passphrase;

        FixedPassphrase(String passphrase) {
            this.passphrase = passphrase;
        }

        @Override
        public char[] getPassphrase(URIish uri, int attempt) {
            return attempt == 0 ? passphrase.toCharArray() : null;
        }

        @Override
        public void setAttempts(int attempts) {
            // one attempt: the passphrase is fixed
        }

        @Override
        public boolean keyLoaded(URIish uri, int attempt, Exception error) {
            return false; // never ask again
        }
    }

    // ---------------------------------------------------------------- errors

    private static CheckoutException translate(Exception e, String shown, CheckoutRequest request,
                                               Secrets secrets) {
        String refPart = request.ref().isEmpty() ? "" : " (ref " + request.ref() + ")";
        Throwable root = e;
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            root = t;
            if (t.getMessage() != null) {
                chain.append(' ').append(t.getMessage().toLowerCase(Locale.ROOT));
            }
            if (t instanceof UnknownHostException || t instanceof ConnectException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
                return new CheckoutException(CheckoutException.Reason.UNREACHABLE, "cannot reach " + shown
                        + refPart + ": " + t.getClass().getSimpleName() + " " + secrets.scrub(t.getMessage())
                        + ". Check the host name and port in source.git and that the server is up and reachable");
            }
        }
        String text = chain.toString();
        if (text.contains("server key did not validate") || text.contains("host key")) {
            String where = request.credentials() instanceof GitCredentials.SshKey k ? k.knownHosts().toString()
                    : "the known_hosts file";
            return new CheckoutException(CheckoutException.Reason.AUTHENTICATION, "the ssh host key of " + shown
                    + " is not listed in " + where + ": add the server's key to that known_hosts file"
                    + " (for example from ssh-keyscan, checked against the server's fingerprint)");
        }
        if (text.contains("not authorized") || text.contains("authentication") || text.contains("auth fail")
                || text.contains("permission denied") || text.contains("no more authentication methods")
                || text.contains("401") || text.contains("403")) {
            String fix;
            if (request.credentials() instanceof GitCredentials.Token) {
                fix = "the token was refused: check it is valid, not expired, and can read this repository ("
                        + TokenCredentialsProvider.TOKEN_ENV + " or " + TokenCredentialsProvider.FILE_ENV + ")";
            } else if (request.credentials() instanceof GitCredentials.SshKey k) {
                fix = "the ssh key " + k.privateKey() + " was refused or the host key is not in " + k.knownHosts()
                        + ": add the public key to the repository's deploy keys and the server key to known_hosts";
            } else {
                fix = "the server needs credentials: set " + TokenCredentialsProvider.TOKEN_ENV
                        + " for https, or use an ssh key";
            }
            return new CheckoutException(CheckoutException.Reason.AUTHENTICATION, "authentication to " + shown
                    + refPart + " failed: " + fix);
        }
        if (hasCause(e, NoRemoteRepositoryException.class) || text.contains("repository not found")
                || text.contains("not found") || text.contains("does not appear to be a git repository")
                || text.contains("repository not exported")) {
            return new CheckoutException(CheckoutException.Reason.REPOSITORY_NOT_FOUND, "no git repository at "
                    + shown + refPart + ": check the path in source.git (and that the credentials may see it)");
        }
        String detail = root.getMessage() == null ? root.getClass().getSimpleName() : secrets.scrub(root.getMessage());
        return new CheckoutException(CheckoutException.Reason.UNREACHABLE, "checkout of " + shown + refPart
                + " failed: " + Redaction.url(detail) + ". Check source.git and the network");
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Scrubs the request's secret (if any) from text. */
    private record Secrets(String secret) {
        Secrets(GitCredentials credentials) {
            this(credentials instanceof GitCredentials.Token t ? t.token() : "");
        }

        String scrub(String text) {
            return Redaction.scrub(text == null ? "" : text, secret);
        }
    }

    /** Forwards JGit progress to the listener, at most once per percent. */
    private static final class Progress implements ProgressMonitor {
        private final CheckoutListener listener;
        private String task = "";
        private int total;
        private int done;
        private int lastPercent = -1;

        Progress(CheckoutListener listener) {
            this.listener = listener;
        }

        @Override
        public void start(int totalTasks) { }

        @Override
        public void beginTask(String title, int totalWork) {
            task = title;
            total = totalWork == UNKNOWN ? 0 : totalWork;
            done = 0;
            lastPercent = -1;
            listener.progress(task, 0, total);
        }

        @Override
        public void update(int completed) {
            done += completed;
            int percent = total > 0 ? (int) (100L * done / total) : -1;
            if (total > 0 && percent != lastPercent) {
                lastPercent = percent;
                listener.progress(task, done, total);
            }
        }

        @Override
        public void endTask() {
            listener.progress(task, total > 0 ? total : done, total);
        }

        @Override
        public boolean isCancelled() {
            return Thread.currentThread().isInterrupted();
        }

        @Override
        public void showDuration(boolean enabled) { }
    }

}
