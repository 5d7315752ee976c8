package dev.tensorlane.models;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The governor's schedule and decisions, fed step times by hand (2 trial steps, 1 settling, intervals 4–8). */
class ThreadGovernorTest {

    private static ThreadGovernor governor() {
        return new ThreadGovernor(2, 1, 4, 8, 8, 0.96);
    }

    /** Feeds {@code count} steps of {@code nanos} each, whichever way they run. */
    private static void steps(ThreadGovernor governor, int count, long nanos) {
        for (int i = 0; i < count; i++) {
            governor.afterStep(nanos);
        }
    }

    /** Feeds one step of {@code nanos} and returns whether that step ran on one thread. */
    private static boolean step(ThreadGovernor governor, long nanos) {
        boolean solo = governor.nextStepSolo();
        governor.afterStep(nanos);
        return solo;
    }

    @Test
    void startsOnAllThreadsAndTriesOneThreadAfterTheInterval() {
        ThreadGovernor governor = governor();
        for (int i = 0; i < 4; i++) {
            assertFalse(step(governor, 100), "step " + i);
        }
        for (int i = 0; i < 3; i++) { // one settling step and two timed ones
            assertTrue(step(governor, 200), "trial step " + i);
        }
        assertFalse(governor.nextStepSolo(), "the slower trial lost");
        assertEquals(3, governor.stepsSolo());
        assertEquals(0, governor.switches());
    }

    @Test
    void aTrialFasterByTheMarginSwitchesAndTheNextTrialComesAfterTheFirstInterval() {
        ThreadGovernor governor = governor();
        steps(governor, 4, 100);
        steps(governor, 3, 95); // 0.95 of the chosen way's time: below the 0.96 margin
        assertEquals(1, governor.switches());
        for (int i = 0; i < 4; i++) {
            assertTrue(step(governor, 95), "now one thread is chosen, step " + i);
        }
        assertFalse(step(governor, 100), "then a trial on all threads");
    }

    @Test
    void aTrialInsideTheMarginKeepsTheChoiceAndDoublesTheInterval() {
        ThreadGovernor governor = governor();
        steps(governor, 4, 100);
        steps(governor, 3, 97);
        assertEquals(0, governor.switches());
        for (int i = 0; i < 8; i++) {
            assertFalse(step(governor, 100), "interval of 8 now, step " + i);
        }
        assertTrue(step(governor, 100), "the next trial");
    }

    @Test
    void onlyTheIntervalsLastStepsAndTheTrialsStepsAfterSettlingAreTimed() {
        ThreadGovernor governor = governor();
        step(governor, 1); // early steps (a JIT warm-up, say) are left out...
        step(governor, 1);
        step(governor, 100);
        step(governor, 100);
        step(governor, 1_000_000); // ...and so is the trial's settling step
        step(governor, 90);
        step(governor, 90);
        assertEquals(1, governor.switches(), "180 against 200: faster by more than the margin");
        assertTrue(governor.nextStepSolo());
    }

    /** 16 steps at 100, then a losing trial at 200 per step: the chosen way's decided pace is 200 per window. */
    private static ThreadGovernor decidedAt200() {
        ThreadGovernor governor = new ThreadGovernor(2, 1, 16, 64, 64, 0.96);
        steps(governor, 16, 100);
        steps(governor, 3, 200);
        assertEquals(0, governor.switches());
        return governor;
    }

    @Test
    void twoSlowWindowsInARowBringTheNextTrialForward() {
        ThreadGovernor governor = decidedAt200();
        step(governor, 100);
        step(governor, 100);
        assertFalse(step(governor, 100));
        assertFalse(step(governor, 103)); // 203 < 1.25 × 200
        assertFalse(step(governor, 300));
        assertFalse(step(governor, 300)); // 600 > 250, once
        assertFalse(step(governor, 100));
        assertFalse(step(governor, 100)); // back to 200: one slow window is not enough
        assertFalse(step(governor, 130));
        assertFalse(step(governor, 130)); // 260 > 250
        assertFalse(step(governor, 130));
        assertFalse(governor.nextStepSolo(), "11 steps of an interval of 32");
        assertFalse(step(governor, 130)); // twice in a row
        assertTrue(governor.nextStepSolo(), "the trial comes now");
    }

    @Test
    void theFirstWindowAfterATrialIsNotReadAsASlowdown() {
        ThreadGovernor governor = decidedAt200();
        for (int i = 0; i < 4; i++) {
            assertFalse(step(governor, 500), "step " + i); // the switch back (awaited jobs, cold caches), then one slow window
        }
        assertFalse(governor.nextStepSolo(), "one slow window after the first: no trial yet");
        step(governor, 500);
        step(governor, 500);
        assertTrue(governor.nextStepSolo(), "two slow windows after the first");
    }

    @Test
    void onOneThreadTheIntervalGrowsToItsOwnLongest() {
        ThreadGovernor governor = new ThreadGovernor(2, 0, 2, 16, 4, 0.96);
        step(governor, 100);
        step(governor, 100);
        step(governor, 90);
        step(governor, 90); // one thread wins
        int trials = 0;
        int sinceTrial = 0;
        int longest = 0;
        for (int i = 0; i < 200; i++) {
            boolean solo = step(governor, governor.nextStepSolo() ? 90 : 100);
            if (!solo) {
                trials++;
                longest = Math.max(longest, sinceTrial);
                sinceTrial = 0;
            } else {
                sinceTrial++;
            }
        }
        assertEquals(1, governor.switches());
        assertEquals(4, longest, "one-thread runs between trials: 2, then 4 (on all threads it could grow to 16)");
        assertTrue(trials > 40, "trials on all threads: " + trials);
    }

    @Test
    void theSlowestEighthOfEachSideIsLeftOut() {
        ThreadGovernor governor = new ThreadGovernor(8, 0, 8, 16, 16, 0.96);
        for (int i = 0; i < 8; i++) {
            step(governor, i == 3 ? 1_000_000 : 100); // one hiccup among the chosen way's steps
        }
        steps(governor, 8, 99);
        assertEquals(0, governor.switches(), "7 × 99 against 7 × 100: no switch, the hiccup left out");
        steps(governor, 16, 100);
        for (int i = 0; i < 8; i++) {
            step(governor, i == 5 ? 1_000_000 : 90);
        }
        assertEquals(1, governor.switches(), "7 × 90 against 7 × 100, the trial's hiccup left out");
    }

    @Test
    void rejectsSchedulesThatCannotRun() {
        assertThrows(IllegalArgumentException.class, () -> new ThreadGovernor(0, 1, 4, 8, 8, 0.96));
        assertThrows(IllegalArgumentException.class, () -> new ThreadGovernor(2, -1, 4, 8, 8, 0.96));
        assertThrows(IllegalArgumentException.class, () -> new ThreadGovernor(8, 1, 4, 8, 8, 0.96));
        assertThrows(IllegalArgumentException.class, () -> new ThreadGovernor(2, 1, 8, 4, 8, 0.96));
        assertThrows(IllegalArgumentException.class, () -> new ThreadGovernor(2, 1, 8, 8, 4, 0.96));
    }
}
