package hudson;

import java.util.Map;
import java.util.TreeMap;

/** Declaration of {@code hudson.EnvVars} (a case-insensitive-on-Windows TreeMap; here plain). */
public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 1L;

    public EnvVars() {
    }

    public EnvVars(Map<String, String> m) {
        super(m);
    }

    public EnvVars(String... keyValuePairs) {
        for (int i = 0; i + 1 < keyValuePairs.length; i += 2) {
            put(keyValuePairs[i], keyValuePairs[i + 1]);
        }
    }
}
