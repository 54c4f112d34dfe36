package hudson.model;

import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Declaration of {@code hudson.model.TaskListener}: {@code getLogger()} and {@code error(String)}, which returns a
 * {@link PrintWriter} for the error's details (as in Jenkins). {@code annotate}, {@code hyperlink},
 * {@code fatalError} and {@code getCharset} are not declared.
 */
public interface TaskListener extends SerializableOnlyOverRemoting {
    PrintStream getLogger();

    default PrintWriter error(String msg) {
        PrintStream out = getLogger();
        out.print("ERROR: ");
        out.println(msg);
        return new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    }
}
