package dev.uniformpipeline.localcloud.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.Sdk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

class LogsIT {
    static LocalCloud cloud;
    static CloudWatchLogsClient logs;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.builder().start();
        logs = Sdk.client(CloudWatchLogsClient.builder(), cloud.endpoint());
    }

    @AfterAll
    static void stop() {
        logs.close();
        cloud.close();
    }

    static long now() {
        return cloud.clock().now().toEpochMilli();
    }

    static InputLogEvent ev(long t, String m) {
        return InputLogEvent.builder().timestamp(t).message(m).build();
    }

    @Test
    void logGroupsAreCreatedOnceListedByPrefixAndDeleted() {
        logs.createLogGroup(b -> b.logGroupName("/uniform/orders"));
        logs.createLogGroup(b -> b.logGroupName("/uniform/payments"));
        logs.createLogGroup(b -> b.logGroupName("/other/x"));
        ResourceAlreadyExistsException dup = assertThrows(ResourceAlreadyExistsException.class,
                () -> logs.createLogGroup(b -> b.logGroupName("/uniform/orders")));
        assertEquals("ResourceAlreadyExistsException", dup.awsErrorDetails().errorCode());

        List<LogGroup> uniform = logs.describeLogGroups(b -> b.logGroupNamePrefix("/uniform/")).logGroups();
        assertEquals(List.of("/uniform/orders", "/uniform/payments"),
                uniform.stream().map(LogGroup::logGroupName).collect(Collectors.toList()));
        assertTrue(uniform.get(0).arn().startsWith("arn:aws:logs:us-east-1:000000000000:log-group:/uniform/orders"));
        assertTrue(uniform.get(0).creationTime() > 0);

        // pagination with limit
        var page1 = logs.describeLogGroups(b -> b.logGroupNamePrefix("/uniform/").limit(1));
        assertEquals(1, page1.logGroups().size());
        assertNotNull(page1.nextToken());
        var page2 = logs.describeLogGroups(b -> b.logGroupNamePrefix("/uniform/").limit(1).nextToken(page1.nextToken()));
        assertEquals("/uniform/payments", page2.logGroups().get(0).logGroupName());

        logs.deleteLogGroup(b -> b.logGroupName("/uniform/payments"));
        assertThrows(ResourceNotFoundException.class, () -> logs.deleteLogGroup(b -> b.logGroupName("/uniform/payments")));
        InvalidParameterException bad = assertThrows(InvalidParameterException.class,
                () -> logs.createLogGroup(b -> b.logGroupName("has space")));
        assertTrue(bad.getMessage().contains("logGroupName"), bad.getMessage());
    }

    @Test
    void retentionAcceptsOnlyTheAllowedDayValues() {
        logs.createLogGroup(b -> b.logGroupName("/ret/app"));
        logs.putRetentionPolicy(b -> b.logGroupName("/ret/app").retentionInDays(30));
        assertEquals(30, logs.describeLogGroups(b -> b.logGroupNamePrefix("/ret/app")).logGroups().get(0)
                .retentionInDays());
        CloudWatchLogsException e = assertThrows(CloudWatchLogsException.class,
                () -> logs.putRetentionPolicy(b -> b.logGroupName("/ret/app").retentionInDays(31)));
        assertEquals("InvalidParameterException", e.awsErrorDetails().errorCode());
        assertThrows(ResourceNotFoundException.class,
                () -> logs.putRetentionPolicy(b -> b.logGroupName("/ret/none").retentionInDays(7)));
        logs.deleteRetentionPolicy(b -> b.logGroupName("/ret/app"));
        assertNull(logs.describeLogGroups(b -> b.logGroupNamePrefix("/ret/app")).logGroups().get(0)
                .retentionInDays());
    }

    @Test
    void eventsArePutWithoutSequenceTokenAndReadForwardAndBackward() {
        logs.createLogGroup(b -> b.logGroupName("/ev/app"));
        assertThrows(ResourceNotFoundException.class, () -> logs.putLogEvents(b -> b.logGroupName("/ev/app")
                .logStreamName("web/app/1").logEvents(ev(now(), "x"))));
        logs.createLogStream(b -> b.logGroupName("/ev/app").logStreamName("web/app/1"));
        assertThrows(ResourceAlreadyExistsException.class,
                () -> logs.createLogStream(b -> b.logGroupName("/ev/app").logStreamName("web/app/1")));
        assertThrows(ResourceNotFoundException.class,
                () -> logs.createLogStream(b -> b.logGroupName("/ev/none").logStreamName("s")));
        long t0 = now() - 60_000;
        List<InputLogEvent> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            batch.add(ev(t0 + i, "line " + i));
        }
        PutLogEventsResponse put = logs.putLogEvents(b -> b.logGroupName("/ev/app").logStreamName("web/app/1")
                .logEvents(batch));
        assertNull(put.rejectedLogEventsInfo());

        GetLogEventsResponse head = logs.getLogEvents(b -> b.logGroupName("/ev/app").logStreamName("web/app/1")
                .startFromHead(true).limit(10));
        assertEquals("line 0", head.events().get(0).message());
        assertEquals(10, head.events().size());
        GetLogEventsResponse next = logs.getLogEvents(b -> b.logGroupName("/ev/app").logStreamName("web/app/1")
                .nextToken(head.nextForwardToken()).limit(10));
        assertEquals("line 10", next.events().get(0).message());
        // reading past the end returns the same forward token: how clients detect the end
        String token = head.nextForwardToken();
        List<String> all = new ArrayList<>(head.events().stream().map(OutputLogEvent::message).toList());
        while (true) {
            String t = token;
            GetLogEventsResponse r = logs.getLogEvents(b -> b.logGroupName("/ev/app").logStreamName("web/app/1")
                    .nextToken(t).limit(10));
            all.addAll(r.events().stream().map(OutputLogEvent::message).toList());
            if (r.nextForwardToken().equals(t)) {
                break;
            }
            token = r.nextForwardToken();
        }
        assertEquals(25, all.size());
        assertEquals("line 24", all.get(24));
        // default (tail): the newest events
        GetLogEventsResponse tail = logs.getLogEvents(b -> b.logGroupName("/ev/app").logStreamName("web/app/1")
                .limit(5));
        assertEquals("line 20", tail.events().get(0).message());
        GetLogEventsResponse back = logs.getLogEvents(b -> b.logGroupName("/ev/app").logStreamName("web/app/1")
                .nextToken(tail.nextBackwardToken()).limit(5));
        assertEquals("line 15", back.events().get(0).message());

        var streams = logs.describeLogStreams(b -> b.logGroupName("/ev/app")).logStreams();
        assertEquals(1, streams.size());
        assertEquals(t0, streams.get(0).firstEventTimestamp());
        assertEquals(t0 + 24, streams.get(0).lastEventTimestamp());
    }

    @Test
    void putLogEventsEnforcesTheBatchLimits() {
        logs.createLogGroup(b -> b.logGroupName("/lim/app"));
        logs.createLogStream(b -> b.logGroupName("/lim/app").logStreamName("s"));
        long t = now();
        InvalidParameterException order = assertThrows(InvalidParameterException.class, () -> logs.putLogEvents(
                b -> b.logGroupName("/lim/app").logStreamName("s").logEvents(ev(t, "b"), ev(t - 1, "a"))));
        assertTrue(order.getMessage().contains("chronological"), order.getMessage());
        InvalidParameterException span = assertThrows(InvalidParameterException.class, () -> logs.putLogEvents(
                b -> b.logGroupName("/lim/app").logStreamName("s").logEvents(ev(t - Duration.ofHours(25).toMillis(),
                        "a"), ev(t, "b"))));
        assertTrue(span.getMessage().contains("24 hours"), span.getMessage());
        // 1,048,576 bytes counted as message bytes + 26 per event
        String big = "x".repeat(1_048_576 - 26);
        logs.putLogEvents(b -> b.logGroupName("/lim/app").logStreamName("s").logEvents(ev(t, big)));
        assertThrows(InvalidParameterException.class, () -> logs.putLogEvents(b -> b.logGroupName("/lim/app")
                .logStreamName("s").logEvents(ev(t, big + "y"))));
        List<InputLogEvent> tooMany = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            tooMany.add(ev(t, "m"));
        }
        assertThrows(InvalidParameterException.class, () -> logs.putLogEvents(b -> b.logGroupName("/lim/app")
                .logStreamName("s").logEvents(tooMany)));
        // events older than 14 days are rejected inside a 200 response
        PutLogEventsResponse r = logs.putLogEvents(b -> b.logGroupName("/lim/app").logStreamName("s").logEvents(
                ev(t - Duration.ofDays(14).toMillis() - 7_200_000, "old"), ev(t - Duration.ofDays(14).toMillis() - 7_199_999, "old2"),
                ev(t - Duration.ofDays(14).toMillis() + 60_000, "recent enough")));
        assertEquals(1, r.rejectedLogEventsInfo().tooOldLogEventEndIndex());
    }

    @Test
    void tooOldAndTooNewEventsAreReportedNotStored() {
        logs.createLogGroup(b -> b.logGroupName("/rej/app"));
        logs.createLogStream(b -> b.logGroupName("/rej/app").logStreamName("s"));
        cloud.clock().advance(Duration.ZERO);
        long t = now();
        PutLogEventsResponse r = logs.putLogEvents(b -> b.logGroupName("/rej/app").logStreamName("s").logEvents(
                ev(t - 1000, "fine"), ev(t + Duration.ofHours(2).toMillis() + 60_000, "future")));
        assertEquals(1, r.rejectedLogEventsInfo().tooNewLogEventStartIndex());
        assertEquals(List.of("fine"), cloud.service(LogsService.class).messages("000000000000", "us-east-1",
                "/rej/app", "s"));
    }

    @Test
    void filterLogEventsMatchesTermsPhrasesAlternativesAndExclusionsAcrossStreams() {
        logs.createLogGroup(b -> b.logGroupName("/flt/app"));
        logs.createLogStream(b -> b.logGroupName("/flt/app").logStreamName("a"));
        logs.createLogStream(b -> b.logGroupName("/flt/app").logStreamName("b"));
        long t = now() - 10_000;
        logs.putLogEvents(b -> b.logGroupName("/flt/app").logStreamName("a").logEvents(ev(t, "ERROR Connection "
                + "refused"), ev(t + 2, "INFO started"), ev(t + 4, "WARN slow DEBUG")));
        logs.putLogEvents(b -> b.logGroupName("/flt/app").logStreamName("b").logEvents(ev(t + 1, "ERROR disk full"),
                ev(t + 3, "error lower case")));
        assertEquals(List.of("ERROR Connection refused", "ERROR disk full"), messages(filter("ERROR", null)));
        assertEquals(List.of("ERROR Connection refused"), messages(filter("\"Connection refused\"", null)));
        assertEquals(List.of("ERROR Connection refused", "ERROR disk full", "WARN slow DEBUG"),
                messages(filter("?ERROR ?WARN", null)));
        assertEquals(List.of("ERROR Connection refused", "ERROR disk full"), messages(filter("?ERROR ?WARN -DEBUG",
                null)));
        FilterLogEventsResponse onlyB = filter("ERROR", List.of("b"));
        assertEquals(List.of("ERROR disk full"), messages(onlyB));
        assertEquals("b", onlyB.events().get(0).logStreamName());
        assertEquals(5, filter("", null).events().size());
        assertThrows(InvalidParameterException.class, () -> filter("{ $.level = \"ERROR\" }", null));
        assertThrows(ResourceNotFoundException.class, () -> logs.filterLogEvents(b -> b.logGroupName("/flt/none")));
    }

    static FilterLogEventsResponse filter(String pattern, List<String> streams) {
        return logs.filterLogEvents(b -> {
            b.logGroupName("/flt/app").filterPattern(pattern);
            if (streams != null) {
                b.logStreamNames(streams);
            }
        });
    }

    static List<String> messages(FilterLogEventsResponse r) {
        return r.events().stream().map(e -> e.message()).collect(Collectors.toList());
    }

    @Test
    void logSinkWritesWhatTheApiReads() {
        LogsService sink = cloud.service(LogsService.class);
        assertTrue(!sink.groupExists("000000000000", "us-east-1", "/ecs/web"));
        sink.createGroup("000000000000", "us-east-1", "/ecs/web");
        sink.put("000000000000", "us-east-1", "/ecs/web", "web/app/0123456789abcdef", cloud.clock().now(),
                "hello from a task");
        assertEquals("hello from a task", logs.getLogEvents(b -> b.logGroupName("/ecs/web")
                .logStreamName("web/app/0123456789abcdef")).events().get(0).message());
    }
}
