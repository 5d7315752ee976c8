package dev.tensorlane.models;

import dev.tensorlane.data.FashionMnist;
import dev.tensorlane.data.Idx;
import dev.tensorlane.layers.BatchNormalization;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Dropout;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.layers.Parameter;
import dev.tensorlane.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seeded fuzzing of everything that reads outside input: IDX files (images, labels, a whole
 * Fashion-MNIST directory), safetensors weights loaded into a model, model JSON, and the API's
 * arguments. Every case must end normally or in a documented exception (an {@link IOException}
 * such as IdxFormatException or SafetensorsFormatException, a JsonException, an
 * {@link IllegalArgumentException} or {@link IllegalStateException}) whose message names the
 * source; an Error, any other exception, a case running past its time limit, or a model whose
 * weights changed after a failed load counts as unexpected. Prints {@code fuzz: N cases, 0 unexpected}.
 */
class FuzzTest {

    private static final long SEED = 20261126L;
    private static final long CASE_TIMEOUT_MS = 5_000;

    @TempDir
    Path dir;

    private final List<String> unexpected = new ArrayList<>();
    private int cases;
    private int rejected;
    private ExecutorService executor = newExecutor();

    /** One case: runs, and returns normally or throws; {@code source} is what its error message must name. */
    private interface Case {
        void run() throws Exception;
    }

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
    }

    private void check(String family, String description, String source, Case c) {
        cases++;
        Future<?> future = executor.submit(() -> {
            c.run();
            return null;
        });
        try {
            future.get(CASE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            executor.shutdownNow();
            executor = newExecutor(); // a hung case keeps its thread; the next cases get a fresh one
            fail(family, description, "no result within " + CASE_TIMEOUT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable t = e.getCause();
            rejected++;
            String why = classify(t, source);
            if (why != null) {
                fail(family, description, why + ": " + t);
            }
        }
    }

    /** Null when {@code t} is a documented failure with a message naming {@code source}; otherwise why not. */
    private static String classify(Throwable t, String source) {
        if (t instanceof NumberFormatException) {
            return "NumberFormatException is not a documented failure";
        }
        if (!(t instanceof IOException || t instanceof IllegalArgumentException || t instanceof IllegalStateException)) {
            return "undocumented " + t.getClass().getName();
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return "no message";
        }
        if (source != null && !message.contains(source)) {
            return "message does not name " + source;
        }
        return null;
    }

    private void fail(String family, String description, String why) {
        if (unexpected.size() < 1_000) {
            unexpected.add(family + " [" + description + "]: " + why);
        }
    }

    @Test
    void hostileInputsEndInDocumentedExceptions() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        long start = System.nanoTime();
        try {
            idxCases(random.split(), 3_000);
            fashionMnistDirectoryCases(random.split(), 60);
            safetensorsCases(random.split(), 3_200);
            modelJsonCases(random.split(), 2_000);
            apiArgumentCases(random.split(), 1_740);
        } finally {
            executor.shutdownNow();
        }
        System.out.println("fuzz: " + cases + " cases, " + unexpected.size() + " unexpected");
        System.out.println("fuzz: " + rejected + " refused with a documented exception, " + (cases - rejected)
                + " accepted, seed " + SEED + ", " + (System.nanoTime() - start) / 1_000_000 + " ms");
        unexpected.stream().limit(30).forEach(System.out::println);
        assertEquals(10_000, cases);
        assertEquals(List.of(), unexpected.stream().limit(30).toList());
    }

    // ------------------------------------------------------------------ IDX

    private static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] randomBytes(SplittableRandom random, int n, int bound) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(bound);
        }
        return b;
    }

    private static final int[] HOSTILE_INTS = {0, 1, -1, 2, 255, 256, 65_536, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Integer.MAX_VALUE / 2, 46_341, 1 << 20, 1 << 30};

    /** A valid file (raw or gzip) mutated once: header fields, truncation, extra bytes, flips, gzip damage. */
    private byte[] mutateIdx(SplittableRandom random, boolean images) {
        int n = 1 + random.nextInt(6);
        int[] dims = images ? new int[] {n, 1 + random.nextInt(5), 1 + random.nextInt(5)} : new int[] {n};
        int size = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        byte[] raw = idx(images ? 0x803 : 0x801, dims, randomBytes(random, size, images ? 256 : 12));
        int kind = random.nextInt(10);
        switch (kind) {
            case 0 -> raw[random.nextInt(4)] = (byte) random.nextInt(256);                  // magic / type code / dims
            case 1 -> ByteBuffer.wrap(raw).putInt(4 + 4 * random.nextInt(dims.length),     // one dimension
                    HOSTILE_INTS[random.nextInt(HOSTILE_INTS.length)]);
            case 2 -> {                                                                      // every dimension
                for (int i = 0; i < dims.length; i++) {
                    ByteBuffer.wrap(raw).putInt(4 + 4 * i, HOSTILE_INTS[random.nextInt(HOSTILE_INTS.length)]);
                }
            }
            case 3 -> raw = Arrays.copyOf(raw, random.nextInt(raw.length));                 // truncation
            case 4 -> raw = Arrays.copyOf(raw, raw.length + 1 + random.nextInt(20));        // trailing bytes
            case 5 -> {
                for (int i = 0, flips = 1 + random.nextInt(4); i < flips; i++) {
                    raw[random.nextInt(raw.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            default -> {
            }
        }
        if (kind >= 6 || random.nextInt(3) == 0) {
            byte[] gz = gzip(raw);
            switch (kind) {
                case 6 -> gz = Arrays.copyOf(gz, random.nextInt(gz.length));               // truncated gzip
                case 7, 8 -> {                                                               // corrupt gzip
                    for (int i = 0, flips = 1 + random.nextInt(3); i < flips; i++) {
                        gz[2 + random.nextInt(gz.length - 2)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                default -> {
                }
            }
            return gz;
        }
        return raw;
    }

    private void idxCases(SplittableRandom random, int count) {
        for (int i = 0; i < count; i++) {
            boolean images = i % 3 != 0;
            byte[] bytes = mutateIdx(random, images);
            String name = "fuzz-" + i + (images ? "-images.idx" : "-labels.idx");
            check("idx", name, name, () -> {
                if (images) {
                    Idx.readImages(bytes, name).close();
                } else {
                    Idx.readLabels(bytes, name);
                }
            });
        }
    }

    /** Whole directories: labels outside 0..9, image and label counts that differ, mismatched image sizes. */
    private void fashionMnistDirectoryCases(SplittableRandom random, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Path d = Files.createDirectories(dir.resolve("fashion-" + i));
            int trainN = 2 + random.nextInt(4);
            int testN = 1 + random.nextInt(3);
            int rows = 2 + random.nextInt(2);
            int kind = i % 3;
            int trainLabelN = kind == 1 ? trainN + 1 + random.nextInt(2) : trainN;
            int testRows = kind == 2 && random.nextBoolean() ? rows + 1 : rows;
            byte[] trainLabels = randomBytes(random, trainLabelN, 10);
            byte[] testLabels = randomBytes(random, testN, 10);
            if (kind == 0) {
                trainLabels[random.nextInt(trainLabelN)] = (byte) (10 + random.nextInt(246));
            }
            Files.write(d.resolve("train-images-idx3-ubyte"), idx(0x803, new int[] {trainN, rows, rows}, randomBytes(random, trainN * rows * rows, 256)));
            Files.write(d.resolve("train-labels-idx1-ubyte"), idx(0x801, new int[] {trainLabelN}, trainLabels));
            Files.write(d.resolve("t10k-images-idx3-ubyte"), idx(0x803, new int[] {testN, testRows, testRows}, randomBytes(random, testN * testRows * testRows, 256)));
            Files.write(d.resolve("t10k-labels-idx1-ubyte"), idx(0x801, new int[] {testN}, testLabels));
            int validation = kind == 2 && testRows == rows ? trainN + 1 : 1;
            check("fashion-mnist", d.getFileName() + " kind " + kind, null, () -> {
                try (FashionMnist data = FashionMnist.load(d, validation)) {
                    throw new AssertionError("a malformed directory loaded: " + data);
                }
            });
        }
    }

    // ------------------------------------------------------------------ safetensors

    private record Weight(String name, int[] shape, byte[] data) {
    }

    /** A safetensors file from a header written as JSON text and a data section. */
    private static byte[] safetensors(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return safetensors(json, data, json.length);
    }

    private static byte[] safetensors(byte[] json, byte[] data, long declaredLength) {
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength).put(json).put(data);
        return b.array();
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    private static String shape(int[] s) {
        return Arrays.toString(s).replace(" ", "");
    }

    private static Sequential fuzzModel() {
        Sequential model = new Sequential().seed(7);
        model.add(new Flatten(2, 3));
        model.add(new Dense(4, "relu"));
        model.add(new BatchNormalization());
        model.add(new Dense(3, "softmax"));
        model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
        model.build();
        return model;
    }

    private void safetensorsCases(SplittableRandom random, int count) throws IOException {
        try (Sequential model = fuzzModel()) {
            List<float[]> before = model.getWeights();
            List<Weight> weights = new ArrayList<>();
            for (Parameter p : model.weights()) {
                byte[] data = new byte[(int) p.size() * 4];
                for (int j = 0; j < data.length; j++) {
                    data[j] = (byte) random.nextInt(256);
                }
                weights.add(new Weight(p.name(), p.shape(), data));
            }
            for (int i = 0; i < count; i++) {
                String name = "fuzz-" + i + ".safetensors";
                byte[] bytes = hostileSafetensors(random, weights, i % 25);
                String description = name + " kind " + (i % 25);
                boolean valid = i % 25 == 0;
                check("safetensors", description, name, () -> {
                    try {
                        model.loadWeights(bytes, name);
                        if (valid && !sameWeights(model.getWeights(), expectedWeights(weights))) {
                            throw new AssertionError("a valid file loaded other values");
                        }
                    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
                        if (valid) {
                            throw new AssertionError("a valid file was refused", e);
                        }
                        if (!sameWeights(before, model.getWeights())) {
                            throw new AssertionError("weights changed by a failed load (" + e + ")");
                        }
                        throw e;
                    }
                    model.setWeights(before); // a mutation that kept the file valid (a data byte): back to the reference
                });
            }
        }
    }

    private static List<float[]> expectedWeights(List<Weight> weights) {
        List<float[]> out = new ArrayList<>();
        for (Weight w : weights) {
            float[] f = new float[w.data().length / 4];
            ByteBuffer.wrap(w.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
            out.add(f);
        }
        return out;
    }

    private static boolean sameWeights(List<float[]> a, List<float[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] hostileSafetensors(SplittableRandom random, List<Weight> weights, int kind) {
        List<Weight> ws = new ArrayList<>(weights);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long offset = 0;
        int victim = random.nextInt(ws.size());
        if (kind == 14) {
            ws.remove(victim);                                                   // a name the model misses
            victim = 0;
        }
        for (int j = 0; j < ws.size(); j++) {
            Weight w = ws.get(j);
            String name = w.name();
            String dtype = "F32";
            String shape = shape(w.shape());
            long begin = offset;
            long end = offset + w.data().length;
            if (j == victim) {
                switch (kind) {
                    case 7 -> begin = Math.max(0, begin - 4);                        // overlap (or a size mismatch)
                    case 9 -> end += 4_096;                                            // past the buffer
                    case 11 -> dtype = new String[] {"F16", "I32", "F64", "BF16", "U8", "XX", "f32"}[random.nextInt(7)];
                    case 12 -> shape = shape(new int[] {w.shape()[0] + 1 + random.nextInt(3)});
                    case 13 -> name = name + "_extra";                                // a name the model lacks
                    case 15 -> name = name + "\\u00e9";                               // still valid JSON: a name the model lacks
                    case 18 -> shape = "[2147483647,2147483647,2147483647,2147483647]";
                    case 19 -> begin = -8;
                    case 20 -> shape = "[-1," + w.shape().length + "]";
                    case 21 -> shape = "[1.5]";
                    default -> {
                    }
                }
            }
            header.append(',').append(entry(name, dtype, shape, begin, end));
            data.writeBytes(w.data());
            offset += w.data().length;
        }
        if (kind == 6) {                                                           // duplicate name
            Weight w = ws.get(victim);
            header.append(',').append(entry(w.name(), "F32", shape(w.shape()), 0, w.data().length));
        }
        if (kind == 8 && ws.size() > 1) {                                          // out of order: two entries' offsets swapped
            Weight a = ws.get(0);
            Weight b = ws.get(1);
            String h = header.toString();
            h = h.replace(entry(a.name(), "F32", shape(a.shape()), 0, a.data().length),
                    entry(a.name(), "F32", shape(a.shape()), b.data().length, b.data().length + a.data().length));
            h = h.replace(entry(b.name(), "F32", shape(b.shape()), a.data().length, a.data().length + b.data().length),
                    entry(b.name(), "F32", shape(b.shape()), 0, b.data().length));
            header = new StringBuilder(h);
        }
        if (kind == 17) {
            header = new StringBuilder(header.toString().replace("{\"format\":\"pt\"}",
                    new String[] {"7", "[]", "{\"a\":1}", "{\"a\":{\"b\":\"c\"}}", "null"}[random.nextInt(5)]));
        }
        header.append('}');
        byte[] body = data.toByteArray();
        switch (kind) {
            case 1 -> {                                                            // header length hostile
                long[] lengths = {0, 1, 2, 7, Long.MAX_VALUE, -1, Long.MIN_VALUE, 100_000_001L, 1L << 40,
                        header.length() + body.length + 1L, header.length() - 1L, header.length() + 1L};
                byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
                return safetensors(json, body, lengths[random.nextInt(lengths.length)]);
            }
            case 2 -> {                                                            // truncated anywhere
                byte[] full = safetensors(header.toString(), body);
                return Arrays.copyOf(full, random.nextInt(full.length));
            }
            case 3, 4 -> {                                                         // bit flips in the header
                byte[] full = safetensors(header.toString(), body);
                for (int f = 0, flips = 1 + random.nextInt(4); f < flips; f++) {
                    int at = kind == 3 ? 8 + random.nextInt(header.length()) : random.nextInt(full.length);
                    full[at] ^= (byte) (1 << random.nextInt(8));
                }
                return full;
            }
            case 5 -> {                                                            // deeply nested JSON
                int depth = 500 + random.nextInt(200_000);
                String nested = "{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
                return safetensors(nested, new byte[0]);
            }
            case 10 -> {                                                           // not covering the buffer
                return safetensors(header.toString(), Arrays.copyOf(body, body.length + 4 * (1 + random.nextInt(4))));
            }
            case 16 -> {                                                           // not JSON, not UTF-8
                byte[] junk = randomBytes(random, 1 + random.nextInt(200), 256);
                junk[0] = '{';
                return safetensors(junk, body, junk.length);
            }
            case 22 -> {                                                           // invalid UTF-8 inside a name
                byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
                int quote = header.indexOf("\"", header.indexOf("}") + 2);
                json[quote + 1] = (byte) (0x80 + random.nextInt(0x40));
                return safetensors(json, body, json.length);
            }
            case 23 -> {                                                           // a huge header of spaces beyond the file
                return safetensors(header.toString(), new byte[0]);
            }
            default -> {
                return safetensors(header.toString(), body);
            }
        }
    }

    // ------------------------------------------------------------------ model JSON

    private static final Object[] HOSTILE_VALUES = {0, -1, -5, 2147483648L, 1.5, -0.5, 1, 1.0, 2, 1e308, -1e-3,
            "\"10\"", "null", "true", "[]", "{}", "[10]", "\"relu\"", "\"nonsense\"", "-0.0", "0.999", "1e-300", "9007199254740993"};

    private static final String[] LAYER_TEMPLATES = {
            "{\"class_name\":\"Dense\",\"config\":{\"name\":\"dense\",\"units\":UNITS,\"activation\":\"relu\"}}",
            "{\"class_name\":\"Dropout\",\"config\":{\"name\":\"dropout\",\"rate\":RATE}}",
            "{\"class_name\":\"AlphaDropout\",\"config\":{\"name\":\"alpha_dropout\",\"rate\":RATE}}",
            "{\"class_name\":\"BatchNormalization\",\"config\":{\"name\":\"bn\",\"momentum\":0.99,\"epsilon\":EPS}}",
            "{\"class_name\":\"Activation\",\"config\":{\"name\":\"act\",\"activation\":\"selu\"}}",
            "{\"class_name\":\"LeakyReLU\",\"config\":{\"name\":\"leaky\",\"alpha\":0.3}}",
            "{\"class_name\":\"ELU\",\"config\":{\"name\":\"elu\",\"alpha\":1.0}}",
            "{\"class_name\":\"RReLU\",\"config\":{\"name\":\"rrelu\",\"lower\":0.125,\"upper\":0.333}}",
            "{\"class_name\":\"Softmax\",\"config\":{\"name\":\"softmax\",\"axis\":-1}}",
    };

    private static String validModelJson(SplittableRandom random, List<String> layers) {
        layers.add("{\"class_name\":\"Flatten\",\"config\":{\"name\":\"flatten\",\"batch_input_shape\":[null,2,3]}}");
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            layers.add(LAYER_TEMPLATES[random.nextInt(LAYER_TEMPLATES.length)].replace("\"name\":\"", "\"name\":\"l" + i + "_")
                    .replace("UNITS", "4").replace("RATE", "0.2").replace("EPS", "0.001"));
        }
        layers.add("{\"class_name\":\"Dense\",\"config\":{\"name\":\"out\",\"units\":3,\"activation\":\"softmax\"}}");
        return json(layers);
    }

    private static String json(List<String> layers) {
        return "{\"class_name\":\"Sequential\",\"config\":{\"name\":\"fuzz\",\"layers\":[" + String.join(",", layers) + "]}}";
    }

    private void modelJsonCases(SplittableRandom random, int count) {
        for (int i = 0; i < count; i++) {
            List<String> layers = new ArrayList<>();
            String valid = validModelJson(random, layers);
            String text = switch (i % 10) {
                case 0 -> {                                                        // a hostile value for units, rate or epsilon
                    String t = LAYER_TEMPLATES[random.nextInt(4)];
                    String v = String.valueOf(HOSTILE_VALUES[random.nextInt(HOSTILE_VALUES.length)]);
                    layers.add(1, t.replace("UNITS", v).replace("RATE", v).replace("EPS", v));
                    yield json(layers);
                }
                case 1 -> {                                                        // unknown class name
                    layers.add(1, "{\"class_name\":\"" + new String[] {"Conv2D", "dense", "", "Sequential", "Flatten\\u0000"}[random.nextInt(5)]
                            + "\",\"config\":{\"name\":\"x\"}}");
                    yield json(layers);
                }
                case 2 -> {                                                        // a field removed
                    String l = layers.get(1 + random.nextInt(layers.size() - 1));
                    String field = new String[] {"\"units\":", "\"rate\":", "\"activation\":", "\"config\":", "\"class_name\":"}[random.nextInt(5)];
                    yield valid.replace(l, l.replaceAll(field.replace("\"", "\\\"") + "(\"[^\"]*\"|[^,}]*),?", ""));
                }
                case 3 -> valid.replace("[null,2,3]", new String[] {"[null]", "[2,3]", "[null,-1,3]", "[null,0,3]", "null", "[null,\"2\",3]",
                        "[null,2147483647,2147483647]", "[null,2.5,3]", "{}"}[random.nextInt(9)]);
                case 4 -> {                                                        // bytes flipped
                    byte[] b = valid.getBytes(StandardCharsets.UTF_8);
                    for (int f = 0, flips = 1 + random.nextInt(3); f < flips; f++) {
                        b[random.nextInt(b.length)] = (byte) random.nextInt(128);
                    }
                    yield new String(b, StandardCharsets.UTF_8);
                }
                case 5 -> valid.substring(0, random.nextInt(valid.length()));     // truncated
                case 6 -> {                                                        // deep nesting in a config
                    int depth = 100 + random.nextInt(100_000);
                    yield valid.replace("\"name\":\"fuzz\"", "\"name\":\"fuzz\",\"deep\":" + "[".repeat(depth) + "]".repeat(depth));
                }
                case 7 -> valid.replace("\"activation\":\"relu\"", "\"activation\":" + new String[] {"\"relu6x\"", "7", "null", "[\"relu\"]"}[random.nextInt(4)])
                        .replace("\"activation\":\"softmax\"", "\"activation\":\"" + new String[] {"softmax", "nope", ""}[random.nextInt(3)] + "\"");
                case 8 -> valid.replace("\"units\":3", "\"units\":" + HOSTILE_VALUES[random.nextInt(HOSTILE_VALUES.length)]);
                default -> valid.replace("\"class_name\":\"Sequential\"", "\"class_name\":" + new String[] {"\"Functional\"", "1", "null", "\"Sequential\""}[random.nextInt(4)])
                        .replace("\"layers\":[", random.nextInt(4) == 0 ? "\"layers\":[]],\"x\":[" : "\"layers\":[");
            };
            check("model-json", "case " + i + " kind " + (i % 10), "model JSON", () -> {
                try (Sequential model = Sequential.fromJson(text)) {
                    if (model.weights().isEmpty() && model.layers().stream().mapToLong(l -> (long) l.outputSize()).max().orElse(0) < 1_000_000) {
                        model.build();
                    }
                }
            });
        }
    }

    // ------------------------------------------------------------------ API arguments

    private void apiArgumentCases(SplittableRandom random, int count) {
        try (Sequential model = fuzzModel()) {
            for (int i = 0; i < count; i++) {
                int kind = i % 12;
                long caseSeed = random.nextLong();
                check("api", "case " + i + " kind " + kind, null, () -> apiCase(model, kind, new SplittableRandom(caseSeed)));
            }
        }
    }

    private static void apiCase(Sequential model, int kind, SplittableRandom random) throws IOException {
        int n = random.nextInt(5);
        int[][] badShapes = {{n, 3, 2}, {n, 6}, {n, 2, 3, 1}, {n}, {}, {n, 2, 4}, {n, 1, 3}};
        float[] values = new float[n * 6];
        for (int j = 0; j < values.length; j++) {
            values[j] = (float) random.nextGaussian();
        }
        int[] labels = new int[n];
        for (int j = 0; j < n; j++) {
            labels[j] = random.nextInt(3);
        }
        switch (kind) {
            case 0, 1, 2 -> {                                                      // shapes that do not fit
                int[] s = badShapes[random.nextInt(badShapes.length)];
                long size = 1;
                for (int d : s) {
                    size *= d;
                }
                try (Tensor x = Tensor.zeros(s)) {
                    switch (kind) {
                        case 0 -> model.fit(x, Arrays.copyOf(labels, s.length == 0 ? 1 : s[0]), FitOptions.epochs(1).verbose(0));
                        case 1 -> model.evaluate(x, Arrays.copyOf(labels, s.length == 0 ? 1 : s[0]));
                        default -> model.predict(x).close();
                    }
                }
                throw new AssertionError("accepted shape " + Arrays.toString(s) + " (" + size + " values)");
            }
            case 3, 4, 5 -> {                                                      // NaN or infinite inputs
                if (n == 0) {
                    values = new float[6];
                    labels = new int[1];
                }
                float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7fc00001)};
                values[random.nextInt(values.length)] = specials[random.nextInt(specials.length)];
                try (Tensor x = Tensor.of(values, labels.length, 2, 3)) {
                    switch (kind) {
                        case 3 -> model.fit(x, labels, FitOptions.epochs(1).verbose(0));
                        case 4 -> model.evaluate(x, labels);
                        default -> model.predict(x).close();
                    }
                }
                throw new AssertionError("accepted a non-finite input");
            }
            case 6 -> {                                                            // batch size <= 0, epochs < 0
                try (Tensor x = Tensor.of(values, n, 2, 3)) {
                    if (random.nextBoolean()) {
                        model.fit(x, labels, FitOptions.epochs(1).batchSize(-random.nextInt(3)).verbose(0));
                    } else {
                        model.fit(x, labels, FitOptions.epochs(-1 - random.nextInt(10)).verbose(0));
                    }
                }
                throw new AssertionError("accepted a batch size <= 0 or epochs < 0");
            }
            case 7 -> {                                                            // labels out of range or of the wrong count
                if (n > 0 && random.nextBoolean()) {
                    labels[random.nextInt(n)] = random.nextBoolean() ? -1 - random.nextInt(5) : 3 + random.nextInt(100);
                } else {
                    labels = Arrays.copyOf(labels, n + 1 + random.nextInt(3));
                }
                try (Tensor x = Tensor.of(values, n, 2, 3)) {
                    if (random.nextBoolean()) {
                        model.evaluate(x, labels);
                    } else {
                        model.fit(x, labels, FitOptions.epochs(1).verbose(0));
                    }
                }
                throw new AssertionError("accepted bad labels");
            }
            case 8 -> {                                                            // a layer that does not fit at add
                try (Sequential m = new Sequential()) {
                    switch (random.nextInt(4)) {
                        case 0 -> m.add(new Dense(4));                             // first layer without an input shape
                        case 1 -> {
                            m.add(new Flatten(2, 3));
                            m.add(new Flatten(-1 - random.nextInt(3), 2));
                        }
                        case 2 -> m.add(new Dense(-random.nextInt(3), "relu"));
                        default -> {
                            m.add(new Flatten(2, 3));
                            m.add(new Dropout(1 + random.nextDouble()));
                        }
                    }
                }
                throw new AssertionError("add accepted a layer that does not fit");
            }
            case 9 -> {                                                            // closed inputs
                Tensor x = Tensor.of(values, n, 2, 3);
                x.close();
                model.predict(x).close();
                throw new AssertionError("predict accepted a closed tensor");
            }
            case 10 -> {                                                           // null arguments
                try (Tensor x = Tensor.of(values, n, 2, 3)) {
                    if (random.nextBoolean()) {
                        model.evaluate(x, (int[]) null);   // the cast picks the int-label overload (evaluate(Tensor, Tensor) exists too)
                    } else {
                        model.predict(null);
                    }
                }
                throw new AssertionError("accepted null");
            }
            default -> {                                                           // valid calls: must simply work
                try (Tensor x = Tensor.of(values, n, 2, 3)) {
                    model.predict(x).close();
                    if (n > 0) {
                        model.evaluate(x, labels);
                    }
                }
            }
        }
    }
}
