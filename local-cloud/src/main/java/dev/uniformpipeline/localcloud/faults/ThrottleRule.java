package dev.uniformpipeline.localcloud.faults;

/** A throttling group: the actions in it share one token bucket per account and region. */
public record ThrottleRule(String group, int burst, double perSecond) {
    public ThrottleRule {
        if (burst < 0 || !(perSecond >= 0)) {
            throw new IllegalArgumentException("burst and perSecond must not be negative: " + burst + "/" + perSecond);
        }
    }
}
