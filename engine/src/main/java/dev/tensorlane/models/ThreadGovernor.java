package dev.tensorlane.models;

/**
 * Decides, between the training steps of a model with more than one thread, whether its next
 * steps run on all of its threads or on one, by timing both. Results are the same bits either
 * way; only the speed differs, and on a virtual machine whose host sometimes hands the threads
 * cores far apart two threads can train slower than one (see ARCHITECTURE, Threads).
 *
 * <p>The model runs {@code interval} steps in the chosen way, then a trial of
 * {@link #TRIAL_STEPS} steps the other way ({@link #SETTLING_STEPS} more first, untimed: a switch
 * waits for the pending weight updates and refills caches), and compares the trial's mean step
 * time with the chosen way's last {@link #TRIAL_STEPS} steps. The other way must be
 * {@link #MARGIN} faster to be chosen; then the interval starts again at
 * {@link #FIRST_INTERVAL}, and each trial that keeps the choice doubles it up to
 * {@link #MAX_INTERVAL}: 1–2 s of steps at batch 32, while a host keeps a placement for seconds
 * to minutes, so a trial in the slower way costs about half a percent.
 */
final class ThreadGovernor {

    /** Steps timed on each side of a comparison. */
    static final int TRIAL_STEPS = 32;
    /** Steps after a switch left out of the trial's timing. */
    static final int SETTLING_STEPS = 4;
    /** Steps between trials after a switch (and at the start). */
    static final int FIRST_INTERVAL = 1024;
    /** The longest interval between trials. */
    static final int MAX_INTERVAL = 4096;
    /** The other way must take less than this fraction of the chosen way's step time. */
    static final double MARGIN = 0.96;

    private final int trialSteps;
    private final int settlingSteps;
    private final int firstInterval;
    private final int maxInterval;
    private final double margin;

    private boolean chosenSolo;
    private boolean inTrial;
    private int interval;
    private int stepsInPhase;
    private long chosenNanos;
    private long trialNanos;
    private long stepsSolo;
    private long switches;

    ThreadGovernor() {
        this(TRIAL_STEPS, SETTLING_STEPS, FIRST_INTERVAL, MAX_INTERVAL, MARGIN);
    }

    /** For tests: other lengths and margin (a margin above 1 lets a slower trial win). */
    ThreadGovernor(int trialSteps, int settlingSteps, int firstInterval, int maxInterval, double margin) {
        if (trialSteps < 1 || settlingSteps < 0 || firstInterval < trialSteps || maxInterval < firstInterval) {
            throw new IllegalArgumentException("governor: trial " + trialSteps + ", settling " + settlingSteps
                    + ", intervals " + firstInterval + "–" + maxInterval);
        }
        this.trialSteps = trialSteps;
        this.settlingSteps = settlingSteps;
        this.firstInterval = firstInterval;
        this.maxInterval = maxInterval;
        this.margin = margin;
        this.interval = firstInterval;
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
        stepsInPhase++;
        if (!inTrial) {
            if (stepsInPhase > interval - trialSteps) {
                chosenNanos += stepNanos;
            }
            if (stepsInPhase == interval) {
                inTrial = true;
                stepsInPhase = 0;
                trialNanos = 0;
            }
            return;
        }
        if (stepsInPhase > settlingSteps) {
            trialNanos += stepNanos;
        }
        if (stepsInPhase == settlingSteps + trialSteps) {
            boolean otherWins = trialNanos < margin * chosenNanos;
            if (otherWins) {
                chosenSolo = !chosenSolo;
                switches++;
                interval = firstInterval;
            } else {
                interval = Math.min(2 * interval, maxInterval);
            }
            inTrial = false;
            stepsInPhase = 0;
            chosenNanos = 0;
        }
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
