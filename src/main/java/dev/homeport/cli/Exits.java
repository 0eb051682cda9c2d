package dev.homeport.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The exit codes a command can return (besides 1, which is always a bug): shown on one line in its help and in the
 * generated command reference; the whole table is only in {@code homeport --help}, the man page and docs/exit-codes.md.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Exits {
    int[] value();
}
