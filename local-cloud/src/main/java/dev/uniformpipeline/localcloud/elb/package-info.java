/**
 * Elastic Load Balancing v2 for local-cloud: application and network load balancers that behave like AWS's,
 * for tests and {@code pipeline run --local}.
 *
 * <p><b>Control plane.</b> {@link dev.uniformpipeline.localcloud.elb.ElbService} speaks awsQuery (API
 * 2015-12-01): load balancers, target groups and their attributes, targets and their health, listeners,
 * rules and tags, with ELBv2's error codes (no {@code Exception} suffix, 400/Sender).
 *
 * <p><b>Health.</b> Every registered target of a target group that a listener or rule forwards to gets real
 * health checks (HTTP GET with the group's path and matcher, or a TCP connect) on the group's interval in
 * cloud time. A new target reads {@code initial} ({@code Elb.RegistrationInProgress} for the registration
 * time, default 10 cloud seconds, then {@code Elb.InitialHealthChecking}), becomes {@code healthy} after
 * one passing check and {@code unhealthy} after UnhealthyThresholdCount failures ({@code
 * Target.ResponseCodeMismatch} "Health checks failed with these codes: [503]", {@code Target.Timeout}
 * "Request timed out", {@code Target.FailedHealthChecks} for a refused or reset connection); an unhealthy
 * target recovers after HealthyThresholdCount passes. A group no listener uses shows {@code unused}/{@code
 * Target.NotInUse} and is not checked. DeregisterTargets makes a target {@code draining} ({@code
 * Target.DeregistrationInProgress}) for the whole {@code deregistration_delay.timeout_seconds} (default 300
 * cloud seconds); it then disappears and reads {@code unused}/{@code Target.NotRegistered} when asked for
 * by id. A check's wall-clock timeout is the scaled timeout but never less than the builder's {@code
 * minimumCheckTimeout} (default 1 s), because a real target answers in real time.
 *
 * <p><b>Data plane: how to reach a load balancer.</b> Each load balancer binds one real port on {@code
 * 127.0.0.1} (ephemeral) when it is created, and its {@code DNSName} is literally {@code 127.0.0.1:<port>}.
 * So {@code "http://" + DNSName + "/path"} (what a client of a real ALB with an HTTP listener on port 80
 * does) reaches it without special code; in-process callers may also use {@link
 * dev.uniformpipeline.localcloud.elb.ElbService#endpoint(String)}. The port serves the load balancer's HTTP
 * listener with the lowest {@code Port} (an NLB's port relays TCP for its lowest-port listener); the
 * listener's own {@code Port} is bookkeeping. An application load balancer's port is an HTTP/1.1 reverse
 * proxy (keep-alive both ways, pooled connections to targets, the client's Host header passed through,
 * X-Forwarded-For/Proto/Port and X-Amzn-Trace-Id added): rules by priority (lowest first, default last;
 * path-pattern, host-header, http-header, http-request-method, query-string, source-ip), forward weights by
 * smooth weighted round robin (exact proportions), then round robin (or least outstanding requests) over
 * the group's healthy targets; if none is healthy it fails open to all registered targets that are not
 * draining; draining targets get no new requests. No target gives 503, a refused or broken target
 * connection 502, a target slower than the idle timeout 504, with ALB's {@code awselb/2.0} error pages.
 * fixed-response and redirect actions answer directly. Target-group stickiness of type {@code lb_cookie}
 * pins a client to its target with {@code AWSALB}/{@code AWSALBCORS} cookies (expiring on the cloud clock)
 * while that target is healthy and not draining. The port answers while the load balancer is still {@code
 * provisioning} (30 cloud seconds by default).
 *
 * <p><b>Targets.</b> Targets of type {@code ip} are checked and forwarded to at their IP (ECS gives each
 * task its own loopback address); targets of type {@code instance} at the address the builder's {@code
 * instanceAddress} resolver gives for the instance id (LocalCloud wires ECS's container-instance loopback
 * address; 127.0.0.1 otherwise). ECS and the EKS controller use the same state through {@link
 * dev.uniformpipeline.localcloud.spi.TargetRegistry}.
 *
 * <p><b>Not modelled.</b> HTTPS/TLS termination (HTTPS and TLS listeners are accepted but not served),
 * authenticate actions, HTTP/2, WebSocket upgrades, app_cookie and forward-level (AWSALBTG) stickiness and
 * slow start (attributes are stored and validated only), Lambda and ALB target types, gateway load
 * balancers, availability zones (every target is in every zone), NLB health-check consensus.
 */
package dev.uniformpipeline.localcloud.elb;
