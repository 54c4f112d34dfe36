package dev.uniformpipeline.core.spec.v1;

/** Elastic Load Balancing v2 flavour. Classic Load Balancers are not supported. */
public enum LoadBalancerType implements YamlEnum {
    ALB("alb"),
    NLB("nlb");

    private final String yaml;

    LoadBalancerType(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
