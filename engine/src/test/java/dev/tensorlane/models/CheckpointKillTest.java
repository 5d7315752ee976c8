package dev.tensorlane.models;

import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checkpoints survive {@code kill -9}: a child JVM ({@link CheckpointChild}) trains and saves every
 * three steps and is killed with {@code destroyForcibly()} at seeded random moments; after every
 * kill the directory must load completely, at the last save the child reported or a later one.
 * A save that cannot write leaves the previous checkpoint loadable and unchanged.
 */
class CheckpointKillTest {

    /** 30, not 50: each kill starts a JVM and loads the checkpoint (about 0.9 s on two shared cores), and the test stays near 30 s. */
    private static final int KILLS = 30;
    private static final long SEED = 99;

    @TempDir
    Path dir;

    @Test
    void everyCheckpointLoadsAfterKillMinusNine() throws Exception {
        Path checkpoint = dir.resolve("ckpt");
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> command = childCommand(checkpoint);
        long start = System.nanoTime();
        int midSave = 0;
        long lastStep = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            AtomicLong saved = new AtomicLong(-1);
            CountDownLatch firstSave = new CountDownLatch(1);
            StringBuilder output = new StringBuilder();
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader in = child.inputReader()) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("saved ")) {
                            saved.set(Long.parseLong(line.substring(6)));
                            firstSave.countDown();
                        } else if (output.length() < 10_000) {
                            output.append(line).append('\n');
                        }
                    }
                } catch (IOException | RuntimeException ignored) {
                    // the child was killed
                }
            });
            try {
                if (!firstSave.await(60, TimeUnit.SECONDS)) {
                    fail("child " + kill + " saved nothing within 60 s; its output:\n" + output);
                }
                Thread.sleep(random.nextInt(40));   // then kill it at a random moment of training and saving
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            reader.join(5_000);
            if (leftUnfinishedSave(checkpoint)) {
                midSave++;
            }
            long reported = saved.get();
            try (Sequential model = Sequential.load(checkpoint)) {
                long step = model.optimizer().iterations();
                assertTrue(step >= reported, "kill " + kill + ": the checkpoint is at step " + step
                        + " but the child had reported a completed save at step " + reported);
                assertEquals(0, step % 3, "kill " + kill + ": saves happen every 3 steps, got step " + step);
                assertTrue(step >= lastStep, "kill " + kill + ": the checkpoint went back from step " + lastStep + " to " + step);
                lastStep = step;
                for (float[] w : model.getWeights()) {
                    for (float v : w) {
                        assertTrue(Float.isFinite(v), "kill " + kill + ": a non-finite weight");
                    }
                }
            }
        }
        System.out.println("kill test: " + KILLS + " kills, every checkpoint loaded; " + midSave
                + " kills left an unfinished save behind; last step " + lastStep + "; "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /** Whether a kill interrupted a save: a temporary or pending file is left in the directory. */
    private static boolean leftUnfinishedSave(Path checkpoint) throws IOException {
        try (Stream<Path> files = Files.list(checkpoint)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("."));
        }
    }

    private static List<String> childCommand(Path checkpoint) throws Exception {
        Set<String> classPath = new LinkedHashSet<>();
        classPath.add(Path.of(Sequential.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        classPath.add(Path.of(CheckpointChild.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        classPath.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx64m", "-Xshare:auto", "-cp", String.join(File.pathSeparator, classPath),
                CheckpointChild.class.getName(), checkpoint.toString()));
        return command;
    }

    // ------------------------------------------------------------------ a directory that refuses writes

    private static Sequential model() {
        Sequential model = new Sequential().seed(11);
        model.add(new Flatten(2, 2));
        model.add(new Dense(3, "softmax"));
        model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
        return model;
    }

    @Test
    void aSaveThatCannotWriteLeavesThePreviousCheckpoint() throws Exception {
        Path checkpoint = dir.resolve("ckpt");
        try (Sequential model = model(); Tensor x = Tensor.of(new float[] {1, 2, 3, 4, -1, -2, -3, -4}, 2, 2, 2)) {
            int[] y = {0, 2};
            model.trainOnBatch(x, y);
            model.save(checkpoint);
            List<float[]> saved = model.getWeights();
            model.trainOnBatch(x, y);

            // Read-only directory. Root ignores the permission bits (tests run as root in CI), so
            // there a directory at the pending-state path takes its place: its rename fails the
            // same way, before anything of the previous checkpoint is replaced.
            Files.setPosixFilePermissions(checkpoint, PosixFilePermissions.fromString("r-xr-xr-x"));
            Path obstacle = null;
            if (Files.isWritable(checkpoint) && canCreate(checkpoint)) {
                Files.setPosixFilePermissions(checkpoint, PosixFilePermissions.fromString("rwxr-xr-x"));
                obstacle = Files.createDirectories(checkpoint.resolve(ModelFiles.PENDING_STATE).resolve("blocker"));
            }
            IOException e = assertThrows(IOException.class, () -> model.save(checkpoint));
            assertTrue(e.getMessage() != null && e.getMessage().contains(checkpoint.toString()), String.valueOf(e));
            Files.setPosixFilePermissions(checkpoint, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (obstacle != null) {
                Files.delete(obstacle);
                Files.delete(obstacle.getParent());
            }
            try (Sequential previous = Sequential.load(checkpoint)) {
                List<float[]> loaded = previous.getWeights();
                for (int i = 0; i < saved.size(); i++) {
                    assertArrayEquals(saved.get(i), loaded.get(i));
                }
                assertEquals(1, previous.optimizer().iterations());
            }

            // A checkpoint path under a regular file cannot even be created.
            Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
            assertThrows(IOException.class, () -> model.save(file.resolve("ckpt")));
        }
    }

    @Test
    void aCrashBetweenTheTwoRenamesLoadsTheNewSave() throws Exception {
        Path older = dir.resolve("older");
        Path newer = dir.resolve("newer");
        try (Sequential model = model(); Tensor x = Tensor.of(new float[] {1, 2, 3, 4, -1, -2, -3, -4}, 2, 2, 2)) {
            int[] y = {0, 2};
            model.trainOnBatch(x, y);
            model.save(older);
            model.trainOnBatch(x, y);
            model.save(newer);
            // What a kill between the weights' rename and the training state's leaves: new weights,
            // the old state, and the new state still under its pending name.
            Files.copy(newer.resolve(ModelFiles.WEIGHTS), older.resolve(ModelFiles.WEIGHTS), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(newer.resolve(ModelFiles.TRAINING_STATE), older.resolve(ModelFiles.PENDING_STATE));
            try (Sequential loaded = Sequential.load(older)) {
                assertEquals(2, loaded.optimizer().iterations());
                List<float[]> expected = model.getWeights();
                for (int i = 0; i < expected.size(); i++) {
                    assertArrayEquals(expected.get(i), loaded.getWeights().get(i));
                }
            }
            // Without the pending state the mismatch is refused, as before.
            Files.delete(older.resolve(ModelFiles.PENDING_STATE));
            assertThrows(IOException.class, () -> Sequential.load(older));
        }
    }

    private static boolean canCreate(Path directory) {
        try {
            Files.delete(Files.createTempFile(directory, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
