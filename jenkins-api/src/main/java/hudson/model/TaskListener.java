package hudson.model;

import java.io.PrintStream;
import java.io.Serializable;

/**
 * Declaration of {@code hudson.model.TaskListener} (in 2.479 it extends SerializableOnlyOverRemoting, itself a
 * Serializable; here Serializable directly).
 */
public interface TaskListener extends Serializable {
    PrintStream getLogger();

    default PrintStream error(String msg) {
        PrintStream out = getLogger();
        out.print("ERROR: ");
        out.println(msg);
        return out;
    }
}
