package dev.homeport.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/** The loop's decisions, on a fake clock: events arrive at scripted times and reconciles take scripted time. */
class WatcherTest {
    private static final long MS = 1_000_000L;
    private final FakeMailbox mailbox = new FakeMailbox();
    private final FakeWork work = new FakeWork(mailbox);

    private void run() {
        new Watcher(work, mailbox, Watcher.Timing.of(Duration.ofSeconds(60))).run();
    }

    private static Trigger trigger(String why) {
        return new Trigger("ssdp", why, Optional.empty());
    }

    @Test
    void reconcilesAtStartThenOnceEveryIntervalAndNothingElseWhenIdle() {
        mailbox.at(185_000, new Event.Stop());
        run();
        assertEquals(List.of("0 START", "60000 PERIODIC", "120000 PERIODIC", "180000 PERIODIC"), work.runs());
    }

    @Test
    void aBurstOfAnnouncementsMakesOneReconcileSoonAfterItAndRestartsTheInterval() {
        for (int i = 0; i < 26; i++) mailbox.at(10_000 + i, trigger("the router restarted (BOOTID.UPNP.ORG 1 -> 2)"));
        mailbox.at(10_100, trigger("the router announced its public address 11.9.0.2 (NAT-PMP)"));
        mailbox.at(75_000, new Event.Stop());
        run();
        assertEquals(List.of("0 START", "10400 ANNOUNCED", "70400 PERIODIC"), work.runs());
        assertEquals("the router restarted (BOOTID.UPNP.ORG 1 -> 2) (+26 more)", work.reasons.get(1).text());
    }

    @Test
    void anAnnouncementRightAfterAReconcileWaitsOneSecondFromItsEnd() {
        work.took = 2_000;
        mailbox.at(2_100, trigger("x"));
        mailbox.at(20_000, new Event.Stop());
        run();
        assertEquals(List.of("0 START", "3000 ANNOUNCED"), work.runs());
    }

    @Test
    void aFloodOfAnnouncementsIsServedWithinTheSettleCapAndCostsAtMostOneReconcileASecond() {
        for (long t = 10_000; t < 20_000; t += 200) mailbox.at(t, trigger("spoofed"));
        mailbox.at(30_000, new Event.Stop());
        run();
        List<String> runs = work.runs();
        assertEquals("11000 ANNOUNCED", runs.get(1), runs::toString);
        assertTrue(runs.size() <= 2 + 10, "at most one per second: " + runs);
    }

    @Test
    void theAnnouncedLocationReachesTheReconcile() {
        mailbox.at(5_000, new Trigger("ssdp", "moved", Optional.of("http://192.0.2.1:5001/rootDesc.xml")));
        mailbox.at(6_000, new Event.Stop());
        run();
        assertEquals(Optional.of("http://192.0.2.1:5001/rootDesc.xml"), work.reasons.get(1).location());
    }

    @Test
    void afterAFailureItRetriesIn5Then10Then20SecondsAndBackToTheIntervalOnceItWorks() {
        work.outcomes.addAll(List.of(Watcher.Outcome.FAILED, Watcher.Outcome.FAILED, Watcher.Outcome.FAILED,
                Watcher.Outcome.DONE));
        mailbox.at(100_000, new Event.Stop());
        run();
        assertEquals(List.of("0 START", "5000 RETRY", "15000 RETRY", "35000 RETRY", "95000 PERIODIC"), work.runs());
    }

    @Test
    void stopEndsTheLoopAfterTheCurrentReconcileAndDuringASettleWithoutReconciling() {
        work.took = 1_000;
        work.postDuringNextRun = Optional.of(new Event.Stop());
        mailbox.at(500, trigger("x"));
        run();
        assertEquals(List.of("0 START"), work.runs(), "the stop posted during the start reconcile wins over the trigger");

        FakeMailbox box = new FakeMailbox();
        FakeWork other = new FakeWork(box);
        box.at(5_000, trigger("x"));
        box.at(5_100, new Event.Stop());
        new Watcher(other, box, Watcher.Timing.of(Duration.ofSeconds(60))).run();
        assertEquals(List.of("0 START"), other.runs());
    }

    @Test
    void sighupReloadsAndReconcilesOnlyWhenTheNewConfigTookEffect() {
        work.reloads.addAll(List.of(false, true));
        mailbox.at(1_000, new Event.Reload());
        mailbox.at(2_000, new Event.Reload());
        mailbox.at(3_000, new Event.Stop());
        run();
        assertEquals(List.of("0 START", "2000 CONFIG"), work.runs());
        assertEquals(List.of(true, true), work.forced);
    }

    @Test
    void theConfigFileIsLookedAtEveryFiveSecondsAndAChangeReconcilesAtOnce() {
        work.reloads.addAll(List.of(false, false, true));
        mailbox.at(16_000, new Event.Stop());
        run();
        assertEquals(List.of(false, false, false), work.forced.subList(0, 3));
        assertEquals(List.of("0 START", "15000 CONFIG"), work.runs());
    }

    /** Events at scripted times; time moves only when the loop waits or a reconcile takes time. */
    static final class FakeMailbox implements Mailbox {
        private final PriorityQueue<Object[]> scripted = new PriorityQueue<>(Comparator.comparingLong(o -> (Long) o[0]));
        private final Deque<Event> posted = new ArrayDeque<>();
        private long seq;
        long now;

        void at(long millis, Event e) {
            scripted.add(new Object[] {millis * MS + seq++ % 1000, e});
        }

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public Optional<Event> poll(long timeoutNanos) {
            if (!posted.isEmpty()) return Optional.of(posted.poll());
            Object[] next = scripted.peek();
            if (next != null && (Long) next[0] <= now + Math.max(0, timeoutNanos)) {
                scripted.poll();
                now = Math.max(now, (Long) next[0]);
                return Optional.of((Event) next[1]);
            }
            now += Math.max(0, timeoutNanos);
            if (scripted.isEmpty() && posted.isEmpty() && now > 1_000_000 * MS) throw new AssertionError("no Stop scripted");
            return Optional.empty();
        }

        @Override
        public void post(Event e) {
            posted.add(e);
        }
    }

    static final class FakeWork implements Watcher.Work {
        private final FakeMailbox box;
        final List<Long> times = new ArrayList<>();
        final List<Watcher.Reason> reasons = new ArrayList<>();
        final Deque<Watcher.Outcome> outcomes = new ArrayDeque<>();
        final Deque<Boolean> reloads = new ArrayDeque<>();
        final List<Boolean> forced = new ArrayList<>();
        long took;
        Optional<Event> postDuringNextRun = Optional.empty();

        FakeWork(FakeMailbox box) {
            this.box = box;
        }

        @Override
        public Watcher.Outcome reconcile(Watcher.Reason reason) {
            times.add(box.now / MS);
            reasons.add(reason);
            box.now += took * MS;
            postDuringNextRun.ifPresent(box::post);
            postDuringNextRun = Optional.empty();
            return outcomes.isEmpty() ? Watcher.Outcome.DONE : outcomes.poll();
        }

        @Override
        public boolean reload(boolean force) {
            forced.add(force);
            return !reloads.isEmpty() && reloads.poll();
        }

        List<String> runs() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < times.size(); i++) out.add(times.get(i) + " " + reasons.get(i).kind());
            return out;
        }
    }
}
