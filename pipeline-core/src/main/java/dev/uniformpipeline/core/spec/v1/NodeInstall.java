package dev.uniformpipeline.core.spec.v1;

/** How the node builder installs dependencies. */
public enum NodeInstall implements YamlEnum {
    /** {@code npm ci} when a lock file (package-lock.json / npm-shrinkwrap.json) exists, else {@code npm install}. */
    AUTO("auto"),
    /** Always {@code npm ci}: the lock file must exist and match package.json. */
    CI("ci"),
    /** Always {@code npm install} (the lock file, if any, is read but not enforced). */
    INSTALL("install");

    private final String yaml;

    NodeInstall(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
