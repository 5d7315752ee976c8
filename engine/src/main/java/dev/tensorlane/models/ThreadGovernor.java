package dev.tensorlane.models;

import java.util.Arrays;

/**
 * Decides, between the training steps of a model with more than one thread, whether its next
 * steps run on all of its threads or on one, by timing both. Results are the same bits either
 * way; only the speed differs, and on a virtual machine whose host sometimes hands the threads
 * cores far apart two threads can train slower than one (see ARCHITECTURE, Threads).
 *
 * <p>The model runs {@code interval} steps in the chosen way, then a trial of
 * {@link #TRIAL_STEPS} steps the other way ({@link #SETTLING_STEPS} more first, untimed: a switch
 * waits for the pending weight updates and refills caches), and compares the trial's step times
 * with the chosen way's last {@link #TRIAL_STEPS}, each side summed without its slowest eighth.
 * The other way must take less than {@link #MARGIN} of the chosen way's time to be chosen; then
 * the interval starts again at {@link #FIRST_INTERVAL}, and each trial that keeps the choice
 * doubles it up to {@link #MAX_INTERVAL} on all threads (4–8 s of steps at batch 32: a trial in
 * the slower way then costs about 0.2%, and the slowdown rule below notices a move apart sooner)
 * and up to {@link #MAX_INTERVAL_ONE_THREAD} on one, whose step times do not show when the host
 * moves the threads back together (0.45 s at one thread's speed; a host keeps a placement for
 * seconds to minutes).
 * A trial also comes early when two windows of {@link #TRIAL_STEPS} steps in a row take more than
 * {@link #DRIFT} times what the chosen way took at the last decision (two threads slow down at once when
 * the host moves them apart; one thread's steps do not speed up when it moves them together, so
 * that direction waits for the interval).
 */
final class ThreadGovernor {

    /** Steps timed on each side of a comparison. */
    static final int TRIAL_STEPS = 32;
    /** Steps after a switch left out of the trial's timing. */
    static final int SETTLING_STEPS = 4;
    /**
     * Steps between trials after a switch (and at the start): short, because the host's spells
     * can be short too, and a switch made in a blip would otherwise stand for a thousand steps.
     */
    static final int FIRST_INTERVAL = 256;
    /** The longest interval between trials on all threads. */
    static final int MAX_INTERVAL = 16384;
    /** The longest interval between trials on one thread. */
    static final int MAX_INTERVAL_ONE_THREAD = 1024;
    /** The other way must take less than this fraction of the chosen way's step time. */
    static final double MARGIN = 0.96;
    /**
     * The chosen way's slowdown since the last decision that, in two windows in a row, brings the
     * next trial forward (far cores slow two threads down 1.6–1.9×; a near spell's windows vary
     * by 15% often enough that 1.15 in one window tried one thread every 1,500 steps).
     */
    static final double DRIFT = 1.25;
    private static final int SLOW_WINDOWS = 2;

    private final int trialSteps;
    private final int settlingSteps;
    private final int firstInterval;
    private final int maxInterval;
    private final int maxIntervalOneThread;
    private final double margin;

    private boolean chosenSolo;
    private boolean inTrial;
    private int interval;
    private int stepsInPhase;
    /** The chosen way's last step times, a ring indexed by the steps of its phase. */
    private final long[] chosenNanos;
    private final long[] trialNanos;
    private final long[] sorted;
    /** The chosen way's trimmed sum at the last decision; 0 before the first. */
    private long decidedNanos;
    private int slowWindowsInARow;
    private long stepsSolo;
    private long switches;

    ThreadGovernor() {
        this(TRIAL_STEPS, SETTLING_STEPS, FIRST_INTERVAL, MAX_INTERVAL, MAX_INTERVAL_ONE_THREAD, MARGIN);
    }

    /** For tests: other lengths and margin (a margin above 1 lets a slower trial win). */
    ThreadGovernor(int trialSteps, int settlingSteps, int firstInterval, int maxInterval, int maxIntervalOneThread,
                   double margin) {
        if (trialSteps < 1 || settlingSteps < 0 || firstInterval < trialSteps || maxInterval < firstInterval
                || maxIntervalOneThread < firstInterval) {
            throw new IllegalArgumentException("governor: trial " + trialSteps + ", settling " + settlingSteps
                    + ", intervals " + firstInterval + "–" + maxInterval + " (one thread: " + maxIntervalOneThread + ")");
        }
        this.trialSteps = trialSteps;
        this.settlingSteps = settlingSteps;
        this.firstInterval = firstInterval;
        this.maxInterval = maxInterval;
        this.maxIntervalOneThread = maxIntervalOneThread;
        this.margin = margin;
        this.interval = firstInterval;
        this.chosenNanos = new long[trialSteps];
        this.trialNanos = new long[trialSteps];
        this.sorted = new long[trialSteps];
    }

    /** Whether the next step runs on one thread. */
    boolean nextStepSolo() {
        return inTrial != chosenSolo;
    }

    /** Records the step that just ran (the way {@link #nextStepSolo} said before it) and how long it took. */
    void afterStep(long stepNanos) {
        if (nextStepSolo()) {
            stepsSolo++;
        }
        if (inTrial) {
            afterTrialStep(stepNanos);
            return;
        }
        chosenNanos[stepsInPhase % trialSteps] = stepNanos;
        stepsInPhase++;
        // the first window after a trial holds the switch back; later ones may show a slowdown
        if (stepsInPhase % trialSteps == 0 && stepsInPhase >= 2 * trialSteps && decidedNanos > 0) {
            slowWindowsInARow = trimmedSum(chosenNanos) > DRIFT * decidedNanos ? slowWindowsInARow + 1 : 0;
        }
        if (stepsInPhase >= interval || slowWindowsInARow >= SLOW_WINDOWS) {
            inTrial = true;
            stepsInPhase = 0;
            slowWindowsInARow = 0;
        }
    }

    private void afterTrialStep(long stepNanos) {
        stepsInPhase++;
        int timed = stepsInPhase - settlingSteps - 1;
        if (timed >= 0) {
            trialNanos[timed] = stepNanos;
        }
        if (stepsInPhase < settlingSteps + trialSteps) {
            return;
        }
        long chosen = trimmedSum(chosenNanos);
        long trial = trimmedSum(trialNanos);
        if (trial < margin * chosen) {
            chosenSolo = !chosenSolo;
            switches++;
            interval = firstInterval;
            decidedNanos = trial;
        } else {
            interval = Math.min(2 * interval, chosenSolo ? maxIntervalOneThread : maxInterval);
            decidedNanos = chosen;
        }
        inTrial = false;
        stepsInPhase = 0;
    }

    /**
     * The sum of the step times without the slowest eighth: a garbage collection or the host
     * taking the core for a millisecond lands in one or two steps, and would otherwise decide a
     * comparison of steps a quarter of a millisecond long.
     */
    private long trimmedSum(long[] nanos) {
        System.arraycopy(nanos, 0, sorted, 0, nanos.length);
        Arrays.sort(sorted);
        long sum = 0;
        for (int i = 0; i < sorted.length - sorted.length / 8; i++) {
            sum += sorted[i];
        }
        return sum;
    }

    /** Steps run on one thread so far (trials included). */
    long stepsSolo() {
        return stepsSolo;
    }

    /** How many times a trial changed the choice. */
    long switches() {
        return switches;
    }
}
