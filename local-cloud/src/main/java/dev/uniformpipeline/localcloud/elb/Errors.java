package dev.uniformpipeline.localcloud.elb;

import dev.uniformpipeline.localcloud.spi.AwsException;
import java.util.Collection;

/** ELBv2 error codes (awsQuery: no {@code Exception} suffix, all 400/Sender). */
final class Errors {
    private Errors() {
    }

    static AwsException validation(String message) {
        return AwsException.client("ValidationError", message);
    }

    static AwsException constraint(Object value, String member, String constraint) {
        return validation("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }

    static void range(long n, String member, long min, long max) throws AwsException {
        if (n < min) {
            throw constraint(n, member, "Member must have value greater than or equal to " + min);
        }
        if (n > max) {
            throw constraint(n, member, "Member must have value less than or equal to " + max);
        }
    }

    static void oneOf(String value, String member, Collection<String> allowed) throws AwsException {
        if (value != null && !allowed.contains(value)) {
            throw constraint(value, member, "Member must satisfy enum value set: " + allowed);
        }
    }

    static AwsException config(String message) {
        return AwsException.client("InvalidConfigurationRequest", message);
    }

    static AwsException loadBalancerNotFound(String what) {
        return AwsException.client("LoadBalancerNotFound", "One or more load balancers not found" + suffix(what));
    }

    static AwsException targetGroupNotFound(String what) {
        return AwsException.client("TargetGroupNotFound", "One or more target groups not found" + suffix(what));
    }

    static AwsException listenerNotFound(String what) {
        return AwsException.client("ListenerNotFound", "One or more listeners not found" + suffix(what));
    }

    static AwsException ruleNotFound(String what) {
        return AwsException.client("RuleNotFound", "One or more rules not found" + suffix(what));
    }

    private static String suffix(String what) {
        return what == null ? "" : ": " + what;
    }
}
