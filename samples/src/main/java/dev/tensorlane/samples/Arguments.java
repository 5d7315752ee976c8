package dev.tensorlane.samples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and {@code --name=value} options after a command word, checked against the
 * options it takes; flags ({@code --stats}) take no value, list options ({@code --index 0 5 17})
 * take every value up to the next option.
 */
final class Arguments {

    private final String command;
    private final Map<String, List<String>> options = new LinkedHashMap<>();

    private Arguments(String command) {
        this.command = command;
    }

    /** Parses {@code args[1..]} for {@code args[0]}, accepting only {@code allowed} option names, each with one value. */
    static Arguments parse(String[] args, List<String> allowed) {
        return parse(args, allowed, Set.of(), Set.of());
    }

    /** As {@link #parse(String[], List)}, where {@code flags} take no value and {@code lists} one or more. */
    static Arguments parse(String[] args, List<String> allowed, Set<String> flags, Set<String> lists) {
        Arguments parsed = new Arguments(args[0]);
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException(args[0] + ": unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            List<String> values = new ArrayList<>();
            int eq = name.indexOf('=');
            if (eq >= 0) {
                values.add(name.substring(eq + 1));
                name = name.substring(0, eq);
            }
            if (!allowed.contains(name)) {
                throw new UsageException(args[0] + ": unknown option --" + name + "; it takes --" + String.join(", --", allowed));
            }
            if (flags.contains(name)) {
                if (!values.isEmpty()) {
                    throw new UsageException(args[0] + ": --" + name + " takes no value");
                }
            } else if (values.isEmpty()) {
                if (i + 1 >= args.length || (lists.contains(name) && args[i + 1].startsWith("--"))) {
                    throw new UsageException(args[0] + ": --" + name + " needs a value");
                }
                values.add(args[++i]);
                while (lists.contains(name) && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    values.add(args[++i]);
                }
            }
            parsed.options.put(name, values);
        }
        return parsed;
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    String string(String name, String fallback) {
        List<String> values = options.get(name);
        return values == null ? fallback : values.getFirst();
    }

    /** A path option, or null when absent. */
    Path path(String name) {
        String value = string(name, null);
        return value == null ? null : Path.of(value);
    }

    /** An integer option no smaller than {@code min}. */
    int integer(String name, int fallback, int min) {
        String value = string(name, null);
        return value == null ? fallback : parseInt(name, value, min);
    }

    /** Every value of a list option as integers no smaller than {@code min}; empty when absent. */
    List<Integer> integers(String name, int min) {
        return options.getOrDefault(name, List.of()).stream().map(v -> parseInt(name, v, min)).toList();
    }

    private int parseInt(String name, String value, int min) {
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be an integer, got '" + value + "'");
        }
        if (parsed < min) {
            throw new UsageException(command + ": --" + name + " must be at least " + min + ", got " + parsed);
        }
        return parsed;
    }

    long longValue(String name, long fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be an integer, got '" + value + "'");
        }
    }
}
