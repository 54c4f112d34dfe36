package dev.uniformpipeline.localcloud.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uniformpipeline.localcloud.spi.AwsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskDefinitionRegistrationTest {
    private final EcsFixture f = new EcsFixture(100);

    @AfterEach
    void close() {
        f.close();
    }

    private static String fargate(String cpu, String memory) {
        return "{'family':'web','networkMode':'awsvpc','requiresCompatibilities':['FARGATE'],'cpu':'" + cpu
                + "','memory':'" + memory + "','executionRoleArn':'arn:aws:iam::000000000000:role/x',"
                + "'containerDefinitions':[{'name':'web','image':'img:1'}]}";
    }

    private AwsException reject(String body) {
        return assertThrows(AwsException.class, () -> f.call("RegisterTaskDefinition", body));
    }

    @Test
    void fargateRejectsCpuMemoryPairsOutsideTheTable() {
        AwsException e = reject(fargate("256", "4096"));
        assertEquals("ClientException", e.code());
        assertTrue(e.getMessage().startsWith("No Fargate configuration exists for given values: 256 CPU, 4096 memory."),
                e.getMessage());
        assertTrue(e.getMessage().contains("512, 1024, 2048"), "names the allowed values: " + e.getMessage());
        assertEquals("ClientException", reject(fargate("512", "512")).code());
        assertEquals("ClientException", reject(fargate("8192", "20000")).code(), "8192 needs 4096-MiB steps");
    }

    @Test
    void fargateAcceptsEveryRowOfTheTableAndConvertsUnits() throws Exception {
        for (String[] ok : new String[][] {{"256", "2048"}, {"512", "4096"}, {"1024", "8192"}, {"2048", "16384"},
                {"4096", "30720"}, {"8192", "61440"}, {"16384", "122880"}, {".25 vCPU", "0.5 GB"}}) {
            JsonNode td = f.call("RegisterTaskDefinition", fargate(ok[0], ok[1])).path("taskDefinition");
            assertTrue(td.path("compatibilities").toString().contains("FARGATE"), td.toString());
            assertTrue(td.path("cpu").isTextual() && td.path("memory").isTextual(), "cpu/memory are strings");
        }
        JsonNode last = f.call("DescribeTaskDefinition", "{'taskDefinition':'web'}").path("taskDefinition");
        assertEquals("256", last.path("cpu").asText());
        assertEquals("512", last.path("memory").asText());
        assertEquals(8, last.path("revision").asInt(), "revisions count up per family");
        assertEquals("arn:aws:ecs:us-east-1:000000000000:task-definition/web:8", last.path("taskDefinitionArn").asText());
    }

    @Test
    void taskLevelCpuMustBeAString() {
        AwsException e = reject("{'family':'x','cpu':256,'memory':'512','containerDefinitions':"
                + "[{'name':'a','image':'i'}]}");
        assertEquals("SerializationException", e.code());
    }

    @Test
    void fargateRequiresAwsvpc() {
        AwsException e = reject("{'family':'x','requiresCompatibilities':['FARGATE'],'cpu':'256','memory':'512',"
                + "'containerDefinitions':[{'name':'a','image':'i'}]}");
        assertEquals("ClientException", e.code());
        assertTrue(e.getMessage().contains("Fargate only supports network mode 'awsvpc'"), e.getMessage());
    }

    @Test
    void awsvpcHostPortMustEqualContainerPort() {
        AwsException e = reject("{'family':'x','networkMode':'awsvpc','memory':'512','containerDefinitions':"
                + "[{'name':'a','image':'i','portMappings':[{'containerPort':8080,'hostPort':80}]}]}");
        assertEquals("InvalidParameterException", e.code());
        assertTrue(e.getMessage().contains("host ports and container ports in port mappings must match"));
    }

    @Test
    void bridgeModeFillsDynamicHostPortAndAwsvpcFillsContainerPort() throws Exception {
        JsonNode bridge = f.call("RegisterTaskDefinition", "{'family':'b','containerDefinitions':[{'name':'a',"
                + "'image':'i','memory':128,'portMappings':[{'containerPort':8080}]}]}").path("taskDefinition");
        assertEquals(0, bridge.at("/containerDefinitions/0/portMappings/0/hostPort").asInt());
        assertEquals("bridge", bridge.path("networkMode").asText());
        assertEquals("[\"EC2\"]", bridge.path("compatibilities").toString());
        JsonNode vpc = f.call("RegisterTaskDefinition", "{'family':'v','networkMode':'awsvpc','memory':'512',"
                + "'containerDefinitions':[{'name':'a','image':'i','portMappings':[{'containerPort':8080}]}]}")
                .path("taskDefinition");
        assertEquals(8080, vpc.at("/containerDefinitions/0/portMappings/0/hostPort").asInt());
    }

    @Test
    void logDriversAreCheckedPerLaunchType() throws Exception {
        AwsException e = reject("{'family':'x','networkMode':'awsvpc','requiresCompatibilities':['FARGATE'],"
                + "'cpu':'256','memory':'512','containerDefinitions':[{'name':'a','image':'i',"
                + "'logConfiguration':{'logDriver':'fluentd','options':{}}}]}");
        assertTrue(e.getMessage().contains("'fluentd' is not supported on Fargate"), e.getMessage());
        f.call("RegisterTaskDefinition", "{'family':'x','memory':'512','containerDefinitions':[{'name':'a',"
                + "'image':'i','logConfiguration':{'logDriver':'fluentd','options':{}}}]}");
        AwsException noPrefix = reject("{'family':'x','networkMode':'awsvpc','requiresCompatibilities':['FARGATE'],"
                + "'cpu':'256','memory':'512','executionRoleArn':'arn:aws:iam::000000000000:role/x',"
                + "'containerDefinitions':[{'name':'a','image':'i','logConfiguration':{'logDriver':'awslogs',"
                + "'options':{'awslogs-group':'/g','awslogs-region':'us-east-1'}}}]}");
        assertTrue(noPrefix.getMessage().contains("awslogs-stream-prefix"), noPrefix.getMessage());
        AwsException numeric = reject("{'family':'x','memory':'512','containerDefinitions':[{'name':'a','image':'i',"
                + "'logConfiguration':{'logDriver':'awslogs','options':{'awslogs-group':'/g','awslogs-region':"
                + "'us-east-1','max-buffer-size':4}}}]}");
        assertEquals("InvalidParameterException", numeric.code());
    }

    @Test
    void secretsNeedAnExecutionRoleAndAValidArn() {
        AwsException noRole = reject("{'family':'x','memory':'512','containerDefinitions':[{'name':'a','image':'i',"
                + "'secrets':[{'name':'DB','valueFrom':'arn:aws:ssm:us-east-1:000000000000:parameter/prod/db'}]}]}");
        assertTrue(noRole.getMessage().contains("you must also specify a value for 'executionRoleArn'"));
        AwsException badArn = reject("{'family':'x','memory':'512','executionRoleArn':'arn:aws:iam::1:role/x',"
                + "'containerDefinitions':[{'name':'a','image':'i','secrets':[{'name':'DB','valueFrom':"
                + "'arn:aws:s3:::bucket/key'}]}]}");
        assertTrue(badArn.getMessage().contains("neither an SSM parameter ARN"), badArn.getMessage());
        AwsException splunk = reject("{'family':'x','memory':'512','containerDefinitions':[{'name':'a','image':'i',"
                + "'logConfiguration':{'logDriver':'splunk','options':{'splunk-url':'https://s:8088',"
                + "'splunk-token':'plain'}}}]}");
        assertTrue(splunk.getMessage().contains("secretOptions"), splunk.getMessage());
    }

    @Test
    void firelensNeedsExactlyOneRouterForAwsfirelensContainers() throws Exception {
        AwsException e = reject("{'family':'x','memory':'512','containerDefinitions':[{'name':'a','image':'i',"
                + "'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'cloudwatch'}}}]}");
        assertTrue(e.getMessage().contains("no container has a firelensConfiguration"), e.getMessage());
        f.call("RegisterTaskDefinition", "{'family':'x','memory':'512','containerDefinitions':["
                + "{'name':'router','image':'fluent-bit','firelensConfiguration':{'type':'fluentbit'}},"
                + "{'name':'a','image':'i','logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'x'}}}]}");
        AwsException type = reject("{'family':'x','memory':'512','containerDefinitions':[{'name':'r','image':'i',"
                + "'firelensConfiguration':{'type':'logstash'}}]}");
        assertTrue(type.getMessage().contains("fluentbit or fluentd"));
    }

    @Test
    void healthCheckLimitsAreEnforced() {
        AwsException e = reject("{'family':'x','memory':'512','containerDefinitions':[{'name':'a','image':'i',"
                + "'healthCheck':{'command':['CMD-SHELL','true'],'interval':2}}]}");
        assertTrue(e.getMessage().contains("healthCheck.interval must be between 5 and 300 (was 2)"), e.getMessage());
        assertThrows(AwsException.class, () -> f.call("RegisterTaskDefinition", "{'family':'x','memory':'512',"
                + "'containerDefinitions':[{'name':'a','image':'i','healthCheck':{'command':['CMD','x'],'retries':11}}]}"));
    }

    @Test
    void ec2ContainersNeedMemorySomewhereAndOneEssentialContainer() {
        AwsException mem = reject("{'family':'x','containerDefinitions':[{'name':'a','image':'i'}]}");
        assertTrue(mem.getMessage().contains("At least one of 'memory' or 'memoryReservation' must be specified"));
        AwsException ess = reject("{'family':'x','memory':'512','containerDefinitions':[{'name':'a','image':'i',"
                + "'essential':false}]}");
        assertTrue(ess.getMessage().contains("essential"));
    }

    @Test
    void deregisteredRevisionsStayDescribableButCannotRun() throws Exception {
        String arn = f.fargateTaskDef("gone", "img:1");
        JsonNode td = f.call("DeregisterTaskDefinition", "{'taskDefinition':'gone:1'}").path("taskDefinition");
        assertEquals("INACTIVE", td.path("status").asText());
        assertEquals("INACTIVE", f.call("DescribeTaskDefinition", "{'taskDefinition':'" + arn + "'}")
                .path("taskDefinition").path("status").asText());
        f.call("CreateCluster", "{'clusterName':'c'}");
        AwsException e = assertThrows(AwsException.class, () -> f.call("RunTask", "{'cluster':'c','taskDefinition':'"
                + arn + "','launchType':'FARGATE','networkConfiguration':" + EcsFixture.net() + "}"));
        assertEquals("ClientException", e.code());
        AwsException unknown = assertThrows(AwsException.class,
                () -> f.call("DescribeTaskDefinition", "{'taskDefinition':'nope:3'}"));
        assertEquals("Unable to describe task definition.", unknown.getMessage());
        assertTrue(f.call("ListTaskDefinitions", "{'familyPrefix':'gone','status':'INACTIVE'}")
                .path("taskDefinitionArns").toString().contains(arn));
    }
}
