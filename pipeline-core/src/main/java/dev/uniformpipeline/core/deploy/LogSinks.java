package dev.uniformpipeline.core.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.uniformpipeline.core.deploy.ServiceIntent.Logging;

/** Log sink settings every platform writes the same way. */
public final class LogSinks {
    private LogSinks() {
    }

    /**
     * The Fluent Bit output options for the application's logs: CloudWatch ({@code cloudwatch_logs}) with the
     * same group, region and stream prefix as awslogs unless the intent names another output plugin in
     * {@code options.Name}. ECS writes them as the awsfirelens options; EKS as the
     * {@code uniform.dev/log-options} annotation read by the cluster's Fluent Bit.
     */
    public static Map<String, String> fluentBitOutput(RenderInput in) {
        Logging l = in.service().logging();
        Map<String, String> o = new LinkedHashMap<>();
        if (SharedAwsRendering.logsToCloudWatch(l)) {
            o.put("Name", "cloudwatch_logs");
            o.put("region", in.logRegion());
            o.put("log_group_name", l.group());
            o.put("log_stream_prefix", in.logStreamPrefix() + "/");
            o.put("auto_create_group", Boolean.toString(l.createGroup()));
        }
        l.options().forEach(o::putIfAbsent);
        return o;
    }
}
