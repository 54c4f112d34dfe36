package dev.uniformpipeline.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an editor does with the schema (an independent JSON Schema validator, draft 2020-12): the shipped
 * template and examples are accepted, typical mistakes are flagged, and a file that extends a template
 * is not asked for keys the template supplies.
 */
class SchemaAcceptsValidFilesTest {
    static Schema schema;
    static Schema templateSchema;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void load() throws Exception {
        String text = Files.readString(Path.of("schema/pipeline-v1.schema.json"));
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text, InputFormat.JSON);
        // pipeline-v1-template.schema.json is a $ref to #/$defs/PipelinePartial of the main schema; resolve
        // it locally (the $id is not fetched in tests)
        com.fasterxml.jackson.databind.node.ObjectNode t = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(text);
        t.remove(List.of("if", "then", "else"));
        t.put("$ref", JSON.readTree(Files.readString(Path.of("schema/pipeline-v1-template.schema.json")))
                .get("$ref").asText().replaceFirst("^pipeline-v1\\.schema\\.json", ""));
        templateSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(t);
    }

    static List<Error> validate(String yaml) {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        JsonNode node = JSON.valueToTree(doc);
        return (yaml.startsWith("# yaml-language-server: $schema=schema/pipeline-v1-template") ? templateSchema : schema)
                .validate(node);
    }

    static Stream<Path> shippedFiles() throws Exception {
        try (Stream<Path> s = Files.walk(Path.of("examples"))) {
            List<Path> files = new java.util.ArrayList<>(s.filter(p -> p.toString().endsWith(".yml")).sorted().toList());
            files.add(Path.of("java-service.yaml"));
            return files.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedFiles")
    void shippedFilesAreValidAgainstTheSchema(Path file) throws Exception {
        List<Error> errors = validate(Files.readString(file));
        assertEquals(List.of(), errors.stream().map(Error::toString).toList());
    }

    static final String VALID = """
            apiVersion: uniform.dev/v1
            kind: Pipeline
            name: orders
            image: {registry: ecr, repository: orders}
            service: {port: 8080, cpu: 0.5, memory: 1GiB, replicas: "${env.REPLICAS}"}
            targets: [{name: dev, type: ecs-ec2, region: eu-west-1, cluster: dev}]
            """;

    @Test
    void aCompleteFileIsValidAndTypicalMistakesAreFlagged() {
        assertEquals(List.of(), validate(VALID).stream().map(Error::toString).toList());
        assertFalse(validate(VALID.replace("port: 8080", "prot: 8080")).isEmpty(), "unknown key");
        assertFalse(validate(VALID.replace("ecs-ec2", "ecs-fargate")).isEmpty(), "enum value");
        assertFalse(validate(VALID.replace("memory: 1GiB", "memory: 1 gig")).isEmpty(), "memory syntax");
        assertFalse(validate(VALID.replace("name: orders\n", "")).isEmpty(), "required name");
        assertFalse(validate(VALID + "rollout: {timeout: 10 mins}\n").isEmpty(), "duration syntax");
    }

    @Test
    void theTemplateSchemaAcceptsPartialFilesButNotMistakes() {
        assertEquals(List.of(), templateSchema.validate(JSON.valueToTree(java.util.Map.of("service",
                java.util.Map.of("replicas", 2)))).stream().map(Error::toString).toList());
        assertFalse(templateSchema.validate(JSON.valueToTree(java.util.Map.of("service",
                java.util.Map.of("replica", 2)))).isEmpty());
    }

    @Test
    void aFileThatExtendsATemplateNeedsOnlyWhatItChanges() {
        String partial = """
                extends: ../../java-service.yaml
                name: orders
                targets: [{name: dev, service: {replicas: 3}}]
                profiles: {prod: {service: {cpu: 1}}}
                """;
        assertEquals(List.of(), validate(partial).stream().map(Error::toString).toList());
        assertTrue(!validate(partial.replace("replicas: 3", "replicas: three")).isEmpty(), "types still checked");
    }
}
