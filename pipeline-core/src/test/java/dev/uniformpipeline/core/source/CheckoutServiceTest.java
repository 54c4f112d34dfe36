package dev.uniformpipeline.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckoutServiceTest {
    @TempDir
    Path tmp;

    private final List<String> steps = Collections.synchronizedList(new ArrayList<>());
    private final CheckoutService service = new CheckoutService(new CheckoutListener() {
        @Override
        public void step(String message) {
            steps.add(message);
        }
    });

    @Test
    void localCleanTreeIsUsedAsIsWithBranchTagAuthorAndTime() throws Exception {
        try (TestRepos.Repo repo = TestRepos.create(tmp.resolve("src"))) {
            SourceRevision rev = service.checkout(CheckoutRequest.builder(repo.dir.toString()).build());
            assertEquals(repo.c3.name(), rev.sha());
            assertEquals(repo.c3.name().substring(0, 7), rev.shortSha());
            assertEquals("main", rev.branch());
            assertEquals("v1.1", rev.tag());
            assertEquals("Ada Lovelace", rev.author());
            assertEquals(TestRepos.T0.plusSeconds(120), rev.commitTime());
            assertFalse(rev.dirty());
            assertEquals(repo.dir.toRealPath(), rev.directory().toRealPath());
            assertEquals(repo.c3.name(), rev.ociLabels().get("org.opencontainers.image.revision"));
            assertFalse(rev.ociLabels().containsKey(SourceRevision.DIRTY_LABEL));
            assertEquals("main", rev.variables().get("git.branch"));
        }
    }

    @Test
    void localDirtyTreeIsFlaggedAndLabelled() throws Exception {
        try (TestRepos.Repo repo = TestRepos.create(tmp.resolve("src"))) {
            Files.writeString(repo.dir.resolve("README.md"), "edited but not committed\n");
            SourceRevision rev = service.checkout(CheckoutRequest.builder(repo.dir.toString()).ref("main").build());
            assertTrue(rev.dirty());
            assertEquals("true", rev.ociLabels().get(SourceRevision.DIRTY_LABEL));
            assertEquals(repo.c3.name() + "-dirty", rev.ociLabels().get("org.opencontainers.image.revision"));
            assertEquals("true", rev.variables().get("git.dirty"));
            // used as is: the edit is still there
            assertEquals("edited but not committed\n", Files.readString(repo.dir.resolve("README.md")));
        }
    }

    @Test
    void localTreeIgnoresADifferentRefWithAnEvent() throws Exception {
        try (TestRepos.Repo repo = TestRepos.create(tmp.resolve("src"))) {
            SourceRevision rev = service.checkout(CheckoutRequest.builder(repo.dir.toString()).ref("release-2").build());
            assertEquals(repo.c3.name(), rev.sha());
            assertTrue(steps.stream().anyMatch(s -> s.contains("ref 'release-2' ignored")), steps.toString());
        }
    }

    @Test
    void subFolderOfALocalRepositoryStaysTheSourceDirectory() throws Exception {
        try (TestRepos.Repo repo = TestRepos.create(tmp.resolve("mono"))) {
            Files.createDirectories(repo.dir.resolve("services/api"));
            Files.writeString(repo.dir.resolve("services/api/app.txt"), "api\n");
            repo.commit("services/api/app.txt", "api\n", "api", 300);
            SourceRevision rev = service.checkout(CheckoutRequest.builder(repo.dir.resolve("services/api").toString())
                    .build());
            assertEquals(repo.dir.resolve("services/api").toRealPath(), rev.directory().toRealPath());
            assertFalse(rev.dirty());
        }
    }

    @Test
    void directoryThatIsNotARepositoryIsRejectedWithTheFix() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        CheckoutException e = assertThrows(CheckoutException.class,
                () -> service.checkout(CheckoutRequest.builder(plain.toString()).build()));
        assertEquals(CheckoutException.Reason.NOT_A_REPOSITORY, e.reason());
        assertTrue(e.getMessage().contains("git init"), e.getMessage());
    }

    @Test
    void fileUrlClonesTheDefaultBranch() throws Exception {
        try (TestRepos.Repo repo = TestRepos.create(tmp.resolve("src"))) {
            SourceRevision rev = service.checkout(CheckoutRequest.builder(repo.fileUrl())
                    .directory(tmp.resolve("out")).build());
            assertEquals(repo.c3.name(), rev.sha());
            assertEquals("main", rev.branch());
            assertEquals("v1.1", rev.tag());
            assertEquals("three\n", Files.readString(tmp.resolve("out/app.txt")));
            assertEquals(repo.fileUrl(), rev.ociLabels().get("org.opencontainers.image.source"));
        }
    }

    @Test
    void fileUrlClonesABranchByShortName() throws Exception {
        try (TestRepos.Repo repo = TestRepos.create(tmp.resolve("src"))) {
            SourceRevision rev = service.checkout(CheckoutRequest.builder(repo.fileUrl()).ref("feature/login")
                    .directory(tmp.resolve("out")).build());
            assertEquals(repo.c2.name(), rev.sha());
            assertEquals("feature/login", rev.branch());
            assertFalse(Files.exists(tmp.resolve("out/app.txt")));
        }
    }

    @Test
    void annotatedTagChecksOutTheTaggedCommitDetached() throws Exception {
        try (TestRepos.Repo repo = TestRepos.create(tmp.resolve("src"))) {
            SourceRevision rev = service.checkout(CheckoutRequest.builder(repo.fileUrl()).ref("v1.0")
                    .directory(tmp.resolve("out")).build());
            assertEquals(repo.c2.name(), rev.sha());
            assertEquals("v1.0", rev.tag());
            assertEquals("", rev.branch());
            assertEquals("v1.0", rev.ociLabels().get("org.opencontainers.image.ref.name"));
        }
    }

    @Test
    void commitIdChecksOutThatCommit() throws Exception {
        try (TestRepos.Repo repo = TestRepos.create(tmp.resolve("src"))) {
            SourceRevision rev = service.checkout(CheckoutRequest.builder(repo.fileUrl())
                    .ref(repo.c1.name().substring(0, 10)).directory(tmp.resolve("out")).build());
            assertEquals(repo.c1.name(), rev.sha());
            assertEquals("one\n", Files.readString(tmp.resolve("out/README.md")));
        }
    }

    @Test
    void depthOneFetchesOnlyTheTipCommit() throws Exception {
        try (TestRepos.Repo repo = TestRepos.create(tmp.resolve("src"))) {
            service.checkout(CheckoutRequest.builder(repo.fileUrl()).ref("main").depth(1)
                    .directory(tmp.resolve("shallow")).build());
            service.checkout(CheckoutRequest.builder(repo.fileUrl()).ref("main")
                    .directory(tmp.resolve("full")).build());
            assertEquals(1, countCommits(tmp.resolve("shallow")));
            assertEquals(3, countCommits(tmp.resolve("full")));
        }
    }

    private static int countCommits(Path dir) throws Exception {
        try (Git git = Git.open(dir.toFile())) {
            int n = 0;
            for (RevCommit ignored : git.log().call()) {
                n++;
            }
            return n;
        }
    }

    @Test
    void submodulesAreCheckedOutWhenAsked() throws Exception {
        try (TestRepos.Repo lib = TestRepos.create(tmp.resolve("lib"));
             TestRepos.Repo app = TestRepos.create(tmp.resolve("app"))) {
            app.git.submoduleAdd().setURI(lib.fileUrl()).setPath("vendor/lib").call().close();
            app.git.commit().setMessage("add lib").setAuthor(TestRepos.ident(500))
                    .setCommitter(TestRepos.ident(500)).setSign(false).call();
            service.checkout(CheckoutRequest.builder(app.fileUrl()).submodules(true)
                    .directory(tmp.resolve("with")).build());
            service.checkout(CheckoutRequest.builder(app.fileUrl()).directory(tmp.resolve("without")).build());
            assertEquals("three\n", Files.readString(tmp.resolve("with/vendor/lib/app.txt")));
            assertFalse(Files.exists(tmp.resolve("without/vendor/lib/app.txt")));
        }
    }

    @Test
    void unknownRefNamesTheUrlAndListsCloseRefs() throws Exception {
        try (TestRepos.Repo repo = TestRepos.create(tmp.resolve("src"))) {
            CheckoutException e = assertThrows(CheckoutException.class, () -> service.checkout(
                    CheckoutRequest.builder(repo.fileUrl()).ref("relaese").directory(tmp.resolve("out")).build()));
            assertEquals(CheckoutException.Reason.UNKNOWN_REF, e.reason());
            assertTrue(e.getMessage().contains("'relaese'"), e.getMessage());
            assertTrue(e.getMessage().contains("closest refs: release"), e.getMessage());
            assertTrue(e.getMessage().contains(repo.fileUrl()), e.getMessage());
        }
    }

    @Test
    void unknownCommitIdIsAnUnknownRef() throws Exception {
        try (TestRepos.Repo repo = TestRepos.create(tmp.resolve("src"))) {
            CheckoutException e = assertThrows(CheckoutException.class, () -> service.checkout(
                    CheckoutRequest.builder(repo.fileUrl()).ref("deadbeef12").directory(tmp.resolve("out")).build()));
            assertEquals(CheckoutException.Reason.UNKNOWN_REF, e.reason());
            assertTrue(e.getMessage().contains("deadbeef12"), e.getMessage());
        }
    }

    @Test
    void nonEmptyTargetDirectoryIsRejected() throws Exception {
        try (TestRepos.Repo repo = TestRepos.create(tmp.resolve("src"))) {
            Path out = Files.createDirectories(tmp.resolve("out"));
            Files.writeString(out.resolve("junk"), "x");
            CheckoutException e = assertThrows(CheckoutException.class, () -> service.checkout(
                    CheckoutRequest.builder(repo.fileUrl()).directory(out).build()));
            assertEquals(CheckoutException.Reason.INVALID_REQUEST, e.reason());
            assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        }
    }

    @Test
    void closedPortIsUnreachableWithTheUrlInTheMessage() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "git://127.0.0.1:" + port + "/repo.git";
        CheckoutException e = assertThrows(CheckoutException.class, () -> service.checkout(
                CheckoutRequest.builder(url).directory(tmp.resolve("out")).build()));
        assertEquals(CheckoutException.Reason.UNREACHABLE, e.reason());
        assertTrue(e.getMessage().contains(url), e.getMessage());
    }

    @Test
    void missingRepositoryIsReportedAsNotFound() {
        String url = tmp.resolve("nope").toUri().toString();
        CheckoutException e = assertThrows(CheckoutException.class, () -> service.checkout(
                CheckoutRequest.builder(url).directory(tmp.resolve("out")).build()));
        assertEquals(CheckoutException.Reason.REPOSITORY_NOT_FOUND, e.reason(), e.getMessage());
    }

    @Test
    void editDistanceCountsSwapsAsTwoEdits() {
        assertEquals(2, CheckoutService.distance("relaese", "release"));
        assertEquals(0, CheckoutService.distance("main", "main"));
        assertEquals(4, CheckoutService.distance("", "main"));
    }
}
