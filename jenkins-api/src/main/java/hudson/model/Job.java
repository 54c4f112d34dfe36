package hudson.model;

/** Declaration of {@code hudson.model.Job} (the plugin only needs it as Run's type bound). */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> {
    protected Job() {
    }
}
