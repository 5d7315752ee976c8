package dev.tensorlane.samples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/** {@code --name value} and {@code --name=value} options after a command word, checked against the options it takes. */
final class Arguments {

    private final String command;
    private final Map<String, String> options = new LinkedHashMap<>();

    private Arguments(String command) {
        this.command = command;
    }

    /** Parses {@code args[1..]} for {@code args[0]}, accepting only {@code allowed} option names. */
    static Arguments parse(String[] args, List<String> allowed) {
        Arguments parsed = new Arguments(args[0]);
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException(args[0] + ": unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new UsageException(args[0] + ": --" + name + " needs a value");
                }
                value = args[++i];
            }
            if (!allowed.contains(name)) {
                throw new UsageException(args[0] + ": unknown option --" + name + "; it takes --" + String.join(", --", allowed));
            }
            parsed.options.put(name, value);
        }
        return parsed;
    }

    String string(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** An integer option no smaller than {@code min}. */
    int integer(String name, int fallback, int min) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
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
        String value = options.get(name);
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
