package dev.uniformpipeline.jenkins;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Descriptors, documentation of every field, argument binding and the agent-side callable. */
class StepsTest {
    static final List<Step> STEPS = List.of(new UniformPipelineStep(), new UniformBuildStep(),
            new UniformDeployStep("sha256:" + "a".repeat(64)), new UniformRollbackStep("staging"));

    @TempDir
    Path tmp;

    @Test
    void eachStepHasAFunctionNameEqualToItsSymbolAndNeedsAWorkspaceContext() {
        List<String> names = new ArrayList<>();
        for (Step step : STEPS) {
            StepDescriptor d = step.getDescriptor();
            Symbol symbol = d.getClass().getAnnotation(Symbol.class);
            assertNotNull(d.getClass().getAnnotation(hudson.Extension.class), d.getClass().getName());
            assertEquals(List.of(d.getFunctionName()), List.of(symbol.value()));
            assertTrue(d.getRequiredContext().containsAll(List.of(Run.class, FilePath.class, TaskListener.class,
                    EnvVars.class, Launcher.class)));
            names.add(d.getFunctionName());
        }
        assertEquals(List.of("uniformPipeline", "uniformBuild", "uniformDeploy", "uniformRollback"), names);
    }

    @Test
    void everyBoundFieldHasHelpAndEveryScalarFieldHasAFormControl() throws Exception {
        for (Step step : STEPS) {
            Class<?> c = step.getClass();
            List<String> fields = new ArrayList<>();
            for (Constructor<?> ctor : c.getConstructors()) {
                if (ctor.isAnnotationPresent(DataBoundConstructor.class)) {
                    for (Parameter p : ctor.getParameters()) {
                        fields.add(p.getName());
                    }
                }
            }
            for (Method m : c.getMethods()) {
                if (m.isAnnotationPresent(DataBoundSetter.class)) {
                    fields.add(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4));
                }
            }
            String dir = "/dev/uniformpipeline/jenkins/" + c.getSimpleName() + "/";
            String jelly = resource(dir + "config.jelly");
            assertTrue(fields.size() >= 9, c + " " + fields);
            for (String f : fields) {
                assertTrue(resource(dir + "help-" + f + ".html").contains("<div>"), c + " help-" + f);
                String control = "field=\"" + f + "\"";
                boolean collection = f.equals("targets") || f.equals("set");
                assertEquals(!collection, jelly.contains(control), c.getSimpleName() + " config.jelly " + f);
                getter(step, f); // Snippet Generator and config round trips read every bound field back
            }
            assertNotNull(resource(dir + "help.html"));
        }
    }

    private static String getter(Step step, String field) {
        String cap = Character.toUpperCase(field.charAt(0)) + field.substring(1);
        for (Method m : step.getClass().getMethods()) {
            if (m.getName().equals("get" + cap) || m.getName().equals("is" + cap)) {
                return m.getName();
            }
        }
        throw new AssertionError(step.getClass().getSimpleName() + " has no getter for " + field);
    }

    private static String resource(String path) throws Exception {
        try (InputStream in = StepsTest.class.getResourceAsStream(path)) {
            assertNotNull(in, path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void boundArgumentsAreKeptAsGiven() {
        UniformDeployStep deploy = new UniformDeployStep(" sha256:abc ");
        deploy.setTargets(List.of("staging", "prod-eks"));
        deploy.setSet(Map.of("service.replicas", "3"));
        deploy.setEnv(" prod ");
        deploy.setFile("");
        assertEquals("sha256:abc", deploy.getImage());
        assertEquals(List.of("staging", "prod-eks"), deploy.getTargets());
        assertEquals(Map.of("service.replicas", "3"), deploy.getSet());
        assertEquals("prod", deploy.getEnv());
        assertEquals("pipeline.yml", deploy.getFile());
        assertEquals("uniform-report.json", deploy.getReportFile());
        assertEquals("staging", new UniformRollbackStep("staging").getTarget());
    }

    @Test
    void theAgentSideCallableSurvivesSerializationAndRunsTheEngineInTheWorkspace() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("pipeline.yml"), OfflineBuild.orders());
        RunSettings settings = new RunSettings("pipeline.yml", List.of("staging"), null, Map.of(), true,
                Map.of("X", "secret-value"), java.util.Set.of("secret-value"), "r/report.json");
        OfflineBuild.Console console = new OfflineBuild.Console();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new UniformRunCallable(settings, console));
        }
        UniformRunCallable shipped;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            shipped = (UniformRunCallable) in.readObject();
        }
        assertEquals(settings, shipped.settings());

        String json = shipped.invoke(ws.toFile(), null);

        assertEquals(json, Files.readString(ws.resolve("r/report.json")));
        Map<String, Object> report = ReportMaps.toMap(json);
        assertEquals("failed", report.get("status"));
        assertEquals("checkout", ((Map<?, ?>) report.get("failure")).get("stage"));
        assertEquals("staging", ((Map<?, ?>) ((List<?>) report.get("targets")).get(0)).get("name"));
        assertTrue(console.text().contains("[uniform] ===== checkout ====="), console.text());
    }
}
