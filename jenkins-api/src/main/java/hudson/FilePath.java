package hudson;

import hudson.remoting.VirtualChannel;
import org.jenkinsci.remoting.RoleSensitive;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

/**
 * Declaration of {@code hudson.FilePath}. Offline, every FilePath is local: {@link #act} runs the callable in the
 * calling thread, after a serialization round trip of the callable (as remoting would do for an agent).
 */
public final class FilePath implements SerializableOnlyOverRemoting {
    private static final long serialVersionUID = 1L;
    private final String remote;

    public FilePath(File localPath) {
        this.remote = localPath.getPath();
    }

    public FilePath(VirtualChannel channel, String remote) {
        this.remote = remote;
    }

    public FilePath(FilePath base, String rel) {
        this.remote = new File(base.remote, rel).getPath();
    }

    public String getRemote() {
        return remote;
    }

    public String getName() {
        return new File(remote).getName();
    }

    public FilePath child(String relOrAbsolute) {
        return new FilePath(this, relOrAbsolute);
    }

    public boolean isRemote() {
        return false;
    }

    public VirtualChannel getChannel() {
        return LocalChannel.INSTANCE;
    }

    public boolean exists() throws IOException, InterruptedException {
        return new File(remote).exists();
    }

    public String readToString() throws IOException, InterruptedException {
        return Files.readString(new File(remote).toPath());
    }

    public void write(String content, String encoding) throws IOException, InterruptedException {
        File f = new File(remote);
        if (f.getParentFile() != null) {
            Files.createDirectories(f.getParentFile().toPath());
        }
        Files.writeString(f.toPath(), content, encoding == null ? Charset.defaultCharset() : Charset.forName(encoding));
    }

    public void copyTo(FilePath target) throws IOException, InterruptedException {
        File t = new File(target.remote);
        if (t.getParentFile() != null) {
            Files.createDirectories(t.getParentFile().toPath());
        }
        Files.copy(new File(remote).toPath(), t.toPath(), StandardCopyOption.REPLACE_EXISTING);
    }

    public <T> T act(FileCallable<T> callable) throws IOException, InterruptedException {
        @SuppressWarnings("unchecked")
        FileCallable<T> shipped = (FileCallable<T>) Shipping.roundTrip(callable);
        return shipped.invoke(new File(remote), LocalChannel.INSTANCE);
    }

    @Override
    public String toString() {
        return remote;
    }

    /** Declaration of {@code hudson.FilePath.FileCallable}. */
    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }

    /** Offline stand-in for the agent channel. Not part of the Jenkins API. */
    private enum LocalChannel implements VirtualChannel {
        INSTANCE
    }
}
