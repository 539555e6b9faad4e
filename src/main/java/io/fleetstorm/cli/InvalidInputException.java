package io.fleetstorm.cli;

/** Bad user input detected by a command: printed as is, exit code 2, no stack trace. */
final class InvalidInputException extends RuntimeException {

    InvalidInputException(String message) {
        super(message);
    }
}
