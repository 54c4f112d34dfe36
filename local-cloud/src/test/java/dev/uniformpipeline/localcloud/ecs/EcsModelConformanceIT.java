package dev.uniformpipeline.localcloud.ecs;

import static dev.uniformpipeline.localcloud.ecs.EcsFixture.unchecked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uniformpipeline.localcloud.spi.AwsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Checks local ECS's answers and error codes against AWS's ECS model from python3-botocore. */
class EcsModelConformanceIT {
    private final EcsFixture f = new EcsFixture(100);
    private final List<String> violations = new ArrayList<>();

    @AfterEach
    void close() {
        f.close();
    }

    private JsonNode conform(BotocoreModel m, String op, String body) throws AwsException {
        JsonNode out = f.call(op, body);
        violations.addAll(m.violations(out, m.outputShape(op)).stream().map(v -> op + ": " + v).toList());
        return out;
    }

    @Test
    void responsesOfEveryOperationMatchTheAwsModel() throws Exception {
        BotocoreModel m = BotocoreModel.load("ecs", "2014-11-13");
        assertEquals(2, m.violations(EcsFixture.json("{'lastStatus':5,'bogus':1}"), "Task").size(),
                "the checker itself notices a wrong type and an unknown member");
        conform(m, "CreateCluster", "{'clusterName':'c','tags':[{'key':'team','value':'platform'}]}");
        conform(m, "CreateCapacityProvider", "{'name':'asg','autoScalingGroupProvider':{'autoScalingGroupArn':"
                + "'arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:1:autoScalingGroupName/a'}}");
        conform(m, "PutClusterCapacityProviders", "{'cluster':'c','capacityProviders':['FARGATE','asg'],"
                + "'defaultCapacityProviderStrategy':[{'capacityProvider':'FARGATE','weight':1}]}");
        conform(m, "DescribeCapacityProviders", "{}");
        String ci = f.ecs.registerContainerInstance(f.ctx, "c", "asg", 2048, 4096);
        conform(m, "DescribeContainerInstances", "{'cluster':'c','containerInstances':['" + ci + "','nope']}");
        conform(m, "ListContainerInstances", "{'cluster':'c'}");
        String image = f.images.add("web:v1", EcsFixture.behavior("healthy"));
        JsonNode td = conform(m, "RegisterTaskDefinition", "{'family':'web','networkMode':'awsvpc',"
                + "'requiresCompatibilities':['FARGATE'],'cpu':'256','memory':'512','executionRoleArn':"
                + "'arn:aws:iam::000000000000:role/x','containerDefinitions':[{'name':'web','image':'" + image + "',"
                + "'portMappings':[{'containerPort':8080}],'healthCheck':{'command':['CMD-SHELL','true'],'interval':5},"
                + "'secrets':[{'name':'DB','valueFrom':'arn:aws:ssm:us-east-1:000000000000:parameter/db'}],"
                + "'logConfiguration':{'logDriver':'awslogs','options':{'awslogs-group':'/g','awslogs-region':"
                + "'us-east-1','awslogs-stream-prefix':'p','awslogs-create-group':'true'}}}]}");
        String tdArn = td.at("/taskDefinition/taskDefinitionArn").asText();
        conform(m, "DescribeTaskDefinition", "{'taskDefinition':'web','include':['TAGS']}");
        conform(m, "ListTaskDefinitions", "{}");
        conform(m, "ListTaskDefinitionFamilies", "{}");
        String tg = f.elb.addGroup("web", "ip", 8080, "/health", 2);
        conform(m, "CreateService", "{'cluster':'c','serviceName':'web','taskDefinition':'" + tdArn + "',"
                + "'desiredCount':2,'launchType':'FARGATE','networkConfiguration':" + EcsFixture.net() + ","
                + "'loadBalancers':[{'targetGroupArn':'" + tg + "','containerName':'web','containerPort':8080}],"
                + "'healthCheckGracePeriodSeconds':10,'deploymentConfiguration':{'deploymentCircuitBreaker':"
                + "{'enable':true,'rollback':true}}}");
        f.await("steady", Duration.ofSeconds(20), unchecked(() -> f.service("c", "web")),
                s -> s.path("runningCount").asInt() == 2 && s.path("deployments").size() == 1
                        && "COMPLETED".equals(s.at("/deployments/0/rolloutState").asText()));
        conform(m, "DescribeServices", "{'cluster':'c','services':['web','ghost'],'include':['TAGS']}");
        conform(m, "ListServices", "{'cluster':'c'}");
        conform(m, "DescribeClusters", "{'clusters':['c','ghost']}");
        conform(m, "ListClusters", "{}");
        JsonNode tasks = conform(m, "ListTasks", "{'cluster':'c','serviceName':'web'}");
        String task = tasks.at("/taskArns/0").asText();
        conform(m, "DescribeTasks", "{'cluster':'c','tasks':['" + task + "','nope'],'include':['TAGS']}");
        conform(m, "StopTask", "{'cluster':'c','task':'" + task + "','reason':'conformance'}");
        f.await("stopped", Duration.ofSeconds(20), unchecked(() -> f.task("c", task)),
                t -> "STOPPED".equals(t.path("lastStatus").asText()));
        conform(m, "DescribeTasks", "{'cluster':'c','tasks':['" + task + "']}");
        String bridge = f.call("RegisterTaskDefinition", "{'family':'b','containerDefinitions':[{'name':'a',"
                + "'image':'" + image + "','memory':128,'portMappings':[{'containerPort':8080}]}]}")
                .at("/taskDefinition/taskDefinitionArn").asText();
        JsonNode run = conform(m, "RunTask", "{'cluster':'c','taskDefinition':'" + bridge + "','count':2,"
                + "'capacityProviderStrategy':[{'capacityProvider':'asg','weight':1}]}");
        String ec2Task = run.at("/tasks/0/taskArn").asText();
        f.await("ec2 running", Duration.ofSeconds(20), unchecked(() -> f.task("c", ec2Task)),
                t -> "RUNNING".equals(t.path("lastStatus").asText()));
        conform(m, "DescribeTasks", "{'cluster':'c','tasks':['" + ec2Task + "']}");
        conform(m, "DescribeContainerInstances", "{'cluster':'c','containerInstances':['" + ci + "']}");
        conform(m, "TagResource", "{'resourceArn':'" + tdArn + "','tags':[{'key':'a','value':'b'}]}");
        conform(m, "ListTagsForResource", "{'resourceArn':'" + tdArn + "'}");
        conform(m, "UpdateService", "{'cluster':'c','service':'web','desiredCount':0}");
        conform(m, "DeleteService", "{'cluster':'c','service':'web'}");
        conform(m, "DeregisterTaskDefinition", "{'taskDefinition':'web:1'}");
        assertEquals(List.of(), violations);
    }

    private void expectModelledError(BotocoreModel m, String op, String body, String code) {
        AwsException e = assertThrows(AwsException.class, () -> f.call(op, body), op);
        assertEquals(code, e.code(), op + ": " + e.getMessage());
        assertTrue(m.errors(op).contains(code), op + " does not list " + code + " in the AWS model: " + m.errors(op));
    }

    @Test
    void errorCodesAreOnesTheModelListsForTheOperation() throws Exception {
        BotocoreModel m = BotocoreModel.load("ecs", "2014-11-13");
        expectModelledError(m, "ListServices", "{'cluster':'nope'}", "ClusterNotFoundException");
        expectModelledError(m, "DescribeServices", "{'cluster':'nope','services':['a']}", "ClusterNotFoundException");
        expectModelledError(m, "RegisterTaskDefinition", "{'family':'x','networkMode':'awsvpc','requiresCompatibilities':"
                + "['FARGATE'],'cpu':'256','memory':'4096','containerDefinitions':[{'name':'a','image':'i'}]}",
                "ClientException");
        f.call("CreateCluster", "{'clusterName':'c'}");
        expectModelledError(m, "UpdateService", "{'cluster':'c','service':'ghost'}", "ServiceNotFoundException");
        expectModelledError(m, "DeleteService", "{'cluster':'c','service':'ghost'}", "ServiceNotFoundException");
        expectModelledError(m, "ListTasks", "{'cluster':'c','serviceName':'ghost'}", "ServiceNotFoundException");
        expectModelledError(m, "RunTask", "{'cluster':'c','taskDefinition':'ghost:1'}", "ClientException");
        expectModelledError(m, "CreateService", "{'cluster':'c','serviceName':'s','taskDefinition':'x:1',"
                + "'desiredCount':1,'launchType':'EC2','capacityProviderStrategy':[{'capacityProvider':'FARGATE',"
                + "'weight':1}]}", "InvalidParameterException");
        expectModelledError(m, "StopTask", "{'cluster':'c','task':'ghost'}", "InvalidParameterException");
        expectModelledError(m, "DescribeTaskDefinition", "{'taskDefinition':'ghost'}", "ClientException");
        expectModelledError(m, "CreateCapacityProvider", "{'name':'aws-x','autoScalingGroupProvider':"
                + "{'autoScalingGroupArn':'a'}}", "ClientException");
    }
}
