package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.spec.v1.CountOrPercent;
import dev.uniformpipeline.core.spec.v1.CpuQuantity;
import dev.uniformpipeline.core.spec.v1.MemorySize;
import dev.uniformpipeline.core.spec.v1.SecretRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuantitiesTest {
    @Test
    void durationsAcceptGoStyleUnitsOnly() {
        assertEquals(Duration.ofSeconds(10), ModelTypes.parseDuration("10s"));
        assertEquals(Duration.ofMinutes(90), ModelTypes.parseDuration("1h30m"));
        assertEquals(Duration.ofMillis(500), ModelTypes.parseDuration("500ms"));
        assertEquals(Duration.ofMinutes(5), ModelTypes.parseDuration("5m"));
        for (String bad : new String[] {"10 mins", "10", "5 m", "1d", "m", "", "1.5s", "10sec"}) {
            assertThrows(IllegalArgumentException.class, () -> ModelTypes.parseDuration(bad), bad);
        }
        assertEquals("1h30m", ModelTypes.formatDuration(Duration.ofMinutes(90)));
        assertEquals("1m", ModelTypes.formatDuration(Duration.ofSeconds(60)));
    }

    @Test
    void memoryIsBinaryMebibytes() {
        assertEquals(512, MemorySize.parse("512MiB").mebibytes());
        assertEquals(1024, MemorySize.parse("1GiB").mebibytes());
        assertEquals(1536, MemorySize.parse("1.5GiB").mebibytes());
        assertEquals(2048, MemorySize.parse("2Gi").mebibytes());
        assertEquals(512, MemorySize.parse("512").mebibytes());
        assertEquals("2Gi", MemorySize.parse("2048MiB").kubernetes());
        for (String bad : new String[] {"1 gig", "1GB", "512MB", "0", "1.3MiB", "-1GiB"}) {
            assertThrows(IllegalArgumentException.class, () -> MemorySize.parse(bad), bad);
        }
    }

    @Test
    void cpuIsVcpuOrMillicoresAndConvertsToEcsUnits() {
        assertEquals(256, CpuQuantity.parse("0.25").ecsUnits());
        assertEquals(256, CpuQuantity.parse("250m").ecsUnits());
        assertEquals(1024, CpuQuantity.parse("1").ecsUnits());
        assertEquals("500m", CpuQuantity.parse("0.5").kubernetes());
        assertEquals("2", CpuQuantity.parse("2").kubernetes());
        for (String bad : new String[] {"256", "0", "quarter", "0.0001", "1 vcpu"}) {
            assertThrows(IllegalArgumentException.class, () -> CpuQuantity.parse(bad), bad);
        }
    }

    @Test
    void countOrPercentResolvesAgainstTheDesiredCount() {
        CountOrPercent p = CountOrPercent.parse("25%");
        assertTrue(p.percent());
        assertEquals(0, p.of(2, false));
        assertEquals(1, p.of(2, true));
        assertEquals(3, CountOrPercent.parse("3").of(10, false));
        assertThrows(IllegalArgumentException.class, () -> CountOrPercent.parse("25 %"));
    }

    @Test
    void secretRefsKnowTheirStore() {
        assertEquals(SecretRef.Store.SECRETS_MANAGER,
                new SecretRef("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf").store());
        SecretRef key = new SecretRef("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:username::");
        assertEquals(SecretRef.Store.SECRETS_MANAGER, key.store());
        assertTrue(key.selectsJsonKeyOrVersion());
        assertFalse(new SecretRef("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf").selectsJsonKeyOrVersion());
        assertEquals(SecretRef.Store.SSM, new SecretRef("arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db").store());
        assertEquals(SecretRef.Store.UNKNOWN, new SecretRef("hunter2").store());
    }
}
