package dev.homeport.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollSourceTest {

    @Test
    void triggersWithTheProbesReasonOnlyWhenItGivesOneAndStopsWhenClosed() throws InterruptedException {
        AtomicInteger asked = new AtomicInteger();
        LinkedBlockingQueue<Trigger> heard = new LinkedBlockingQueue<>();
        PollSource source = new PollSource("outer", Duration.ofMillis(20),
                () -> asked.incrementAndGet() == 3 ? Optional.of("the outer router lost 888/tcp") : Optional.empty());
        source.start(heard::add);
        Trigger t = heard.poll(5, TimeUnit.SECONDS);
        assertEquals(new Trigger("outer", "the outer router lost 888/tcp", Optional.empty()), t);
        source.close();
        Thread.sleep(100);
        int after = asked.get();
        Thread.sleep(100);
        assertEquals(after, asked.get(), "no probe after close");
        assertTrue(heard.isEmpty(), heard::toString);
    }

    @Test
    void aProbeThatThrowsIsNotATriggerAndTheNextOneStillRuns() throws InterruptedException {
        AtomicInteger asked = new AtomicInteger();
        LinkedBlockingQueue<Trigger> heard = new LinkedBlockingQueue<>();
        PollSource source = new PollSource("outer", Duration.ofMillis(20), () -> {
            if (asked.incrementAndGet() == 1) throw new IllegalStateException("router gone");
            return Optional.of("back");
        });
        source.start(heard::add);
        try {
            assertEquals("back", heard.poll(5, TimeUnit.SECONDS).why());
        } finally {
            source.close();
        }
    }

    @Test
    void aPeriodMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new PollSource("outer", Duration.ZERO, Optional::empty));
    }
}
