/** The command line: picocli commands, output formatting and the one place exit codes are decided. */
package dev.homeport.cli;
