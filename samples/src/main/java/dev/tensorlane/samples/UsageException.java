package dev.tensorlane.samples;

/** A command line the CLI cannot run; its message says what was wrong and what is accepted. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
