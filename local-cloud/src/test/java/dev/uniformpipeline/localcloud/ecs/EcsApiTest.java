package dev.uniformpipeline.localcloud.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uniformpipeline.localcloud.spi.AwsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** API behaviour that needs no running task. */
class EcsApiTest {
    private final EcsFixture f = new EcsFixture(100);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void unknownClusterIsClusterNotFound() {
        AwsException e = assertThrows(AwsException.class, () -> f.call("ListServices", "{'cluster':'nope'}"));
        assertEquals("ClusterNotFoundException", e.code());
        assertEquals("Cluster not found.", e.getMessage());
        assertEquals(400, e.httpStatus());
    }

    @Test
    void clustersAreCreatedDescribedListedAndDeleted() throws Exception {
        JsonNode c = f.call("CreateCluster", "{'clusterName':'prod'}").path("cluster");
        assertEquals("arn:aws:ecs:us-east-1:000000000000:cluster/prod", c.path("clusterArn").asText());
        assertEquals("ACTIVE", c.path("status").asText());
        JsonNode d = f.call("DescribeClusters", "{'clusters':['prod','ghost']}");
        assertEquals(1, d.path("clusters").size());
        assertEquals("MISSING", d.at("/failures/0/reason").asText());
        assertEquals("[\"arn:aws:ecs:us-east-1:000000000000:cluster/prod\"]",
                f.call("ListClusters", "{}").path("clusterArns").toString());
        assertEquals("INACTIVE", f.call("DeleteCluster", "{'cluster':'prod'}").at("/cluster/status").asText());
        AwsException e = assertThrows(AwsException.class, () -> f.call("ListTasks", "{'cluster':'prod'}"));
        assertEquals("ClusterNotFoundException", e.code());
    }

    @Test
    void describeServicesReportsUnknownNamesAsMissingAndLimitsTheListToTen() throws Exception {
        f.call("CreateCluster", "{'clusterName':'c'}");
        JsonNode out = f.call("DescribeServices", "{'cluster':'c','services':['ghost']}");
        assertEquals(0, out.path("services").size());
        assertEquals("arn:aws:ecs:us-east-1:000000000000:service/c/ghost", out.at("/failures/0/arn").asText());
        assertEquals("MISSING", out.at("/failures/0/reason").asText());
        AwsException e = assertThrows(AwsException.class, () -> f.call("DescribeServices",
                "{'cluster':'c','services':['1','2','3','4','5','6','7','8','9','10','11']}"));
        assertEquals("InvalidParameterException", e.code());
    }

    @Test
    void describeTasksReportsUnknownTasksAsMissing() throws Exception {
        f.call("CreateCluster", "{'clusterName':'c'}");
        JsonNode out = f.call("DescribeTasks", "{'cluster':'c','tasks':['0123456789abcdef0123456789abcdef']}");
        assertEquals("MISSING", out.at("/failures/0/reason").asText());
        assertEquals("arn:aws:ecs:us-east-1:000000000000:task/c/0123456789abcdef0123456789abcdef",
                out.at("/failures/0/arn").asText());
    }

    @Test
    void launchTypeAndCapacityProviderStrategyAreMutuallyExclusive() throws Exception {
        f.call("CreateCluster", "{'clusterName':'c','capacityProviders':['FARGATE','FARGATE_SPOT'],"
                + "'defaultCapacityProviderStrategy':[{'capacityProvider':'FARGATE','weight':1}]}");
        String td = f.fargateTaskDef("web", "img:1");
        AwsException e = assertThrows(AwsException.class, () -> f.call("RunTask", "{'cluster':'c','taskDefinition':'"
                + td + "','launchType':'FARGATE','capacityProviderStrategy':[{'capacityProvider':'FARGATE',"
                + "'weight':1}],'networkConfiguration':" + EcsFixture.net() + "}"));
        assertEquals("InvalidParameterException", e.code());
        assertTrue(e.getMessage().contains("Specifying both a launch type and capacity provider strategy"));
    }

    @Test
    void capacityProviderStrategiesAreValidated() throws Exception {
        f.call("CreateCluster", "{'clusterName':'c'}");
        StringBuilder seven = new StringBuilder("[");
        for (int i = 0; i < 7; i++) {
            seven.append(i == 0 ? "" : ",").append("{'capacityProvider':'FARGATE','weight':1}");
        }
        seven.append(']');
        AwsException tooMany = assertThrows(AwsException.class, () -> f.call("PutClusterCapacityProviders",
                "{'cluster':'c','capacityProviders':['FARGATE'],'defaultCapacityProviderStrategy':" + seven + "}"));
        assertTrue(tooMany.getMessage().contains("at most 6"));
        AwsException twoBases = assertThrows(AwsException.class, () -> f.call("PutClusterCapacityProviders",
                "{'cluster':'c','capacityProviders':['FARGATE','FARGATE_SPOT'],'defaultCapacityProviderStrategy':"
                        + "[{'capacityProvider':'FARGATE','base':1,'weight':1},{'capacityProvider':'FARGATE_SPOT',"
                        + "'base':2,'weight':1}]}"));
        assertTrue(twoBases.getMessage().contains("Only one capacity provider"));
        AwsException zero = assertThrows(AwsException.class, () -> f.call("PutClusterCapacityProviders",
                "{'cluster':'c','capacityProviders':['FARGATE'],'defaultCapacityProviderStrategy':"
                        + "[{'capacityProvider':'FARGATE','weight':0}]}"));
        assertEquals("InvalidParameterException", zero.code());
        JsonNode ok = f.call("PutClusterCapacityProviders", "{'cluster':'c','capacityProviders':['FARGATE',"
                + "'FARGATE_SPOT'],'defaultCapacityProviderStrategy':[{'capacityProvider':'FARGATE','base':1,"
                + "'weight':1},{'capacityProvider':'FARGATE_SPOT','weight':3}]}").path("cluster");
        assertEquals("[\"FARGATE\",\"FARGATE_SPOT\"]", ok.path("capacityProviders").toString());
    }

    @Test
    void asgCapacityProvidersAreCreatedWithAwsDefaultsAndNameRules() throws Exception {
        AwsException bad = assertThrows(AwsException.class, () -> f.call("CreateCapacityProvider",
                "{'name':'ecs-prod','autoScalingGroupProvider':{'autoScalingGroupArn':'arn:aws:autoscaling:x'}}"));
        assertTrue(bad.getMessage().contains("can't start with 'aws', 'ecs', or 'fargate'"));
        JsonNode cp = f.call("CreateCapacityProvider", "{'name':'prod-asg','autoScalingGroupProvider':"
                + "{'autoScalingGroupArn':'arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:x:"
                + "autoScalingGroupName/prod','managedScaling':{'status':'ENABLED'}}}").path("capacityProvider");
        assertEquals("arn:aws:ecs:us-east-1:000000000000:capacity-provider/prod-asg", cp.path("capacityProviderArn").asText());
        assertEquals(100, cp.at("/autoScalingGroupProvider/managedScaling/targetCapacity").asInt());
        assertEquals(300, cp.at("/autoScalingGroupProvider/managedScaling/instanceWarmupPeriod").asInt());
        JsonNode all = f.call("DescribeCapacityProviders", "{}").path("capacityProviders");
        assertEquals(3, all.size(), "FARGATE, FARGATE_SPOT and prod-asg: " + all);
    }

    @Test
    void runTaskValidatesCountAndNetworkConfiguration() throws Exception {
        f.call("CreateCluster", "{'clusterName':'c'}");
        String td = f.fargateTaskDef("web", "img:1");
        AwsException count = assertThrows(AwsException.class, () -> f.call("RunTask", "{'cluster':'c',"
                + "'taskDefinition':'" + td + "','launchType':'FARGATE','count':11,'networkConfiguration':"
                + EcsFixture.net() + "}"));
        assertTrue(count.getMessage().contains("between 1 and 10"));
        AwsException net = assertThrows(AwsException.class, () -> f.call("RunTask", "{'cluster':'c',"
                + "'taskDefinition':'" + td + "','launchType':'FARGATE'}"));
        assertEquals("Network Configuration must be provided when networkMode 'awsvpc' is specified.",
                net.getMessage());
        String bridge = f.call("RegisterTaskDefinition", "{'family':'b','containerDefinitions':[{'name':'a',"
                + "'image':'i','memory':128}]}").at("/taskDefinition/taskDefinitionArn").asText();
        AwsException fargate = assertThrows(AwsException.class, () -> f.call("RunTask", "{'cluster':'c',"
                + "'taskDefinition':'" + bridge + "','launchType':'FARGATE','networkConfiguration':"
                + EcsFixture.net() + "}"));
        assertTrue(fargate.getMessage().contains("does not support launch_type FARGATE"));
        AwsException noInstances = assertThrows(AwsException.class, () -> f.call("RunTask", "{'cluster':'c',"
                + "'taskDefinition':'" + bridge + "','launchType':'EC2'}"));
        assertEquals("No Container Instances were found in your cluster.", noInstances.getMessage());
    }

    @Test
    void servicesValidateLoadBalancersAndGracePeriod() throws Exception {
        f.call("CreateCluster", "{'clusterName':'c'}");
        String td = f.fargateTaskDef("web", "img:1");
        String loose = f.elb.addUnattachedGroup("loose");
        String instanceTg = f.elb.addGroup("inst", "instance", 8080, "/health", 0);
        String base = "{'cluster':'c','serviceName':'s','taskDefinition':'" + td + "','desiredCount':1,"
                + "'launchType':'FARGATE','networkConfiguration':" + EcsFixture.net();
        AwsException unattached = assertThrows(AwsException.class, () -> f.call("CreateService", base
                + ",'loadBalancers':[{'targetGroupArn':'" + loose + "','containerName':'web','containerPort':8080}]}"));
        assertTrue(unattached.getMessage().contains("does not have an associated load balancer"));
        AwsException type = assertThrows(AwsException.class, () -> f.call("CreateService", base
                + ",'loadBalancers':[{'targetGroupArn':'" + instanceTg + "','containerName':'web','containerPort':8080}]}"));
        assertTrue(type.getMessage().contains("incompatible with the awsvpc network mode"));
        String ipTg = f.elb.addGroup("ip", "ip", 8080, "/health", 0);
        AwsException port = assertThrows(AwsException.class, () -> f.call("CreateService", base
                + ",'loadBalancers':[{'targetGroupArn':'" + ipTg + "','containerName':'web','containerPort':9090}]}"));
        assertEquals("The container web did not have a container port 9090 defined.", port.getMessage());
        AwsException grace = assertThrows(AwsException.class, () -> f.call("CreateService", base
                + ",'healthCheckGracePeriodSeconds':30}"));
        assertTrue(grace.getMessage().contains("only valid for services configured to use load balancers"));
        f.call("CreateService", base + "}");
        AwsException again = assertThrows(AwsException.class, () -> f.call("CreateService", base + "}"));
        assertEquals("Creation of service was not idempotent.", again.getMessage());
        AwsException missing = assertThrows(AwsException.class, () -> f.call("UpdateService",
                "{'cluster':'c','service':'ghost','desiredCount':2}"));
        assertEquals("ServiceNotFoundException", missing.code());
    }

    @Test
    void newServiceHasOnePrimaryDeploymentInProgress() throws Exception {
        f.call("CreateCluster", "{'clusterName':'c'}");
        String td = f.fargateTaskDef("web", "img:1");
        JsonNode s = f.call("CreateService", "{'cluster':'c','serviceName':'s','taskDefinition':'" + td
                + "','desiredCount':0,'launchType':'FARGATE','networkConfiguration':" + EcsFixture.net() + "}")
                .path("service");
        assertEquals("arn:aws:ecs:us-east-1:000000000000:service/c/s", s.path("serviceArn").asText());
        assertEquals(1, s.path("deployments").size());
        JsonNode d = s.path("deployments").get(0);
        assertEquals("PRIMARY", d.path("status").asText());
        assertTrue(d.path("id").asText().matches("ecs-svc/\\d{19}"), d.path("id").asText());
        assertEquals("IN_PROGRESS", d.path("rolloutState").asText());
        assertEquals(100, s.at("/deploymentConfiguration/minimumHealthyPercent").asInt());
        assertEquals(200, s.at("/deploymentConfiguration/maximumPercent").asInt());
    }
}
